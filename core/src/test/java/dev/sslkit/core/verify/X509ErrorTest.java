package dev.sslkit.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 6: the codes and texts sslkit reports are OpenSSL 3.0's ({@code x509_vfy.h},
 * {@code x509_txt.c} of 3.0.19). {@link VerifyRulesOpenSslIT} also compares every text the
 * {@code openssl} binary prints for a code with {@link X509Error#text}.
 */
class X509ErrorTest {

    @Test
    void codesAsOpenSsl30NumbersThem() {
        assertEquals(0, X509Error.OK);
        assertEquals(6, X509Error.UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY);
        assertEquals(20, X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        assertEquals(22, X509Error.CERT_CHAIN_TOO_LONG);
        assertEquals(24, X509Error.NO_ISSUER_PUBLIC_KEY);
        assertEquals(26, X509Error.INVALID_PURPOSE);
        assertEquals(32, X509Error.KEYUSAGE_NO_CERTSIGN);
        assertEquals(34, X509Error.UNHANDLED_CRITICAL_EXTENSION);
        assertEquals(40, X509Error.PROXY_CERTIFICATES_NOT_ALLOWED);
        assertEquals(41, X509Error.INVALID_EXTENSION);
        assertEquals(47, X509Error.PERMITTED_VIOLATION);
        assertEquals(48, X509Error.EXCLUDED_VIOLATION);
        assertEquals(49, X509Error.SUBTREE_MINMAX);
        assertEquals(51, X509Error.UNSUPPORTED_CONSTRAINT_TYPE);
        assertEquals(52, X509Error.UNSUPPORTED_CONSTRAINT_SYNTAX);
        assertEquals(53, X509Error.UNSUPPORTED_NAME_SYNTAX);
        assertEquals(79, X509Error.INVALID_CA);
        assertEquals(94, X509Error.EC_KEY_EXPLICIT_PARAMS);
    }

    @Test
    void textsAsOpenSsl30SpellsThem() {
        assertEquals("issuer certificate doesn't have a public key", X509Error.text(24));
        assertEquals("unsuitable certificate purpose", X509Error.text(26));
        assertEquals("key usage does not include certificate signing", X509Error.text(32));
        assertEquals("invalid or inconsistent certificate extension", X509Error.text(41));
        assertEquals("excluded subtree violation", X509Error.text(48));
        assertEquals("unsupported or invalid name constraint syntax", X509Error.text(52));
        assertEquals("unsupported or invalid name syntax", X509Error.text(53));
        assertEquals("invalid CA certificate", X509Error.text(79));
        assertEquals("self-signed certificate", X509Error.text(18));
        assertEquals("unknown certificate verification error", X509Error.text(95));
    }
}
