package dev.sslkit.cli;

import dev.sslkit.provider.sslengine.CipherSuites;

import java.util.HashMap;
import java.util.Map;

/** Cipher suite code points (IANA TLS Cipher Suites registry) and OpenSSL's {@code -v} columns. */
final class SuiteCodes {
    private static final Map<Integer, String> NAMES = new HashMap<>();

    static {
        Object[][] t = {
            {0x1301, "TLS_AES_128_GCM_SHA256"}, {0x1302, "TLS_AES_256_GCM_SHA384"},
            {0x1303, "TLS_CHACHA20_POLY1305_SHA256"}, {0x1304, "TLS_AES_128_CCM_SHA256"},
            {0x1305, "TLS_AES_128_CCM_8_SHA256"},
            {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}, {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
            {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
            {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"}, {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
            {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
            {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"}, {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
            {0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256"}, {0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"},
            {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"}, {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
            {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"}, {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
            {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"}, {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
            {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"}, {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
            {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"}, {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"},
            {0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256"}, {0x006A, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256"},
            {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"}, {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"},
            {0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"}, {0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"},
            {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"}, {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"},
            {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256"}, {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"},
            {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"}, {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
            {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"}, {0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"},
            {0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"}, {0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8"},
            {0xC09C, "TLS_RSA_WITH_AES_128_CCM"}, {0xC09D, "TLS_RSA_WITH_AES_256_CCM"},
            {0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM"}, {0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM"},
            {0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"}, {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
            {0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"}, {0x5600, "TLS_FALLBACK_SCSV"},
        };
        for (Object[] r : t) {
            NAMES.put((Integer) r[0], (String) r[1]);
        }
    }

    private SuiteCodes() {
    }

    /** @param code a code point @return its IANA name, or {@code null} if this table does not know it */
    static String name(int code) {
        return NAMES.get(code);
    }

    /** @return every code point known, for tests */
    static Map<Integer, String> all() {
        return Map.copyOf(NAMES);
    }

    /**
     * @param iana an IANA name
     * @return OpenSSL's {@code ciphers -v} columns: {@code TLSv1.2 Kx=ECDH Au=RSA Enc=AESGCM(256) Mac=AEAD}
     */
    static String describe(String iana) {
        if (!iana.startsWith("TLS_")) {
            return "";
        }
        boolean tls13 = CipherSuites.tls13Suites().contains(iana);
        int w = iana.indexOf("_WITH_");
        String kx;
        String au;
        String rest;
        if (tls13) {
            kx = "any";
            au = "any";
            rest = iana.substring(4);
        } else {
            String[] ka = iana.substring(4, w).split("_");
            kx = ka[0].equals("ECDHE") ? "ECDH" : ka[0].equals("DHE") ? "DH" : ka[0];
            au = ka.length > 1 ? (ka[1].equals("ECDSA") ? "ECDSA" : ka[1].equals("DSS") ? "DSS" : ka[1]) : "RSA";
            rest = iana.substring(w + 6);
        }
        int bits = CipherSuites.symmetricBits(iana);
        String enc;
        String mac;
        if (rest.contains("GCM")) {
            enc = "AESGCM(" + bits + ")";
            mac = "AEAD";
        } else if (rest.contains("CHACHA20")) {
            enc = "CHACHA20/POLY1305(256)";
            mac = "AEAD";
        } else if (rest.contains("CCM_8")) {
            enc = "AESCCM8(" + bits + ")";
            mac = "AEAD";
        } else if (rest.contains("CCM")) {
            enc = "AESCCM(" + bits + ")";
            mac = "AEAD";
        } else {
            enc = rest.contains("3DES") ? "3DES(168)" : "AES(" + bits + ")";
            mac = rest.endsWith("SHA384") ? "SHA384" : rest.endsWith("SHA256") ? "SHA256" : "SHA1";
        }
        String proto = tls13 ? "TLSv1.3" : mac.equals("SHA1") ? (kx.equals("ECDH") ? "TLSv1" : "SSLv3") : "TLSv1.2";
        return String.format("%-7s Kx=%-8s Au=%-5s Enc=%-22s Mac=%s", proto, kx, au, enc, mac);
    }
}
