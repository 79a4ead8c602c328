package dev.sslkit.core.verify;

import java.security.cert.X509Certificate;

/** Subject and authority key identifiers, for issuer matching as OpenSSL's {@code X509_check_akid}. */
final class KeyIds {

    private KeyIds() {
    }

    /** @return the subjectKeyIdentifier, or {@code null} if absent or unreadable */
    static byte[] subjectKeyId(X509Certificate c) {
        byte[] ext = c.getExtensionValue("2.5.29.14");
        if (ext == null) {
            return null;
        }
        try {
            Der.Tlv outer = Der.read(ext);
            Der.Tlv inner = Der.read(outer.buf, outer.start, outer.end);
            return inner.tag == Der.OCTET_STRING ? inner.value() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @return the keyIdentifier of the authorityKeyIdentifier, or {@code null} if absent or unreadable */
    static byte[] authorityKeyId(X509Certificate c) {
        byte[] ext = c.getExtensionValue("2.5.29.35");
        if (ext == null) {
            return null;
        }
        try {
            Der.Tlv outer = Der.read(ext);
            Der.Tlv seq = Der.read(outer.buf, outer.start, outer.end);
            for (Der.Tlv t : seq.children()) {
                if (t.tag == 0x80) {
                    return t.value();
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
