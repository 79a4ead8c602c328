package dev.sslkit.provider.sslengine;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * OpenSSL and IANA cipher-suite names, and OpenSSL's cipher strings: {@code SSL_set_cipher_list}
 * (TLS 1.2 and below) and {@code SSL_set_ciphersuites} (TLS 1.3), resolved against the suites a
 * provider supports.
 *
 * <p>The table holds every TLS 1.2 ECDHE, DHE and RSA key-exchange suite with AES-GCM, AES-CBC and
 * ChaCha20-Poly1305 (RSA, ECDSA and DSS authentication), in OpenSSL 3.0's {@code DEFAULT} order, and
 * the five TLS 1.3 suites. Provider suites outside the table (CCM, ARIA, ...) are reachable by IANA
 * name and by the generic keywords.
 *
 * <h2>Cipher list syntax ({@code ciphers(1)})</h2>
 * Elements are separated by {@code :}, {@code ,} or spaces. An element is a suite name (OpenSSL's,
 * e.g. {@code ECDHE-RSA-AES128-GCM-SHA256}, or IANA's), a keyword, or keywords joined by {@code +}
 * (all must hold, e.g. {@code ECDHE+AESGCM}), optionally prefixed by {@code !} (remove for good),
 * {@code -} (remove; may be added again) or {@code +} (move to the end). {@code @STRENGTH} sorts by
 * symmetric key length, keeping the order of equals. Adding a suite already in the list does not move
 * it. Keywords: {@code ALL}, {@code DEFAULT}, {@code HIGH}, {@code MEDIUM}, {@code LOW},
 * {@code kECDHE}/{@code ECDHE}/{@code EECDH}, {@code kDHE}/{@code kEDH}/{@code DHE}/{@code EDH},
 * {@code kRSA}, {@code aRSA}, {@code RSA}, {@code aECDSA}/{@code ECDSA}, {@code aDSS}/{@code DSS},
 * {@code AESGCM}, {@code AESCCM}, {@code AES}, {@code AES128}, {@code AES256}, {@code CHACHA20},
 * {@code AEAD}, {@code SHA1}/{@code SHA}, {@code SHA256}, {@code SHA384}, {@code TLSv1.2},
 * {@code TLSv1}/{@code SSLv3}, and ones that select nothing here ({@code eNULL}, {@code NULL},
 * {@code aNULL}, {@code RC4}, {@code 3DES}, {@code DES}, {@code MD5}, {@code EXPORT}, {@code PSK},
 * {@code SRP}, {@code COMPLEMENTOFDEFAULT}, ...). Keywords are case-sensitive, as in OpenSSL.
 *
 * <p>Differences from OpenSSL, on purpose: an unknown name fails the whole list
 * ({@link SslReason#BAD_SETTING}) where OpenSSL skips it silently; a TLS 1.3 name in a cipher list
 * and an unknown name in {@code ciphersuites} fail likewise; {@code @SECLEVEL=n} is refused (use
 * {@code security_level}).
 *
 * <p>Stateless and thread-safe.
 */
public final class CipherSuites {

    /** One suite: names and the attributes keywords select on. */
    private static final class Suite {
        final String openssl;
        final String iana;
        final String kx;
        final String auth;
        final String enc;
        final String mac;
        final int bits;

        Suite(String openssl, String iana) {
            this.openssl = openssl;
            this.iana = iana;
            // TLS_<KX>_<AUTH>_WITH_<ENC>_<MAC>, TLS_RSA_WITH_..., TLS_DHE_DSS_...
            int w = iana.indexOf("_WITH_");
            String kxAuth = w > 0 ? iana.substring(iana.indexOf('_') + 1, w) : "";
            String rest = w > 0 ? iana.substring(w + 6) : iana.substring(4);
            String[] ka = kxAuth.split("_");
            String k = ka.length > 0 ? ka[0] : "";
            String a = ka.length > 1 ? ka[1] : k;
            this.kx = k;
            this.auth = a.equalsIgnoreCase("anon") ? "NULL" : a;
            int lastUnderscore = rest.lastIndexOf('_');
            String m = lastUnderscore > 0 ? rest.substring(lastUnderscore + 1) : "";
            String e = lastUnderscore > 0 ? rest.substring(0, lastUnderscore) : rest;
            if (e.endsWith("_CCM") || e.endsWith("_CCM_8") || rest.endsWith("_CCM") || rest.endsWith("_CCM_8")) {
                e = rest;
                m = "AEAD";
            }
            if (e.contains("GCM") || e.contains("CHACHA20") || e.contains("CCM")) {
                m = "AEAD";
            }
            this.enc = e;
            this.mac = m;
            this.bits = symmetricBits(iana);
        }
    }

    /**
     * @param suite an IANA cipher-suite name
     * @return the strength of its bulk cipher in bits (AES-256 and ChaCha20 256, AES-128 128,
     *         3DES 112, DES/RC4-40 56), 0 when unknown or none
     */
    public static int symmetricBits(String suite) {
        if (suite.contains("AES_256") || suite.contains("CHACHA20") || suite.contains("CAMELLIA_256") || suite.contains("ARIA_256")) return 256;
        if (suite.contains("AES_128") || suite.contains("CAMELLIA_128") || suite.contains("ARIA_128") || suite.contains("RC4_128")
                || suite.contains("SEED")) return 128;
        if (suite.contains("3DES")) return 112;
        if (suite.contains("DES") || suite.contains("RC4_40") || suite.contains("RC2")) return 56;
        return 0;
    }

    private static final List<Suite> TLS12 = new ArrayList<>();
    private static final List<String> TLS13 = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
            "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");
    private static final Map<String, Suite> BY_OPENSSL = new HashMap<>();
    private static final Map<String, Suite> BY_IANA = new HashMap<>();
    private static final Map<String, Predicate<Suite>> KEYWORDS = new HashMap<>();

    static {
        String[][] t = {
            {"ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
            {"ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
            {"DHE-DSS-AES256-GCM-SHA384", "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"},
            {"DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
            {"ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
            {"ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
            {"DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
            {"ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
            {"ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
            {"DHE-DSS-AES128-GCM-SHA256", "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256"},
            {"DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
            {"ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
            {"ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
            {"DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"},
            {"DHE-DSS-AES256-SHA256", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256"},
            {"ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
            {"ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
            {"DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
            {"DHE-DSS-AES128-SHA256", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256"},
            {"ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
            {"ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
            {"DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"},
            {"DHE-DSS-AES256-SHA", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"},
            {"ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
            {"ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
            {"DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"},
            {"DHE-DSS-AES128-SHA", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"},
            {"AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"},
            {"AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"},
            {"AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256"},
            {"AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"},
            {"AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"},
            {"AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"},
        };
        for (String[] row : t) {
            Suite s = new Suite(row[0], row[1]);
            TLS12.add(s);
            BY_OPENSSL.put(s.openssl, s);
            BY_IANA.put(s.iana, s);
        }
        Predicate<Suite> weak = s -> s.auth.equals("NULL") || s.enc.equals("NULL") || s.enc.contains("RC4") || s.enc.contains("DES")
                || s.mac.equals("MD5") || s.iana.contains("EXPORT") || s.kx.contains("PSK") || s.auth.contains("PSK")
                || s.kx.equals("SRP");
        kw(s -> true, "ALL");
        kw(weak.negate(), "DEFAULT");
        kw(s -> s.bits >= 128 && !s.enc.contains("3DES") && !s.enc.equals("NULL"), "HIGH");
        kw(s -> s.bits > 56 && s.bits < 128 || s.enc.contains("3DES"), "MEDIUM");
        kw(s -> s.bits > 0 && s.bits <= 56, "LOW");
        kw(s -> s.kx.equals("ECDHE"), "kECDHE", "ECDHE", "EECDH", "kEECDH");
        kw(s -> s.kx.equals("DHE"), "kDHE", "kEDH", "DHE", "EDH");
        kw(s -> s.kx.equals("RSA"), "kRSA");
        kw(s -> s.auth.equals("RSA"), "aRSA");
        kw(s -> s.kx.equals("RSA") || s.auth.equals("RSA"), "RSA");
        kw(s -> s.auth.equals("ECDSA"), "aECDSA", "ECDSA");
        kw(s -> s.auth.equals("DSS"), "aDSS", "DSS");
        kw(s -> s.auth.equals("NULL"), "aNULL", "ADH", "AECDH");
        kw(s -> s.enc.equals("NULL"), "eNULL", "NULL");
        kw(s -> s.enc.startsWith("AES") && s.enc.contains("GCM"), "AESGCM");
        kw(s -> s.enc.startsWith("AES") && s.enc.contains("CCM"), "AESCCM");
        kw(s -> s.enc.startsWith("AES"), "AES");
        kw(s -> s.enc.startsWith("AES_128"), "AES128");
        kw(s -> s.enc.startsWith("AES_256"), "AES256");
        kw(s -> s.enc.startsWith("CHACHA20"), "CHACHA20");
        kw(s -> s.enc.startsWith("CAMELLIA"), "CAMELLIA");
        kw(s -> s.enc.startsWith("ARIA"), "ARIA");
        kw(s -> s.enc.contains("RC4"), "RC4");
        kw(s -> s.enc.contains("3DES"), "3DES");
        kw(s -> s.enc.contains("DES") && !s.enc.contains("3DES"), "DES");
        kw(s -> s.mac.equals("AEAD"), "AEAD");
        kw(s -> s.mac.equals("SHA"), "SHA1", "SHA");
        kw(s -> s.mac.equals("SHA256"), "SHA256");
        kw(s -> s.mac.equals("SHA384"), "SHA384");
        kw(s -> s.mac.equals("MD5"), "MD5");
        kw(s -> s.mac.equals("AEAD") || s.mac.equals("SHA256") || s.mac.equals("SHA384"), "TLSv1.2");
        kw(s -> s.mac.equals("SHA") || s.mac.equals("MD5"), "TLSv1", "SSLv3");
        kw(s -> s.iana.contains("EXPORT"), "EXPORT", "EXP");
        kw(s -> s.kx.contains("PSK") || s.auth.contains("PSK"), "PSK");
        kw(s -> s.kx.equals("SRP"), "SRP");
        kw(s -> false, "COMPLEMENTOFDEFAULT", "COMPLEMENTOFALL", "SEED", "IDEA", "GOST", "kGOST", "aGOST");
    }

    private static void kw(Predicate<Suite> p, String... names) {
        for (String n : names) {
            KEYWORDS.put(n, p);
        }
    }

    private CipherSuites() {
    }

    /**
     * {@code SSL_CIPHER_standard_name} for an OpenSSL name.
     *
     * @param openssl an OpenSSL name such as {@code ECDHE-RSA-AES128-GCM-SHA256}, or a TLS 1.3 name
     * @return the IANA name, or {@code null} if the table does not know it
     */
    public static String toIana(String openssl) {
        Suite s = BY_OPENSSL.get(openssl);
        if (s != null) {
            return s.iana;
        }
        return TLS13.contains(openssl) ? openssl : null;
    }

    /**
     * {@code SSL_CIPHER_get_name} / {@code OPENSSL_cipher_name} for an IANA name.
     *
     * @param iana an IANA/JSSE name such as {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}
     * @return the OpenSSL name (TLS 1.3 suites keep their IANA name), or {@code null} if unknown
     */
    public static String toOpenSsl(String iana) {
        Suite s = BY_IANA.get(iana);
        if (s != null) {
            return s.openssl;
        }
        return TLS13.contains(iana) ? iana : null;
    }

    /** @return the TLS 1.3 suites, in OpenSSL's default order */
    public static List<String> tls13Suites() {
        return TLS13;
    }

    /**
     * {@code SSL_set_cipher_list}: resolves an OpenSSL cipher string against the suites a provider supports.
     *
     * @param spec      the cipher string, e.g. {@code ECDHE+AESGCM:!aRSA} or {@code HIGH:!DHE}
     * @param supported the provider's supported TLS 1.2 (and lower) suites, IANA names
     * @return the selected IANA names, in the string's order; never empty
     * @throws SslException {@link SslReason#BAD_SETTING} naming an unknown name or keyword, or a TLS
     *                      1.3 suite; {@link SslReason#NO_CIPHER_MATCH} if nothing supported was selected
     */
    public static List<String> parseCipherList(String spec, Collection<String> supported) throws SslException {
        Objects.requireNonNull(spec, "spec must not be null");
        Objects.requireNonNull(supported, "supported must not be null");
        Set<String> sup = new HashSet<>(supported);
        List<Suite> universe = new ArrayList<>(TLS12);
        for (String n : supported) {
            if (n != null && !BY_IANA.containsKey(n) && !TLS13.contains(n) && !n.contains("SCSV") && n.contains("_WITH_")) {
                universe.add(new Suite(n, n));
            }
        }
        List<Suite> active = new ArrayList<>();
        Set<Suite> killed = new HashSet<>();
        for (String element : spec.split("[:, ]+")) {
            if (element.isEmpty()) {
                continue;
            }
            if (element.equals("@STRENGTH")) {
                active.sort(Comparator.comparingInt((Suite s) -> s.bits).reversed());
                continue;
            }
            if (element.startsWith("@")) {
                throw new SslException(SslReason.BAD_SETTING, "cipher_list: '" + element
                        + "' is not supported (set security_level instead of @SECLEVEL)");
            }
            char op = element.charAt(0);
            String expr = element;
            if (op == '!' || op == '-' || op == '+') {
                expr = element.substring(1);
            } else {
                op = 0;
            }
            List<Suite> matched = select(expr, universe);
            switch (op) {
                case '!':
                    active.removeAll(matched);
                    killed.addAll(matched);
                    break;
                case '-':
                    active.removeAll(matched);
                    break;
                case '+':
                    List<Suite> move = new ArrayList<>();
                    for (Suite s : active) {
                        if (matched.contains(s)) {
                            move.add(s);
                        }
                    }
                    active.removeAll(move);
                    active.addAll(move);
                    break;
                default:
                    for (Suite s : matched) {
                        if (!killed.contains(s) && !active.contains(s)) {
                            active.add(s);
                        }
                    }
            }
        }
        List<String> out = new ArrayList<>();
        for (Suite s : active) {
            if (sup.contains(s.iana)) {
                out.add(s.iana);
            }
        }
        if (out.isEmpty()) {
            throw new SslException(SslReason.NO_CIPHER_MATCH, "cipher_list: '" + spec + "' selects none of the provider's cipher suites");
        }
        return out;
    }

    private static List<Suite> select(String expr, List<Suite> universe) throws SslException {
        if (expr.isEmpty()) {
            throw new SslException(SslReason.BAD_SETTING, "cipher_list: empty cipher name");
        }
        Suite exact = BY_OPENSSL.get(expr);
        if (exact == null) {
            for (Suite s : universe) {
                if (s.iana.equals(expr)) {
                    exact = s;
                    break;
                }
            }
        }
        if (exact != null) {
            return List.of(exact);
        }
        if (TLS13.contains(expr)) {
            throw new SslException(SslReason.BAD_SETTING, "cipher_list: '" + expr
                    + "' is a TLS 1.3 suite; set it with ciphersuites");
        }
        Predicate<Suite> p = s -> true;
        for (String term : expr.split("\\+")) {
            Predicate<Suite> k = KEYWORDS.get(term);
            if (k == null) {
                throw new SslException(SslReason.BAD_SETTING, "cipher_list: unknown cipher '" + term + "'");
            }
            p = p.and(k);
        }
        List<Suite> out = new ArrayList<>();
        for (Suite s : universe) {
            if (p.test(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * {@code SSL_set_ciphersuites}: colon-separated TLS 1.3 suite names, exactly as IANA (and OpenSSL)
     * spell them.
     *
     * @param spec      e.g. {@code TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256}
     * @param supported the provider's supported suites, IANA names
     * @return the selected names in the given order, without duplicates; never empty
     * @throws SslException {@link SslReason#BAD_SETTING} naming a name that is not a TLS 1.3 suite;
     *                      {@link SslReason#NO_CIPHER_MATCH} if the provider supports none of them
     */
    public static List<String> parseCiphersuites(String spec, Collection<String> supported) throws SslException {
        Objects.requireNonNull(spec, "spec must not be null");
        Objects.requireNonNull(supported, "supported must not be null");
        Set<String> picked = new LinkedHashSet<>();
        for (String n : spec.split(":")) {
            if (n.isEmpty()) {
                continue;
            }
            if (!TLS13.contains(n)) {
                throw new SslException(SslReason.BAD_SETTING, "ciphersuites: unknown TLS 1.3 cipher suite '" + n + "'");
            }
            if (supported.contains(n)) {
                picked.add(n);
            }
        }
        if (picked.isEmpty()) {
            throw new SslException(SslReason.NO_CIPHER_MATCH, "ciphersuites: '" + spec + "' selects none of the provider's TLS 1.3 suites");
        }
        return List.copyOf(picked);
    }
}
