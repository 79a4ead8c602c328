package dev.sslkit.provider.conscrypt;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.SslSession;
import dev.sslkit.VerifyMode;
import dev.sslkit.provider.sslengine.SslEngineErrors;
import dev.sslkit.SslContext;
import dev.sslkit.tck.AbstractTck;
import dev.sslkit.tck.Requirement;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Session rules through sslkit's API on Conscrypt, beyond the kit. */
class ConscryptSessionRulesTest extends AbstractTck {
    @Override
    protected String providerId() {
        return ConscryptProvider.ID;
    }

    /**
     * R5, last sentence, as OpenSSL orders it: the server refuses the client (no certificate) and
     * sends a fatal alert; once the client reads that alert it fails too, and the session it offered
     * is removed. (The kit's r5_fatalAlertRemovesTheOfferedSession asserts right after the server
     * throws, before the client has read the alert.)
     */
    @Test
    @Requirement("R5")
    void r5_offeredSessionRemovedOnceTheClientReadsTheAlert() throws Exception {
        SslContext sctx = only(serverContext(), ProtocolVersion.TLS1_2);
        SslContext cctx = only(clientContext(), ProtocolVersion.TLS1_2);
        Conn c = connect(cctx, sctx);
        handshake(c.client, c.server);
        SslSession cs = c.client.get1Session();
        shutdownBoth(c.client, c.server);
        SslContext strict = only(serverContext(), ProtocolVersion.TLS1_2);
        strict.set(Setting.VERIFY_MODE, EnumSet.of(VerifyMode.PEER, VerifyMode.FAIL_IF_NO_PEER_CERT));
        Conn bad = connect(cctx, strict);
        bad.client.setSession(cs);
        SslException server = assertThrows(SslException.class, () -> handshake(bad.client, bad.server));
        assertTrue(server.hasReason(SslReason.PEER_DID_NOT_RETURN_A_CERTIFICATE), server.getMessage());
        assertTrue(cs.isResumable(), "the client has not read the server's alert yet");
        SslException client = assertThrows(SslException.class, bad.client::doHandshake);
        assertTrue(client.hasReason(SslReason.alert(40, true)), client.getMessage() + " " + client.reasons());
        assertFalse(cs.isResumable(), "R5: the session offered in the failed handshake was removed");
        cs.free();
    }

    /** C3/C5 on TLS 1.3 need the server's first write: without it Conscrypt has sent no ticket. */
    @Test
    @Requirement({"C3", "C5"})
    void tls13SessionWithoutServerDataIsNotResumable() throws Exception {
        SslContext sctx = only(serverContext(), ProtocolVersion.TLS1_3);
        SslContext cctx = only(clientContext(), ProtocolVersion.TLS1_3);
        Conn c = connect(cctx, sctx);
        handshake(c.client, c.server);
        transfer(c.client, c.server, utf8("client speaks first"));
        assertFalse(c.client.getSession().isResumable(), "no NewSessionTicket yet");
        transfer(c.server, c.client, utf8("server answers"));
        assertTrue(c.client.getSession().isResumable(), "the tickets came with the server's data");
    }
}
