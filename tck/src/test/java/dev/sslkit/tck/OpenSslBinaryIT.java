package dev.sslkit.tck;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.tck.OpenSslBinary.ClientOptions;
import dev.sslkit.tck.OpenSslBinary.Result;
import dev.sslkit.tck.OpenSslBinary.Server;
import dev.sslkit.tck.OpenSslBinary.ServerOptions;
import dev.sslkit.tck.TestPki.KeyType;
import dev.sslkit.tck.TestPki.PemFiles;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End-to-end checks of {@link OpenSslBinary} against the JDK's own TLS, before any sslkit test relies
 * on it: the JDK's {@code SSLSocket} talks to {@code s_server}, {@code s_client} talks to the JDK's
 * {@code SSLServerSocket}, and the parsers read real output. Skipped only when there is no binary.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenSslBinaryIT {
    private static final byte[] GET = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    static PemFiles ec;
    static PemFiles rsa;

    @BeforeAll
    static void files() throws IOException {
        assumeTrue(OpenSslBinary.isAvailable(), "no openssl binary (" + OpenSslBinary.executable() + ")");
        ec = TestPki.ec().writePem(Files.createDirectory(dir.resolve("ec")));
        rsa = TestPki.rsa().writePem(Files.createDirectory(dir.resolve("rsa")));
    }

    static PemFiles pem(KeyType t) {
        return t == KeyType.EC ? ec : rsa;
    }

    static Stream<Arguments> keyTypesAndVersions() {
        return Stream.of(KeyType.values()).flatMap(t -> Stream.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)
                .map(v -> Arguments.of(t, v)));
    }

    @Test
    void reportsVersion3() {
        assertTrue(OpenSslBinary.version().orElseThrow().startsWith("OpenSSL 3."), OpenSslBinary.version().toString());
        assertTrue(OpenSslBinary.versionNumbers().orElseThrow()[0] >= 3);
    }

    /** A JDK client with hostname checking talks to s_server; s_server sends the intermediate too. */
    @ParameterizedTest
    @MethodSource("keyTypesAndVersions")
    void jdkClientTalksToSServer(KeyType type, ProtocolVersion version) throws Exception {
        try (Server server = OpenSslBinary.startServer(ServerOptions.of(pem(type)).protocol(version))) {
            assertTrue(server.port() > 0);
            assertTrue(server.isAlive());
            SSLContext ctx = JdkTls.context(null, TestPki.of(type).root());
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(OpenSslBinary.LOOPBACK, server.port())) {
                s.setSoTimeout(10_000);
                SSLParameters p = s.getSSLParameters();
                p.setProtocols(new String[] {version.protocolName()});
                p.setEndpointIdentificationAlgorithm("HTTPS"); // checks the IP SAN 127.0.0.1 / SNI localhost
                p.setServerNames(List.of(new SNIHostName("localhost")));
                s.setSSLParameters(p);
                s.startHandshake();
                assertEquals(version.protocolName(), s.getSession().getProtocol());
                assertEquals(2, s.getSession().getPeerCertificates().length, "leaf and intermediate");
                assertEquals(TestPki.of(type).serverKey().leaf(), s.getSession().getPeerCertificates()[0]);
                OutputStream out = s.getOutputStream();
                out.write(GET);
                out.flush();
                String page = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(page.startsWith("HTTP/1.0 200 ok"), page);
                assertTrue(page.contains("Protocol  : " + version.protocolName()), page);
            }
        }
    }

    @Test
    void sServerRequiresAClientCertificateWithVerify() throws Exception {
        TestPki pki = TestPki.ec();
        try (Server server = OpenSslBinary.startServer(ServerOptions.of(ec).requireClientCert(2)
                .protocol(ProtocolVersion.TLS1_2))) {
            assertTrue(server.command().contains("-Verify"));
            SSLContext with = JdkTls.context(pki.clientKey(), pki.root());
            try (SSLSocket s = (SSLSocket) with.getSocketFactory().createSocket(OpenSslBinary.LOOPBACK, server.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(GET);
                String page = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(page.startsWith("HTTP/1.0 200 ok"), page);
            }
            SSLContext without = JdkTls.context(null, pki.root());
            try (SSLSocket s = (SSLSocket) without.getSocketFactory().createSocket(OpenSslBinary.LOOPBACK, server.port())) {
                s.setSoTimeout(10_000);
                assertThrows(IOException.class, () -> {
                    s.getOutputStream().write(GET);
                    s.getInputStream().readAllBytes();
                });
            }
        }
    }

    /** s_client against a JDK SSLServerSocket: verification, protocol, cipher, data both ways. */
    @ParameterizedTest
    @MethodSource("keyTypesAndVersions")
    void runClientTalksToJdkServer(KeyType type, ProtocolVersion version) throws Exception {
        TestPki pki = TestPki.of(type);
        SSLContext ctx = JdkTls.context(pki.serverKey(), null);
        try (SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName(OpenSslBinary.LOOPBACK))) {
            ss.setEnabledProtocols(new String[] {version.protocolName()});
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> echoOnce(ss));
            Result r = OpenSslBinary.runClient(ClientOptions.connect(ss.getLocalPort()).caFile(pem(type).root())
                    .servername("localhost").protocol(version).verifyReturnError(true).stdin("hello\n"));
            assertTrue(r.succeeded(), r.describe());
            assertEquals("hello", served.get(30, TimeUnit.SECONDS));
            assertTrue(r.stdout().contains("echo: hello"), r.describe());
            assertEquals(OptionalInt.of(0), r.verifyReturnCode(), r.describe());
            assertTrue(r.verifyOk());
            assertEquals(version, r.protocol().orElseThrow(), r.describe());
            assertFalse(r.handshakes().isEmpty(), r.describe());
            assertEquals(0, r.reusedCount(), r.describe());
            assertTrue(r.cipher().isPresent(), r.describe());
            if (version == ProtocolVersion.TLS1_3) {
                assertTrue(r.cipher().get().startsWith("TLS_"), r.describe());
            }
        }
    }

    private static String echoOnce(ServerSocket ss) {
        try (Socket s = ss.accept()) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            OutputStream out = s.getOutputStream();
            out.write(("echo: " + line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return line;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** -sess_out then -sess_in resumes, on both versions, and the parsers tell New from Reused. */
    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void runClientResumesWithSessOutAndSessIn(ProtocolVersion version) throws Exception {
        Path sess = dir.resolve("session-" + version + ".pem");
        try (Server server = OpenSslBinary.startServer(ServerOptions.of(ec).protocol(version).numTickets(2))) {
            ClientOptions base = ClientOptions.connect(server.port()).caFile(ec.root()).servername("localhost").stdin(GET);
            Result first = OpenSslBinary.runClient(base.sessOut(sess));
            assertTrue(first.succeeded(), first.describe());
            assertTrue(Files.size(sess) > 0, "session saved");
            assertEquals(0, first.reusedCount(), first.describe());
            assertTrue(first.newCount() >= 1, first.describe());
            Result second = OpenSslBinary.runClient(ClientOptions.connect(server.port()).caFile(ec.root())
                    .servername("localhost").stdin(GET).sessIn(sess));
            assertTrue(second.succeeded(), second.describe());
            assertTrue(second.lastReused(), second.describe());
            assertEquals(0, second.newCount(), second.describe());
            assertEquals(version, second.protocol().orElseThrow());
            assertTrue(second.verifyOk(), second.describe());
        }
    }

    @Test
    void reconnectResumesOnTls12() throws Exception {
        try (Server server = OpenSslBinary.startServer(ServerOptions.of(ec).protocol(ProtocolVersion.TLS1_2))) {
            Result r = OpenSslBinary.runClient(ClientOptions.connect(server.port()).caFile(ec.root())
                    .reconnect(true).stdin(GET));
            assertTrue(r.succeeded(), r.describe());
            assertEquals(1, r.newCount(), r.describe());
            assertTrue(r.reusedCount() >= 5, r.describe());
        }
    }

    @Test
    void runClientReportsAnExpiredServerCertificate() throws Exception {
        TestPki.KeyFiles expired = TestPki.writePem(dir, "expired", TestPki.ec().variant(TestPki.Variant.EXPIRED));
        try (Server server = OpenSslBinary.startServer(ServerOptions.create().cert(expired.chain()).key(expired.key())
                .certChain(ec.intermediate()))) {
            Result r = OpenSslBinary.runClient(ClientOptions.connect(server.port()).caFile(ec.root()).stdin(GET));
            assertEquals(OptionalInt.of(10), r.verifyReturnCode(), r.describe()); // X509_V_ERR_CERT_HAS_EXPIRED
            assertFalse(r.verifyOk());
            Result strict = OpenSslBinary.runClient(ClientOptions.connect(server.port()).caFile(ec.root())
                    .verifyReturnError(true).stdin(GET));
            assertFalse(strict.succeeded(), strict.describe());
        }
    }

    @Test
    void runClientIsKilledWhenTheTimeoutPasses() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(OpenSslBinary.LOOPBACK, 0));
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (IOException e) {
                    return null;
                }
            });
            long start = System.nanoTime();
            Result r = OpenSslBinary.runClient(ClientOptions.connect(silent.getLocalPort()).timeout(Duration.ofSeconds(1)));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(r.timedOut(), r.describe());
            assertEquals(-1, r.exitCode());
            assertFalse(r.succeeded());
            assertTrue(ms < 10_000, "returned after " + ms + " ms");
            Socket s = accepted.get(5, TimeUnit.SECONDS);
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void startServerFailsWithItsOutputWhenTheKeyIsMissing() {
        IOException e = assertThrows(IOException.class, () -> OpenSslBinary.startServer(
                ServerOptions.of(ec).key(dir.resolve("no-such.key")).startTimeout(Duration.ofSeconds(10))));
        assertTrue(e.getMessage().contains("exited"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such.key"), e.getMessage());
    }

    @Test
    void closeStopsTheServer() throws Exception {
        Server server = OpenSslBinary.startServer(ServerOptions.of(ec).mode(OpenSslBinary.Mode.REV));
        int port = server.port();
        server.close();
        assertFalse(server.isAlive());
        server.close(); // idempotent
        assertThrows(ConnectException.class, () -> new Socket(OpenSslBinary.LOOPBACK, port).close());
    }

    @Test
    void optionsRefuseToChooseTheAddress() {
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.of(ec).args("-accept", "0.0.0.0:443"));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.connect(1).args("-connect", "example.com:443"));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.connect(0));
    }
}
