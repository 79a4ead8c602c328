package dev.sslkit.provider.sslengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/** CipherSuites: SSL_set_cipher_list / SSL_set_ciphersuites parsing against a provider's suites. */
class CipherSuitesTest {

    /** What JSSE on this JDK supports: the real list a provider would pass. */
    static final List<String> JSSE = jsse();

    static List<String> jsse() {
        try {
            return List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final List<String> SMALL = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CCM");

    @Test
    void nameMapping() {
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", CipherSuites.toIana("ECDHE-RSA-AES128-GCM-SHA256"));
        assertEquals("TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", CipherSuites.toIana("DHE-RSA-CHACHA20-POLY1305"));
        assertEquals("AES128-SHA", CipherSuites.toOpenSsl("TLS_RSA_WITH_AES_128_CBC_SHA"));
        assertEquals("ECDHE-ECDSA-AES256-SHA384", CipherSuites.toOpenSsl("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"));
        assertEquals("TLS_AES_128_GCM_SHA256", CipherSuites.toOpenSsl("TLS_AES_128_GCM_SHA256"));
        assertNull(CipherSuites.toIana("NOPE"));
    }

    @Test
    void everyTableSuiteJsseSupportsRoundTrips() throws Exception {
        List<String> all = CipherSuites.parseCipherList("ALL", JSSE);
        assertTrue(all.contains("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), all.toString());
        for (String iana : all) {
            String o = CipherSuites.toOpenSsl(iana);
            if (o != null) {
                assertEquals(iana, CipherSuites.toIana(o));
                assertEquals(List.of(iana), CipherSuites.parseCipherList(o, JSSE));
            }
        }
    }

    @Test
    void explicitNamesKeepTheirOrderAndMixOpenSslWithIana() throws Exception {
        assertEquals(List.of("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"),
                CipherSuites.parseCipherList("AES128-GCM-SHA256, ECDHE-RSA-AES128-GCM-SHA256 TLS_ECDHE_ECDSA_WITH_AES_128_CCM", SMALL));
        // adding one already present does not move it
        assertEquals(List.of("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                CipherSuites.parseCipherList("AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256", SMALL));
    }

    @Test
    void keywords() throws Exception {
        assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"),
                CipherSuites.parseCipherList("aECDSA", SMALL));
        assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                CipherSuites.parseCipherList("ECDHE+AESGCM", SMALL));
        assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"), CipherSuites.parseCipherList("CHACHA20", SMALL));
        List<String> arsa = CipherSuites.parseCipherList("aRSA", SMALL);
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"), arsa);
        List<String> high = CipherSuites.parseCipherList("HIGH", SMALL);
        assertEquals(8, high.size(), high.toString());
        List<String> def = CipherSuites.parseCipherList("DEFAULT", SMALL);
        assertEquals("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", def.get(0), "DEFAULT starts with OpenSSL's order");
        assertTrue(!def.contains("TLS_AES_128_GCM_SHA256"), "no TLS 1.3 suite in a cipher list");
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), CipherSuites.parseCipherList("ECDHE:!aECDSA:!SHA384", SMALL));
    }

    @Test
    void removalKillAndMove() throws Exception {
        // ! removes for good: a later add does not bring it back
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                CipherSuites.parseCipherList("!AES128-GCM-SHA256:AESGCM+aRSA:!DHE", SMALL));
        // - removes, a later add brings it back (at the end)
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
                CipherSuites.parseCipherList("AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:-AES128-GCM-SHA256:AES128-GCM-SHA256", SMALL));
        // + moves to the end
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
                CipherSuites.parseCipherList("AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:+kRSA", SMALL));
        List<String> strength = CipherSuites.parseCipherList("AES128-SHA:ECDHE-RSA-AES256-SHA384:@STRENGTH", SMALL);
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA"), strength);
    }

    @Test
    void unsupportedSuitesAreSkippedSilently() throws Exception {
        // DHE-DSS is known but this provider list lacks it
        assertEquals(List.of("TLS_RSA_WITH_AES_128_GCM_SHA256"), CipherSuites.parseCipherList("DHE-DSS-AES128-GCM-SHA256:AES128-GCM-SHA256", SMALL));
    }

    @Test
    void unknownNameIsBadSetting() {
        SslException e = assertThrows(SslException.class, () -> CipherSuites.parseCipherList("ECDHE-RSA-AES128-GCM-SHA256:FOO", SMALL));
        assertEquals(SslReason.BAD_SETTING, e.reason());
        assertTrue(e.getMessage().contains("cipher_list: unknown cipher 'FOO'"), e.getMessage());
        SslException k = assertThrows(SslException.class, () -> CipherSuites.parseCipherList("ECDHE+BOGUS", SMALL));
        assertTrue(k.getMessage().contains("'BOGUS'"), k.getMessage());
        SslException t = assertThrows(SslException.class, () -> CipherSuites.parseCipherList("TLS_AES_128_GCM_SHA256", SMALL));
        assertEquals(SslReason.BAD_SETTING, t.reason());
        assertThrows(SslException.class, () -> CipherSuites.parseCipherList("HIGH:@SECLEVEL=2", SMALL));
    }

    @Test
    void nothingSelectedIsNoCipherMatch() {
        SslException e = assertThrows(SslException.class, () -> CipherSuites.parseCipherList("aDSS", SMALL));
        assertEquals(SslReason.NO_CIPHER_MATCH, e.reason());
        SslException e2 = assertThrows(SslException.class, () -> CipherSuites.parseCipherList("HIGH:!HIGH", SMALL));
        assertEquals(SslReason.NO_CIPHER_MATCH, e2.reason());
        SslException e3 = assertThrows(SslException.class, () -> CipherSuites.parseCipherList("eNULL", SMALL));
        assertEquals(SslReason.NO_CIPHER_MATCH, e3.reason());
    }

    @Test
    void ciphersuitesTls13() throws Exception {
        assertEquals(List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"),
                CipherSuites.parseCiphersuites("TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256", SMALL));
        // CCM is a TLS 1.3 suite this provider lacks: skipped
        assertEquals(List.of("TLS_AES_256_GCM_SHA384"), CipherSuites.parseCiphersuites("TLS_AES_128_CCM_SHA256:TLS_AES_256_GCM_SHA384", SMALL));
        SslException e = assertThrows(SslException.class, () -> CipherSuites.parseCiphersuites("ECDHE-RSA-AES128-GCM-SHA256", SMALL));
        assertEquals(SslReason.BAD_SETTING, e.reason());
        assertThrows(SslException.class, () -> CipherSuites.parseCiphersuites("tls_aes_128_gcm_sha256", SMALL));
        assertThrows(SslException.class, () -> CipherSuites.parseCiphersuites("TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384", SMALL));
        SslException none = assertThrows(SslException.class, () -> CipherSuites.parseCiphersuites("TLS_AES_128_CCM_8_SHA256", SMALL));
        assertEquals(SslReason.NO_CIPHER_MATCH, none.reason());
        assertEquals(new ArrayList<>(CipherSuites.tls13Suites().subList(0, 3)),
                CipherSuites.parseCiphersuites(String.join(":", CipherSuites.tls13Suites()), JSSE));
    }
}
