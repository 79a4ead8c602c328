package dev.sslkit.provider.jsse;

import dev.sslkit.Setting;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslReason;
import dev.sslkit.Sslkit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSSE's declared capabilities follow the running JDK (issue 3, item 6). */
class RunningJdkTest {
    /** The second surefire run really is on the JDK it claims (so the JDK 25 run cannot silently be a JDK 17 one). */
    @Test
    void runsOnTheExpectedJdk() {
        String expected = System.getProperty("sslkit.expectJdk");
        if (expected != null) {
            assertEquals(Integer.parseInt(expected), Runtime.version().feature());
        }
    }

    /** Signature schemes per connection exist from JDK 19: declared and accepted there, refused clearly before. */
    @Test
    void signatureSchemesFollowTheJdk() throws Exception {
        boolean jdkHasIt = Runtime.version().feature() >= 19;
        assertEquals(jdkHasIt, Sslkit.capabilities("jsse").supports(Setting.SIGALGS));
        try (SslContext ctx = SslContext.newContext(SslMethod.TLS_CLIENT, "jsse")) {
            if (jdkHasIt) {
                ctx.set(Setting.SIGALGS, List.of("ecdsa_secp256r1_sha256"));
                assertEquals(List.of("ecdsa_secp256r1_sha256"), ctx.get(Setting.SIGALGS));
            } else {
                SslException e = assertThrows(SslException.class, () -> ctx.set(Setting.SIGALGS, List.of("ecdsa_secp256r1_sha256")));
                assertTrue(e.hasReason(SslReason.SETTING_NOT_SUPPORTED));
                assertTrue(e.getMessage().contains("sigalgs") && e.getMessage().contains("jsse") && e.getMessage().contains("19"), e.getMessage());
            }
        }
    }
}
