package dev.sslkit.provider.bc;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Vector;

/**
 * Cipher suite and signature scheme names: OpenSSL's names ({@code ECDHE-ECDSA-AES128-GCM-SHA256},
 * {@code ECDSA+SHA256}) and IANA's ({@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256},
 * {@code ecdsa_secp256r1_sha256}) to bctls's code points. A small table of its own, since a
 * provider must not depend on core.
 */
final class Names {
    private Names() {
    }

    /** IANA name → code, in sslkit's default preference order for the first entries. */
    private static final Map<String, Integer> IANA = new LinkedHashMap<>();
    /** OpenSSL name → IANA name. */
    private static final Map<String, String> OPENSSL = new LinkedHashMap<>();
    /** Signature scheme name (IANA, lower case) → code. */
    private static final Map<String, Integer> SCHEMES = new LinkedHashMap<>();

    static {
        suite("TLS_AES_128_GCM_SHA256", null, CipherSuite.TLS_AES_128_GCM_SHA256);
        suite("TLS_AES_256_GCM_SHA384", null, CipherSuite.TLS_AES_256_GCM_SHA384);
        suite("TLS_CHACHA20_POLY1305_SHA256", null, CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        suite("TLS_AES_128_CCM_SHA256", null, CipherSuite.TLS_AES_128_CCM_SHA256);
        suite("TLS_AES_128_CCM_8_SHA256", null, CipherSuite.TLS_AES_128_CCM_8_SHA256);
        suite("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        suite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
        suite("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384);
        suite("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
        suite("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256);
        suite("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256);
        suite("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256);
        suite("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384", CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384);
        suite("TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305", CipherSuite.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256);
        // below: only when named in a cipher list (not in the defaults)
        suite("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256);
        suite("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384);
        suite("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256);
        suite("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384);
        suite("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA);
        suite("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA);
        suite("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA);
        suite("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA);
        suite("TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256", CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA256);
        suite("TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", CipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA256);
        suite("TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA);
        suite("TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA", CipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA);
        suite("TLS_PSK_WITH_AES_128_GCM_SHA256", "PSK-AES128-GCM-SHA256", CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
        suite("TLS_PSK_WITH_AES_256_GCM_SHA384", "PSK-AES256-GCM-SHA384", CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384);
        suite("TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", "DHE-PSK-AES128-GCM-SHA256", CipherSuite.TLS_DHE_PSK_WITH_AES_128_GCM_SHA256);
        suite("TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", "ECDHE-PSK-AES128-CBC-SHA256", CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256);
        suite("TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-PSK-CHACHA20-POLY1305", CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256);

        scheme("ecdsa_secp256r1_sha256", 0x0403, "ECDSA+SHA256");
        scheme("ecdsa_secp384r1_sha384", 0x0503, "ECDSA+SHA384");
        scheme("ecdsa_secp521r1_sha512", 0x0603, "ECDSA+SHA512");
        scheme("ed25519", 0x0807, "ED25519");
        scheme("ed448", 0x0808, "ED448");
        scheme("rsa_pss_rsae_sha256", 0x0804, "RSA-PSS+SHA256");
        scheme("rsa_pss_rsae_sha384", 0x0805, "RSA-PSS+SHA384");
        scheme("rsa_pss_rsae_sha512", 0x0806, "RSA-PSS+SHA512");
        scheme("rsa_pss_pss_sha256", 0x0809, "PSS+SHA256");
        scheme("rsa_pss_pss_sha384", 0x080a, "PSS+SHA384");
        scheme("rsa_pss_pss_sha512", 0x080b, "PSS+SHA512");
        scheme("rsa_pkcs1_sha256", 0x0401, "RSA+SHA256");
        scheme("rsa_pkcs1_sha384", 0x0501, "RSA+SHA384");
        scheme("rsa_pkcs1_sha512", 0x0601, "RSA+SHA512");
        scheme("ecdsa_sha1", 0x0203, "ECDSA+SHA1");
        scheme("rsa_pkcs1_sha1", 0x0201, "RSA+SHA1");
    }

    /** The TLS 1.3 suites offered/accepted by default (server preference order). */
    static final int[] DEFAULT_13 = {
        CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    };
    /** The TLS 1.2 suites offered/accepted by default: forward-secret AEAD only, as OpenSSL's DEFAULT effectively picks first. */
    static final int[] DEFAULT_12 = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    private static void suite(String iana, String openssl, int code) {
        IANA.put(iana, code);
        if (openssl != null) {
            OPENSSL.put(openssl, iana);
        }
    }

    private static void scheme(String name, int code, String openssl) {
        SCHEMES.put(name, code);
        SCHEMES.put(openssl.toLowerCase(Locale.ROOT), code);
    }

    /** @param code a cipher suite code  @return its IANA name, or {@code 0x....} if unknown */
    static String suiteName(int code) {
        for (Map.Entry<String, Integer> e : IANA.entrySet()) {
            if (e.getValue() == code) {
                return e.getKey();
            }
        }
        return String.format("0x%04X", code);
    }

    /**
     * Parses an OpenSSL cipher list ({@code SSL_set_cipher_list}) or TLS 1.3 suite list
     * ({@code SSL_set_ciphersuites}): names (OpenSSL or IANA) separated by colons, commas or spaces.
     * {@code DEFAULT}, {@code ALL} and {@code HIGH} stand for the defaults; operators
     * ({@code !x}, {@code -x}, {@code +x}) and unknown names are skipped, as OpenSSL skips names it
     * does not know.
     *
     * @param list     the list
     * @param tls13    whether the list is of TLS 1.3 suites
     * @return the codes, in order; empty when nothing matched
     */
    static int[] parseSuites(String list, boolean tls13) {
        List<Integer> out = new ArrayList<>();
        for (String raw : list.split("[:, ]+")) {
            String t = raw.trim();
            if (t.isEmpty() || t.startsWith("!") || t.startsWith("-") || t.startsWith("+") || t.startsWith("@")) {
                continue;
            }
            String u = t.toUpperCase(Locale.ROOT);
            if (u.equals("DEFAULT") || u.equals("ALL") || u.equals("HIGH")) {
                for (int c : tls13 ? DEFAULT_13 : DEFAULT_12) {
                    if (!out.contains(c)) {
                        out.add(c);
                    }
                }
                continue;
            }
            String iana = OPENSSL.getOrDefault(t, t);
            Integer c = IANA.get(iana.toUpperCase(Locale.ROOT));
            if (c != null && is13(c) == tls13 && !out.contains(c)) {
                out.add(c);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @param code a suite  @return whether it is a TLS 1.3 suite */
    static boolean is13(int code) {
        return (code & 0xFF00) == 0x1300;
    }

    /**
     * @param names signature scheme names (IANA, or OpenSSL's {@code ECDSA+SHA256} form)
     * @return bctls's {@link SignatureAndHashAlgorithm}s, in order; unknown names are an error
     * @throws IllegalArgumentException naming an unknown scheme
     */
    static Vector<SignatureAndHashAlgorithm> parseSchemes(List<String> names) {
        Vector<SignatureAndHashAlgorithm> v = new Vector<>();
        for (String n : names) {
            Integer c = SCHEMES.get(n.trim().toLowerCase(Locale.ROOT));
            if (c == null) {
                throw new IllegalArgumentException("unknown signature scheme '" + n + "' (use IANA names such as "
                        + "ecdsa_secp256r1_sha256 or rsa_pss_rsae_sha256)");
            }
            SignatureAndHashAlgorithm a = SignatureAndHashAlgorithm.getInstance((short) (c >>> 8), (short) (c & 0xFF));
            if (!v.contains(a)) {
                v.add(a);
            }
        }
        return v;
    }

    /** @param a a signature algorithm  @return its two-byte code */
    static int code(SignatureAndHashAlgorithm a) {
        return (a.getHash() << 8) | a.getSignature();
    }
}
