package dev.sslkit.bridge;

import dev.sslkit.CertifiedKey;
import dev.sslkit.tck.Providers;
import dev.sslkit.tck.TestPki;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: JCA key/trust material from the tck's PKI, sslkit SSLContexts per backend, an engine pump. */
final class Bridged {
    static final SslkitProvider PROVIDER = new SslkitProvider();
    static final TestPki PKI = TestPki.ec();
    static final char[] PW = "changeit".toCharArray();

    private Bridged() {
    }

    /** @return the backends that can run here (Conscrypt only where its native library loads) */
    static List<String> backends() {
        return Providers.availableProviderIds();
    }

    static KeyManagerFactory kmf(CertifiedKey key) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", key.privateKey(), PW, key.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, PW);
        return kmf;
    }

    static TrustManagerFactory tmf(List<X509Certificate> anchors) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (X509Certificate c : anchors) {
            ks.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        return tmf;
    }

    /** An sslkit SSLContext on {@code backend} with the PKI's server and client keys and its root as trust anchor. */
    static SSLContext context(String backend) throws Exception {
        return context(backend, "TLS");
    }

    static SSLContext context(String backend, String protocol) throws Exception {
        String old = System.getProperty("sslkit.provider");
        System.setProperty("sslkit.provider", backend);
        try {
            SSLContext c = SSLContext.getInstance(protocol, PROVIDER);
            c.init(kmf(PKI.serverKey()).getKeyManagers(), tmf(PKI.trustAnchors()).getTrustManagers(), null);
            return c;
        } finally {
            if (old == null) {
                System.clearProperty("sslkit.provider");
            } else {
                System.setProperty("sslkit.provider", old);
            }
        }
    }

    /** The JDK's own SunJSSE context with the same material, as the reference peer. */
    static SSLContext sunJsse() throws Exception {
        SSLContext c = SSLContext.getInstance("TLS", "SunJSSE");
        c.init(kmf(PKI.serverKey()).getKeyManagers(), tmf(PKI.trustAnchors()).getTrustManagers(), null);
        return c;
    }

    /** Two engines joined by buffers, driven on one thread. */
    static final class Pump {
        final SSLEngine client;
        final SSLEngine server;
        final ByteBuffer c2s = ByteBuffer.allocate(1 << 17);
        final ByteBuffer s2c = ByteBuffer.allocate(1 << 17);
        final List<String> clientStatuses = new ArrayList<>();
        final List<String> serverStatuses = new ArrayList<>();

        Pump(SSLEngine client, SSLEngine server) {
            this.client = client;
            this.server = server;
            client.setUseClientMode(true);
            server.setUseClientMode(false);
        }

        /** Runs both handshakes to the end; throws the first SSLException either side raises. */
        void handshake() throws SSLException {
            client.beginHandshake();
            server.beginHandshake();
            ByteBuffer sink = ByteBuffer.allocate(1 << 15);
            for (int i = 0; i < 200; i++) {
                boolean cDone = idle(client);
                boolean sDone = idle(server);
                if (cDone && sDone && c2s.position() == 0 && s2c.position() == 0) {
                    return;
                }
                step(client, c2s, s2c, sink, clientStatuses);
                step(server, s2c, c2s, sink, serverStatuses);
            }
            throw new AssertionError("handshake did not finish: client " + client.getHandshakeStatus() + ", server "
                    + server.getHandshakeStatus());
        }

        private static boolean idle(SSLEngine e) {
            SSLEngineResult.HandshakeStatus hs = e.getHandshakeStatus();
            return hs == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || hs == SSLEngineResult.HandshakeStatus.FINISHED;
        }

        private static void step(SSLEngine e, ByteBuffer out, ByteBuffer in, ByteBuffer sink, List<String> log) throws SSLException {
            for (int guard = 0; guard < 50; guard++) {
                SSLEngineResult.HandshakeStatus hs = e.getHandshakeStatus();
                SSLEngineResult r;
                if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    r = e.wrap(ByteBuffer.allocate(0), out);
                } else if (hs != SSLEngineResult.HandshakeStatus.NEED_TASK && in.position() > 0) {
                    in.flip();
                    r = e.unwrap(in, sink);
                    in.compact();
                } else if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    e.getDelegatedTask().run();
                    continue;
                } else {
                    return;
                }
                log.add(r.getStatus() + "/" + r.getHandshakeStatus());
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    return;
                }
            }
        }

        /** Sends {@code data} from one engine and returns what the other reads. */
        static byte[] transfer(SSLEngine from, SSLEngine to, byte[] data) throws SSLException {
            ByteBuffer net = ByteBuffer.allocate(from.getSession().getPacketBufferSize() * (data.length / 16384 + 2));
            ByteBuffer src = ByteBuffer.wrap(data);
            while (src.hasRemaining()) {
                SSLEngineResult r = from.wrap(src, net);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new AssertionError("wrap: " + r);
                }
            }
            net.flip();
            ByteBuffer app = ByteBuffer.allocate(data.length + 16384);
            while (net.hasRemaining()) {
                SSLEngineResult r = to.unwrap(net, app);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new AssertionError("unwrap: " + r);
                }
            }
            // a record processed without data (e.g. a TLS 1.3 ticket) leaves nothing; data is all there now
            byte[] out = new byte[app.position()];
            app.flip().get(out);
            return out;
        }
    }
}
