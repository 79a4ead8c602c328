package dev.sslkit.cli;

import dev.sslkit.ProviderInfo;
import dev.sslkit.Sslkit;
import dev.sslkit.provider.sslengine.CipherSuites;
import dev.sslkit.tck.Providers;
import dev.sslkit.tck.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sslkit command run in this JVM ({@link Main#run}): issue 17 items 2 (ciphers, providers,
 * sess_id, compare) and 3 (errors a user can act on: one line, exit code 1, no stack trace unless
 * {@code -debug}). No openssl binary here; {@code SClientIT}, {@code SServerIT} and
 * {@code LauncherIT} have the real peers and processes.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CliTest {

    static List<String> providers() {
        return Providers.availableProviderIds();
    }

    /** Issue 17 item 3: a one-line message naming the command, exit 1, no stack trace. */
    static void assertOneLineError(Cli.Result r, String command, String... contains) {
        assertEquals(1, r.exitCode(), r.toString());
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), "one line on stderr: " + r);
        assertTrue(lines.get(0).startsWith("sslkit " + command + ": "), r.toString());
        for (String c : contains) {
            assertTrue(lines.get(0).contains(c), "'" + c + "' in: " + lines.get(0));
        }
        assertFalse(r.err().contains("\tat "), "no stack trace without -debug: " + r);
    }

    @Test
    void unknownOptionIsOneLineWithExit1() {
        assertOneLineError(Cli.run("s_client", "-nosuchoption"), "s_client", "Unknown option: '-nosuchoption'", "-help");
        assertOneLineError(Cli.run("s_server", "-accept", "4433"), "s_server", "-cert");
    }

    @Test
    void unknownProviderListsTheInstalledOnes() {
        Cli.Result r = Cli.run("ciphers", "-provider", "nosuch");
        assertOneLineError(r, "ciphers", "unknown provider 'nosuch'");
        for (ProviderInfo p : Sslkit.providers()) {
            assertTrue(r.err().contains(p.id() + " " + p.version()), p.id() + " listed: " + r);
        }
    }

    @Test
    void unreachableHostAndRefusedConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertOneLineError(Cli.run("s_client", "-connect", "127.0.0.1:" + port), "s_client", "127.0.0.1:" + port, "Connection refused");
        assertOneLineError(Cli.run("s_client", "-connect", "no-such-host.invalid:443"), "s_client", "cannot resolve host 'no-such-host.invalid'");
        assertOneLineError(Cli.run("s_time", "-connect", "127.0.0.1:" + port, "-time", "1"), "s_time", "Connection refused");
    }

    @Test
    void debugPrintsTheStackTrace() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.run("s_client", "-connect", "127.0.0.1:" + port, "-debug");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("sslkit s_client: connect to 127.0.0.1:" + port), r.toString());
        assertTrue(r.err().contains("\tat dev.sslkit.cli"), "stack trace with -debug: " + r);
    }

    @Test
    void portInUse(@TempDir Path dir) throws Exception {
        TestPki.PemFiles pem = TestPki.ec().writePem(dir);
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Result r = Cli.run("s_server", "-accept", "127.0.0.1:" + busy.getLocalPort(), "-cert",
                    pem.serverChain().toString(), "-key", pem.serverKey().toString());
            assertOneLineError(r, "s_server", "cannot listen on 127.0.0.1:" + busy.getLocalPort(), "Address already in use");
        }
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) {
        Path none = dir.resolve("none.pem");
        assertOneLineError(Cli.run("s_client", "-CAfile", none.toString(), "-connect", "127.0.0.1:1"), "s_client", none + ": no such file");
        assertOneLineError(Cli.run("sess_id", "-in", none.toString()), "sess_id", none + ": no such file");
    }

    /** Only bc serializes sessions: the others refuse -sess_out, -sess_in and sess_id with the reason, before connecting. */
    @ParameterizedTest
    @MethodSource("providers")
    void sessionFilesRefusedWhereTheProviderCannotExport(String id, @TempDir Path dir) throws Exception {
        boolean exports = Sslkit.capabilities(id).sessionExport();
        Path f = dir.resolve("s.pem");
        Files.writeString(f, Tls.sessionPem(new byte[] {1, 2, 3}));
        Cli.Result out = Cli.run("s_client", "-provider", id, "-sess_out", f.toString(), "-connect", "127.0.0.1:1");
        Cli.Result in = Cli.run("s_client", "-provider", id, "-sess_in", f.toString(), "-connect", "127.0.0.1:1");
        Cli.Result sid = Cli.run("sess_id", "-provider", id, "-in", f.toString());
        if (exports) {
            // bc gets as far as connecting (port 1 refuses) and reading the garbage session
            assertOneLineError(out, "s_client", "Connection refused");
            assertOneLineError(sid, "sess_id", "not a session");
            return;
        }
        assertOneLineError(out, "s_client", "-sess_out: provider " + id + " cannot serialize sessions", "providers that can: bc");
        assertOneLineError(in, "s_client", "-sess_in: provider " + id + " cannot serialize sessions", "providers that can: bc");
        assertOneLineError(sid, "sess_id", "provider " + id + " cannot read saved sessions", "providers that can: bc");
    }

    @Test
    void sessIdRefusesAFileThatIsNoSession(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.pem");
        Files.writeString(f, "hello");
        assertOneLineError(Cli.run("sess_id", "-in", f.toString()), "sess_id", "not a session file written by sslkit -sess_out");
    }

    @Test
    void providersListsEveryProviderWithItsCapabilityRows() throws Exception {
        Cli.Result r = Cli.run("providers");
        assertEquals(0, r.exitCode(), r.toString());
        for (ProviderInfo p : Sslkit.providers()) {
            assertTrue(r.out().contains(p.id()) && r.out().contains(p.version()), r.out());
            if (p.available()) {
                boolean export = Sslkit.capabilities(p.id()).sessionExport();
                String block = r.out().substring(r.out().indexOf(p.id() + " "));
                assertTrue(block.contains("session export:  " + (export ? "yes" : "no")), block);
                assertTrue(block.contains("protocols:       "), block);
            }
        }
    }

    /**
     * ciphers lists what the provider really offers: an explicit list comes back exactly, in order;
     * -tls1_3 offers only TLS 1.3 suites; -v has OpenSSL's columns.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void ciphersListsTheSuitesOfTheProvidersClientHello(String id) {
        Cli.Result all = Cli.run("ciphers", "-provider", id);
        assertEquals(0, all.exitCode(), all.toString());
        List<String> offered = Arrays.asList(all.out().trim().split(":"));
        assertTrue(offered.contains("ECDHE-ECDSA-AES128-GCM-SHA256"), id + " offers it by default: " + offered);

        Cli.Result two = Cli.run("ciphers", "-provider", id, "-tls1_2", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384");
        assertEquals(0, two.exitCode(), two.toString());
        // (bc's TLS 1.2-only ClientHello also lists the TLS 1.3 suites, which TLS 1.2 servers ignore:
        // what it really sends, so the TLS 1.2 part is compared)
        List<String> twelve = new ArrayList<>(Arrays.asList(two.out().trim().split(":")));
        twelve.removeIf(CipherSuites.tls13Suites()::contains);
        assertEquals(List.of("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384"), twelve);

        Cli.Result t13 = Cli.run("ciphers", "-provider", id, "-tls1_3");
        assertEquals(0, t13.exitCode(), t13.toString());
        List<String> t13suites = new ArrayList<>(Arrays.asList(t13.out().trim().split(":")));
        t13suites.retainAll(CipherSuites.tls13Suites());
        List<String> default13 = new ArrayList<>(offered);
        default13.retainAll(CipherSuites.tls13Suites());
        assertFalse(t13suites.isEmpty(), "TLS 1.3 suites offered: " + t13.out());
        assertEquals(default13, t13suites, "the TLS 1.3 offer does not depend on -tls1_3");

        Cli.Result v = Cli.run("ciphers", "-v", "-provider", id, "-tls1_2", "ECDHE-RSA-AES128-GCM-SHA256");
        assertTrue(v.out().lines().anyMatch(l -> l.equals(
                "ECDHE-RSA-AES128-GCM-SHA256    TLSv1.2 Kx=ECDH     Au=RSA   Enc=AESGCM(128)            Mac=AEAD")), v.out());
    }

    /** A cipher string the provider cannot satisfy is refused in one line, naming the setting. */
    @ParameterizedTest
    @MethodSource("providers")
    void ciphersRefusesAStringThatSelectsNothing(String id) {
        Cli.Result r = Cli.run("ciphers", "-provider", id, "NOSUCHCIPHER");
        assertOneLineError(r, "ciphers", "cipher_list");
    }

    /** The code-point table agrees with the JDK's own ClientHello for every suite both know. */
    @Test
    void suiteCodesAgreeWithTheJdk() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        int checked = 0;
        for (Map.Entry<Integer, String> e : SuiteCodes.all().entrySet()) {
            String name = e.getValue();
            if (name.endsWith("_SCSV") || !Arrays.asList(ctx.getSupportedSSLParameters().getCipherSuites()).contains(name)) {
                continue;
            }
            SSLEngine eng = ctx.createSSLEngine();
            eng.setUseClientMode(true);
            eng.setEnabledCipherSuites(new String[] {name});
            eng.setEnabledProtocols(CipherSuites.tls13Suites().contains(name) ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.2"});
            ByteBuffer net = ByteBuffer.allocate(eng.getSession().getPacketBufferSize());
            eng.wrap(ByteBuffer.allocate(0), net);
            net.flip();
            byte[] b = new byte[net.remaining()];
            net.get(b);
            List<Integer> codes = new ArrayList<>(Ciphers.ClientHello.cipherSuites(b));
            codes.removeIf(c -> c == 0x00FF);
            assertEquals(List.of(e.getKey()), codes, name);
            checked++;
        }
        assertTrue(checked > 20, "checked " + checked + " suites");
    }

    @Test
    void compareWithoutTheBenchModuleSaysWhereItRuns() {
        assertOneLineError(Cli.run("compare", "--help"), "compare", "./sslkit compare");
    }

    @Test
    void helpListsEveryCommand() {
        Cli.Result r = Cli.run("-help");
        assertEquals(0, r.exitCode());
        for (String c : List.of("s_client", "s_server", "s_time", "sess_id", "ciphers", "providers", "compare")) {
            assertTrue(r.out().contains(c), c + " in help: " + r.out());
        }
        Cli.Result s = Cli.run("s_client", "-help");
        assertEquals(0, s.exitCode());
        for (String o : List.of("-connect", "-servername", "-CAfile", "-cert", "-key", "-tls1_2", "-tls1_3", "-alpn", "-reconnect",
                "-sess_out", "-sess_in", "-verify_return_error", "-showcerts", "-brief", "-quiet", "-provider", "-debug")) {
            assertTrue(s.out().contains(o), o + " in s_client -help");
        }
        assertTrue(new String(s.out().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).contains("Usage: sslkit s_client"));
    }
}
