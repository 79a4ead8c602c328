package dev.sslkit.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sslkit.core.verify.VerifyRules.Rule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 10: every rule of {@link VerifyRules} through {@code openssl verify} (3.0) on the same PEM
 * files, with {@code -purpose} as the rule says, {@code -partial_chain} when a trust anchor is not
 * self-issued, and {@code -auth_level 1} (sslkit's level in the table). Wherever OpenSSL rejects, sslkit
 * rejects with the same X509 error code at the same depth (OpenSSL's first reported error); wherever
 * OpenSSL accepts, sslkit accepts too, except the rules marked {@link Rule#stricter}, which must be
 * ones OpenSSL accepts. The texts OpenSSL prints for the codes must be {@link X509Error#text}'s.
 *
 * <p>Skipped, with the reason, when no {@code openssl} binary 3.x runs ({@code sslkit.openssl} system
 * property or {@code openssl} on the PATH; {@code .ci/run} installs it).
 */
class VerifyRulesOpenSslIT {

    private static final Pattern ERROR = Pattern.compile("^error (\\d+) at (\\d+) depth lookup: ?(.*)$", Pattern.MULTILINE);

    static String openssl() {
        return System.getProperty("sslkit.openssl", "openssl");
    }

    @BeforeAll
    static void binary() throws Exception {
        String v;
        try {
            v = run(List.of(openssl(), "version"))[1];
        } catch (IOException e) {
            v = "";
        }
        assumeTrue(v.startsWith("OpenSSL 3."), "no openssl 3.x binary (" + openssl() + "): " + v.trim());
    }

    static List<Rule> rules() {
        return VerifyRules.all();
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void sameVerdictAsOpenSsl(Rule r) throws Exception {
        Path ca = dir.resolve("ca.pem");
        Path untrusted = dir.resolve("untrusted.pem");
        Path leaf = dir.resolve("leaf.pem");
        Files.writeString(ca, pem(r.anchors), StandardCharsets.US_ASCII);
        Files.writeString(leaf, pem(List.of(r.chain[0])), StandardCharsets.US_ASCII);
        List<String> cmd = new ArrayList<>(List.of(openssl(), "verify", "-no-CApath", "-no-CAstore", "-CAfile", ca.toString(),
                "-purpose", r.purpose, "-auth_level", "1"));
        if (r.chain.length > 1) {
            List<X509Certificate> rest = List.of(r.chain).subList(1, r.chain.length);
            Files.writeString(untrusted, pem(rest), StandardCharsets.US_ASCII);
            cmd.add("-untrusted");
            cmd.add(untrusted.toString());
        }
        boolean partial = false;
        for (X509Certificate a : r.anchors) {
            partial |= !a.getSubjectX500Principal().equals(a.getIssuerX500Principal());
        }
        if (partial) {
            cmd.add("-partial_chain");
        }
        if (r.host != null) {
            cmd.add("-verify_hostname");
            cmd.add(r.host);
        }
        cmd.add(leaf.toString());
        String[] out = run(cmd);
        int exit = Integer.parseInt(out[0]);
        Matcher m = ERROR.matcher(out[1] + "\n" + out[2]);
        String transcript = String.join(" ", cmd) + "\n" + out[1] + out[2];

        CoreVerifier v = r.verifier();
        int sslkitCode = X509Error.OK;
        int sslkitDepth = -1;
        try {
            v.verify(r.chain, "ECDHE_ECDSA");
        } catch (CertificateVerifyException e) {
            sslkitCode = e.x509Error();
            sslkitDepth = e.depth();
        }

        if (m.find()) {
            int code = Integer.parseInt(m.group(1));
            int depth = Integer.parseInt(m.group(2));
            assertEquals(X509Error.text(code), m.group(3).trim(), "OpenSSL's text for " + code);
            assertTrue(exit != 0, transcript);
            assertEquals(code + "@" + depth, sslkitCode + "@" + sslkitDepth,
                    r.name + ": OpenSSL rejects; sslkit must reject with the same code at the same depth\n" + transcript);
            assertTrue(!r.stricter, r.name + " is marked stricter than OpenSSL, but OpenSSL rejects it too\n" + transcript);
        } else {
            assertEquals(0, exit, transcript);
            if (r.stricter) {
                assertEquals(r.code + "@" + r.depth, sslkitCode + "@" + sslkitDepth, r.name + " (stricter than OpenSSL)\n" + transcript);
            } else if (sslkitCode != X509Error.OK) {
                fail(r.name + ": OpenSSL accepts, sslkit rejects with " + sslkitCode + " at depth " + sslkitDepth
                        + " without the rule saying sslkit is stricter\n" + transcript);
            }
        }
    }

    static String pem(List<X509Certificate> certs) throws Exception {
        StringBuilder sb = new StringBuilder();
        Base64.Encoder enc = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate c : certs) {
            sb.append("-----BEGIN CERTIFICATE-----\n").append(enc.encodeToString(c.getEncoded())).append("\n-----END CERTIFICATE-----\n");
        }
        return sb.toString();
    }

    /** @return exit code, stdout, stderr */
    static String[] run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path outF = Files.createTempFile("openssl-out", ".txt");
        Path errF = Files.createTempFile("openssl-err", ".txt");
        try {
            pb.redirectOutput(outF.toFile()).redirectError(errF.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl did not finish in 20 s: " + cmd);
            }
            return new String[] {Integer.toString(p.exitValue()), Files.readString(outF), Files.readString(errF)};
        } finally {
            Files.deleteIfExists(outF);
            Files.deleteIfExists(errF);
        }
    }
}
