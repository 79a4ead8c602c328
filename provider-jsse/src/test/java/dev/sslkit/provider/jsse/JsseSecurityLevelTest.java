package dev.sslkit.provider.jsse;

import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.VerifyMode;
import dev.sslkit.tck.Pump;
import dev.sslkit.tck.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The security level reaches JSSE's negotiation as algorithm constraints (issue 3, item 4), not only
 * core's check of the peer's chain: with verification off, a level-4 (192-bit) client still refuses
 * to negotiate the P-256 (128-bit) signature, as OpenSSL's sigalg security check does; level 3 accepts it.
 */
@Timeout(60)
class JsseSecurityLevelTest {
    private static void handshake(int clientLevel) throws Exception {
        TestPki pki = TestPki.ec();
        try (SslContext s = SslContext.newContext(SslMethod.TLS_SERVER, "jsse");
             SslContext c = SslContext.newContext(SslMethod.TLS_CLIENT, "jsse")) {
            s.set(Setting.CERTIFICATES, List.of(pki.serverKey()));
            c.set(Setting.SECURITY_LEVEL, clientLevel);
            c.set(Setting.VERIFY_MODE, EnumSet.noneOf(VerifyMode.class)); // core's chain check cannot be what refuses
            try (Ssl cl = c.newSsl(); Ssl sv = s.newSsl()) {
                Pump.connect(cl, sv);
                Pump.handshake(cl, sv);
            }
        }
    }

    @Test
    void level3AcceptsP256() throws Exception {
        handshake(3);
    }

    @Test
    void level4RefusesP256SignaturesInTheHandshake() {
        SslException e = assertThrows(SslException.class, () -> handshake(4));
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("signature"), e.getMessage());
    }
}
