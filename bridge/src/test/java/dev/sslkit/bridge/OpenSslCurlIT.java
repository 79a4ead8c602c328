package dev.sslkit.bridge;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sslkit.tck.TestPki;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 15 item 5 (last bullet): the {@code openssl s_client} and {@code curl} binaries against an
 * sslkit-backed {@code HttpsServer}, on every backend. {@code s_client -reconnect} (TLS 1.2: OpenSSL 3.0's
 * s_client does not wait for TLS 1.3 tickets before reconnecting) shows one {@code New} and five
 * {@code Reused} with the verify result 0; curl fetches the body over TLS 1.3. {@code .ci/run} installs both.
 */
class OpenSslCurlIT {
    static Stream<String> backends() {
        return Bridged.backends().stream();
    }

    private static boolean onPath(String bin) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, bin))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out: " + cmd);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sClientReconnectAndCurl(String backend, @TempDir Path dir) throws Exception {
        assumeTrue(onPath("openssl") && onPath("curl"), "the openssl and curl binaries are not installed (.ci/run installs them)");
        Path root = dir.resolve("root.pem");
        Files.writeString(root, TestPki.toPem(Bridged.PKI.root()));
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(Bridged.context(backend)));
        server.createContext("/", ex -> {
            byte[] b = ("sslkit " + backend + "\n").getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            String port = String.valueOf(server.getAddress().getPort());
            String out = run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost",
                    "-CAfile", root.toString(), "-verify_return_error", "-reconnect", "-tls1_2"));
            long fresh = out.lines().filter(l -> l.startsWith("New, TLSv1.2")).count();
            long reused = out.lines().filter(l -> l.startsWith("Reused, TLSv1.2")).count();
            assertEquals(1, fresh, out);
            assertEquals(5, reused, out);
            assertTrue(out.contains("Verify return code: 0 (ok)"), out);
            String body = run(List.of("curl", "-sS", "--tlsv1.3", "--cacert", root.toString(),
                    "https://localhost:" + port + "/", "-w", "|%{http_version}|%{ssl_verify_result}"));
            assertEquals("sslkit " + backend + "\n|1.1|0", body);
        } finally {
            server.stop(0);
        }
    }
}
