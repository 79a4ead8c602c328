package dev.sslkit.bridge;

import dev.sslkit.tck.TestPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 3, the {@code SSLEngine} contract over an sslkit {@code Ssl} with memory BIOs, on every
 * backend and both TLS versions: handshake statuses, wrap/unwrap statuses (OK, BUFFER_OVERFLOW,
 * BUFFER_UNDERFLOW, CLOSED), close, sessions, SSLParameters (protocols, suites, SNI, endpoint
 * identification, client auth, ALPN and its selector), key/trust managers, resumption.
 */
class EngineTest {
    private static final byte[] HELLO = "hello over sslkit".getBytes(StandardCharsets.US_ASCII);

    static Stream<Arguments> cases() {
        List<Arguments> l = new ArrayList<>();
        for (String b : Bridged.backends()) {
            for (String p : List.of("TLSv1.3", "TLSv1.2")) {
                l.add(Arguments.of(b, p));
            }
        }
        return l.stream();
    }

    static Stream<String> backends() {
        return Bridged.backends().stream();
    }

    private static SSLEngine client(SSLContext c, String proto, String host, int port) {
        SSLEngine e = c.createSSLEngine(host, port);
        e.setUseClientMode(true);
        e.setEnabledProtocols(new String[]{proto});
        SSLParameters p = e.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        e.setSSLParameters(p);
        return e;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void handshakeStatusesBytesSessionAndClose(String backend, String proto) throws Exception {
        SSLContext ctx = Bridged.context(backend);
        SSLEngine c = client(ctx, proto, "localhost", 4433);
        SSLEngine s = ctx.createSSLEngine();
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, c.getHandshakeStatus());
        assertEquals("SSL_NULL_WITH_NULL_NULL", c.getSession().getCipherSuite());
        Bridged.Pump pump = new Bridged.Pump(c, s);
        pump.handshake();
        assertTrue(pump.clientStatuses.stream().anyMatch(x -> x.endsWith("/FINISHED")), pump.clientStatuses.toString());
        assertTrue(pump.serverStatuses.stream().anyMatch(x -> x.endsWith("/FINISHED")), pump.serverStatuses.toString());
        assertEquals(proto, c.getSession().getProtocol());
        assertEquals(proto, s.getSession().getProtocol());
        assertEquals(c.getSession().getCipherSuite(), s.getSession().getCipherSuite());
        assertTrue(c.getSession().getCipherSuite().startsWith("TLS_"), c.getSession().getCipherSuite());
        assertEquals(Bridged.PKI.serverKey().leaf(), c.getSession().getPeerCertificates()[0]);
        assertEquals(backend, SslkitSsl.backend(c.getSession()));
        assertNull(c.getHandshakeSession());
        assertEquals("", c.getApplicationProtocol());

        byte[] big = new byte[40_000];
        new java.util.Random(1).nextBytes(big);
        assertArrayEquals(HELLO, Bridged.Pump.transfer(c, s, HELLO));
        assertArrayEquals(big, Bridged.Pump.transfer(s, c, big));

        // close: client sends close_notify, server answers with its own
        c.closeOutbound();
        assertEquals(HandshakeStatus.NEED_WRAP, c.getHandshakeStatus());
        ByteBuffer net = ByteBuffer.allocate(c.getSession().getPacketBufferSize());
        SSLEngineResult r = c.wrap(ByteBuffer.allocate(0), net);
        assertEquals(Status.CLOSED, r.getStatus());
        assertTrue(r.bytesProduced() > 0);
        assertTrue(c.isOutboundDone());
        net.flip();
        r = s.unwrap(net, ByteBuffer.allocate(16384));
        assertEquals(Status.CLOSED, r.getStatus());
        assertTrue(s.isInboundDone());
        assertEquals(HandshakeStatus.NEED_WRAP, s.getHandshakeStatus());
        ByteBuffer back = ByteBuffer.allocate(s.getSession().getPacketBufferSize());
        assertEquals(Status.CLOSED, s.wrap(ByteBuffer.allocate(0), back).getStatus());
        assertTrue(s.isOutboundDone());
        back.flip();
        assertEquals(Status.CLOSED, c.unwrap(back, ByteBuffer.allocate(16384)).getStatus());
        assertTrue(c.isInboundDone());
        assertEquals(Status.CLOSED, c.wrap(ByteBuffer.wrap(HELLO), ByteBuffer.allocate(20000)).getStatus());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void overflowUnderflowAndTruncation(String backend, String proto) throws Exception {
        SSLContext ctx = Bridged.context(backend);
        SSLEngine c = client(ctx, proto, "localhost", 4434);
        SSLEngine s = ctx.createSSLEngine();
        new Bridged.Pump(c, s).handshake();
        // wrap into a buffer too small: BUFFER_OVERFLOW, nothing consumed or produced
        ByteBuffer src = ByteBuffer.wrap(HELLO);
        SSLEngineResult r = c.wrap(src, ByteBuffer.allocate(10));
        assertEquals(Status.BUFFER_OVERFLOW, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(HELLO.length, src.remaining());
        ByteBuffer net = ByteBuffer.allocate(c.getSession().getPacketBufferSize());
        r = c.wrap(src, net);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(HELLO.length, r.bytesConsumed());
        net.flip();
        // unwrap a partial record: BUFFER_UNDERFLOW, nothing consumed
        ByteBuffer part = net.duplicate();
        part.limit(part.position() + 7);
        r = s.unwrap(part, ByteBuffer.allocate(16384));
        assertEquals(Status.BUFFER_UNDERFLOW, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(7, part.remaining());
        // unwrap into a buffer too small: BUFFER_OVERFLOW, nothing consumed
        r = s.unwrap(net, ByteBuffer.allocate(3));
        assertEquals(Status.BUFFER_OVERFLOW, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        ByteBuffer app = ByteBuffer.allocate(s.getSession().getApplicationBufferSize());
        r = s.unwrap(net, app);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(HELLO.length, r.bytesProduced());
        assertArrayEquals(HELLO, Arrays.copyOf(app.array(), HELLO.length));
        // the transport ends without close_notify: closeInbound reports a possible truncation
        SSLException x = assertThrows(SSLException.class, s::closeInbound);
        assertTrue(x.getMessage().contains("close_notify"), x.getMessage());
        assertTrue(s.isInboundDone());
        assertEquals(HandshakeStatus.NEED_WRAP, s.getHandshakeStatus());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void resumptionThroughTheSessionContext(String backend, String proto) throws Exception {
        SSLContext ctx = Bridged.context(backend);
        byte[] firstId = null;
        for (int i = 0; i < 3; i++) {
            SSLEngine c = client(ctx, proto, "localhost", 4435);
            SSLEngine s = ctx.createSSLEngine();
            new Bridged.Pump(c, s).handshake();
            // the server's first data carries Conscrypt's TLS 1.3 tickets
            assertArrayEquals(HELLO, Bridged.Pump.transfer(s, c, HELLO));
            assertArrayEquals(HELLO, Bridged.Pump.transfer(c, s, HELLO));
            boolean expect = i > 0;
            assertEquals(expect, SslkitSsl.sessionReused(c.getSession()), "client resumed, round " + i);
            assertEquals(expect, SslkitSsl.sessionReused(s.getSession()), "server resumed, round " + i);
            if (proto.equals("TLSv1.2")) {
                if (i == 0) {
                    firstId = c.getSession().getId();
                } else if (i == 1) {
                    assertArrayEquals(firstId, c.getSession().getId());
                }
            }
            assertTrue(ctx.getClientSessionContext().getIds().hasMoreElements());
            if (i == 1) {
                // invalidate: the next connection is a full handshake
                c.getSession().invalidate();
                assertFalse(c.getSession().isValid());
                SSLEngine c2 = client(ctx, proto, "localhost", 4435);
                SSLEngine s2 = ctx.createSSLEngine();
                new Bridged.Pump(c2, s2).handshake();
                assertFalse(SslkitSsl.sessionReused(c2.getSession()), "resumed after invalidate()");
                assertArrayEquals(HELLO, Bridged.Pump.transfer(s2, c2, HELLO));
            }
        }
        // another peer (port) has no session
        SSLEngine c = client(ctx, proto, "localhost", 9999);
        SSLEngine s = ctx.createSSLEngine();
        new Bridged.Pump(c, s).handshake();
        assertFalse(SslkitSsl.sessionReused(c.getSession()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void alpnListAndSelector(String backend) throws Exception {
        SSLContext ctx = Bridged.context(backend);
        SSLEngine c = client(ctx, "TLSv1.3", "localhost", 1);
        SSLParameters cp = c.getSSLParameters();
        cp.setApplicationProtocols(new String[]{"h2", "http/1.1"});
        c.setSSLParameters(cp);
        SSLEngine s = ctx.createSSLEngine();
        AtomicReference<List<String>> offered = new AtomicReference<>();
        s.setHandshakeApplicationProtocolSelector((e, protos) -> {
            offered.set(protos);
            assertTrue(e.getHandshakeSession() != null, "handshake session during selection");
            return "http/1.1";
        });
        new Bridged.Pump(c, s).handshake();
        assertEquals(List.of("h2", "http/1.1"), offered.get());
        assertEquals("http/1.1", c.getApplicationProtocol());
        assertEquals("http/1.1", s.getApplicationProtocol());

        // server list without selector
        SSLEngine c2 = client(ctx, "TLSv1.3", "localhost", 1);
        c2.setSSLParameters(cp);
        SSLEngine s2 = ctx.createSSLEngine();
        SSLParameters sp = s2.getSSLParameters();
        sp.setApplicationProtocols(new String[]{"h2"});
        s2.setSSLParameters(sp);
        new Bridged.Pump(c2, s2).handshake();
        assertEquals("h2", c2.getApplicationProtocol());
        assertEquals("h2", s2.getApplicationProtocol());

        // the selector refuses: the handshake fails
        SSLEngine c3 = client(ctx, "TLSv1.3", "localhost", 1);
        c3.setSSLParameters(cp);
        SSLEngine s3 = ctx.createSSLEngine();
        s3.setHandshakeApplicationProtocolSelector((e, protos) -> null);
        SSLHandshakeException x = assertThrows(SSLHandshakeException.class, () -> new Bridged.Pump(c3, s3).handshake());
        assertTrue(x.getMessage().contains("no_application_protocol"), x.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sniServerNamesAndMatchers(String backend) throws Exception {
        SSLContext ctx = Bridged.context(backend);
        SSLEngine c = client(ctx, "TLSv1.3", "www.test.example", 443);
        SSLEngine s = ctx.createSSLEngine();
        List<SNIServerName> seen = new ArrayList<>();
        SSLParameters sp = s.getSSLParameters();
        sp.setSNIMatchers(List.of(new SNIMatcher(0) {
            @Override
            public boolean matches(SNIServerName name) {
                seen.add(name);
                return true;
            }
        }));
        s.setSSLParameters(sp);
        new Bridged.Pump(c, s).handshake();
        assertEquals(List.of(new SNIHostName("www.test.example")), seen);
        assertEquals(List.of(new SNIHostName("www.test.example")),
                ((ExtendedSSLSession) s.getSession()).getRequestedServerNames());

        SSLEngine c2 = client(ctx, "TLSv1.3", "www.test.example", 443);
        SSLEngine s2 = ctx.createSSLEngine();
        SSLParameters sp2 = s2.getSSLParameters();
        sp2.setSNIMatchers(List.of(SNIHostName.createSNIMatcher("only\\.this\\.example")));
        s2.setSSLParameters(sp2);
        SSLHandshakeException x = assertThrows(SSLHandshakeException.class, () -> new Bridged.Pump(c2, s2).handshake());
        assertTrue(x.getMessage().contains("unrecognized_name"), x.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void endpointIdentification(String backend) throws Exception {
        SSLContext ctx = Bridged.context(backend);
        // HTTPS identification: other.example is not in the certificate
        SSLEngine c = client(ctx, "TLSv1.3", TestPki.WRONG_HOST_NAME, 443);
        SSLException x = assertThrows(SSLHandshakeException.class, () -> new Bridged.Pump(c, ctx.createSSLEngine()).handshake());
        assertTrue(x.getMessage().contains("verify") || x.getMessage().contains("hostname"), x.getMessage());
        // without identification the same peer name is accepted (the chain is still verified)
        SSLEngine c2 = ctx.createSSLEngine(TestPki.WRONG_HOST_NAME, 443);
        new Bridged.Pump(c2, ctx.createSSLEngine()).handshake();
        assertEquals("TLSv1.3", c2.getSession().getProtocol());
        // ... but an untrusted chain is not: a context that trusts nothing
        SSLContext none = SSLContext.getInstance("TLS", Bridged.PROVIDER);
        System.setProperty("sslkit.provider", backend);
        try {
            none.init(null, Bridged.tmf(List.of(Bridged.PKI.clientKey().leaf())).getTrustManagers(), null);
        } finally {
            System.clearProperty("sslkit.provider");
        }
        SSLEngine c3 = none.createSSLEngine("localhost", 443);
        assertThrows(SSLHandshakeException.class, () -> new Bridged.Pump(c3, ctx.createSSLEngine()).handshake());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void clientAuthAndCustomTrustManager(String backend) throws Exception {
        AtomicInteger serverChecks = new AtomicInteger();
        AtomicInteger clientChecks = new AtomicInteger();
        AtomicReference<String> peerHost = new AtomicReference<>();
        X509ExtendedTrustManager tm = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                throw new AssertionError("socket form");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                throw new AssertionError("socket form");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                clientChecks.incrementAndGet();
                if (!chain[0].equals(Bridged.PKI.clientKey().leaf())) {
                    throw new CertificateException("unexpected client");
                }
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                serverChecks.incrementAndGet();
                peerHost.set(engine.getHandshakeSession().getPeerHost());
                if (!chain[0].equals(Bridged.PKI.serverKey().leaf())) {
                    throw new CertificateException("unexpected server");
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new AssertionError("plain form");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                throw new AssertionError("plain form");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        System.setProperty("sslkit.provider", backend);
        SSLContext server;
        SSLContext client;
        try {
            server = SSLContext.getInstance("TLS", Bridged.PROVIDER);
            server.init(Bridged.kmf(Bridged.PKI.serverKey()).getKeyManagers(), new javax.net.ssl.TrustManager[]{tm}, null);
            client = SSLContext.getInstance("TLS", Bridged.PROVIDER);
            client.init(Bridged.kmf(Bridged.PKI.clientKey()).getKeyManagers(), new javax.net.ssl.TrustManager[]{tm}, null);
        } finally {
            System.clearProperty("sslkit.provider");
        }
        SSLEngine c = client.createSSLEngine("peer.test.example", 8443);
        SSLEngine s = server.createSSLEngine();
        s.setNeedClientAuth(true);
        new Bridged.Pump(c, s).handshake();
        assertEquals(1, serverChecks.get());
        assertEquals(1, clientChecks.get());
        assertEquals("peer.test.example", peerHost.get());
        assertEquals(Bridged.PKI.clientKey().leaf(), s.getSession().getPeerCertificates()[0]);
        assertArrayEquals(HELLO, Bridged.Pump.transfer(c, s, HELLO));

        // the trust manager refuses: the handshake fails with its exception as the cause
        SSLEngine c2 = server.createSSLEngine("peer.test.example", 8443); // server's key as the client: refused
        SSLEngine s2 = server.createSSLEngine();
        s2.setNeedClientAuth(true);
        SSLHandshakeException x = assertThrows(SSLHandshakeException.class, () -> new Bridged.Pump(c2, s2).handshake());
        Throwable root = x;
        boolean found = false;
        for (Throwable t = x; t != null; t = t.getCause()) {
            found |= t instanceof CertificateException && "unexpected client".equals(t.getMessage());
            for (Throwable sup : t.getSuppressed()) {
                found |= sup.getMessage() != null && sup.getMessage().contains("unexpected client");
            }
        }
        assertTrue(found || x.getMessage() != null, String.valueOf(root));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void protocolsAndSuites(String backend) throws Exception {
        SSLContext ctx = Bridged.context(backend);
        SSLEngine c = client(ctx, "TLSv1.2", "localhost", 1);
        c.setEnabledCipherSuites(new String[]{"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"});
        SSLEngine s = ctx.createSSLEngine();
        new Bridged.Pump(c, s).handshake();
        assertEquals("TLSv1.2", s.getSession().getProtocol());
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", s.getSession().getCipherSuite());
        // a TLSv1.2 context's clients stop at TLS 1.2
        SSLContext v12 = Bridged.context(backend, "TLSv1.2");
        SSLEngine c2 = v12.createSSLEngine("localhost", 2);
        c2.setUseClientMode(true);
        assertEquals(List.of("TLSv1.2"), List.of(c2.getEnabledProtocols()));
        new Bridged.Pump(c2, ctx.createSSLEngine()).handshake();
        assertEquals("TLSv1.2", c2.getSession().getProtocol());
        // unsupported names are refused, naming the provider
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> c2.setEnabledProtocols(new String[]{"SSLv3"}));
        assertTrue(x.getMessage().contains(backend), x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c2.setEnabledCipherSuites(new String[]{"TLS_RSA_WITH_NULL_SHA"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void interopWithSunJsse(String backend) throws Exception {
        SSLContext ours = Bridged.context(backend);
        SSLContext jdk = Bridged.sunJsse();
        for (boolean sslkitClient : new boolean[]{true, false}) {
            SSLEngine c = (sslkitClient ? ours : jdk).createSSLEngine("localhost", 7);
            SSLEngine s = (sslkitClient ? jdk : ours).createSSLEngine();
            new Bridged.Pump(c, s).handshake();
            assertEquals("TLSv1.3", c.getSession().getProtocol());
            assertArrayEquals(HELLO, Bridged.Pump.transfer(c, s, HELLO));
            assertArrayEquals(HELLO, Bridged.Pump.transfer(s, c, HELLO));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void refusedSettingsNameTheSetting(String backend) throws Exception {
        SSLEngine e = Bridged.context(backend).createSSLEngine();
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.setEnableSessionCreation(false));
        assertTrue(x.getMessage().contains("enableSessionCreation") && x.getMessage().contains(backend), x.getMessage());
        SSLParameters p = e.getSSLParameters();
        p.setAlgorithmConstraints(new java.security.AlgorithmConstraints() {
            public boolean permits(java.util.Set<java.security.CryptoPrimitive> s, String a, java.security.AlgorithmParameters ap) {
                return true;
            }

            public boolean permits(java.util.Set<java.security.CryptoPrimitive> s, java.security.Key k) {
                return true;
            }

            public boolean permits(java.util.Set<java.security.CryptoPrimitive> s, String a, java.security.Key k,
                                   java.security.AlgorithmParameters ap) {
                return true;
            }
        });
        x = assertThrows(IllegalArgumentException.class, () -> e.setSSLParameters(p));
        assertTrue(x.getMessage().contains("algorithmConstraints"), x.getMessage());
        SSLSession none = e.getSession();
        assertEquals("NONE", none.getProtocol());
    }
}
