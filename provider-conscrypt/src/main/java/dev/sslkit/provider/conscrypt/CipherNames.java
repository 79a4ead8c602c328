package dev.sslkit.provider.conscrypt;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code SSL_set_cipher_list} for Conscrypt: OpenSSL cipher names to the IANA names Conscrypt's
 * {@code SSLEngine} takes. Only names are understood (OpenSSL or IANA), plus {@code DEFAULT} and
 * {@code !name} / {@code -name} removals and {@code +name} moves; OpenSSL's selection language
 * ({@code HIGH}, {@code ECDHE+AESGCM}, {@code @STRENGTH}) is refused as an unknown cipher rather than
 * guessed. TLS 1.3 names are refused: Conscrypt always enables every TLS 1.3 suite.
 */
final class CipherNames {
    /** TLS 1.3 suites (their OpenSSL and IANA names are the same). */
    static final Set<String> TLS13 = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

    /** OpenSSL name to IANA name for the TLS 1.2 suites BoringSSL implements. */
    static final Map<String, String> OPENSSL_TO_IANA = Map.ofEntries(
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-PSK-CHACHA20-POLY1305", "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-PSK-AES128-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-PSK-AES256-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA"),
            Map.entry("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("PSK-AES128-CBC-SHA", "TLS_PSK_WITH_AES_128_CBC_SHA"),
            Map.entry("PSK-AES256-CBC-SHA", "TLS_PSK_WITH_AES_256_CBC_SHA"));

    private CipherNames() {
    }

    /**
     * Parses a {@code cipher_list} into IANA names, in order.
     *
     * @param value  the colon (or comma / space) separated list
     * @param suites Conscrypt's supported and default TLS 1.2 suites, or {@code null} if its native
     *               library is not loaded (then names are only checked against the known table)
     * @return the suites, never empty
     * @throws SslException BAD_SETTING for an unknown or TLS 1.3 name, NO_CIPHER_MATCH if nothing is left
     */
    static List<String> parse(String value, ConscryptContext.Suites suites) throws SslException {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        Set<String> banned = new HashSet<>();
        for (String raw : value.split("[:, ]+")) {
            if (raw.isEmpty()) {
                continue;
            }
            char op = raw.charAt(0);
            String name = (op == '!' || op == '-' || op == '+') ? raw.substring(1) : raw;
            List<String> names;
            if (name.equals("DEFAULT")) {
                names = suites == null ? List.of() : suites.defaults;
            } else {
                String iana = toIana(name, suites);
                if (TLS13.contains(iana)) {
                    throw new SslException(SslReason.BAD_SETTING, "cipher_list: '" + name + "' is a TLS 1.3 suite; "
                            + "provider conscrypt always enables every TLS 1.3 suite (ciphersuites is not supported)");
                }
                names = List.of(iana);
            }
            for (String n : names) {
                if (op == '!' || op == '-') {
                    out.remove(n);
                    if (op == '!') {
                        banned.add(n);
                    }
                } else if (op == '+') {
                    if (out.remove(n)) {
                        out.add(n);
                    }
                } else if (!banned.contains(n) && (suites == null || suites.supported.contains(n))) {
                    out.add(n);
                }
            }
        }
        if (out.isEmpty()) {
            throw new SslException(SslReason.NO_CIPHER_MATCH, "cipher_list: '" + value
                    + "' selects no TLS 1.2 cipher suite Conscrypt supports (provider conscrypt)");
        }
        return new ArrayList<>(out);
    }

    private static String toIana(String name, ConscryptContext.Suites suites) throws SslException {
        String mapped = OPENSSL_TO_IANA.get(name);
        if (mapped != null) {
            return mapped;
        }
        if (TLS13.contains(name) || OPENSSL_TO_IANA.containsValue(name) || (suites != null && suites.supported.contains(name))) {
            return name;
        }
        throw new SslException(SslReason.BAD_SETTING, "cipher_list: unknown cipher '" + name + "' (provider conscrypt)");
    }
}
