package dev.sslkit.provider.conscrypt;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.spi.ProviderContext;
import dev.sslkit.tck.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import static dev.sslkit.provider.conscrypt.SpiHarness.Side;
import static dev.sslkit.provider.conscrypt.SpiHarness.Spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Conscrypt engine through the SPI alone (no core): handshakes, data, close, resumption proven
 * by BoringSSL's own flag on both sides, SNI on the wire, and the native release at free.
 */
class ConscryptEngineTest {
    private static final TestPki PKI = TestPki.ec();
    private final ConscryptProvider provider = new ConscryptProvider();
    private final List<ConscryptTlsEngine> engines = new ArrayList<>();
    private final List<ProviderContext> contexts = new ArrayList<>();

    @AfterEach
    void freeAll() {
        engines.forEach(ConscryptTlsEngine::free);
        contexts.forEach(ProviderContext::free);
    }

    private ConscryptContext context(SslMethod m) throws SslException {
        ConscryptContext c = (ConscryptContext) provider.newContext(m);
        contexts.add(c);
        return c;
    }

    private ConscryptTlsEngine engine(ConscryptContext ctx, Spec spec) throws SslException {
        ConscryptTlsEngine e = (ConscryptTlsEngine) ctx.newEngine(spec);
        engines.add(e);
        return e;
    }

    private static Spec only(Spec s, ProtocolVersion v) {
        return s.with(Setting.MIN_PROTO_VERSION, v).with(Setting.MAX_PROTO_VERSION, v);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void availableWithItsVersion() {
        assertNull(provider.unavailabilityCause(), "the bundled linux-x86_64 library loads here");
        assertTrue(provider.isAvailable());
        assertEquals("conscrypt", provider.id());
        assertEquals("2.9.0", provider.version());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void handshakeDataAndClose(ProtocolVersion v) throws Exception {
        ConscryptContext cctx = context(SslMethod.TLS_CLIENT);
        ConscryptContext sctx = context(SslMethod.TLS_SERVER);
        Spec cs = only(new Spec(true, PKI), v);
        cs.serverName = "localhost";
        Spec ss = only(new Spec(false, PKI), v);
        Side c = new Side(engine(cctx, cs));
        Side s = new Side(engine(sctx, ss));
        SpiHarness.handshake(c, s);
        assertEquals(v, c.engine.session().protocol());
        assertEquals(v, s.engine.session().protocol());
        assertEquals(c.engine.session().cipherSuite(), s.engine.session().cipherSuite());
        assertEquals(PKI.serverKey().leaf(), c.engine.session().peerCertificates().get(0));
        assertEquals(1, cs.verifyCalls, "the client's trust manager delegated to the verifier once");
        assertTrue(ss.keyCalls >= 1, "the server's key manager delegated to the key selector (once per key type)");
        assertEquals(Boolean.FALSE, c.engine.sessionReused(), "BoringSSL's SSL_session_reused is readable");
        assertEquals(Boolean.FALSE, s.engine.sessionReused());
        assertArrayEquals(utf8("ping"), SpiHarness.send(c, s, utf8("ping")));
        assertArrayEquals(utf8("pong"), SpiHarness.send(s, c, utf8("pong")));
        SpiHarness.close(c, s);
        assertTrue(c.engine.isOutboundDone() && c.engine.isInboundDone());
        assertTrue(s.engine.isOutboundDone() && s.engine.isInboundDone());
        assertTrue(cs.alerts.stream().anyMatch(a -> a[0] == 1 && a[2] == 0), "close_notify sent is reported");
        assertTrue(cs.alerts.stream().anyMatch(a -> a[0] == 0 && a[2] == 0), "close_notify received is reported");
    }

    /** Resumption, proven by BoringSSL's flag on both sides and by the skipped verification / key selection. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void resumesOnBothSides(ProtocolVersion v) throws Exception {
        resume(v, false);
    }

    /** TLS 1.2 without tickets: the server's session-id cache. */
    @Test
    void resumesTls12WithoutTickets() throws Exception {
        resume(ProtocolVersion.TLS1_2, true);
    }

    private void resume(ProtocolVersion v, boolean noTicket) throws Exception {
        ConscryptContext cctx = context(SslMethod.TLS_CLIENT);
        ConscryptContext sctx = context(SslMethod.TLS_SERVER);
        EnumSet<SslOption> opts = noTicket ? EnumSet.of(SslOption.NO_TICKET) : EnumSet.of(SslOption.NO_COMPRESSION);
        Spec cs = only(new Spec(true, PKI), v).with(Setting.OPTIONS, opts);
        cs.serverName = "localhost";
        Side c = new Side(engine(cctx, cs));
        Side s = new Side(engine(sctx, only(new Spec(false, PKI), v).with(Setting.OPTIONS, opts)));
        SpiHarness.handshake(c, s);
        SpiHarness.send(s, c, utf8("server data carries TLS 1.3 tickets"));
        SpiHarness.close(c, s);
        ConscryptEngineSession first = (ConscryptEngineSession) c.engine.session();
        assertTrue(first.isResumable(), "a ticket / session is in Conscrypt's cache under the session's key");

        Spec cs2 = only(new Spec(true, PKI), v).with(Setting.OPTIONS, opts);
        cs2.serverName = "localhost";
        cs2.resume = first;
        Spec ss2 = only(new Spec(false, PKI), v).with(Setting.OPTIONS, opts);
        Side c2 = new Side(engine(cctx, cs2));
        Side s2 = new Side(engine(sctx, ss2));
        SpiHarness.handshake(c2, s2);
        assertEquals(Boolean.TRUE, c2.engine.sessionReused(), "client: SSL_session_reused");
        assertEquals(Boolean.TRUE, s2.engine.sessionReused(), "server: SSL_session_reused");
        assertEquals(0, cs2.verifyCalls, "a resumed client does not verify the peer again");
        assertArrayEquals(utf8("resumed"), SpiHarness.send(c2, s2, utf8("resumed")));
    }

    /**
     * Conscrypt's server sends TLS 1.3 tickets only with its next application write: a client whose
     * server never writes has nothing to resume. (Core's driver wraps after the handshake only when
     * the engine asks, and Conscrypt does not ask.)
     */
    @Test
    void tls13TicketsArriveOnlyWithServerData() throws Exception {
        ConscryptContext cctx = context(SslMethod.TLS_CLIENT);
        ConscryptContext sctx = context(SslMethod.TLS_SERVER);
        Side c = new Side(engine(cctx, only(new Spec(true, PKI), ProtocolVersion.TLS1_3)));
        Side s = new Side(engine(sctx, only(new Spec(false, PKI), ProtocolVersion.TLS1_3)));
        SpiHarness.handshake(c, s);
        assertArrayEquals(utf8("c"), SpiHarness.send(c, s, utf8("c")));
        assertFalse(c.engine.session().isResumable(), "no ticket before the server's first write");
        assertArrayEquals(utf8("s"), SpiHarness.send(s, c, utf8("s")));
        assertTrue(c.engine.session().isResumable(), "the tickets came with the server's data");
    }

    /** SNI on the wire is exactly the connection's server name; the synthetic session key never is. */
    @Test
    void sniIsTheServerNameOnly() throws Exception {
        ConscryptContext cctx = context(SslMethod.TLS_CLIENT);
        ConscryptContext sctx = context(SslMethod.TLS_SERVER);
        for (String name : new String[] {"localhost", null}) {
            Spec cs = new Spec(true, PKI);
            cs.serverName = name;
            Side c = new Side(engine(cctx, cs));
            Side s = new Side(engine(sctx, new Spec(false, PKI)));
            SpiHarness.handshake(c, s);
            byte[] hello = c.sent.toByteArray();
            assertEquals(name == null ? List.of() : List.of(name), SpiHarness.sniNames(hello));
            String wire = new String(hello, StandardCharsets.ISO_8859_1);
            assertFalse(wire.contains("sslkit-session") || wire.contains(".invalid"), "the synthetic host is not sent");
        }
    }

    /** free() releases the native SSL (and its fds) in every state, without the finalizer. */
    @Test
    void freeReleasesTheNativeSslInEveryState() throws Exception {
        ConscryptContext cctx = context(SslMethod.TLS_CLIENT);
        ConscryptContext sctx = context(SslMethod.TLS_SERVER);
        // never started
        ConscryptTlsEngine fresh = engine(cctx, new Spec(true, PKI));
        assertEquals(Boolean.FALSE, fresh.nativeReleased());
        fresh.free();
        assertEquals(Boolean.TRUE, fresh.nativeReleased());
        // mid-handshake (ClientHello sent, nothing received)
        Side half = new Side(engine(cctx, new Spec(true, PKI)));
        half.engine.beginHandshake();
        half.engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(half.engine.packetBufferSize()));
        half.engine.free();
        assertEquals(Boolean.TRUE, ((ConscryptTlsEngine) half.engine).nativeReleased());
        // established, no close_notify exchanged
        Side c = new Side(engine(cctx, new Spec(true, PKI)));
        Side s = new Side(engine(sctx, new Spec(false, PKI)));
        SpiHarness.handshake(c, s);
        c.engine.free();
        s.engine.free();
        assertEquals(Boolean.TRUE, ((ConscryptTlsEngine) c.engine).nativeReleased());
        assertEquals(Boolean.TRUE, ((ConscryptTlsEngine) s.engine).nativeReleased());
        assertNotNull(c.engine.session(), "the session snapshot outlives the native SSL");
        assertEquals(ProtocolVersion.TLS1_3, c.engine.session().protocol());
        c.engine.free(); // twice: no-op
    }

    /** Bytes that are not TLS: WRONG_VERSION_NUMBER, as OpenSSL says. */
    @Test
    void garbageIsWrongVersionNumber() throws Exception {
        ConscryptContext sctx = context(SslMethod.TLS_SERVER);
        ConscryptTlsEngine s = engine(sctx, new Spec(false, PKI));
        s.beginHandshake();
        ByteBuffer in = ByteBuffer.wrap(utf8("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        SslException e = assertThrows(SslException.class, () -> s.unwrap(in, ByteBuffer.allocate(20000)));
        assertTrue(e.hasReason(SslReason.WRONG_VERSION_NUMBER), e.getMessage());
    }

    /** A received fatal alert is reported as OpenSSL does (SSL_R_ alert reason) and through the events. */
    @Test
    void receivedAlertIsMapped() throws Exception {
        ConscryptContext cctx = context(SslMethod.TLS_CLIENT);
        ConscryptContext sctx = context(SslMethod.TLS_SERVER);
        Spec cs = only(new Spec(true, PKI), ProtocolVersion.TLS1_2);
        Spec ss = only(new Spec(false, PKI), ProtocolVersion.TLS1_3);
        Side c = new Side(engine(cctx, cs));
        Side s = new Side(engine(sctx, ss));
        c.engine.beginHandshake();
        s.engine.beginHandshake();
        SslException serverSide = assertThrows(SslException.class, () -> {
            SpiHarness.step(c, s);
            SpiHarness.step(s, c);
        });
        assertTrue(serverSide.hasReason(SslReason.UNSUPPORTED_PROTOCOL), serverSide.getMessage());
        // the server's protocol_version alert reaches the client
        ByteBuffer out = ByteBuffer.allocate(s.engine.packetBufferSize());
        try {
            s.engine.wrap(ByteBuffer.allocate(0), out);
        } catch (SslException ignored) {
            // already failed
        }
        SpiHarness.deliver(s, c, out);
        SslException clientSide = assertThrows(SslException.class, () -> SpiHarness.unwrapAll(c));
        assertTrue(clientSide.hasReason(SslReason.alert(70, true)), clientSide.getMessage() + " " + clientSide.reasons());
        assertTrue(cs.alerts.stream().anyMatch(a -> Arrays.equals(a, new int[] {0, 1, 70})), "alert event");
    }
}
