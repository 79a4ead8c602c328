package dev.sslkit.tck;

import dev.sslkit.CertifiedKey;
import dev.sslkit.tck.TestPki.KeyType;
import dev.sslkit.tck.TestPki.Variant;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated PKI, checked with the JDK's own PKIX validator (no openssl needed). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestPkiTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    static void validate(List<X509Certificate> chain, X509Certificate root) throws Exception {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void serverAndClientChainsValidateAgainstTheRoot(KeyType type) throws Exception {
        TestPki pki = TestPki.of(type);
        validate(pki.serverKey().chain(), pki.root());
        validate(pki.clientKey().chain(), pki.root());
        validate(List.of(pki.intermediate()), pki.root());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void chainsAreLeafThenIntermediateWithoutTheRoot(KeyType type) throws Exception {
        TestPki pki = TestPki.of(type);
        for (CertifiedKey k : List.of(pki.serverKey(), pki.clientKey())) {
            assertEquals(2, k.chain().size());
            assertEquals(pki.intermediate(), k.chain().get(1));
            assertFalse(k.chain().contains(pki.root()));
            assertEquals(-1, k.leaf().getBasicConstraints(), "a leaf is not a CA");
            assertEquals(type.name(), k.keyType());
            assertKeyMatchesCertificate(k);
        }
        assertEquals(Integer.MAX_VALUE, pki.root().getBasicConstraints());
        assertEquals(0, pki.intermediate().getBasicConstraints());
        assertEquals(pki.root().getSubjectX500Principal(), pki.root().getIssuerX500Principal());
        assertEquals(List.of(pki.root()), pki.trustAnchors());
        assertTrue(pki.root().getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")));
        // subject and authority key identifiers present on every non-root certificate
        for (X509Certificate c : List.of(pki.intermediate(), pki.serverKey().leaf(), pki.clientKey().leaf())) {
            assertTrue(c.getNonCriticalExtensionOIDs().containsAll(Set.of("2.5.29.14", "2.5.29.35")), c.toString());
        }
    }

    @Test
    void serverLeafHasTheTestHostNamesAndServerAuth() throws Exception {
        X509Certificate leaf = TestPki.ec().serverKey().leaf();
        assertEquals(List.of(List.of(2, "localhost"), List.of(2, "*.test.example"), List.of(7, "127.0.0.1")),
                sans(leaf));
        assertEquals(List.of(SERVER_AUTH), leaf.getExtendedKeyUsage());
        assertTrue(leaf.getKeyUsage()[0], "digitalSignature");
        assertEquals(List.of(CLIENT_AUTH), TestPki.ec().clientKey().leaf().getExtendedKeyUsage());
        assertTrue(TestPki.rsa().serverKey().leaf().getKeyUsage()[2], "RSA leaves allow keyEncipherment");
    }

    @Test
    void pkisAreCachedPerKeyType() {
        assertSame(TestPki.ec(), TestPki.of(KeyType.EC));
        assertSame(TestPki.rsa(), TestPki.of(KeyType.RSA));
        assertNotEquals(TestPki.ec().root(), TestPki.rsa().root());
        assertSame(TestPki.ec().variant(Variant.EXPIRED), TestPki.ec().variant(Variant.EXPIRED));
    }

    @Test
    void expiredVariantIsExpired() throws Exception {
        TestPki pki = TestPki.ec();
        CertifiedKey k = pki.variant(Variant.EXPIRED);
        assertThrows(CertificateExpiredException.class, () -> k.leaf().checkValidity());
        CertPathValidatorException e = assertThrows(CertPathValidatorException.class, () -> validate(k.chain(), pki.root()));
        assertEquals(CertPathValidatorException.BasicReason.EXPIRED, e.getReason());
    }

    @Test
    void notYetValidVariantIsNotYetValid() throws Exception {
        TestPki pki = TestPki.ec();
        CertifiedKey k = pki.variant(Variant.NOT_YET_VALID);
        assertThrows(CertificateNotYetValidException.class, () -> k.leaf().checkValidity());
        CertPathValidatorException e = assertThrows(CertPathValidatorException.class, () -> validate(k.chain(), pki.root()));
        assertEquals(CertPathValidatorException.BasicReason.NOT_YET_VALID, e.getReason());
    }

    @Test
    void wrongHostVariantChainsButNamesOnlyOtherExample() throws Exception {
        TestPki pki = TestPki.ec();
        CertifiedKey k = pki.variant(Variant.WRONG_HOST);
        validate(k.chain(), pki.root());
        assertEquals(List.of(List.of(2, "other.example")), sans(k.leaf()));
    }

    @Test
    void selfSignedVariantDoesNotChainToTheRoot() throws Exception {
        TestPki pki = TestPki.ec();
        CertifiedKey k = pki.variant(Variant.SELF_SIGNED);
        assertEquals(1, k.chain().size());
        assertEquals(k.leaf().getSubjectX500Principal(), k.leaf().getIssuerX500Principal());
        k.leaf().verify(k.leaf().getPublicKey());
        assertThrows(CertPathValidatorException.class, () -> validate(k.chain(), pki.root()));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void rsa1024VariantHasA1024BitKeyAndChains(KeyType type) throws Exception {
        TestPki pki = TestPki.of(type);
        CertifiedKey k = pki.variant(Variant.RSA_1024);
        assertEquals(1024, ((RSAPublicKey) k.leaf().getPublicKey()).getModulus().bitLength());
        validate(k.chain(), pki.root());
        assertKeyMatchesCertificate(k);
    }

    @Test
    void unencryptedPemHoldsKeyThenChain() throws Exception {
        TestPki pki = TestPki.ec();
        String pem = pki.serverKeyPem();
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        PrivateKey key = parsePkcs8(pem, "EC");
        assertArrayEquals(pki.serverKey().privateKey().getEncoded(), key.getEncoded());
        assertEquals(pki.serverKey().chain(), parseCerts(pem));
        assertEquals(pki.clientKey().chain(), parseCerts(pki.clientKeyPem()));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void encryptedPemDecryptsWithThePasswordOnly(KeyType type) throws Exception {
        TestPki pki = TestPki.of(type);
        String pem = pki.serverKeyPem("s3cret".toCharArray());
        assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"), pem);
        assertFalse(pem.contains("BEGIN PRIVATE KEY"));
        assertEquals(pki.serverKey().chain(), parseCerts(pem));
        PKCS8EncryptedPrivateKeyInfo info;
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            info = (PKCS8EncryptedPrivateKeyInfo) p.readObject();
        }
        // PBES2 (1.2.840.113549.1.5.13) with AES-256-CBC
        assertEquals("1.2.840.113549.1.5.13", info.getEncryptionAlgorithm().getAlgorithm().getId());
        assertTrue(info.getEncryptionAlgorithm().getParameters().toString().contains("2.16.840.1.101.3.4.1.42"),
                "AES-256-CBC: " + info.getEncryptionAlgorithm().getParameters());
        BouncyCastleProvider bc = new BouncyCastleProvider();
        PrivateKeyInfo plain = info.decryptPrivateKeyInfo(
                new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bc).build("s3cret".toCharArray()));
        PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(plain);
        assertArrayEquals(pki.serverKey().privateKey().getEncoded(), key.getEncoded());
        assertThrows(Exception.class, () -> info.decryptPrivateKeyInfo(
                new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bc).build("wrong".toCharArray())));
        assertThrows(IllegalArgumentException.class, () -> pki.serverKeyPem(new char[0]));
    }

    static void assertKeyMatchesCertificate(CertifiedKey k) throws Exception {
        String alg = k.keyType().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] data = "proof of possession".getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance(alg);
        s.initSign(k.privateKey());
        s.update(data);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(k.leaf().getPublicKey());
        v.update(data);
        assertTrue(v.verify(sig), "private key matches the leaf");
    }

    static List<List<?>> sans(X509Certificate c) throws Exception {
        List<List<?>> out = new ArrayList<>();
        for (List<?> san : c.getSubjectAlternativeNames()) {
            out.add(List.copyOf(san));
        }
        return out;
    }

    static PrivateKey parsePkcs8(String pem, String alg) throws Exception {
        int b = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int e = pem.indexOf("-----END PRIVATE KEY-----");
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + 27, e));
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    @SuppressWarnings("unchecked")
    static List<X509Certificate> parseCerts(String pem) throws Exception {
        String certs = pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----"));
        Collection<X509Certificate> c = (Collection<X509Certificate>) CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(certs.getBytes(StandardCharsets.US_ASCII)));
        return List.copyOf(c);
    }
}
