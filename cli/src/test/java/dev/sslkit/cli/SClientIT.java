package dev.sslkit.cli;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Sslkit;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.tck.OpenSslBinary;
import dev.sslkit.tck.Providers;
import dev.sslkit.tck.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code sslkit s_client} and {@code sslkit s_time} against the real {@code openssl s_server}, every
 * provider, TLS 1.2 and 1.3 (issue 17 items 2 and 4), run in this JVM through {@link Main#run};
 * {@code LauncherIT} repeats a few as separate processes.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SClientIT {
    @TempDir
    static Path dir;
    static TestPki.PemFiles pem;
    static final Map<ProtocolVersion, OpenSslBinary.Server> SERVERS = new EnumMap<>(ProtocolVersion.class);

    @BeforeAll
    static void servers() throws Exception {
        assumeTrue(OpenSslBinary.isAvailable(), "openssl binary not installed (.ci/run installs it)");
        pem = TestPki.ec().writePem(dir);
        for (ProtocolVersion v : List.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)) {
            // -alpn: openssl picks by its own preference among what the client offers
            SERVERS.put(v, OpenSslBinary.startServer(OpenSslBinary.ServerOptions.of(pem).protocol(v).mode(OpenSslBinary.Mode.ECHO)
                    .args("-alpn", "h2,http/1.1")));
        }
    }

    @AfterAll
    static void stop() {
        SERVERS.values().forEach(OpenSslBinary.Server::close);
    }

    static Stream<Arguments> providersAndVersions() {
        List<Arguments> a = new ArrayList<>();
        for (String id : Providers.availableProviderIds()) {
            a.add(Arguments.of(id, ProtocolVersion.TLS1_2));
            a.add(Arguments.of(id, ProtocolVersion.TLS1_3));
        }
        return a.stream();
    }

    static String flag(ProtocolVersion v) {
        return v == ProtocolVersion.TLS1_2 ? "-tls1_2" : "-tls1_3";
    }

    static String connect(ProtocolVersion v) {
        return "127.0.0.1:" + SERVERS.get(v).port();
    }

    /**
     * {@code -reconnect}: six handshakes; the five reconnections are {@code Reused} exactly where the
     * provider declares that its client resumes that version with other implementations, else
     * {@code New}. stdin reaches the server; the summary lines are OpenSSL's; {@code -alpn} gets the
     * server's choice.
     */
    @ParameterizedTest(name = "sslkit s_client -provider {0} -reconnect -> openssl s_server, {1}")
    @MethodSource("providersAndVersions")
    void reconnectReportsReusedLikeOpenSsl(String id, ProtocolVersion v) throws Exception {
        dev.sslkit.ProviderCapabilities caps = Sslkit.capabilities(id);
        int expected = caps.resumes(v, false) && caps.resumesWithOthers(v) ? 5 : 0;
        String marker = "hello from " + id + " " + v;
        Cli.Result r = Cli.run((marker + "\n").getBytes(StandardCharsets.UTF_8), "s_client", "-connect", connect(v),
                "-servername", "localhost", "-CAfile", pem.root().toString(), "-provider", id, flag(v), "-reconnect",
                "-alpn", "http/1.1,h2");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(6, r.lines("ALPN protocol: h2"), "ALPN negotiated on every handshake: " + r.out());
        String name = v.protocolName();
        assertEquals(expected, r.lines("Reused, " + name + ", Cipher is "), r.out());
        assertEquals(6 - expected, r.lines("New, " + name + ", Cipher is "), r.out());
        assertEquals(5, r.lines("drop connection and then reconnect"), r.out());
        assertEquals(6, r.lines("Verify return code: 0 (ok)"), r.out());
        assertTrue(r.out().contains("subject=CN = localhost"), r.out());
        assertTrue(SERVERS.get(v).awaitOutput(marker, Duration.ofSeconds(10)), "stdin reached openssl s_server: " + SERVERS.get(v).output());
        assertTrue(r.err().contains("DONE"), r.err());
    }

    /**
     * Refused verification: with {@code -verify_return_error} and no trust for the server's root, the
     * handshake fails with the same X509 error number, text and depth that {@code openssl s_client}
     * reports against the same server; without it, the connection goes on and
     * {@code Verify return code} carries that error, as OpenSSL's does.
     */
    @ParameterizedTest(name = "refused verification, {0}")
    @MethodSource("dev.sslkit.cli.CliTest#providers")
    void refusedVerificationNamesTheX509ErrorAndDepth(String id) throws Exception {
        ProtocolVersion v = ProtocolVersion.TLS1_3;
        Path emptyTrust = dir.resolve("other-root.pem");
        // trust only a certificate that did not issue the server's chain (the client's leaf)
        Files.writeString(emptyTrust, TestPki.toPem(TestPki.ec().clientKey().chain().get(0)));
        OpenSslBinary.Result ref = OpenSslBinary.runClient(OpenSslBinary.ClientOptions.connect(SERVERS.get(v).port())
                .caFile(emptyTrust).servername("localhost").verifyReturnError(true).ignEof(false).stdin(""));
        Matcher m = Pattern.compile("depth=(\\d+) [^\\n]*\\nverify error:num=(\\d+):([^\\n]+)").matcher(ref.stderr() + ref.stdout());
        assertTrue(m.find(), "openssl's own report: " + ref.stderr());
        String depth = m.group(1);
        String num = m.group(2);
        String text = m.group(3).trim();

        Cli.Result r = Cli.run("s_client", "-connect", connect(v), "-servername", "localhost", "-CAfile", emptyTrust.toString(),
                "-provider", id, "-verify_return_error");
        assertEquals(1, r.exitCode(), r.toString());
        String last = r.errLines().get(r.errLines().size() - 1);
        assertEquals("sslkit s_client: certificate verify failed: verify error:num=" + num + ":" + text + " at depth=" + depth,
                last.substring(0, last.indexOf(" at depth=") + 10 + depth.length()), r.toString());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r);

        Cli.Result on = Cli.run("s_client", "-connect", connect(v), "-servername", "localhost", "-CAfile", emptyTrust.toString(),
                "-provider", id);
        assertEquals(0, on.exitCode(), on.toString());
        assertTrue(on.out().contains("Verify return code: " + num + " (" + text + ")"), on.out());
        assertTrue(on.err().contains("verify error:num=" + num + ":" + text), on.err());
    }

    /** bc saves its session (-sess_out), sess_id prints it, -sess_in resumes it (TLS 1.2, the standard mechanism). */
    @Test
    void bcSessionFileRoundTrip() throws Exception {
        assumeTrue(Providers.availableProviderIds().contains("bc") && Sslkit.capabilities("bc").sessionExport(), "bc exports sessions");
        ProtocolVersion v = ProtocolVersion.TLS1_2;
        Path f = dir.resolve("bc-session.pem");
        Cli.Result out = Cli.run("s_client", "-connect", connect(v), "-CAfile", pem.root().toString(), "-provider", "bc",
                flag(v), "-sess_out", f.toString(), "-brief");
        assertEquals(0, out.exitCode(), out.toString());
        assertTrue(Files.readString(f).startsWith("-----BEGIN SSLKIT SESSION-----"), Files.readString(f));

        Cli.Result text = Cli.run("sess_id", "-in", f.toString(), "-text", "-noout");
        assertEquals(0, text.exitCode(), text.toString());
        assertTrue(text.out().contains("    Protocol  : TLSv1.2"), text.out());
        assertTrue(text.out().contains("    Provider  : bc"), text.out());
        assertTrue(text.out().contains("    Resumable : yes"), text.out());

        Cli.Result in = Cli.run("s_client", "-connect", connect(v), "-CAfile", pem.root().toString(), "-provider", "bc",
                flag(v), "-sess_in", f.toString());
        assertEquals(0, in.exitCode(), in.toString());
        assertEquals(1, in.lines("Reused, TLSv1.2, Cipher is "), in.out());
    }

    /**
     * s_time against openssl s_server, every provider side by side (-provider all), TLS 1.2: each
     * provider's reused connections all resumed, and the table has a row per provider.
     */
    @Test
    void sTimeEveryProviderSideBySide() {
        ProtocolVersion v = ProtocolVersion.TLS1_2;
        Cli.Result r = Cli.run("s_time", "-connect", connect(v), "-time", "1", "-provider", "all", flag(v));
        assertEquals(0, r.exitCode(), r.toString());
        for (String id : Providers.availableProviderIds()) {
            assertTrue(r.out().contains("Collecting connection statistics for 1 seconds (provider " + id), r.out());
            Matcher m = Pattern.compile("(?m)^" + id + " +\\S.*? +([0-9.]+) +([0-9.]+) +(\\d+)/(\\d+)").matcher(r.out());
            assertTrue(m.find(), id + " row: " + r.out());
            assertTrue(Double.parseDouble(m.group(1)) > 0 && Double.parseDouble(m.group(2)) > 0, m.group());
            assertEquals(m.group(4), m.group(3), id + ": every reused connection resumed: " + m.group());
        }
        assertTrue(r.err().contains("connections, "), "progress line: " + r.err());
    }
}
