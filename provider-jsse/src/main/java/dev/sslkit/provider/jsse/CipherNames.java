package dev.sslkit.provider.jsse;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenSSL cipher names to the IANA names JSSE uses, and the parsing of {@code cipher_list} /
 * {@code ciphersuites} strings. Only names are understood (OpenSSL or IANA), plus {@code DEFAULT}
 * and {@code !name} / {@code -name} removals; OpenSSL's selection language ({@code HIGH},
 * {@code ECDHE+AESGCM}, {@code @STRENGTH}...) is rejected as an unknown cipher rather than guessed.
 */
final class CipherNames {
    /** TLS 1.3 suites (their OpenSSL and IANA names are the same). */
    static final Set<String> TLS13 = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

    /** OpenSSL name to IANA name, for the TLS 1.2 and earlier suites in common use. */
    static final Map<String, String> OPENSSL_TO_IANA = Map.ofEntries(
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("DHE-DSS-AES128-GCM-SHA256", "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256"),
            Map.entry("DHE-DSS-AES256-GCM-SHA384", "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry("DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("DHE-DSS-AES128-SHA256", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256"),
            Map.entry("DHE-DSS-AES256-SHA256", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256"),
            Map.entry("DHE-DSS-AES128-SHA", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"),
            Map.entry("DHE-DSS-AES256-SHA", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"),
            Map.entry("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"));

    private CipherNames() {
    }

    /**
     * Parses one list into IANA names the running JDK supports, in the given order.
     *
     * @param setting      {@code cipher_list} or {@code ciphersuites}, for messages
     * @param value        the colon (or comma / space) separated list
     * @param tls13        whether this is the TLS 1.3 list
     * @param supported    the JDK's supported suites
     * @param defaults     the JDK's default suites of that kind, for {@code DEFAULT}
     * @return the suites, never empty
     * @throws SslException BAD_SETTING for an unknown name or a suite of the other kind, NO_CIPHER_MATCH if nothing is left
     */
    static List<String> parse(String setting, String value, boolean tls13, Set<String> supported, List<String> defaults)
            throws SslException {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        Set<String> banned = new java.util.HashSet<>();
        for (String raw : value.split("[:, ]+")) {
            if (raw.isEmpty()) {
                continue;
            }
            char op = raw.charAt(0);
            String name = (op == '!' || op == '-' || op == '+') ? raw.substring(1) : raw;
            List<String> names;
            if (name.equals("DEFAULT")) {
                names = defaults;
            } else {
                String iana = toIana(setting, name, supported);
                if (TLS13.contains(iana) != tls13) {
                    throw new SslException(SslReason.BAD_SETTING, setting + ": '" + name + "' is a "
                            + (tls13 ? "TLS 1.2 or earlier suite; set it with cipher_list" : "TLS 1.3 suite; set it with ciphersuites")
                            + " (provider jsse)");
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
                } else if (!banned.contains(n) && supported.contains(n)) {
                    out.add(n);
                }
            }
        }
        if (out.isEmpty()) {
            throw new SslException(SslReason.NO_CIPHER_MATCH, setting + ": '" + value
                    + "' selects no cipher suite this JDK supports (provider jsse)");
        }
        return new ArrayList<>(out);
    }

    private static String toIana(String setting, String name, Set<String> supported) throws SslException {
        String mapped = OPENSSL_TO_IANA.get(name);
        if (mapped != null) {
            return mapped;
        }
        if (TLS13.contains(name) || OPENSSL_TO_IANA.containsValue(name) || supported.contains(name)) {
            return name;
        }
        throw new SslException(SslReason.BAD_SETTING, setting + ": unknown cipher '" + name + "' (provider jsse)");
    }
}
