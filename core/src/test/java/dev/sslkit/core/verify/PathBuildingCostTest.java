package dev.sslkit.core.verify;

import static dev.sslkit.core.verify.TestCerts.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslkit.VerifyMode;
import dev.sslkit.VerifyParams;
import dev.sslkit.core.verify.TestCerts.Issued;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

/**
 * Issue 10 item 5: path building costs about linearly in the certificates the peer sends, with
 * OpenSSL's depth limit, however many of them share a subject. Work is counted
 * ({@link CoreVerifier#lastBuildWork()}: issuer candidates examined), not timed, so a loaded machine
 * cannot make the test flaky; tripling the certificates must not much more than triple the work
 * (quadratic building, as before, would multiply it by nine).
 */
class PathBuildingCostTest {

    static final Issued ROOT = spec("CN=Cost Root").ca().build();

    static CoreVerifier verifier() {
        return new CoreVerifier(() -> List.of(ROOT.cert), true, EnumSet.of(VerifyMode.PEER), null, 100, VerifyParams.DEFAULT, null,
                1L << 30, 1, null, null, null, null);
    }

    /**
     * {@code n} intermediates all named {@code CN=Same}, each with its own key, each naming (by its
     * authority key identifier) the next one as issuer: the chain they form runs into the depth limit.
     * The peer sends them in the worst order for a linear scan (the needed one last).
     */
    static X509Certificate[] sameSubjectChain(int n) {
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            keys.add(TestCerts.ec());
        }
        List<Issued> inters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inters.add(spec("CN=Same").keys(keys.get(i)).ca().issuerNamed("CN=Same", keys.get(i + 1)).build());
        }
        Issued leaf = spec("CN=leaf.example.com").issuerNamed("CN=Same", keys.get(0)).dns("leaf.example.com").build();
        List<X509Certificate> sent = new ArrayList<>();
        for (Issued i : inters) {
            sent.add(i.cert);
        }
        Collections.reverse(sent);
        sent.add(0, leaf.cert);
        return sent.toArray(new X509Certificate[0]);
    }

    /** {@code n} intermediates named {@code CN=Same} with different keys and no key identifiers (the case). */
    static X509Certificate[] sameSubjectNoKeyIds(int n) {
        List<X509Certificate> sent = new ArrayList<>();
        KeyPair real = TestCerts.ec();
        sent.add(spec("CN=leaf.example.com").issuerNamed("CN=Same", real).noAki().dns("leaf.example.com").build().cert);
        for (int i = 0; i < n; i++) {
            sent.add(spec("CN=Same").ca().noAki().noSki().issuerNamed("CN=Same", TestCerts.ec()).build().cert);
        }
        return sent.toArray(new X509Certificate[0]);
    }

    static long work(X509Certificate[] chain) {
        CoreVerifier v = verifier();
        assertThrows(CertificateVerifyException.class, () -> v.verify(chain, "ECDHE_ECDSA"));
        return v.lastBuildWork();
    }

    @Test
    void hundredsOfSameSubjectIntermediatesLinkedByKeyIdsCostLinearWork() {
        long w100 = work(sameSubjectChain(100));
        X509Certificate[] c300 = sameSubjectChain(300);
        long w300 = work(c300);
        assertTrue(w300 <= 4L * 301, "work linear in the certificates: " + w300);
        assertTrue(w300 < 4.5 * w100, "work 100 -> 300 certificates: " + w100 + " -> " + w300 + " (linear: x3, quadratic: x9)");
        // OpenSSL's limit: the default depth (100 intermediates) cuts the chain
        CoreVerifier v = verifier();
        CertificateVerifyException e = assertThrows(CertificateVerifyException.class, () -> v.verify(c300, "RSA"));
        assertEquals(X509Error.CERT_CHAIN_TOO_LONG, e.x509Error(), e.getMessage());
    }

    @Test
    void hundredsOfSameSubjectIntermediatesWithoutKeyIdsCostLinearWork() {
        long w100 = work(sameSubjectNoKeyIds(100));
        long w300 = work(sameSubjectNoKeyIds(300));
        assertTrue(w300 <= 4L * 301, "each candidate examined a bounded number of times: " + w300);
        assertTrue(w300 < 4.5 * w100, "work 100 -> 300 certificates: " + w100 + " -> " + w300);
    }
}
