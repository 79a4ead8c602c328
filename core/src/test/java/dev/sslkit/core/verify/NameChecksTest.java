package dev.sslkit.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;
import javax.security.auth.x500.X500Principal;

/** NameChecks: X509_check_host wildcard rules, IP literal parsing, CN extraction. */
class NameChecksTest {

    @Test
    void wildcardPatterns() {
        assertTrue(NameChecks.matchPattern("*.example.com", "a.example.com", false, false));
        assertFalse(NameChecks.matchPattern("*.example.com", "example.com", false, false));
        assertFalse(NameChecks.matchPattern("*.example.com", "a.b.example.com", false, false));
        assertFalse(NameChecks.matchPattern("*.com", "example.com", false, false), "needs two labels after the star");
        assertFalse(NameChecks.matchPattern("a.*.example.com", "a.b.example.com", false, false), "left-most label only");
        assertFalse(NameChecks.matchPattern("**.example.com", "a.example.com", false, false));
        assertTrue(NameChecks.matchPattern("f*.example.com", "foo.example.com", false, false));
        assertTrue(NameChecks.matchPattern("*o.example.com", "foo.example.com", false, false));
        assertFalse(NameChecks.matchPattern("f*.example.com", "bar.example.com", false, false));
        assertFalse(NameChecks.matchPattern("f*.example.com", "foo.example.com", false, true));
        assertTrue(NameChecks.matchPattern("*.example.com", "foo.example.com", false, true));
        assertFalse(NameChecks.matchPattern("*.example.com", "foo.example.com", true, false));
        assertFalse(NameChecks.matchPattern("xn--*.example.com", "xn--abc.example.com", false, false));
        assertTrue(NameChecks.matchPattern("Www.Example.Com.", "www.example.com", false, false));
    }

    @Test
    void ipLiterals() {
        assertEquals(4, NameChecks.ipBytes("192.168.0.1").length);
        assertEquals(16, NameChecks.ipBytes("::1").length);
        assertEquals(16, NameChecks.ipBytes("[2001:db8::1]").length);
        assertEquals(null, NameChecks.ipBytes("256.1.1.1"));
        assertEquals(null, NameChecks.ipBytes("www.example.com"));
        assertFalse(NameChecks.isIpLiteral("deadbeef.example"));
    }

    @Test
    void commonNames() {
        assertEquals(List.of("a, b+c.example.com"), NameChecks.commonNames(new X500Principal("CN=a\\, b\\+c.example.com,O=x")));
        assertEquals(List.of("x.example.com"), NameChecks.commonNames(new X500Principal("O=org,CN=x.example.com")));
        assertEquals(List.of(), NameChecks.commonNames(new X500Principal("O=org")));
    }

    /** Issue 10 item 2: an undecodable subjectAltName is not an absent one; the commonName is not consulted. */
    @Test
    void undecodableSanNeverFallsBackToTheCommonName() throws Exception {
        byte[] nul = {0x05, 0x00};
        java.security.cert.X509Certificate bad = TestCerts.spec("CN=www.example.com").ext("2.5.29.17", false, nul).build().cert;
        assertEquals(null, bad.getSubjectAlternativeNames(), "the JDK reports no SAN for it, the trap");
        assertFalse(NameChecks.matchesHost(bad, "www.example.com", false, false));
        java.security.cert.X509Certificate cnOnly = TestCerts.spec("CN=www.example.com").build().cert;
        assertTrue(NameChecks.matchesHost(cnOnly, "www.example.com", false, false));
    }
}
