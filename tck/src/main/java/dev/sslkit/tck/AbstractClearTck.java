package dev.sslkit.tck;

import dev.sslkit.Bio;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.SslSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** SSL_clear: requirements C1–C5. */
public abstract class AbstractClearTck extends AbstractTck {

    /** C1: clear keeps settings, role and BIOs, and the object can handshake again. */
    @Test
    void c1_clearKeepsSettingsAndBios() throws Exception {
        SslContext sctx = serverContext();
        SslContext cctx = clientContext();
        Conn c = connect(cctx, sctx);
        c.client.set(Setting.VERIFY_DEPTH, 4);
        handshake(c.client, c.server);
        shutdownBoth(c.client, c.server);
        Bio r = c.client.rbio();
        c.client.clear();
        assertTrue(c.client.inBefore(), "C1: back to the initial state");
        assertFalse(c.client.isInitFinished());
        assertEquals(0, c.client.getShutdown(), "C1: shutdown flags reset");
        assertFalse(c.client.sessionReused(), "C1: reuse flag reset");
        assertSame(r, c.client.rbio(), "C1: BIOs kept");
        assertEquals(4, c.client.get(Setting.VERIFY_DEPTH), "C1: settings kept");
        assertFalse(c.client.isServer(), "C1: role kept");
        // a new connection on the same object
        Ssl server2 = track(sctx.newSsl());
        Bio.free(null);
        reconnect(c.client, server2);
        handshake(c.client, server2);
        transfer(c.client, server2, utf8("second connection"));
    }

    /** Gives the client a fresh BIO pair shared with a new server. */
    private static void reconnect(Ssl client, Ssl server) {
        join(client, server);
    }

    /** C2: clear after a handshake without close_notify removes the session as bad. */
    @Test
    void c2_clearOpenSessionIsBad() throws Exception {
        SslContext sctx = only(serverContext(), ProtocolVersion.TLS1_2);
        SslContext cctx = only(clientContext(), ProtocolVersion.TLS1_2);
        Conn c = connect(cctx, sctx);
        handshake(c.client, c.server);
        SslSession cs = c.client.get1Session();
        SslSession ss = c.server.get1Session();
        int cached = sctx.sessionCache().number();
        assertEquals(1, cached, "the server cached its TLS 1.2 session");
        c.client.clear();
        c.server.clear();
        assertNull(c.client.getSession(), "C2: the bad session was dropped");
        assertFalse(cs.isResumable(), "C2: the client's session is not resumable");
        assertFalse(ss.isResumable(), "C2: the server's session is not resumable");
        assertEquals(0, sctx.sessionCache().number(), "C2: removed from the server's cache");
        cs.free();
        ss.free();
    }

    /** C3: after a clean shutdown, clear then a new handshake resumes — checked by both sides' reuse signals. */
    @ParameterizedTest(name = "C3 {0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void c3_cleanSessionKeptAndResumed(ProtocolVersion v) throws Exception {
        assumeTrue(caps().resumes(v, false) && caps().resumes(v, true), providerId() + " declares no " + v + " resumption");
        SslContext sctx = only(serverContext(), v);
        SslContext cctx = only(clientContext(), v);
        Conn c = connect(cctx, sctx);
        handshake(c.client, c.server);
        transfer(c.server, c.client, utf8("hello after handshake")); // TLS 1.3 tickets come with the first server data
        transfer(c.client, c.server, utf8("and back"));
        shutdownBoth(c.client, c.server);
        SslSession kept = c.client.getSession();
        c.client.clear();
        assertSame(kept, c.client.getSession(), "C3: a cleanly closed session is kept");
        Ssl server2 = track(sctx.newSsl());
        join(c.client, server2);
        handshake(c.client, server2);
        assertTrue(c.client.sessionReused(), "C3: the client resumed (provider's signal)");
        assertTrue(server2.sessionReused(), "C3: the server resumed (provider's signal)");
        transfer(c.client, server2, utf8("resumed data"));
    }

    /** C3: the kept session's protocol version is used even though the context allows a newer one. */
    @Test
    void c3_keptSessionPinsItsVersion() throws Exception {
        assumeTrue(caps().protocols().contains(ProtocolVersion.TLS1_3));
        SslContext sctx12 = only(serverContext(), ProtocolVersion.TLS1_2);
        SslContext cctx = clientContext(); // allows 1.2 and 1.3
        Conn c = connect(cctx, sctx12);
        handshake(c.client, c.server);
        assertEquals(ProtocolVersion.TLS1_2, c.client.version());
        shutdownBoth(c.client, c.server);
        c.client.clear();
        SslContext sctxBoth = serverContext(); // this server would pick TLS 1.3
        Ssl server2 = track(sctxBoth.newSsl());
        join(c.client, server2);
        handshake(c.client, server2);
        assertEquals(ProtocolVersion.TLS1_2, c.client.version(), "C3: the session's TLS 1.2 method is kept after clear");
    }

    /** C4: clear succeeds normally, and fails with a reason while a renegotiation is pending. */
    @Test
    void c4_clearReportsFailure() throws Exception {
        Ssl fresh = track(clientContext().newSsl());
        fresh.clear(); // success on a fresh object
        assertTrue(fresh.inBefore());
        SslContext sctx = only(serverContext(), ProtocolVersion.TLS1_2);
        SslContext cctx = only(clientContext(), ProtocolVersion.TLS1_2);
        Conn c = connect(cctx, sctx);
        handshake(c.client, c.server);
        if (!caps().renegotiation()) {
            SslException e = assertThrows(SslException.class, c.client::renegotiate,
                    providerId() + " declares no renegotiation, so renegotiate() must fail clearly");
            assertTrue(e.getMessage().contains(providerId()), e.getMessage());
            c.client.clear(); // and clear still works
            return;
        }
        c.client.renegotiate();
        assertTrue(c.client.renegotiatePending());
        SslException e = assertThrows(SslException.class, c.client::clear);
        assertTrue(e.hasReason(SslReason.INTERNAL_ERROR), e.getMessage());
        assertTrue(e.getMessage().contains("renegotiation"), "C4: the reason says why: " + e.getMessage());
        // the renegotiation really happens when both sides move data, and then clear works again
        transfer(c.client, c.server, utf8("data across the renegotiation"));
        transfer(c.server, c.client, utf8("and back"));
        assertFalse(c.client.renegotiatePending(), "the renegotiation finished");
        shutdownBoth(c.client, c.server);
        c.client.clear();
        assertTrue(c.client.inBefore());
    }

    /** C5: get the session, new connection, set the session, free the old — resumes. */
    @ParameterizedTest(name = "C5 {0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void c5_recommendedSequenceResumes(ProtocolVersion v) throws Exception {
        assumeTrue(caps().resumes(v, false) && caps().resumes(v, true), providerId() + " declares no " + v + " resumption");
        SslContext sctx = only(serverContext(), v);
        SslContext cctx = only(clientContext(), v);
        Conn c = connect(cctx, sctx);
        handshake(c.client, c.server);
        transfer(c.server, c.client, utf8("ticket carrier"));
        shutdownBoth(c.client, c.server);
        // SSL_get_session; SSL_new; SSL_set_session; SSL_free
        SslSession s = c.client.get1Session();
        Ssl next = track(cctx.newSsl());
        next.setHostName("localhost");
        next.setSession(s);
        s.free();
        c.client.free();
        Ssl server2 = track(sctx.newSsl());
        join(next, server2);
        handshake(next, server2);
        assertTrue(next.sessionReused(), "C5: client resumed");
        assertTrue(server2.sessionReused(), "C5: server resumed");
    }
}
