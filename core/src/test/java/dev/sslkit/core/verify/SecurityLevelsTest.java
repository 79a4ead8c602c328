package dev.sslkit.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslkit.ProtocolVersion;

import org.junit.jupiter.api.Test;

import java.security.AlgorithmConstraints;
import java.security.CryptoPrimitive;
import java.util.EnumSet;
import java.util.Set;

/** SecurityLevels: OpenSSL 3.0's ssl_security_default_callback table. */
class SecurityLevelsTest {

    static final Set<CryptoPrimitive> SIG = EnumSet.of(CryptoPrimitive.SIGNATURE);

    @Test
    void minBitsTable() {
        assertEquals(0, SecurityLevels.minBits(0));
        assertEquals(80, SecurityLevels.minBits(1));
        assertEquals(112, SecurityLevels.minBits(2));
        assertEquals(128, SecurityLevels.minBits(3));
        assertEquals(192, SecurityLevels.minBits(4));
        assertEquals(256, SecurityLevels.minBits(5));
    }

    @Test
    void keyBits() {
        assertEquals(80, SecurityLevels.keyBits(TestCerts.rsa(1024).getPublic()));
        assertEquals(112, SecurityLevels.keyBits(TestCerts.RSA_ROOT_KEYS.getPublic()));
        assertEquals(128, SecurityLevels.keyBits(TestCerts.ec().getPublic()));
        assertEquals(192, SecurityLevels.keyBits(TestCerts.ec("secp384r1").getPublic()));
        assertEquals(128, SecurityLevels.keyBits(TestCerts.ed25519().getPublic()));
        assertEquals(128, SecurityLevels.modulusBits(3072));
        assertEquals(192, SecurityLevels.modulusBits(7680));
        assertEquals(256, SecurityLevels.modulusBits(15360));
        assertEquals(0, SecurityLevels.modulusBits(1023));
    }

    @Test
    void digestBits() {
        assertEquals(39, SecurityLevels.digestBits("MD5withRSA"));
        assertEquals(63, SecurityLevels.digestBits("SHA1withRSA"));
        assertEquals(63, SecurityLevels.digestBits("SHA-1"));
        assertEquals(128, SecurityLevels.digestBits("SHA256withECDSA"));
        assertEquals(192, SecurityLevels.digestBits("SHA384withECDSA"));
        assertEquals(256, SecurityLevels.digestBits("SHA-512"));
        assertEquals(128, SecurityLevels.signatureBits(TestCerts.LEAF.cert));
    }

    @Test
    void protocols() {
        assertTrue(SecurityLevels.allowsProtocol(0, ProtocolVersion.TLS1_0));
        assertTrue(SecurityLevels.allowsProtocol(0, ProtocolVersion.TLS1_1));
        assertFalse(SecurityLevels.allowsProtocol(1, ProtocolVersion.TLS1_0));
        assertFalse(SecurityLevels.allowsProtocol(1, ProtocolVersion.TLS1_1));
        assertTrue(SecurityLevels.allowsProtocol(5, ProtocolVersion.TLS1_2));
        assertTrue(SecurityLevels.allowsProtocol(5, ProtocolVersion.TLS1_3));
    }

    @Test
    void cipherSuites() {
        assertTrue(SecurityLevels.allowsCipherSuite(0, "TLS_DH_anon_WITH_AES_128_CBC_SHA"));
        assertFalse(SecurityLevels.allowsCipherSuite(1, "TLS_DH_anon_WITH_AES_128_CBC_SHA"));
        assertFalse(SecurityLevels.allowsCipherSuite(1, "TLS_RSA_WITH_NULL_SHA256"));
        assertTrue(SecurityLevels.allowsCipherSuite(1, "SSL_RSA_WITH_RC4_128_SHA"));
        assertFalse(SecurityLevels.allowsCipherSuite(2, "SSL_RSA_WITH_RC4_128_SHA"));
        assertTrue(SecurityLevels.allowsCipherSuite(2, "SSL_RSA_WITH_3DES_EDE_CBC_SHA"));
        assertFalse(SecurityLevels.allowsCipherSuite(3, "SSL_RSA_WITH_3DES_EDE_CBC_SHA"));
        // level 3: forward secrecy only
        assertFalse(SecurityLevels.allowsCipherSuite(3, "TLS_RSA_WITH_AES_128_GCM_SHA256"));
        assertTrue(SecurityLevels.allowsCipherSuite(3, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertTrue(SecurityLevels.allowsCipherSuite(3, "TLS_AES_128_GCM_SHA256"));
        // level 4: 192 bits, and no SHA-1 MAC
        assertFalse(SecurityLevels.allowsCipherSuite(4, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertTrue(SecurityLevels.allowsCipherSuite(4, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
        assertFalse(SecurityLevels.allowsCipherSuite(4, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"));
    }

    @Test
    void algorithmConstraints() {
        AlgorithmConstraints l2 = SecurityLevels.constraints(2, null, null);
        AlgorithmConstraints l0 = SecurityLevels.constraints(0, null, null);
        assertFalse(l2.permits(SIG, "SHA1withRSA", null));
        assertFalse(l2.permits(SIG, "MD5", null));
        assertTrue(l2.permits(SIG, "SHA256withECDSA", null));
        assertTrue(l0.permits(SIG, "SHA1withRSA", null));
        assertFalse(l2.permits(SIG, TestCerts.rsa(1024).getPublic()));
        assertTrue(l2.permits(SIG, TestCerts.RSA_ROOT_KEYS.getPublic()));
        assertTrue(l0.permits(SIG, TestCerts.rsa(1024).getPublic()));
        assertFalse(l2.permits(SIG, "TLSv1.1", null));
        assertTrue(l2.permits(SIG, "TLSv1.2", null));
        assertTrue(l0.permits(SIG, "TLSv1", null));
        assertFalse(l2.permits(SIG, "TLS_DH_anon_WITH_AES_128_CBC_SHA", null));
        assertFalse(SecurityLevels.constraints(4, null, null).permits(SIG, "secp256r1", null));
        assertTrue(SecurityLevels.constraints(4, null, null).permits(SIG, "secp384r1", null));
        assertFalse(SecurityLevels.constraints(3, null, null).permits(SIG, "ffdhe2048", null));
        // unknown names are left to the provider
        assertTrue(l2.permits(SIG, "SomethingElse", null));
        // the callback decides instead of the table
        AlgorithmConstraints cb = SecurityLevels.constraints(5, (ssl, op, bits, alg, level) -> op.equals("version"), null);
        assertTrue(cb.permits(SIG, "TLSv1", null));
        assertFalse(cb.permits(SIG, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", null));
    }
}
