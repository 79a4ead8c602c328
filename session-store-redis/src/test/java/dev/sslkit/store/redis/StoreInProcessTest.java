package dev.sslkit.store.redis;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.SslSession;
import dev.sslkit.Sslkit;
import dev.sslkit.tck.MapSessionStore;
import dev.sslkit.tck.Pump;
import dev.sslkit.tck.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 16 items 1 and 2 in one JVM: two server contexts ("instances") sharing a store, per provider
 * that declares fleet resumption; a provider that does not refuses the setting, naming it.
 */
class StoreInProcessTest {
    static final TestPki PKI = TestPki.ec();

    static SslContext server(String provider, dev.sslkit.SessionStore store) throws SslException {
        SslContext s = SslContext.newContext(SslMethod.TLS_SERVER, provider);
        s.set(Setting.CERTIFICATES, java.util.List.of(PKI.serverKey()));
        s.set(Setting.SESSION_ID_CONTEXT, "in-process".getBytes(StandardCharsets.US_ASCII));
        if (provider.equals("conscrypt")) {
            s.set(Setting.OPTIONS, EnumSet.of(SslOption.NO_TICKET));
        }
        s.set(Setting.SESSION_STORE, store);
        return s;
    }

    /** Handshakes a client of {@code client} with a new server of {@code server}; returns [client session, reused, server session]. */
    static Object[] handshake(SslContext client, SslContext server, SslSession offer) throws SslException {
        try (Ssl c = client.newSsl(); Ssl s = server.newSsl()) {
            c.setHostName("localhost");
            if (offer != null) {
                c.setSession(offer);
            }
            Pump.connect(c, s);
            Pump.handshake(c, s);
            Pump.exchange(c, s, "ping".getBytes(StandardCharsets.US_ASCII), "pong".getBytes(StandardCharsets.US_ASCII));
            boolean reused = c.sessionReused();
            assertEquals(reused, s.sessionReused(), "both sides agree on reuse");
            Pump.shutdown(c, s);
            return new Object[] {c.get1Session(), reused, s.get1Session()};
        }
    }

    static void instancesShareSessions(String provider) throws Exception {
        assumeTrue(Sslkit.providers().stream().anyMatch(p -> p.id().equals(provider) && p.available()), provider + " not available here");
        MapSessionStore store = new MapSessionStore();
        try (SslContext a = server(provider, store); SslContext b = server(provider, store);
             SslContext client = SslContext.newContext(SslMethod.TLS_CLIENT, provider)) {
            client.setTrustAnchors(PKI.trustAnchors());
            client.set(Setting.MAX_PROTO_VERSION, ProtocolVersion.TLS1_2);
            Object[] first = handshake(client, a, null);
            assertFalse((Boolean) first[1]);
            assertEquals(1, store.size(), provider + ": the new session was put");
            SslSession s = (SslSession) first[0];
            assertEquals(Setting.SESSION_TIMEOUT.defaultValue(), store.ttl("in-process".getBytes(StandardCharsets.US_ASCII), s.id()).toSeconds(), 2,
                    "TTL = the session timeout");
            Object[] second = handshake(client, b, s);
            assertTrue((Boolean) second[1], provider + ": instance b resumed a's session");
            // removal on b reaches a's in-process cache through the subscription
            b.sessionCache().remove((SslSession) second[2]);
            assertEquals(0, store.size());
            Object[] third = handshake(client, a, (SslSession) second[0]);
            assertFalse((Boolean) third[1], provider + ": removed on b, not resumed on a");
            s.free();
            ((SslSession) second[0]).free();
            ((SslSession) third[0]).free();
            for (Object[] o : new Object[][] {first, second, third}) {
                ((SslSession) o[2]).free();
            }
        }
        assertEquals(0, store.subscribers(), "freed contexts unsubscribe");
    }

    @Test
    @Timeout(30)
    void bcInstancesShareSessions() throws Exception {
        instancesShareSessions("bc");
    }

    /** Issue 16 item 2: JSSE and Conscrypt cannot take part, and say so when a store is set. */
    @ParameterizedTest
    @ValueSource(strings = {"jsse", "conscrypt"})
    @Timeout(30)
    void providersThatCannotTakePartRefuseAStore(String provider) throws Exception {
        assumeTrue(Sslkit.providers().stream().anyMatch(p -> p.id().equals(provider) && p.available()), provider + " not available here");
        assertFalse(Sslkit.capabilities(provider).fleetResumption(ProtocolVersion.TLS1_2));
        assertFalse(Sslkit.capabilities(provider).fleetResumption(ProtocolVersion.TLS1_3));
        try (SslContext s = SslContext.newContext(SslMethod.TLS_SERVER, provider)) {
            SslException e = assertThrows(SslException.class, () -> s.set(Setting.SESSION_STORE, new MapSessionStore()));
            assertTrue(e.hasReason(SslReason.SETTING_NOT_SUPPORTED), e.getMessage());
            assertTrue(e.getMessage().contains("session_store") && e.getMessage().contains(provider), e.getMessage());
        }
    }
}
