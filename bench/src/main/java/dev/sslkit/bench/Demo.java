package dev.sslkit.bench;

import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.ProviderInfo;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;
import dev.sslkit.Sslkit;
import dev.sslkit.tck.TestPki;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The end-to-end example: two connections over a BIO pair, a handshake, a message each way, a clean
 * shutdown, then the same client resumes with its saved session. The provider comes from
 * configuration ({@code -Dsslkit.provider=jsse|bc|conscrypt} or {@code SSLKIT_PROVIDER}), so the
 * same program runs on every backend without a code change.
 *
 * <p>Run: {@code java -p <jars> -m dev.sslkit.bench/dev.sslkit.bench.Demo}
 */
public final class Demo {
    private Demo() {
    }

    /**
     * @param args ignored
     * @throws Exception on failure (exit status 1)
     */
    public static void main(String[] args) throws Exception {
        try {
            demo();
        } catch (SslException e) {
            System.err.println("sslkit demo failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void demo() throws Exception {
        String configured = Sslkit.configuredProviderId();
        System.out.println("sslkit demo: configured provider '" + configured + "'; installed:");
        for (ProviderInfo p : Sslkit.providers()) {
            System.out.println("  " + p.id() + " " + p.version() + (p.available() ? "" : " (unavailable: " + p.cause() + ")")
                    + " from " + p.location());
        }
        TestPki pki = TestPki.ec();
        for (ProtocolVersion v : List.of(ProtocolVersion.TLS1_3, ProtocolVersion.TLS1_2)) {
            run(pki, v);
        }
        System.out.println("sslkit demo: OK");
    }

    private static void run(TestPki pki, ProtocolVersion v) throws SslException {
        try (SslContext server = SslContext.newContext(SslMethod.TLS_SERVER);
             SslContext client = SslContext.newContext(SslMethod.TLS_CLIENT)) {
            server.set(Setting.CERTIFICATES, List.of(pki.serverKey()));
            client.setTrustAnchors(List.of(pki.root()));
            for (SslContext c : List.of(server, client)) {
                c.set(Setting.MIN_PROTO_VERSION, v);
                c.set(Setting.MAX_PROTO_VERSION, v);
            }
            SslSession saved;
            try (Ssl c = client.newSsl(); Ssl s = server.newSsl()) {
                exchange(c, s);
                System.out.println("  provider " + client.providerId() + ": " + c.version().protocolName() + " "
                        + c.cipherSuite() + ", peer " + c.peerCertificates().get(0).getSubjectX500Principal().getName()
                        + ", messages both ways, clean shutdown");
                saved = c.get1Session();
            }
            try (Ssl c = client.newSsl(); Ssl s = server.newSsl()) {
                c.setSession(saved);
                saved.free();
                exchange(c, s);
                System.out.println("  provider " + client.providerId() + ": " + c.version().protocolName()
                        + " resumption: client reused=" + c.sessionReused() + ", server reused=" + s.sessionReused());
            }
        }
    }

    private static void exchange(Ssl c, Ssl s) throws SslException {
        c.setHostName("localhost");
        BioPair pair = Bio.newPair(0, 0);
        c.setBio(pair.first(), pair.first());
        s.setBio(pair.second(), pair.second());
        int rc = 0;
        int rs = 0;
        while (rc != 1 || rs != 1) {
            rc = c.doHandshake();
            rs = s.doHandshake();
        }
        send(c, s, "hello from the client");
        send(s, c, "hello from the server");
        c.shutdown();
        ByteBuffer sink = ByteBuffer.allocate(64);
        while (s.read(sink.clear()) != Ssl.ZERO_RETURN) {
            Thread.onSpinWait();
        }
        s.shutdown();
        while (c.shutdown() != 1) {
            Thread.onSpinWait();
        }
    }

    private static void send(Ssl from, Ssl to, String text) throws SslException {
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        from.write(ByteBuffer.wrap(msg));
        ByteBuffer in = ByteBuffer.allocate(256);
        while (in.position() < msg.length) {
            to.read(in);
        }
        String got = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
        if (!got.equals(text)) {
            throw new IllegalStateException("sent '" + text + "', received '" + got + "'");
        }
    }
}
