package dev.sslkit.cli;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Sslkit;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.tck.OpenSslBinary;
import dev.sslkit.tck.Providers;
import dev.sslkit.tck.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code openssl s_client} against {@code sslkit s_server}, every provider, TLS 1.2 and 1.3 (issue 17
 * items 2 and 4): {@code -reconnect} counted by both sides, and {@code -www}'s status page. The server
 * runs in this JVM through {@link Main#run}; {@code LauncherIT} runs one as a separate process.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SServerIT {
    @TempDir
    static Path dir;
    static TestPki.PemFiles pem;
    /** How many Reused lines openssl s_client -reconnect gets from openssl's own s_server, per version. */
    static final Map<ProtocolVersion, Integer> REFERENCE = new EnumMap<>(ProtocolVersion.class);

    @BeforeAll
    static void pki() throws Exception {
        assumeTrue(OpenSslBinary.isAvailable(), "openssl binary not installed (.ci/run installs it)");
        pem = TestPki.ec().writePem(dir);
        for (ProtocolVersion v : new ProtocolVersion[] {ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3}) {
            try (OpenSslBinary.Server s = OpenSslBinary.startServer(OpenSslBinary.ServerOptions.of(pem).protocol(v)
                    .mode(OpenSslBinary.Mode.ECHO))) {
                OpenSslBinary.Result r = OpenSslBinary.runClient(reconnect(s.port(), v));
                assertTrue(r.succeeded(), r.stdout() + r.stderr());
                REFERENCE.put(v, r.reusedCount());
            }
        }
    }

    static OpenSslBinary.ClientOptions reconnect(int port, ProtocolVersion v) {
        return reconnectOptions(pem, port, v);
    }

    /** @return {@code openssl s_client -reconnect} to the port, ending at the end of its stdin ({@code hi}) */
    static OpenSslBinary.ClientOptions reconnectOptions(TestPki.PemFiles pem, int port, ProtocolVersion v) {
        return OpenSslBinary.ClientOptions.connect(port).caFile(pem.root()).servername("localhost").protocol(v)
                .reconnect(true).ignEof(false).stdin("hi\n");
    }

    static String[] server(String id, ProtocolVersion v, String... more) {
        String[] base = {"s_server", "-accept", "127.0.0.1:0", "-cert", pem.serverChain().toString(), "-key",
                pem.serverKey().toString(), "-provider", id, SClientIT.flag(v)};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /**
     * {@code openssl s_client -reconnect}: TLS 1.2 reconnections are {@code Reused} exactly where the
     * provider's server resumes with other implementations; TLS 1.3 ones as many as against
     * openssl's own s_server (OpenSSL 3.0's client drops each connection before the tickets come).
     * The server's {@code Reused session-id} lines agree with the client's {@code Reused} lines; ALPN
     * is negotiated.
     */
    @ParameterizedTest(name = "openssl s_client -reconnect -> sslkit s_server -provider {0}, {1}")
    @MethodSource("dev.sslkit.cli.SClientIT#providersAndVersions")
    void opensslReconnectCountsReused(String id, ProtocolVersion v) throws Exception {
        dev.sslkit.ProviderCapabilities caps = Sslkit.capabilities(id);
        int expected = v == ProtocolVersion.TLS1_3 ? REFERENCE.get(v) : caps.resumes(v, true) && caps.resumesWithOthers(v) ? 5 : 0;
        try (Cli.Running srv = new Cli.Running(server(id, v, "-naccept", "6", "-alpn", "h2,http/1.1"))) {
            int port = srv.awaitAccept();
            OpenSslBinary.Result r = OpenSslBinary.runClient(reconnect(port, v).args("-alpn", "http/1.1"));
            assertTrue(r.succeeded(), r.stdout() + r.stderr());
            assertTrue(r.stdout().contains("ALPN protocol: http/1.1"), "-alpn: " + r.stdout());
            assertEquals(expected, r.reusedCount(), r.stdout());
            assertEquals(6, r.handshakes().stream().filter(h -> h.protocol().equals(v.protocolName())).count(), r.stdout());
            assertEquals(0, srv.awaitExit(Duration.ofSeconds(20)), srv.toString());
            assertEquals(expected, srv.out().lines().filter(l -> l.equals("Reused session-id")).count(), srv.out());
            assertEquals(6, srv.out().lines().filter(l -> l.equals("CIPHER is " + Tls.cipher(r.handshakes().get(0).cipher()))
                    || l.equals("CIPHER is " + r.handshakes().get(0).cipher())).count(), srv.out());
            assertTrue(srv.out().contains("hi"), "the client's stdin reached the server's stdout: " + srv.out());
            assertTrue(srv.out().contains("   6 server accepts that finished"), srv.out());
        }
    }

    /**
     * {@code -www}: an HTTP GET gets the status page with protocol, suite, New or Reused and the
     * session cache statistics; a second connection offering the first one's session (openssl
     * {@code -sess_out}/{@code -sess_in}, TLS 1.2) is reported Reused where the provider resumes.
     */
    @ParameterizedTest(name = "sslkit s_server -www -provider {0}")
    @MethodSource("dev.sslkit.cli.CliTest#providers")
    void wwwStatusPage(String id) throws Exception {
        ProtocolVersion v = ProtocolVersion.TLS1_2;
        boolean resumes = Sslkit.capabilities(id).resumes(v, true) && Sslkit.capabilities(id).resumesWithOthers(v);
        Path sess = dir.resolve("www-" + id + ".sess");
        try (Cli.Running srv = new Cli.Running(server(id, v, "-www", "-naccept", "2"))) {
            int port = srv.awaitAccept();
            OpenSslBinary.Result first = OpenSslBinary.runClient(OpenSslBinary.ClientOptions.connect(port).caFile(pem.root())
                    .servername("localhost").protocol(v).sessOut(sess).stdin("GET / HTTP/1.0\r\n\r\n"));
            assertTrue(first.stdout().contains("HTTP/1.0 200 ok"), first.stdout());
            assertTrue(first.stdout().contains("sslkit s_server -provider " + id), first.stdout());
            assertTrue(first.stdout().contains("New, TLSv1.2, Cipher is " + first.handshakes().get(0).cipher()), first.stdout());
            assertTrue(first.stdout().contains("   1 server accepts that finished"), first.stdout());
            assertTrue(first.stdout().contains("no client certificate available"), first.stdout());

            OpenSslBinary.Result second = OpenSslBinary.runClient(OpenSslBinary.ClientOptions.connect(port).caFile(pem.root())
                    .servername("localhost").protocol(v).sessIn(sess).stdin("GET /again HTTP/1.0\r\n\r\n"));
            assertTrue(second.stdout().contains((resumes ? "Reused" : "New") + ", TLSv1.2, Cipher is "), second.stdout());
            assertTrue(second.stdout().contains("   2 server accepts that finished"), second.stdout());
            assertEquals(0, srv.awaitExit(Duration.ofSeconds(20)), srv.toString());
            assertTrue(srv.out().contains("GET /again HTTP/1.0 -> " + (resumes ? "Reused" : "New")), srv.out());
        }
    }
}
