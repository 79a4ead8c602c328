package dev.sslkit.provider.bc;

import dev.sslkit.CustomExtension;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.ServerInfo;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslReason;
import dev.sslkit.TmpDh;
import dev.sslkit.VerifyMode;
import dev.sslkit.MsgCallback;
import dev.sslkit.provider.bc.SpiHarness.Pair;
import dev.sslkit.provider.bc.SpiHarness.Spec;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.TlsEngine.EngineResult;
import dev.sslkit.spi.TlsEngine.Status;
import dev.sslkit.tck.TestPki;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.crypto.DHStandardGroups;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provider bc at the SPI level: two engines driven directly, every declared setting observed on the
 * wire or in the peer where it can be.
 */
class BcEngineSpiTest {
    private static final TestPki PKI = TestPki.ec();

    private static Spec client(ProtocolVersion v) {
        Spec c = new Spec(true);
        if (v != null) {
            c.with(Setting.MIN_PROTO_VERSION, v).with(Setting.MAX_PROTO_VERSION, v);
        }
        return c;
    }

    private static Spec server(ProtocolVersion v) {
        Spec s = new Spec(false).with(Setting.CERTIFICATES, List.of(PKI.serverKey()));
        if (v != null) {
            s.with(Setting.MIN_PROTO_VERSION, v).with(Setting.MAX_PROTO_VERSION, v);
        }
        return s;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "handshake, data, close {0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void handshakeDataClose(ProtocolVersion v) throws Exception {
        BcContext ctx = SpiHarness.context(SslMethod.TLS);
        Spec c = client(v);
        Spec s = server(v);
        Pair p = SpiHarness.pair(ctx, c, ctx, s);
        SpiHarness.handshake(p);
        assertEquals(v, p.client.session().protocol());
        assertEquals(v, p.server.session().protocol());
        assertFalse(p.client.sessionReused());
        assertFalse(p.server.sessionReused());
        assertEquals(1, c.verifyCalls.get(), "the client's chain check goes through core's verifier");
        assertEquals(PKI.serverKey().leaf(), c.lastChain[0]);
        assertEquals(PKI.serverKey().chain(), p.client.session().peerCertificates());
        byte[] big = new byte[100_000];
        new java.util.Random(1).nextBytes(big);
        assertArrayEquals(big, SpiHarness.send(p, true, big));
        assertArrayEquals(utf8("pong"), SpiHarness.send(p, false, utf8("pong")));
        // close: client's close_notify, server reads CLOSED, answers only when it closes its side
        p.client.closeOutbound();
        SpiHarness.flushAll(p.client, p.toServer);
        assertTrue(p.client.isOutboundDone());
        p.serverIn = SpiHarness.append(p.serverIn, p.toServer);
        EngineResult r = p.server.unwrap(p.serverIn, ByteBuffer.allocate(20000));
        assertEquals(Status.CLOSED, r.status);
        assertTrue(p.server.isInboundDone());
        assertFalse(p.server.isOutboundDone(), "bctls's answer waits for the application's shutdown");
        ByteBuffer net = ByteBuffer.allocate(p.server.packetBufferSize());
        assertEquals(0, p.server.wrap(ByteBuffer.allocate(0), net).produced, "nothing goes out before closeOutbound");
        p.server.closeOutbound();
        r = p.server.wrap(ByteBuffer.allocate(0), net.clear());
        assertTrue(r.produced > 0, "the server's close_notify");
        assertTrue(p.server.isOutboundDone());
        r = p.client.unwrap(net.flip(), ByteBuffer.allocate(20000));
        assertEquals(Status.CLOSED, r.status);
        assertTrue(p.client.isInboundDone());
        p.client.free();
        p.server.free();
    }

    @ParameterizedTest(name = "resumption by bctls's own signal {0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void resumption(ProtocolVersion v) throws Exception {
        BcContext cctx = SpiHarness.context(SslMethod.TLS_CLIENT);
        BcContext sctx = SpiHarness.context(SslMethod.TLS_SERVER);
        Pair p = SpiHarness.pair(cctx, client(v), sctx, server(v));
        SpiHarness.handshake(p);
        EngineSession first = p.client.session();
        assertTrue(first.isResumable());
        Spec c2 = client(v);
        c2.resume = first;
        Spec s2 = server(v);
        Pair q = SpiHarness.pair(cctx, c2, sctx, s2);
        SpiHarness.handshake(q);
        assertTrue(q.client.sessionReused(), "client: bctls reports a resumed session");
        assertTrue(q.server.sessionReused(), "server: bctls reports a resumed session");
        assertEquals(0, c2.verifyCalls.get(), "a resumed handshake sends no certificate");
        assertEquals(0, s2.selectCalls.get(), "a resumed handshake selects no key");
        assertEquals(PKI.serverKey().chain(), q.client.session().peerCertificates(), "the resumed session keeps the peer chain");
        assertArrayEquals(utf8("after resumption"), SpiHarness.send(q, true, utf8("after resumption")));
        if (v == ProtocolVersion.TLS1_2) {
            assertArrayEquals(first.id(), q.client.session().id());
        }
        // invalidation (core's cache eviction / R5) stops resumption
        q.server.session().invalidate();
        first.invalidate();
        Spec c3 = client(v);
        c3.resume = first;
        Pair r = SpiHarness.pair(cctx, c3, sctx, server(v));
        SpiHarness.handshake(r);
        assertFalse(r.client.sessionReused());
        assertFalse(r.server.sessionReused());
    }

    @Test
    void tls13ResumptionIsRefusedByAServerThatDoesNotKnowTheSession() throws Exception {
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), client(ProtocolVersion.TLS1_3),
                SpiHarness.context(SslMethod.TLS), server(ProtocolVersion.TLS1_3));
        SpiHarness.handshake(p);
        Spec c2 = client(ProtocolVersion.TLS1_3);
        c2.resume = p.client.session();
        // another context (another SSL_CTX): its store does not have the PSK, a full handshake follows
        Pair q = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), c2, SpiHarness.context(SslMethod.TLS), server(ProtocolVersion.TLS1_3));
        SpiHarness.handshake(q);
        assertFalse(q.client.sessionReused());
        assertEquals(1, c2.verifyCalls.get());
    }

    @ParameterizedTest(name = "export and import {0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void exportImport(ProtocolVersion v) throws Exception {
        BcContext cctx = SpiHarness.context(SslMethod.TLS_CLIENT);
        BcContext sctx = SpiHarness.context(SslMethod.TLS_SERVER);
        Pair p = SpiHarness.pair(cctx, client(v), sctx, server(v));
        SpiHarness.handshake(p);
        byte[] bytes = p.client.session().export();
        EngineSession imported = SpiHarness.PROVIDER.importSession(bytes);
        assertEquals(v, imported.protocol());
        assertEquals(p.client.session().cipherSuite(), imported.cipherSuite());
        assertEquals(p.client.session().peerCertificates(), imported.peerCertificates());
        Spec c2 = client(v);
        c2.resume = imported;
        Pair q = SpiHarness.pair(cctx, c2, sctx, server(v));
        SpiHarness.handshake(q);
        assertTrue(q.client.sessionReused());
        assertTrue(q.server.sessionReused());
        assertTrue(p.client.session().isResumable(), "exporting does not spend the session's secret");
        SslException bad = assertThrows(SslException.class, () -> SpiHarness.PROVIDER.importSession(new byte[] {1, 2, 3}));
        assertTrue(bad.hasReason(SslReason.BAD_VALUE));
    }

    @Test
    void sessionIdGeneratorMakesTheIdTheClientSees() throws Exception {
        Spec s = server(ProtocolVersion.TLS1_2).with(Setting.SESSION_ID_GENERATOR, (ssl, id) -> {
            Arrays.fill(id, 0, 8, (byte) 0xAB);
            return 8;
        });
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), client(ProtocolVersion.TLS1_2), SpiHarness.context(SslMethod.TLS), s);
        SpiHarness.handshake(p);
        byte[] want = new byte[8];
        Arrays.fill(want, (byte) 0xAB);
        assertArrayEquals(want, p.client.session().id());
        assertArrayEquals(want, p.server.session().id());
    }

    @ParameterizedTest(name = "custom extension round trip {0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void customExtensionRoundTrip(ProtocolVersion v) throws Exception {
        List<String> seen = new ArrayList<>();
        CustomExtension ce = new CustomExtension(65280, ssl -> new byte[] {7},
                (ssl, d) -> seen.add("client got " + Arrays.toString(d)));
        CustomExtension se = new CustomExtension(65280, ssl -> new byte[] {9, 9},
                (ssl, d) -> seen.add("server got " + Arrays.toString(d)));
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), client(v).with(Setting.CUSTOM_EXTENSIONS, List.of(ce)),
                SpiHarness.context(SslMethod.TLS), server(v).with(Setting.CUSTOM_EXTENSIONS, List.of(se)));
        SpiHarness.handshake(p);
        assertEquals(List.of("server got [7]", "client got [9, 9]"), seen);
    }

    @Test
    void customExtensionParseFailureFailsTheHandshake() throws Exception {
        CustomExtension ce = new CustomExtension(65280, ssl -> new byte[] {7}, (ssl, d) -> true);
        CustomExtension se = new CustomExtension(65280, ssl -> null, (ssl, d) -> false);
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), client(null).with(Setting.CUSTOM_EXTENSIONS, List.of(ce)),
                SpiHarness.context(SslMethod.TLS), server(null).with(Setting.CUSTOM_EXTENSIONS, List.of(se)));
        SslException e = assertThrows(SslException.class, () -> SpiHarness.handshake(p));
        assertTrue(e.hasReason(SslReason.alert(50, false)), e.getMessage());
    }

    @ParameterizedTest(name = "serverinfo echoed {0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void serverInfo(ProtocolVersion v) throws Exception {
        AtomicReference<byte[]> got = new AtomicReference<>();
        CustomExtension ask = new CustomExtension(65290, ssl -> new byte[0], (ssl, d) -> {
            got.set(d);
            return true;
        });
        Spec s = server(v).with(Setting.SERVERINFO, List.of(new ServerInfo(65290, new byte[] {1, 2, 3}),
                new ServerInfo(65291, new byte[] {4})));
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), client(v).with(Setting.CUSTOM_EXTENSIONS, List.of(ask)),
                SpiHarness.context(SslMethod.TLS), s);
        SpiHarness.handshake(p);
        assertArrayEquals(new byte[] {1, 2, 3}, got.get());
        assertFalse(((BcEngine) p.client).bcClient().serverExtensions().containsKey(65291), "not echoed: the client did not send 65291");
    }

    @Test
    void tmpDhParamsAreWhatTheClientReceives() throws Exception {
        TestPki rsa = TestPki.rsa();
        java.math.BigInteger pr = DHStandardGroups.rfc3526_2048.getP();
        Spec s = new Spec(false).with(Setting.CERTIFICATES, List.of(rsa.serverKey()))
                .with(Setting.CIPHER_LIST, "DHE-RSA-AES128-GCM-SHA256")
                .with(Setting.MAX_PROTO_VERSION, ProtocolVersion.TLS1_2)
                .with(Setting.TMP_DH, TmpDh.params(pr, java.math.BigInteger.TWO));
        Spec c = client(ProtocolVersion.TLS1_2).with(Setting.CIPHER_LIST, "DHE-RSA-AES128-GCM-SHA256");
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), c, SpiHarness.context(SslMethod.TLS), s);
        SpiHarness.handshake(p);
        assertEquals("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", p.client.session().cipherSuite());
        assertEquals(pr, ((BcEngine) p.client).bcClient().serverDhGroup().getP());

        int[] asked = new int[1];
        Spec s2 = new Spec(false).with(Setting.CERTIFICATES, List.of(rsa.serverKey()))
                .with(Setting.CIPHER_LIST, "DHE-RSA-AES128-GCM-SHA256")
                .with(Setting.TMP_DH, TmpDh.callback(bits -> {
                    asked[0] = bits;
                    return new java.math.BigInteger[] {pr, java.math.BigInteger.TWO};
                }));
        Pair q = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), client(ProtocolVersion.TLS1_2)
                .with(Setting.CIPHER_LIST, "DHE-RSA-AES128-GCM-SHA256"), SpiHarness.context(SslMethod.TLS), s2);
        SpiHarness.handshake(q);
        assertEquals(2048, asked[0]);
        assertEquals(pr, ((BcEngine) q.client).bcClient().serverDhGroup().getP());
    }

    @Test
    void clientCertTypesCaNamesAndClientAuth() throws Exception {
        Spec s = server(ProtocolVersion.TLS1_2).with(Setting.CLIENT_CERT_TYPES, List.of(64))
                .with(Setting.CLIENT_CA_LIST, List.of(PKI.root()));
        s.verifyMode = EnumSet.of(VerifyMode.PEER, VerifyMode.FAIL_IF_NO_PEER_CERT);
        Spec c = client(ProtocolVersion.TLS1_2).with(Setting.CERTIFICATES, List.of(PKI.clientKey()));
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), c, SpiHarness.context(SslMethod.TLS), s);
        SpiHarness.handshake(p);
        assertArrayEquals(new short[] {64}, ((BcEngine) p.client).bcClient().requestedCertTypes());
        assertEquals(1, s.verifyCalls.get(), "the server verified the client's chain");
        assertEquals(PKI.clientKey().leaf(), s.lastChain[0]);
        assertEquals(PKI.clientKey().chain(), p.server.session().peerCertificates());

        // FAIL_IF_NO_PEER_CERT without a client key: certificate_required (TLS 1.3)
        Spec s3 = server(ProtocolVersion.TLS1_3);
        s3.verifyMode = EnumSet.of(VerifyMode.PEER, VerifyMode.FAIL_IF_NO_PEER_CERT);
        Pair q = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), client(ProtocolVersion.TLS1_3), SpiHarness.context(SslMethod.TLS), s3);
        SslException e = assertThrows(SslException.class, () -> SpiHarness.handshake(q));
        assertTrue(e.hasReason(SslReason.alert(116, false)) || e.hasReason(SslReason.alert(116, true)), e.getMessage());
    }

    @Test
    void caListGoesInTheClientHello() throws Exception {
        Spec c = client(ProtocolVersion.TLS1_3).with(Setting.CA_LIST, List.of(PKI.root()));
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), c, SpiHarness.context(SslMethod.TLS), server(ProtocolVersion.TLS1_3));
        SpiHarness.handshake(p);
        java.util.Vector<?> names = org.bouncycastle.tls.TlsExtensionsUtils.getCertificateAuthoritiesExtension(
                ((BcEngine) p.server).bcServer().clientExtensions());
        assertEquals(1, names.size());
        assertArrayEquals(PKI.root().getSubjectX500Principal().getEncoded(),
                ((org.bouncycastle.asn1.x500.X500Name) names.get(0)).getEncoded());
    }

    @Test
    void pskIdentityHintReachesAPskClient() throws Exception {
        Spec s = new Spec(false).with(Setting.CIPHER_LIST, "PSK-AES128-GCM-SHA256")
                .with(Setting.MAX_PROTO_VERSION, ProtocolVersion.TLS1_2)
                .with(Setting.PSK_IDENTITY_HINT, "hint-for-sslkit");
        BcContext ctx = SpiHarness.context(SslMethod.TLS_SERVER);
        dev.sslkit.spi.TlsEngine server = ctx.newEngine(s);
        server.beginHandshake();
        AtomicReference<byte[]> hint = new AtomicReference<>();
        TlsPSKIdentity id = new BasicTlsPSKIdentity("id", new byte[16]) {
            @Override
            public void notifyIdentityHint(byte[] h) {
                hint.set(h);
            }
        };
        TlsClientProtocol raw = new TlsClientProtocol();
        raw.connect(new PSKTlsClient(BcProvider.crypto(), id) {
            @Override
            protected int[] getSupportedCipherSuites() {
                return new int[] {org.bouncycastle.tls.CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256};
            }
        });
        assertThrows(Exception.class, () -> {
            for (int i = 0; i < 10; i++) {
                byte[] out = new byte[raw.getAvailableOutputBytes()];
                raw.readOutput(out, 0, out.length);
                java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream();
                SpiHarness.drain(server, ByteBuffer.wrap(out), null);
                SpiHarness.flushAll(server, back);
                if (back.size() > 0) {
                    raw.offerInput(back.toByteArray());
                }
            }
        }, "sslkit has no PSK key to give, so the server ends the handshake after sending the hint");
        assertArrayEquals(utf8("hint-for-sslkit"), hint.get());
    }

    @Test
    void alpnSniCipherSuitesAndSigalgs() throws Exception {
        Spec c = client(ProtocolVersion.TLS1_3).with(Setting.ALPN, List.of("h2", "http/1.1"))
                .with(Setting.CIPHERSUITES, "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256")
                .with(Setting.SIGALGS, List.of("ecdsa_secp256r1_sha256"));
        Spec s = server(ProtocolVersion.TLS1_3).with(Setting.ALPN, List.of("http/1.1", "h2"))
                .with(Setting.CIPHERSUITES, "TLS_AES_256_GCM_SHA384")
                .with(Setting.OPTIONS, EnumSet.of(dev.sslkit.SslOption.CIPHER_SERVER_PREFERENCE, dev.sslkit.SslOption.NO_COMPRESSION));
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), c, SpiHarness.context(SslMethod.TLS), s);
        SpiHarness.handshake(p);
        assertEquals("http/1.1", p.client.alpnSelected(), "the server's order wins");
        assertEquals("http/1.1", p.server.alpnSelected());
        assertEquals("TLS_AES_256_GCM_SHA384", p.client.session().cipherSuite());
        java.util.Vector<?> sni = org.bouncycastle.tls.TlsExtensionsUtils.getServerNameExtensionClient(
                ((BcEngine) p.server).bcServer().clientExtensions());
        assertEquals("localhost", new String(((org.bouncycastle.tls.ServerName) sni.get(0)).getNameData(), StandardCharsets.US_ASCII));

        // a server whose only key cannot sign any scheme the client offers fails cleanly
        Spec c2 = client(ProtocolVersion.TLS1_3).with(Setting.SIGALGS, List.of("rsa_pss_rsae_sha256"));
        Pair q = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), c2, SpiHarness.context(SslMethod.TLS), server(ProtocolVersion.TLS1_3));
        SslException e = assertThrows(SslException.class, () -> SpiHarness.handshake(q));
        assertTrue(e.hasReason(SslReason.NO_SHARED_CIPHER) || e.hasReason(SslReason.alert(40, true)), e.getMessage());
    }

    @Test
    void noSharedCipher() throws Exception {
        Spec c = client(ProtocolVersion.TLS1_2).with(Setting.CIPHER_LIST, "ECDHE-ECDSA-AES256-GCM-SHA384");
        Spec s = server(ProtocolVersion.TLS1_2).with(Setting.CIPHER_LIST, "ECDHE-ECDSA-AES128-GCM-SHA256");
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), c, SpiHarness.context(SslMethod.TLS), s);
        SslException e = assertThrows(SslException.class, () -> SpiHarness.handshake(p));
        assertTrue(e.hasReason(SslReason.NO_SHARED_CIPHER), e.getMessage());
        assertTrue(s.alerts.stream().anyMatch(a -> a[0] == 1 && a[1] == 1 && a[2] == 40), "server reported its alert");
    }

    @Test
    void refusedChainSendsAnAlertBothSidesSee() throws Exception {
        Spec c = client(null);
        c.refuse = "certificate verify failed: unable to get local issuer certificate (X509 error 20 at depth 1)";
        Spec s = server(null);
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), c, SpiHarness.context(SslMethod.TLS), s);
        SslException e = assertThrows(SslException.class, () -> SpiHarness.handshake(p));
        assertTrue(e.hasReason(SslReason.CERTIFICATE_VERIFY_FAILED), e.getMessage());
        assertTrue(e.hasReason(SslReason.alert(48, false)), e.getMessage());
        assertTrue(c.alerts.stream().anyMatch(a -> a[0] == 1 && a[2] == 48));
        // the alert reaches the server
        SpiHarness.flushAll(p.client, p.toServer);
        p.serverIn = SpiHarness.append(p.serverIn, p.toServer);
        SslException se = assertThrows(SslException.class, () -> SpiHarness.drain(p.server, p.serverIn, null));
        assertTrue(se.hasReason(SslReason.alert(48, true)), se.getMessage());
    }

    @Test
    void versionMismatchIsUnsupportedProtocol() throws Exception {
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), client(ProtocolVersion.TLS1_2),
                SpiHarness.context(SslMethod.TLS), server(ProtocolVersion.TLS1_3));
        SslException e = assertThrows(SslException.class, () -> SpiHarness.handshake(p));
        assertTrue(e.hasReason(SslReason.UNSUPPORTED_PROTOCOL), e.getMessage());
    }

    @Test
    void fallbackScsvIsSentAndEnforced() throws Exception {
        Spec c = client(ProtocolVersion.TLS1_2).with(Setting.MODE, EnumSet.of(dev.sslkit.SslMode.SEND_FALLBACK_SCSV));
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), c, SpiHarness.context(SslMethod.TLS), server(null));
        SslException e = assertThrows(SslException.class, () -> SpiHarness.handshake(p));
        assertTrue(e.hasReason(SslReason.alert(86, true)) || e.hasReason(SslReason.alert(86, false)), e.getMessage());
    }

    @Test
    void msgCallbackSeesHeadersAndHandshakeMessages() throws Exception {
        Spec c = client(ProtocolVersion.TLS1_3).with(Setting.MSG_CALLBACK, (w, v, t, b, ssl) -> { });
        Pair p = SpiHarness.pair(SpiHarness.context(SslMethod.TLS), c, SpiHarness.context(SslMethod.TLS), server(ProtocolVersion.TLS1_3));
        SpiHarness.handshake(p);
        assertTrue(c.messages.stream().anyMatch(m -> (boolean) m[0] && (int) m[2] == MsgCallback.RT_HANDSHAKE
                && ((byte[]) m[3])[0] == 1), "ClientHello sent");
        assertTrue(c.messages.stream().anyMatch(m -> !(boolean) m[0] && (int) m[2] == MsgCallback.RT_HANDSHAKE
                && ((byte[]) m[3])[0] == 2), "ServerHello received");
        assertTrue(c.messages.stream().anyMatch(m -> (int) m[2] == MsgCallback.RT_HEADER && ((byte[]) m[3]).length == 5));
    }

    @Test
    void garbageAndOversizedRecords() throws Exception {
        dev.sslkit.spi.TlsEngine s = SpiHarness.context(SslMethod.TLS).newEngine(server(null));
        s.beginHandshake();
        SslException e = assertThrows(SslException.class, () -> s.unwrap(ByteBuffer.wrap(utf8("GET / HTTP/1.1\r\n\r\n")),
                ByteBuffer.allocate(100)));
        assertTrue(e.hasReason(SslReason.WRONG_VERSION_NUMBER), e.getMessage());
        dev.sslkit.spi.TlsEngine s2 = SpiHarness.context(SslMethod.TLS).newEngine(server(null));
        s2.beginHandshake();
        byte[] rec = new byte[5 + 0x4900];
        rec[0] = 22;
        rec[1] = 3;
        rec[2] = 3;
        rec[3] = 0x49;
        SslException e2 = assertThrows(SslException.class, () -> s2.unwrap(ByteBuffer.wrap(rec), ByteBuffer.allocate(100)));
        assertTrue(e2.hasReason(SslReason.PACKET_LENGTH_TOO_LONG), e2.getMessage());
    }

    @Test
    void declaredCapabilitiesAndVersion() {
        assertEquals("bc", SpiHarness.PROVIDER.id());
        assertEquals("1.84", SpiHarness.PROVIDER.version());
        assertNotNull(SpiHarness.PROVIDER.capabilities().note(Setting.PSK_IDENTITY_HINT));
        assertTrue(SpiHarness.PROVIDER.capabilities().resumes(ProtocolVersion.TLS1_3, true));
        assertFalse(SpiHarness.PROVIDER.capabilities().renegotiation());
        assertThrows(SslException.class, () -> SpiHarness.PROVIDER.capabilities().whyNot(Setting.CIPHER_LIST, "NOPE-NOTHING"));
        assertThrows(SslException.class, () -> SpiHarness.PROVIDER.capabilities().whyNot(Setting.SIGALGS, List.of("nope")));
    }
}
