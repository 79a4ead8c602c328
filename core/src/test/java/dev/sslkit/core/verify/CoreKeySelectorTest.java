package dev.sslkit.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sslkit.CertifiedKey;
import dev.sslkit.core.verify.TestCerts.Issued;

import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** CoreKeySelector: the key slot chosen for JSSE/BCJSSE key type names and issuers. */
class CoreKeySelectorTest {

    static final CertifiedKey EC = CertifiedKey.of(TestCerts.LEAF.keys.getPrivate(), TestCerts.LEAF.cert, TestCerts.INTER.cert);
    static final CertifiedKey RSA = CertifiedKey.of(TestCerts.RSA_LEAF.keys.getPrivate(), TestCerts.RSA_LEAF.cert);
    static final Issued ED = TestCerts.spec("CN=ed").keys(TestCerts.ed25519()).issuer(TestCerts.ROOT).build();
    static final CertifiedKey ED_KEY = CertifiedKey.of(ED.keys.getPrivate(), ED.cert);

    final CoreKeySelector sel = new CoreKeySelector(List.of(RSA, EC, ED_KEY));

    @Test
    void keyAlgorithmNames() {
        assertSame(EC, sel.select(new String[] {"EC"}, null));
        assertSame(RSA, sel.select(new String[] {"RSA"}, null));
        assertSame(RSA, sel.select(new String[] {"RSASSA-PSS"}, null), "an RSA key serves RSASSA-PSS");
        assertSame(ED_KEY, sel.select(new String[] {"EdDSA"}, null));
        assertSame(ED_KEY, sel.select(new String[] {"Ed25519"}, null));
        assertNull(sel.select(new String[] {"Ed448"}, null));
        assertNull(sel.select(new String[] {"DSA"}, null));
        assertSame(EC, sel.select(new String[] {"DSA", "EC"}, null));
        // slot order wins among several acceptable types
        assertSame(RSA, sel.select(new String[] {"EC", "RSA"}, null));
    }

    @Test
    void tls12KeyExchangeNames() {
        assertSame(EC, sel.select(new String[] {"ECDHE_ECDSA"}, null));
        assertSame(RSA, sel.select(new String[] {"ECDHE_RSA"}, null));
        assertSame(RSA, sel.select(new String[] {"DHE_RSA"}, null));
        // JSSE legacy KEY_SIG: EC key whose certificate is signed with ECDSA / with RSA
        assertSame(EC, sel.select(new String[] {"EC_EC"}, null));
        assertNull(sel.select(new String[] {"EC_RSA"}, null));
        Issued ecUnderRsa = TestCerts.spec("CN=ec-under-rsa").issuer(TestCerts.RSA_ROOT).build();
        CertifiedKey k = CertifiedKey.of(ecUnderRsa.keys.getPrivate(), ecUnderRsa.cert);
        assertSame(k, new CoreKeySelector(List.of(EC, k)).select(new String[] {"EC_RSA"}, null));
    }

    @Test
    void issuersPreferAMatchAndFallBackToTheFirstTypeMatch() {
        Issued other = TestCerts.spec("CN=other-ec").issuer(TestCerts.RSA_ROOT).build();
        CertifiedKey otherKey = CertifiedKey.of(other.keys.getPrivate(), other.cert);
        CoreKeySelector s = new CoreKeySelector(List.of(otherKey, EC));
        Principal[] wantRoot = {TestCerts.ROOT.cert.getSubjectX500Principal()};
        assertSame(EC, s.select(new String[] {"EC"}, wantRoot), "EC's chain holds a certificate issued by ROOT");
        Principal[] wantRsaRoot = {new X500Principal(TestCerts.RSA_ROOT.cert.getSubjectX500Principal().getName())};
        assertSame(otherKey, s.select(new String[] {"EC"}, wantRsaRoot));
        Principal[] nobody = {new X500Principal("CN=Nobody")};
        assertSame(otherKey, s.select(new String[] {"EC"}, nobody), "no issuer match: the first of the right type, like OpenSSL");
        assertSame(otherKey, s.select(new String[] {"EC"}, new Principal[0]));
    }

    @Test
    void countsCalls() {
        CoreKeySelector s = new CoreKeySelector(List.of());
        assertEquals(0, s.calls());
        assertNull(s.select(new String[] {"EC"}, null));
        assertNull(s.select(null, null));
        assertEquals(2, s.calls());
    }
}
