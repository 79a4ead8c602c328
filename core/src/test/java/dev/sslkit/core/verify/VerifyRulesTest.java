package dev.sslkit.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sslkit.core.verify.VerifyRules.Rule;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

/**
 * Issue 10 items 1-5 and 7: every rule of {@link VerifyRules} (name constraints of every CA, the trust
 * anchor included; fail closed; OpenSSL's critical extensions; anchor and leaf checks; OpenSSL's
 * issuer choice; undecodable keys) against {@link CoreVerifier}: the X509 error and depth, or
 * acceptance. {@link VerifyRulesOpenSslIT} runs the same table through {@code openssl verify}.
 */
class VerifyRulesTest {

    static List<Rule> rules() {
        return VerifyRules.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule(Rule r) throws Exception {
        CoreVerifier v = r.verifier();
        if (r.code == X509Error.OK) {
            v.verify(r.chain, "ECDHE_ECDSA");
            assertEquals(0, v.verifyResult(), r.name);
            return;
        }
        CertificateVerifyException e = assertThrows(CertificateVerifyException.class, () -> v.verify(r.chain, "ECDHE_ECDSA"), r.name);
        assertEquals(r.code + "@" + r.depth, e.x509Error() + "@" + e.depth(), r.name + ": " + e.getMessage());
        assertEquals(r.code, v.verifyResult());
    }
}
