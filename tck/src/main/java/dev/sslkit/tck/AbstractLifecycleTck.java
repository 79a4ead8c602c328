package dev.sslkit.tck;

import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.ExDataIndex;
import dev.sslkit.IllegalReferenceCountException;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslReason;
import dev.sslkit.SslSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SSL_new, SSL_up_ref and SSL_free: requirements N1–N4 and R1–R5 of DESIGN.md, on one provider.
 */
public abstract class AbstractLifecycleTck extends AbstractTck {

    static Stream<Setting<?>> contextSettings() {
        return Setting.values().stream().filter(s -> s.scope() != Setting.Scope.CONNECTION);
    }

    /** N1 + N3: every context setting is inherited by newSsl (or, if the provider cannot honour it, rejected clearly). */
    @ParameterizedTest(name = "N1 inherits {0}")
    @MethodSource("contextSettings")
    void n1_newSslInheritsEveryContextSetting(Setting<Object> s) throws Exception {
        SslContext ctx = track(SslContext.newContext(SslMethod.TLS_CLIENT, providerId()));
        Object sample = SettingSamples.samples(pki(), caps()).get(s);
        if (!caps().supports(s)) {
            SslException e = assertThrows(SslException.class, () -> ctx.set(s, sample));
            assertTrue(e.hasReason(SslReason.SETTING_NOT_SUPPORTED), e.getMessage());
            assertTrue(e.getMessage().contains(s.name()) && e.getMessage().contains(providerId()),
                    "the error names setting and provider: " + e.getMessage());
            return;
        }
        ctx.set(s, sample);
        Ssl ssl = track(ctx.newSsl());
        assertTrue(SettingSamples.same(sample, ssl.get(s)), s + " inherited: " + ssl.get(s));
    }

    /** N1: the connection method (role) is inherited. */
    @Test
    void n1_roleFromMethod() throws Exception {
        assertFalse(track(track(SslContext.newContext(SslMethod.TLS_CLIENT, providerId())).newSsl()).isServer());
        assertTrue(track(track(SslContext.newContext(SslMethod.TLS_SERVER, providerId())).newSsl()).isServer());
    }

    /** N2: refcount 1, a reference on the context, which outlives the application's free. */
    @Test
    void n2_newSslHoldsItsContext() throws Exception {
        SslContext sctx = serverContext();
        SslContext cctx = clientContext();
        assertEquals(1, cctx.refCnt());
        Conn c = connect(cctx, sctx);
        assertEquals(1, c.client.refCnt(), "N2: a new Ssl has reference count 1");
        assertEquals(2, cctx.refCnt(), "N2: the Ssl holds a reference on its context");
        cctx.free(); // the application lets go of the context first
        sctx.free();
        assertEquals(1, cctx.refCnt(), "the context stays alive for its connection");
        handshake(c.client, c.server); // and stays usable
        transfer(c.client, c.server, utf8("still works"));
        c.client.free();
        assertEquals(0, cctx.refCnt(), "the last Ssl's free releases the context");
        assertThrows(IllegalReferenceCountException.class, cctx::newSsl);
    }

    /** N3: later context changes do not reach existing connections; later newSsl sees them. */
    @Test
    void n3_settingsCopiedAtCreation() throws Exception {
        SslContext ctx = track(SslContext.newContext(SslMethod.TLS_CLIENT, providerId()));
        ctx.set(Setting.VERIFY_DEPTH, 5);
        Ssl before = track(ctx.newSsl());
        ctx.set(Setting.VERIFY_DEPTH, 7);
        assertEquals(5, before.get(Setting.VERIFY_DEPTH), "existing connection keeps its copy");
        assertEquals(7, track(ctx.newSsl()).get(Setting.VERIFY_DEPTH), "a later newSsl sees the change");
        before.set(Setting.VERIFY_DEPTH, 9);
        assertEquals(7, ctx.get(Setting.VERIFY_DEPTH), "a connection's change does not reach the context");
    }

    /** N3: the trust store is shared by reference: a change reaches existing connections. */
    @Test
    void n3_trustStoreSharedByReference() throws Exception {
        SslContext sctx = serverContext();
        SslContext cctx = track(SslContext.newContext(SslMethod.TLS_CLIENT, providerId()));
        Conn c = connect(cctx, sctx); // made while the client trusts nothing
        cctx.setTrustAnchors(List.of(pki().root()));
        handshake(c.client, c.server);
        assertEquals(0, c.client.verifyResult(), "verified with the trust anchors added after newSsl");
    }

    /** N4: failure creates nothing and says why. */
    @Test
    void n4_failureCreatesNothing() throws Exception {
        SslException e = assertThrows(SslException.class, () -> SslContext.newContext(SslMethod.TLS, "no-such-provider"));
        assertTrue(e.hasReason(SslReason.UNKNOWN_PROVIDER));
        assertTrue(e.getMessage().contains(providerId()), "the error lists the available providers: " + e.getMessage());

        SslContext ctx = track(SslContext.newContext(SslMethod.TLS_CLIENT, providerId()));
        FAIL_NEW.set(true);
        try {
            SslException e2 = assertThrows(SslException.class, ctx::newSsl);
            assertTrue(e2.getMessage().contains("SSL_new failed"), e2.getMessage());
        } finally {
            FAIL_NEW.set(false);
        }
        assertEquals(1, ctx.refCnt(), "N4: the failed newSsl gave its context reference back");
    }

    private static final ThreadLocal<Boolean> FAIL_NEW = ThreadLocal.withInitial(() -> false);
    private static final ExDataIndex<Object> FAILING_INDEX = ExDataIndex.newIndex(ExDataIndex.Kind.SSL, new ExDataIndex.Callbacks<>() {
        @Override
        public Object onNew(Object owner) {
            if (FAIL_NEW.get()) {
                throw new IllegalStateException("simulated allocation failure");
            }
            return null;
        }
    });

    /** R1: upRef adds one and reports success; never resurrects a freed object. */
    @Test
    void r1_upRef() throws Exception {
        Ssl ssl = clientContext().newSsl();
        assertTrue(ssl.upRef());
        assertEquals(2, ssl.refCnt());
        ssl.free();
        assertEquals(1, ssl.refCnt(), "R1/R2: a free above zero releases nothing");
        ssl.free();
        IllegalReferenceCountException e = assertThrows(IllegalReferenceCountException.class, ssl::upRef);
        assertTrue(e.getMessage().startsWith("Ssl@"), e.getMessage());
        assertTrue(e.getMessage().contains("refCnt 0"), e.getMessage());
        assertEquals(0, ssl.refCnt(), "R1: not resurrected");
    }

    /** R2: at zero, free releases BIOs (a shared BIO once), session, context and ex_data. */
    @Test
    void r2_freeReleasesEverything() throws Exception {
        AtomicInteger freed = new AtomicInteger();
        ExDataIndex<String> idx = ExDataIndex.newIndex(ExDataIndex.Kind.SSL, new ExDataIndex.Callbacks<>() {
            @Override
            public void onFree(Object owner, String value) {
                if ("mine".equals(value)) {
                    freed.incrementAndGet();
                }
            }
        });
        SslContext sctx = serverContext();
        SslContext cctx = clientContext();
        Conn c = connect(cctx, sctx);
        c.client.setExData(idx, "mine");
        handshake(c.client, c.server);
        Bio shared = c.client.rbio();
        assertSame(shared, c.client.wbio());
        Bio sep = Bio.newMemory();
        SslSession sess = c.client.get1Session();
        assertEquals(2, sess.refCnt(), "the connection and our get1Session each hold one");
        shutdownBoth(c.client, c.server);
        int ctxRefs = cctx.refCnt();
        c.client.free();
        assertEquals(0, shared.refCnt(), "R2: the BIO used for both directions was released once");
        assertEquals(1, sess.refCnt(), "R2: the connection's session reference was released");
        assertEquals(ctxRefs - 1, cctx.refCnt(), "R2: the context reference was released");
        assertEquals(1, freed.get(), "R2: the ex_data free callback ran once");
        sess.free();
        sep.free();
    }

    /** R2: distinct read and write BIOs are each released. */
    @Test
    void r2_freeReleasesDistinctBios() throws Exception {
        Ssl ssl = clientContext().newSsl();
        Bio r = Bio.newMemory();
        Bio w = Bio.newMemory();
        ssl.setBio(r, w);
        ssl.free();
        assertEquals(0, r.refCnt());
        assertEquals(0, w.refCnt());
    }

    /** R3: free(null) does nothing; free past zero and use after free throw, naming the object. */
    @Test
    void r3_misuseIsReported() throws Exception {
        Ssl.free(null);
        SslContext.free(null);
        SslSession.free(null);
        Bio.free(null);
        Ssl ssl = clientContext().newSsl();
        ssl.free();
        IllegalReferenceCountException e = assertThrows(IllegalReferenceCountException.class, ssl::free);
        assertTrue(e.getMessage().matches("Ssl@[0-9a-f]+ freed: refCnt 0, decrement 1.*"), e.getMessage());
        assertThrows(IllegalReferenceCountException.class, () -> ssl.read(ByteBuffer.allocate(1)));
        assertThrows(IllegalReferenceCountException.class, ssl::doHandshake);
        assertThrows(IllegalReferenceCountException.class, () -> ssl.get(Setting.VERIFY_DEPTH));
        assertThrows(IllegalReferenceCountException.class, () -> ssl.setBio(null, null));
    }

    /** R4: freeing a BIO the connection owns is detected and reported, and the rest is still released. */
    @Test
    void r4_userFreedBioIsReported() throws Exception {
        SslContext ctx = clientContext();
        Ssl ssl = ctx.newSsl();
        BioPair p = Bio.newPair(0, 0);
        ssl.setBio(p.first(), p.first());
        p.first().free(); // wrong: the connection owns it now
        IllegalStateException e = assertThrows(IllegalStateException.class, ssl::free);
        assertTrue(e.getMessage().contains("R4") && e.getMessage().contains("BIO"), e.getMessage());
        assertEquals(0, ssl.refCnt(), "the connection is released anyway");
        assertEquals(1, ctx.refCnt(), "its context reference was given back");
        p.second().free();
    }

    /** R5: freed after the handshake without close_notify: the session is removed and not resumable. */
    @ParameterizedTest(name = "R5 {0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void r5_freeWithoutShutdownKillsTheSession(ProtocolVersion v) throws Exception {
        SslContext sctx = only(serverContext(), v);
        SslContext cctx = only(clientContext(), v);
        Conn c = connect(cctx, sctx);
        handshake(c.client, c.server);
        transfer(c.server, c.client, utf8("tickets arrive with data"));
        SslSession cs = c.client.get1Session();
        SslSession ss = c.server.get1Session();
        assertTrue(cs.isResumable(), "the client's session is resumable before the free");
        int cached = sctx.sessionCache().number();
        c.client.free();
        c.server.free();
        assertFalse(cs.isResumable(), "R5: the client's session (held via get1Session) is no longer resumable");
        assertFalse(ss.isResumable(), "R5: the server's session is no longer resumable");
        assertEquals(Math.max(0, cached - 1), sctx.sessionCache().number(), "R5: removed from the server's cache");

        Conn again = connect(cctx, sctx);
        again.client.setSession(cs);
        handshake(again.client, again.server);
        assertFalse(again.client.sessionReused(), "R5: the bad session is not resumed");
        assertFalse(again.server.sessionReused());
        cs.free();
        ss.free();
    }

    /** R5: SENT_SHUTDOWN set before free keeps the session good. */
    @Test
    void r5_setShutdownKeepsTheSession() throws Exception {
        SslContext sctx = only(serverContext(), ProtocolVersion.TLS1_2);
        SslContext cctx = only(clientContext(), ProtocolVersion.TLS1_2);
        Conn c = connect(cctx, sctx);
        handshake(c.client, c.server);
        SslSession cs = c.client.get1Session();
        c.client.setShutdown(Ssl.SENT_SHUTDOWN);
        c.server.setShutdown(Ssl.SENT_SHUTDOWN);
        c.client.free();
        c.server.free();
        assertTrue(cs.isResumable(), "R5: SENT_SHUTDOWN marks the close as clean");
        Conn again = connect(cctx, sctx);
        again.client.setSession(cs);
        handshake(again.client, again.server);
        assertTrue(again.client.sessionReused(), "resumed (client's signal)");
        assertTrue(again.server.sessionReused(), "resumed (server's signal)");
        cs.free();
    }

    /** R5: a failed resumption (fatal alert) removes the session that was offered. */
    @Test
    void r5_fatalAlertRemovesTheOfferedSession() throws Exception {
        SslContext sctx = only(serverContext(), ProtocolVersion.TLS1_2);
        SslContext cctx = only(clientContext(), ProtocolVersion.TLS1_2);
        Conn c = connect(cctx, sctx);
        handshake(c.client, c.server);
        SslSession cs = c.client.get1Session();
        shutdownBoth(c.client, c.server);
        assertTrue(cs.isResumable());
        // a server that refuses every client (it demands a certificate the client does not have)
        SslContext strict = only(serverContext(), ProtocolVersion.TLS1_2);
        strict.set(Setting.VERIFY_MODE, java.util.EnumSet.of(dev.sslkit.VerifyMode.PEER, dev.sslkit.VerifyMode.FAIL_IF_NO_PEER_CERT));
        strict.set(Setting.SESSION_ID_CONTEXT, utf8("strict"));
        Conn bad = connect(cctx, strict);
        bad.client.setSession(cs);
        assertThrows(SslException.class, () -> handshake(bad.client, bad.server));
        // whichever side failed first, the client then reads the alert (or has already failed)
        SslException clientSide = assertThrows(SslException.class, () -> {
            for (int i = 0; i < 10; i++) {
                bad.client.doHandshake();
            }
        });
        assertFalse(clientSide.reasons().isEmpty());
        assertFalse(cs.isResumable(), "R5: the session offered in the failed handshake was removed");
        cs.free();
    }

    /** get/get1 session: borrowed vs owned reference. */
    @Test
    void getSessionIsBorrowedGet1SessionIsOwned() throws Exception {
        Conn c = connect(clientContext(), serverContext());
        assertNull(c.client.getSession(), "no session before the handshake");
        handshake(c.client, c.server);
        SslSession b = c.client.getSession();
        assertEquals(1, b.refCnt(), "getSession does not add a reference");
        SslSession o = c.client.get1Session();
        assertSame(b, o);
        assertEquals(2, o.refCnt(), "get1Session adds one");
        o.free();
        assertNotSame(null, c.client.getSession());
    }

    /** The connection reports its provider's own TLS facts after a handshake. */
    @Test
    void handshakeFactsAreReported() throws Exception {
        Conn c = connect(clientContext(), serverContext());
        assertTrue(c.client.inBefore());
        handshake(c.client, c.server);
        assertTrue(c.client.isInitFinished());
        assertFalse(c.client.inInit());
        assertEquals(c.client.version(), c.server.version());
        assertEquals(c.client.cipherSuite(), c.server.cipherSuite());
        assertEquals(pki().serverKey().leaf(), c.client.peerCertificates().get(0));
        assertEquals(0, c.client.verifyResult());
    }
}
