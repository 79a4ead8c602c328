package dev.sslkit.core.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslkit.CertifiedKey;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/** PemKeys: PEM_read_bio_PrivateKey / PEM_read_bio_X509 with the default password callback. */
class PemKeysTest {

    static final char[] PASSWORD = "correct horse".toCharArray();

    static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    static String certs(X509Certificate... cs) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : cs) {
            sb.append(PemKeys.encode("CERTIFICATE", c.getEncoded()));
        }
        return sb.toString();
    }

    /** PKCS#8 PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) as `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes it, by bcpkix. */
    static String encryptedByBc(PrivateKey k, char[] pw) throws Exception {
        JceOpenSSLPKCS8EncryptorBuilder b = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()).setPRF(PKCS8Generator.PRF_HMACSHA256).setIterationCount(2048)
                .setPassword(pw);
        return pem(new JcaPKCS8Generator(k, b.build()));
    }

    /** The same scheme, encrypted by the JDK. */
    static String encryptedByJdk(PrivateKey k, char[] pw) throws Exception {
        String alg = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance(alg);
        c.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(pw)),
                new PBEParameterSpec(salt, 4096, new IvParameterSpec(iv)));
        byte[] enc = c.doFinal(k.getEncoded());
        // JDK 17's EncryptedPrivateKeyInfo(AlgorithmParameters, byte[]) cannot name PBES2: write the DER directly
        byte[] der = Der.tlv(Der.SEQUENCE, Der.tlv(Der.SEQUENCE, Der.oid("1.2.840.113549.1.5.13"), c.getParameters().getEncoded()),
                Der.tlv(Der.OCTET_STRING, enc));
        new EncryptedPrivateKeyInfo(der); // well-formed
        return PemKeys.encode("ENCRYPTED PRIVATE KEY", der);
    }

    static SslException badValue(org.junit.jupiter.api.function.Executable e, String contains) {
        SslException x = assertThrows(SslException.class, e);
        assertEquals(SslReason.BAD_VALUE, x.reason());
        assertTrue(x.getMessage().contains(contains), x.getMessage());
        return x;
    }

    @Test
    void pkcs8EcAndRsa() throws Exception {
        PrivateKey ec = TestCerts.LEAF.keys.getPrivate();
        assertArrayEquals(ec.getEncoded(), PemKeys.readPrivateKey(PemKeys.encode("PRIVATE KEY", ec.getEncoded()), null).getEncoded());
        PrivateKey rsa = TestCerts.RSA_LEAF.keys.getPrivate();
        assertArrayEquals(rsa.getEncoded(), PemKeys.readPrivateKey(PemKeys.encode("PRIVATE KEY", rsa.getEncoded()), null).getEncoded());
        PrivateKey ed = TestCerts.ed25519().getPrivate();
        assertEquals("EdDSA", PemKeys.readPrivateKey(PemKeys.encode("PRIVATE KEY", ed.getEncoded()), null).getAlgorithm());
    }

    @Test
    void traditionalRsaAndEcKeysAreWrappedIntoPkcs8() throws Exception {
        PrivateKey rsa = TestCerts.RSA_LEAF.keys.getPrivate();
        String rsaPem = pem(rsa);
        assertTrue(rsaPem.contains("BEGIN RSA PRIVATE KEY"), rsaPem);
        assertArrayEquals(rsa.getEncoded(), PemKeys.readPrivateKey(rsaPem, null).getEncoded());
        PrivateKey ec = TestCerts.LEAF.keys.getPrivate();
        // bcpkix writes SEC1 without the curve; OpenSSL writes it in [0]: build that form
        PrivateKeyInfo pki = PrivateKeyInfo.getInstance(ec.getEncoded());
        ASN1Encodable curve = pki.getPrivateKeyAlgorithm().getParameters();
        BigInteger s = ((java.security.interfaces.ECPrivateKey) ec).getS();
        String ecPem = PemKeys.encode("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(256, s, curve).getEncoded());
        PrivateKey back = PemKeys.readPrivateKey(ecPem, null);
        assertEquals("EC", back.getAlgorithm());
        assertEquals(((java.security.interfaces.ECPrivateKey) ec).getS(), ((java.security.interfaces.ECPrivateKey) back).getS());
        assertTrue(PemKeys.keysMatch(back, TestCerts.LEAF.cert.getPublicKey()));
        // without [0]: the curve comes from an EC PARAMETERS block (openssl ecparam -genkey), else a clear error
        String bare = pem(ec);
        assertTrue(bare.contains("BEGIN EC PRIVATE KEY"), bare);
        badValue(() -> PemKeys.readPrivateKey(bare, null), "names no named curve");
        String withParams = PemKeys.encode("EC PARAMETERS", curve.toASN1Primitive().getEncoded()) + bare;
        assertEquals(s, ((java.security.interfaces.ECPrivateKey) PemKeys.readPrivateKey(withParams, null)).getS());
    }

    @Test
    void encryptedWithTheRightPassword() throws Exception {
        PrivateKey ec = TestCerts.LEAF.keys.getPrivate();
        AtomicInteger asked = new AtomicInteger();
        PrivateKey k = PemKeys.readPrivateKey(encryptedByBc(ec, PASSWORD), forEncryption -> {
            asked.incrementAndGet();
            assertEquals(false, forEncryption);
            return PASSWORD.clone();
        });
        assertArrayEquals(ec.getEncoded(), k.getEncoded());
        assertEquals(1, asked.get());
        PrivateKey rsa = TestCerts.RSA_LEAF.keys.getPrivate();
        assertArrayEquals(rsa.getEncoded(), PemKeys.readPrivateKey(encryptedByJdk(rsa, PASSWORD), f -> PASSWORD.clone()).getEncoded());
    }

    @Test
    void encryptedWithAWrongPassword() throws Exception {
        String enc = encryptedByBc(TestCerts.LEAF.keys.getPrivate(), PASSWORD);
        for (int i = 0; i < 5; i++) {
            String wrong = "wrong" + i;
            badValue(() -> PemKeys.readPrivateKey(enc, f -> wrong.toCharArray()), "wrong password");
        }
        String jdk = encryptedByJdk(TestCerts.RSA_LEAF.keys.getPrivate(), PASSWORD);
        badValue(() -> PemKeys.readPrivateKey(jdk, f -> "nope".toCharArray()), "wrong password");
    }

    @Test
    void encryptedWithoutCallbackOrPassword() throws Exception {
        String enc = encryptedByBc(TestCerts.LEAF.keys.getPrivate(), PASSWORD);
        badValue(() -> PemKeys.readPrivateKey(enc, null), "no password callback");
        badValue(() -> PemKeys.readPrivateKey(enc, f -> null), "returned no password");
    }

    @Test
    void legacyEncryptedPemIsRefusedClearly() {
        String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                + "AAAA\n-----END RSA PRIVATE KEY-----\n";
        badValue(() -> PemKeys.readPrivateKey(legacy, f -> PASSWORD), "openssl pkcs8 -topk8");
    }

    /** Issue 9 fuzzing regression: ParsersFuzzTest found an IndexOutOfBoundsException on a PrivateKeyInfo whose
     *  AlgorithmIdentifier is an empty SEQUENCE ({@code 30 07 02 01 00 30 00 04 00}); it is a clear BAD_VALUE. */
    @Test
    void fuzzRegressionEmptyAlgorithmIdentifier() {
        byte[] der = {0x30, 0x07, 0x02, 0x01, 0x00, 0x30, 0x00, 0x04, 0x00};
        String pem = PemKeys.encode("PRIVATE KEY", der);
        badValue(() -> PemKeys.readPrivateKey(pem, null), "not valid DER");
    }

    @Test
    void noKey() throws Exception {
        String onlyCerts = certs(TestCerts.LEAF.cert);
        badValue(() -> PemKeys.readPrivateKey(onlyCerts, null), "no private key");
        badValue(() -> PemKeys.readPrivateKey("garbage", null), "no private key");
        badValue(() -> PemKeys.readPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n", null), "no END line");
        badValue(() -> PemKeys.readPrivateKey("-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n", null), "PKCS#8");
    }

    @Test
    void certifiedKeyOrdersTheChainLeafFirst() throws Exception {
        String text = certs(TestCerts.ROOT.cert, TestCerts.INTER.cert)
                + PemKeys.encode("PRIVATE KEY", TestCerts.LEAF.keys.getPrivate().getEncoded())
                + certs(TestCerts.RSA_ROOT.cert, TestCerts.LEAF.cert);
        CertifiedKey ck = PemKeys.readCertifiedKey(text, null);
        assertEquals(List.of(TestCerts.LEAF.cert, TestCerts.INTER.cert, TestCerts.ROOT.cert, TestCerts.RSA_ROOT.cert), ck.chain());
        assertEquals("EC", ck.keyType());
        // RSA and encrypted
        String rsa = encryptedByJdk(TestCerts.RSA_LEAF.keys.getPrivate(), PASSWORD) + certs(TestCerts.RSA_ROOT.cert, TestCerts.RSA_LEAF.cert);
        CertifiedKey r = PemKeys.readCertifiedKey(rsa, f -> PASSWORD.clone());
        assertEquals(List.of(TestCerts.RSA_LEAF.cert, TestCerts.RSA_ROOT.cert), r.chain());
    }

    @Test
    void keyCertificateMismatch() throws Exception {
        String wrongEc = PemKeys.encode("PRIVATE KEY", TestCerts.ec().getPrivate().getEncoded()) + certs(TestCerts.LEAF.cert, TestCerts.INTER.cert);
        badValue(() -> PemKeys.readCertifiedKey(wrongEc, null), "key values mismatch");
        String rsaKeyEcCert = PemKeys.encode("PRIVATE KEY", TestCerts.RSA_LEAF.keys.getPrivate().getEncoded()) + certs(TestCerts.LEAF.cert);
        badValue(() -> PemKeys.readCertifiedKey(rsaKeyEcCert, null), "key values mismatch");
        String noCert = PemKeys.encode("PRIVATE KEY", TestCerts.LEAF.keys.getPrivate().getEncoded());
        badValue(() -> PemKeys.readCertifiedKey(noCert, null), "no certificate");
    }
}
