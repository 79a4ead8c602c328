package dev.sslkit.cli;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Sslkit;
import dev.sslkit.tck.OpenSslBinary;
import dev.sslkit.tck.Providers;
import dev.sslkit.tck.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command as a user runs it (issue 17 items 1, 3 and 4): the repository's {@code ./sslkit} in a
 * separate process, with arguments, stdin, stdout, stderr and the exit code, against the real
 * {@code openssl} both ways; and the self-contained folder's {@code bin/sslkit}. One JVM per case,
 * so only these few cases; {@link SClientIT}, {@link SServerIT} and {@link CliTest} cover every
 * provider and version in-process.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LauncherIT {
    static final Duration TIMEOUT = Duration.ofSeconds(40);
    @TempDir
    static Path dir;
    static TestPki.PemFiles pem;

    @BeforeAll
    static void pki() {
        pem = TestPki.ec().writePem(dir);
    }

    static String last(Cli.Result r) {
        List<String> l = r.errLines();
        return l.isEmpty() ? "" : l.get(l.size() - 1);
    }

    static void assertOneLine(Cli.Result r, String command, String contains) {
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), "one line: " + r);
        assertTrue(r.err().startsWith("sslkit " + command + ": ") && r.err().contains(contains), r.toString());
        assertFalse(r.err().contains("\tat "), r.toString());
    }

    /** sslkit s_client (a process) -reconnect to openssl s_server: stdin to the server, five Reused lines. */
    @Test
    void sClientProcessReconnectsToOpensslServer() throws Exception {
        assumeTrue(OpenSslBinary.isAvailable(), "openssl binary not installed");
        String id = Providers.availableProviderIds().contains("conscrypt") ? "conscrypt" : "jsse";
        ProtocolVersion v = ProtocolVersion.TLS1_3;
        try (OpenSslBinary.Server srv = OpenSslBinary.startServer(OpenSslBinary.ServerOptions.of(pem).protocol(v)
                .mode(OpenSslBinary.Mode.ECHO))) {
            Cli.Result r = Cli.launch(TIMEOUT, "typed by a user\n".getBytes(StandardCharsets.UTF_8), "s_client",
                    "-connect", "127.0.0.1:" + srv.port(), "-servername", "localhost", "-CAfile", pem.root().toString(),
                    "-provider", id, "-tls1_3", "-reconnect");
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(5, r.lines("Reused, TLSv1.3, Cipher is "), r.out());
            assertEquals(1, r.lines("New, TLSv1.3, Cipher is "), r.out());
            assertTrue(srv.awaitOutput("typed by a user", Duration.ofSeconds(10)), srv.output());
        }
    }

    /** openssl s_client -reconnect to sslkit s_server (a process): both count five Reused; the server exits 0. */
    @Test
    void sServerProcessServesOpensslReconnect() throws Exception {
        assumeTrue(OpenSslBinary.isAvailable(), "openssl binary not installed");
        String id = Providers.availableProviderIds().contains("bc") ? "bc" : "jsse";
        try (Cli.Proc p = new Cli.Proc(Cli.launcher(), new byte[0], false, "s_server", "-accept", "127.0.0.1:0",
                "-cert", pem.serverChain().toString(), "-key", pem.serverKey().toString(), "-provider", id, "-tls1_2",
                "-naccept", "6")) {
            int port = p.awaitAccept();
            OpenSslBinary.Result r = OpenSslBinary.runClient(SServerIT.reconnectOptions(pem, port, ProtocolVersion.TLS1_2));
            assertTrue(r.succeeded(), r.stdout() + r.stderr());
            assertEquals(5, r.reusedCount(), r.stdout());
            Cli.Result s = p.await(TIMEOUT);
            assertEquals(0, s.exitCode(), s.toString());
            assertEquals(5, s.lines("Reused session-id"), s.out());
        }
    }

    /** sslkit s_time -new (a process) against openssl s_server: OpenSSL's figures on stdout, the progress line on stderr. */
    @Test
    void sTimeProcessMeasuresOpensslServer() throws Exception {
        assumeTrue(OpenSslBinary.isAvailable(), "openssl binary not installed");
        try (OpenSslBinary.Server srv = OpenSslBinary.startServer(OpenSslBinary.ServerOptions.of(pem)
                .mode(OpenSslBinary.Mode.ECHO))) {
            Cli.Result r = Cli.launch(TIMEOUT, new byte[0], "s_time", "-connect", "127.0.0.1:" + srv.port(), "-time", "1",
                    "-provider", "jsse", "-new");
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.out().matches("(?s).*\\n\\d+ connections in [0-9.]+s; [0-9.]+ connections/user sec, bytes read 0\\n.*"), r.out());
            assertFalse(r.out().contains("Now timing with session id reuse"), "-new: no reuse run (SClientIT times reuse): " + r.out());
            assertTrue(r.err().contains("jsse new: ") && r.err().contains(" connections, "), "progress: " + r.err());
        }
    }

    /** The error cases as a process: one line on stderr, exit code 1, no stack trace. */
    @Test
    void errorsAreOneLineWithExitCode1() throws Exception {
        assertOneLine(Cli.launch(TIMEOUT, new byte[0], "s_client", "-bogus"), "s_client", "Unknown option: '-bogus'");
        assertOneLine(Cli.launch(TIMEOUT, new byte[0], "s_time", "-provider", "nosuch"), "s_time", "unknown provider 'nosuch'; installed: ");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
            assertOneLine(Cli.launch(TIMEOUT, new byte[0], "s_server", "-accept", "127.0.0.1:" + closed, "-cert",
                    pem.serverChain().toString(), "-key", pem.serverKey().toString()), "s_server", "Address already in use");
        }
        // (-debug's stack trace: CliTest.debugPrintsTheStackTrace)
        assertOneLine(Cli.launch(TIMEOUT, new byte[0], "s_client", "-connect", "127.0.0.1:" + closed), "s_client", "Connection refused");
    }

    /** Refused verification as a process: the X509 error text and depth, exit 1. */
    @Test
    void refusedVerificationProcess() throws Exception {
        assumeTrue(OpenSslBinary.isAvailable(), "openssl binary not installed");
        try (OpenSslBinary.Server srv = OpenSslBinary.startServer(OpenSslBinary.ServerOptions.of(pem).mode(OpenSslBinary.Mode.ECHO))) {
            // no -CAfile: the JDK's cacerts do not hold the test root
            Cli.Result r = Cli.launch(TIMEOUT, new byte[0], "s_client", "-connect", "127.0.0.1:" + srv.port(),
                    "-servername", "localhost", "-verify_return_error");
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(last(r).startsWith("sslkit s_client: certificate verify failed: verify error:num=20:unable to get local issuer certificate at depth=1 "),
                    r.toString());
            assertFalse(r.err().contains("\tat "), r.toString());
        }
    }

    /** The self-contained folder runs on its own (bin/sslkit + lib). */
    @Test
    void selfContainedFolderRuns() throws Exception {
        Path bin = Cli.folderLauncher();
        assertTrue(Files.isExecutable(bin), bin + " is executable");
        try (Cli.Proc p = new Cli.Proc(bin, new byte[0], true, "providers")) {
            Cli.Result r = p.await(TIMEOUT);
            assertEquals(0, r.exitCode(), r.toString());
            for (String id : Providers.availableProviderIds()) {
                assertTrue(r.out().contains(id + " ") && r.out().contains(" available"), r.out());
            }
            assertTrue(r.out().contains("location:        module dev.sslkit.provider.jsse"), "on the module path: " + r.out());
        }
        assertTrue(Sslkit.providers().size() >= 1);
    }
}
