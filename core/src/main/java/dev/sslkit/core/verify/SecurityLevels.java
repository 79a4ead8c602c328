package dev.sslkit.core.verify;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.SecurityCallback;
import dev.sslkit.Ssl;

import java.security.AlgorithmConstraints;
import java.security.AlgorithmParameters;
import java.security.CryptoPrimitive;
import java.security.Key;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.XECKey;
import java.security.cert.X509Certificate;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import java.util.Set;
import javax.crypto.interfaces.DHKey;

/**
 * OpenSSL's security levels ({@code SSL_CTX_set_security_level}, the table of OpenSSL 3.0's
 * {@code ssl_security_default_callback}) for keys, signatures, cipher suites and protocol versions.
 *
 * <table>
 * <caption>minimum security bits per level</caption>
 * <tr><th>level</th><td>0</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td></tr>
 * <tr><th>bits</th><td>none</td><td>80</td><td>112</td><td>128</td><td>192</td><td>256</td></tr>
 * </table>
 *
 * <p>Security bits: RSA, DSA and DH by the modulus size after NIST SP 800-57 (as OpenSSL's
 * {@code BN_security_bits}: 1024 → 80, 2048 → 112, 3072 → 128, 7680 → 192, 15360 → 256, smaller → 0);
 * EC keys half the field size; Ed25519/X25519 128, Ed448/X448 224. Signature digests: MD5 39, SHA-1 63
 * (so SHA-1 is refused from level 1, as in OpenSSL 3.0), SHA-224 112, SHA-256 128, SHA-384 192,
 * SHA-512 256. Level 0 permits everything.
 *
 * <p>Stateless and thread-safe.
 */
public final class SecurityLevels {

    private static final int[] MIN_BITS = {0, 80, 112, 128, 192, 256};

    private SecurityLevels() {
    }

    /**
     * The minimum security bits of a level: OpenSSL's {@code minbits_table}.
     *
     * @param level 0..5 (above 5 counts as 5, below 0 as 0)
     * @return the bits a key, signature or cipher needs at that level
     */
    public static int minBits(int level) {
        return MIN_BITS[Math.max(0, Math.min(5, level))];
    }

    /**
     * The security bits of a public or private key: OpenSSL's {@code EVP_PKEY_get_security_bits}.
     *
     * @param key a key
     * @return its security bits, 0 when unknown or too weak to rate
     */
    public static int keyBits(Key key) {
        if (key instanceof RSAKey) {
            return modulusBits(((RSAKey) key).getModulus().bitLength());
        }
        if (key instanceof DSAKey && ((DSAKey) key).getParams() != null) {
            return modulusBits(((DSAKey) key).getParams().getP().bitLength());
        }
        if (key instanceof DHKey) {
            return modulusBits(((DHKey) key).getParams().getP().bitLength());
        }
        if (key instanceof ECKey) {
            return ((ECKey) key).getParams().getCurve().getField().getFieldSize() / 2;
        }
        if (key instanceof EdECKey) {
            return curveBits(((EdECKey) key).getParams());
        }
        if (key instanceof XECKey && ((XECKey) key).getParams() instanceof NamedParameterSpec) {
            return curveBits((NamedParameterSpec) ((XECKey) key).getParams());
        }
        String alg = key.getAlgorithm();
        if ("Ed25519".equalsIgnoreCase(alg) || "X25519".equalsIgnoreCase(alg)) {
            return 128;
        }
        if ("Ed448".equalsIgnoreCase(alg) || "X448".equalsIgnoreCase(alg)) {
            return 224;
        }
        return 0;
    }

    private static int curveBits(NamedParameterSpec spec) {
        String n = spec.getName();
        return n.contains("448") ? 224 : 128;
    }

    /**
     * OpenSSL's {@code BN_security_bits} for an RSA/DSA/DH modulus.
     *
     * @param modulusBits the modulus (p or n) size
     * @return the security bits: 1024 → 80, 2048 → 112, 3072 → 128, 7680 → 192, 15360 → 256, less → 0
     */
    public static int modulusBits(int modulusBits) {
        if (modulusBits >= 15360) return 256;
        if (modulusBits >= 7680) return 192;
        if (modulusBits >= 3072) return 128;
        if (modulusBits >= 2048) return 112;
        if (modulusBits >= 1024) return 80;
        return 0;
    }

    /**
     * The security bits of a certificate's signature, as OpenSSL's {@code X509_get_signature_info}
     * reports them: those of its digest (EdDSA: of the curve).
     *
     * @param cert a certificate
     * @return the bits; 0 if the digest is unknown
     */
    public static int signatureBits(X509Certificate cert) {
        String name = cert.getSigAlgName();
        String oid = cert.getSigAlgOID();
        if ("1.3.101.112".equals(oid)) return 128;
        if ("1.3.101.113".equals(oid)) return 224;
        if ("1.2.840.113549.1.1.10".equals(oid) || "RSASSA-PSS".equalsIgnoreCase(name)) {
            try {
                AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
                p.init(cert.getSigAlgParams());
                return digestBits(p.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm());
            } catch (Exception e) {
                return 0;
            }
        }
        return digestBits(name);
    }

    /**
     * The security bits of a digest, by name or as the digest part of a JDK signature name.
     *
     * @param algorithm e.g. {@code SHA-256}, {@code SHA256withRSA}, {@code MD5}, {@code Ed25519}
     * @return the bits (MD5 39, SHA-1 63, SHA-224 112, SHA-256 128, SHA-384 192, SHA-512 256); 0 if unknown
     */
    public static int digestBits(String algorithm) {
        String a = algorithm.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (a.startsWith("ED25519")) return 128;
        if (a.startsWith("ED448")) return 224;
        if (a.startsWith("MD2") || a.startsWith("MD4")) return 0;
        if (a.startsWith("MD5")) return 39;
        if (a.startsWith("SHA1") || a.equals("SHA") || a.startsWith("SHAWITH")) return 63;
        if (a.startsWith("SHA224") || a.startsWith("SHA3224")) return 112;
        if (a.startsWith("SHA256") || a.startsWith("SHA3256")) return 128;
        if (a.startsWith("SHA384") || a.startsWith("SHA3384")) return 192;
        if (a.startsWith("SHA512") || a.startsWith("SHA3512")) return 256;
        return 0;
    }

    /**
     * Whether a key is strong enough: OpenSSL's {@code ssl_security} for {@code SSL_SECOP_EE_KEY} /
     * {@code SSL_SECOP_CA_KEY}. The callback, when set, decides instead of the table.
     *
     * @param level the security level
     * @param cb    the security callback, or {@code null} for the table
     * @param ssl   the connection passed to the callback (may be {@code null})
     * @param key   the key
     * @return whether it is allowed
     */
    public static boolean allowsKey(int level, SecurityCallback cb, Ssl ssl, Key key) {
        int bits = keyBits(key);
        if (cb != null) {
            return cb.allowed(ssl, "key", bits, key.getAlgorithm(), level);
        }
        return level <= 0 || bits >= minBits(level);
    }

    /**
     * Whether a certificate's signature algorithm is strong enough: OpenSSL's
     * {@code check_sig_level} ({@code SSL_SECOP_CA_MD}).
     *
     * @param level the security level
     * @param cb    the security callback, or {@code null} for the table
     * @param ssl   the connection passed to the callback (may be {@code null})
     * @param cert  the certificate whose signature is rated
     * @return whether it is allowed
     */
    public static boolean allowsSignature(int level, SecurityCallback cb, Ssl ssl, X509Certificate cert) {
        int bits = signatureBits(cert);
        if (cb != null) {
            return cb.allowed(ssl, "signature", bits, cert.getSigAlgName(), level);
        }
        return level <= 0 || bits >= minBits(level);
    }

    /**
     * Whether a protocol version is allowed: OpenSSL 3.0's {@code SSL_SECOP_VERSION} rule, "SSLv3,
     * TLS v1.0 and TLS v1.1 only allowed at level 0". (The OpenSSL 3.0 manual also says level 3
     * refuses versions below TLS 1.1; that is implied.) TLS 1.2 and 1.3 are allowed at every level.
     *
     * @param level the security level
     * @param v     the version
     * @return whether it is allowed
     */
    public static boolean allowsProtocol(int level, ProtocolVersion v) {
        return level <= 0 || v.wireVersion() >= ProtocolVersion.TLS1_2.wireVersion();
    }

    /**
     * Whether a cipher suite is allowed at a level: OpenSSL 3.0's {@code SSL_SECOP_CIPHER_*} rules —
     * strength bits at least the minimum, no anonymous or NULL suites, no MD5 MAC, SHA-1 MAC only up to
     * level 3 (160 bits), no RC4 from level 2, forward secrecy (ECDHE/DHE or TLS 1.3) from level 3.
     *
     * @param level the security level
     * @param suite an IANA / JSSE suite name such as {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}
     * @return whether it is allowed
     */
    public static boolean allowsCipherSuite(int level, String suite) {
        if (level <= 0) {
            return true;
        }
        int min = minBits(level);
        String s = suite.toUpperCase(Locale.ROOT);
        if (s.contains("_ANON_") || s.contains("_NULL_") || s.endsWith("_NULL") || s.contains("EXPORT")) {
            return false;
        }
        if (cipherBits(s) < min) {
            return false;
        }
        if (s.endsWith("_MD5")) {
            return false;
        }
        if (min > 160 && s.endsWith("_SHA")) {
            return false;
        }
        if (level >= 2 && s.contains("RC4")) {
            return false;
        }
        boolean tls13 = s.startsWith("TLS_") && !s.contains("_WITH_");
        return level < 3 || tls13 || s.contains("ECDHE") || s.contains("_DHE_") || s.contains("EDH");
    }

    /**
     * The symmetric strength of a suite, as OpenSSL's {@code SSL_CIPHER_get_bits}.
     *
     * @param suite an upper-case IANA name
     * @return the bits: 256 for AES-256/ChaCha20, 128 for AES-128/RC4/ARIA-128/Camellia-128, 112 for 3DES, 56 for DES
     */
    static int cipherBits(String suite) {
        if (suite.contains("AES_256") || suite.contains("CHACHA20") || suite.contains("CAMELLIA_256") || suite.contains("ARIA_256")) {
            return 256;
        }
        if (suite.contains("AES_128") || suite.contains("CAMELLIA_128") || suite.contains("ARIA_128") || suite.contains("RC4_128")
                || suite.contains("SEED")) {
            return 128;
        }
        if (suite.contains("3DES")) {
            return 112;
        }
        return suite.contains("DES") || suite.contains("RC4_40") || suite.contains("RC2") ? 56 : 0;
    }

    /**
     * The security bits of a TLS named group, for the key-agreement checks of
     * {@link #constraints(int, SecurityCallback, Ssl)}.
     *
     * @param group a JSSE group name such as {@code secp256r1}, {@code x25519} or {@code ffdhe2048}
     * @return the bits, or -1 if it is not a group name
     */
    static int groupBits(String group) {
        switch (group.toLowerCase(Locale.ROOT)) {
            case "secp256r1": case "x25519": case "brainpoolp256r1": case "brainpoolp256r1tls13": return 128;
            case "secp384r1": case "brainpoolp384r1": case "brainpoolp384r1tls13": return 192;
            case "secp521r1": return 260;
            case "x448": return 224;
            case "brainpoolp512r1": case "brainpoolp512r1tls13": return 256;
            case "ffdhe2048": return 112;
            case "ffdhe3072": case "ffdhe4096": case "ffdhe6144": return 128;
            case "ffdhe8192": return 192;
            default: return -1;
        }
    }

    /**
     * A {@link java.security.AlgorithmConstraints} enforcing a security level, for providers to install
     * with {@code SSLParameters.setAlgorithmConstraints} (the JDK's counterpart of OpenSSL's security
     * callback mechanism). It refuses:
     * <ul>
     * <li>keys below the level's bits ({@code permits(primitives, key)});</li>
     * <li>MD2/MD4/MD5 and SHA-1 in algorithm names (signature schemes, digests) from level 1;</li>
     * <li>TLS 1.0/1.1 and SSLv3 names from level 1 ({@link #allowsProtocol});</li>
     * <li>cipher suites refused by {@link #allowsCipherSuite};</li>
     * <li>named groups below the level's bits.</li>
     * </ul>
     * Names it does not recognise are permitted: the provider's own constraints still apply to them.
     * When {@code cb} is set it is consulted instead of the table, with operations {@code "key"},
     * {@code "signature"}, {@code "cipher"}, {@code "version"} and {@code "group"}.
     *
     * @param level the security level (0..5)
     * @param cb    the security callback, or {@code null}
     * @param ssl   the connection passed to the callback (may be {@code null})
     * @return the constraints (thread-safe if {@code cb} is)
     */
    public static AlgorithmConstraints constraints(int level, SecurityCallback cb, Ssl ssl) {
        return new LevelConstraints(level, cb, ssl);
    }

    /** Name decisions per level (0..5) when no security callback is set. */
    @SuppressWarnings("unchecked")
    private static final java.util.concurrent.ConcurrentHashMap<String, Boolean>[] DECIDED = new java.util.concurrent.ConcurrentHashMap[6];
    private static final java.util.regex.Pattern DECOMPOSE = java.util.regex.Pattern.compile("WITH|AND|/");

    static {
        for (int i = 0; i < DECIDED.length; i++) {
            DECIDED[i] = new java.util.concurrent.ConcurrentHashMap<>();
        }
    }

    private static final class LevelConstraints implements AlgorithmConstraints {
        private final int level;
        private final SecurityCallback cb;
        private final Ssl ssl;

        LevelConstraints(int level, SecurityCallback cb, Ssl ssl) {
            this.level = level;
            this.cb = cb;
            this.ssl = ssl;
        }

        private boolean decide(String op, int bits, String alg, boolean tableSays) {
            return cb != null ? cb.allowed(ssl, op, bits, alg, level) : tableSays;
        }

        @Override
        public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, AlgorithmParameters parameters) {
            if (algorithm == null || algorithm.isEmpty()) {
                throw new IllegalArgumentException("algorithm must not be null or empty");
            }
            if (cb != null || parameters != null || level < 0 || level >= DECIDED.length) {
                return decideName(algorithm, parameters);
            }
            // Without a callback the answer depends only on the level and the name, and a provider
            // asks for the same few dozen names (suites, schemes, groups, versions) in every handshake.
            java.util.concurrent.ConcurrentHashMap<String, Boolean> known = DECIDED[level];
            Boolean b = known.get(algorithm);
            if (b == null) {
                b = decideName(algorithm, null);
                if (known.size() < 4096) {
                    known.put(algorithm, b);
                }
            }
            return b;
        }

        private boolean decideName(String algorithm, AlgorithmParameters parameters) {
            String up = algorithm.toUpperCase(Locale.ROOT);
            if (up.equals("SSLV3") || up.startsWith("TLSV1") || up.equals("SSLV2HELLO")) {
                if (up.equals("SSLV2HELLO")) {
                    return true;
                }
                ProtocolVersion v;
                try {
                    v = up.equals("SSLV3") ? null : ProtocolVersion.ofName(algorithm);
                } catch (IllegalArgumentException e) {
                    return true;
                }
                boolean ok = v != null && allowsProtocol(level, v);
                return decide("version", 0, algorithm, ok || (v == null && level <= 0));
            }
            if ((up.startsWith("TLS_") || up.startsWith("SSL_")) && up.length() > 12) {
                return decide("cipher", cipherBits(up), algorithm, allowsCipherSuite(level, algorithm));
            }
            int g = groupBits(algorithm);
            if (g >= 0) {
                return decide("group", g, algorithm, level <= 0 || g >= minBits(level));
            }
            if ("RSASSA-PSS".equalsIgnoreCase(algorithm) && parameters != null) {
                try {
                    String md = parameters.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
                    int bits = digestBits(md);
                    return decide("signature", bits, algorithm, level <= 0 || bits >= minBits(level));
                } catch (Exception e) {
                    return true;
                }
            }
            // decompose "SHA1withRSA", "SHA256withECDSA", "MD5andSHA1" like the JDK's AlgorithmDecomposer
            for (String part : DECOMPOSE.split(up)) {
                if (part.isEmpty()) {
                    continue;
                }
                String p = part.replace("-", "");
                if (p.equals("MD2") || p.equals("MD4") || p.equals("MD5") || p.equals("SHA1") || p.equals("SHA")) {
                    int bits = digestBits(p);
                    if (!decide("signature", bits, algorithm, level <= 0)) {
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public boolean permits(Set<CryptoPrimitive> primitives, Key key) {
            if (key == null) {
                throw new IllegalArgumentException("key must not be null");
            }
            return allowsKey(level, cb, ssl, key);
        }

        @Override
        public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, Key key, AlgorithmParameters parameters) {
            return permits(primitives, algorithm, parameters) && permits(primitives, key);
        }
    }
}
