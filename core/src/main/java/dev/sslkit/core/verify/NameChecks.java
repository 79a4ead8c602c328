package dev.sslkit.core.verify;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * Identity checks of a certificate, as OpenSSL's {@code X509_check_host}, {@code X509_check_ip_asc}
 * and {@code X509_check_email} do them (RFC 6125 / RFC 2818).
 *
 * <p>Host names: subjectAltName dNSName entries; only when the certificate has no dNSName entry
 * the subject's commonName (OpenSSL's default without {@code X509_CHECK_FLAG_NEVER_CHECK_SUBJECT}).
 * Comparison ignores case and one trailing dot. A wildcard {@code *} is honoured only in the
 * left-most label, only with at least two labels after it, never in an IDNA ({@code xn--}) label, and
 * matches exactly one label; {@code noPartialWildcards} refuses {@code f*.example.com}; {@code
 * noWildcards} refuses all wildcards. IP addresses compare the iPAddress entries byte for byte.
 * E-mail compares rfc822Name entries: the local part exactly, the domain ignoring case.
 *
 * <p>The names are read from sslkit's own strict decoding of the certificate; a certificate whose
 * subjectAltName (or any extension verification relies on) does not decode matches nothing: the
 * commonName is never a fallback for an undecodable subjectAltName.
 *
 * <p>Stateless and thread-safe.
 */
public final class NameChecks {

    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private NameChecks() {
    }

    /**
     * {@code X509_check_host}.
     *
     * @param cert               the certificate
     * @param host               the expected DNS name
     * @param noWildcards        {@code X509_CHECK_FLAG_NO_WILDCARDS}
     * @param noPartialWildcards {@code X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS}
     * @return whether the certificate is for that host
     */
    public static boolean matchesHost(X509Certificate cert, String host, boolean noWildcards, boolean noPartialWildcards) {
        String h = normalizeHost(host);
        if (h.isEmpty()) {
            return false;
        }
        List<String> dns = sans(cert, SAN_DNS);
        if (dns == null) {
            return false;
        }
        if (!dns.isEmpty()) {
            for (String pattern : dns) {
                if (matchPattern(pattern, h, noWildcards, noPartialWildcards)) {
                    return true;
                }
            }
            return false;
        }
        for (String cn : commonNames(cert.getSubjectX500Principal())) {
            if (matchPattern(cn, h, noWildcards, noPartialWildcards)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code X509_check_ip_asc}: the IP literal against the iPAddress entries.
     *
     * @param cert the certificate
     * @param ip   an IPv4 or IPv6 literal
     * @return whether the certificate is for that address; {@code false} if {@code ip} is not a literal
     */
    public static boolean matchesIp(X509Certificate cert, String ip) {
        byte[] want = ipBytes(ip);
        if (want == null) {
            return false;
        }
        List<String> ips = sans(cert, SAN_IP);
        for (String s : ips == null ? List.<String>of() : ips) {
            byte[] have = ipBytes(s);
            if (have != null && Arrays.equals(want, have)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code X509_check_email}: the address against the rfc822Name entries.
     *
     * @param cert  the certificate
     * @param email the expected address
     * @return whether the certificate is for that address
     */
    public static boolean matchesEmail(X509Certificate cert, String email) {
        int at = email.lastIndexOf('@');
        List<String> emails = sans(cert, SAN_EMAIL);
        for (String s : emails == null ? List.<String>of() : emails) {
            int at2 = s.lastIndexOf('@');
            if (at < 0 || at2 < 0) {
                if (s.equalsIgnoreCase(email)) {
                    return true;
                }
                continue;
            }
            if (s.substring(0, at2).equals(email.substring(0, at))
                    && s.substring(at2 + 1).equalsIgnoreCase(email.substring(at + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a string is an IP address literal (then a host check is an IP check, as
     * {@code SSL_set1_host} documents).
     *
     * @param s a host or address
     * @return whether it is an IPv4 or IPv6 literal
     */
    public static boolean isIpLiteral(String s) {
        return ipBytes(s) != null;
    }

    private static String normalizeHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    static boolean matchPattern(String rawPattern, String host, boolean noWildcards, boolean noPartialWildcards) {
        String p = normalizeHost(rawPattern);
        if (p.isEmpty()) {
            return false;
        }
        if (p.indexOf('*') < 0) {
            return p.equals(host);
        }
        if (noWildcards) {
            return false;
        }
        int dot = p.indexOf('.');
        if (dot < 0) {
            return false;
        }
        String first = p.substring(0, dot);
        String rest = p.substring(dot);
        // one star, in the left-most label only; at least two labels after it; not an IDNA label
        if (first.indexOf('*') != first.lastIndexOf('*') || rest.indexOf('*') >= 0) {
            return false;
        }
        if (rest.indexOf('.', 1) < 0 || first.startsWith("xn--")) {
            return false;
        }
        if (noPartialWildcards && !first.equals("*")) {
            return false;
        }
        int hdot = host.indexOf('.');
        if (hdot <= 0 || !host.substring(hdot).equals(rest)) {
            return false;
        }
        String label = host.substring(0, hdot);
        if (!first.equals("*") && label.startsWith("xn--")) {
            return false;
        }
        int star = first.indexOf('*');
        String prefix = first.substring(0, star);
        String suffix = first.substring(star + 1);
        return label.length() >= prefix.length() + suffix.length() && label.startsWith(prefix) && label.endsWith(suffix);
    }

    /**
     * The subjectAltName entries of one type, decoded by sslkit ({@link CertInfo}), never by the JDK's
     * lenient accessor. Fail closed: a certificate whose extensions do not decode yields {@code null}
     * (it matches nothing, and its commonName is not consulted either).
     */
    private static List<String> sans(X509Certificate cert, int type) {
        CertInfo info = CertInfo.of(cert);
        if (info.invalid) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (info.san == null) {
            return out;
        }
        for (CertInfo.GeneralName g : info.san) {
            if (g.type == type) {
                out.add(type == SAN_IP ? ipText(g.value) : g.text());
            }
        }
        return out;
    }

    private static String ipText(byte[] b) {
        if (b.length != 4 && b.length != 16) {
            return "";
        }
        try {
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    /** Parses an IP literal without any name lookup; {@code null} if it is not one. */
    static byte[] ipBytes(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        String t = s;
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (IPV4.matcher(t).matches()) {
            String[] parts = t.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            }
            return b;
        }
        if (t.indexOf(':') >= 0 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
            try {
                // a string with ':' is parsed as an IPv6 literal, never looked up
                return InetAddress.getByName(t).getAddress();
            } catch (UnknownHostException | SecurityException e) {
                return null;
            }
        }
        return null;
    }

    /** The commonName values of a name, parsed from its RFC 2253 form. */
    static List<String> commonNames(X500Principal name) {
        List<String> out = new ArrayList<>();
        String s = name.getName(X500Principal.RFC2253);
        int i = 0;
        int n = s.length();
        while (i < n) {
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String type = s.substring(i, eq).trim();
            int j = eq + 1;
            String value;
            if (j < n && s.charAt(j) == '#') {
                int k = j + 1;
                while (k < n && Character.digit(s.charAt(k), 16) >= 0) {
                    k++;
                }
                value = derString(s.substring(j + 1, k));
                j = k;
            } else {
                ByteArrayOutputStream v = new ByteArrayOutputStream();
                while (j < n && s.charAt(j) != ',' && s.charAt(j) != '+') {
                    char c = s.charAt(j);
                    if (c == '\\' && j + 1 < n) {
                        char d = s.charAt(j + 1);
                        if (j + 2 < n && Character.digit(d, 16) >= 0 && Character.digit(s.charAt(j + 2), 16) >= 0) {
                            v.write(Integer.parseInt(s.substring(j + 1, j + 3), 16));
                            j += 3;
                            continue;
                        }
                        byte[] b = String.valueOf(d).getBytes(StandardCharsets.UTF_8);
                        v.write(b, 0, b.length);
                        j += 2;
                        continue;
                    }
                    byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    v.write(b, 0, b.length);
                    j++;
                }
                value = new String(v.toByteArray(), StandardCharsets.UTF_8);
            }
            if (type.equalsIgnoreCase("CN") || type.equals("2.5.4.3")) {
                out.add(value);
            }
            i = j + 1;
        }
        return out;
    }

    private static String derString(String hex) {
        if (hex.length() < 4 || hex.length() % 2 != 0) {
            return "";
        }
        byte[] b = new byte[hex.length() / 2];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) Integer.parseInt(hex.substring(2 * k, 2 * k + 2), 16);
        }
        int len = b[1] & 0xFF;
        int off = 2;
        if (len > 0x80) {
            int nb = len & 0x7F;
            len = 0;
            for (int k = 0; k < nb && off < b.length; k++) {
                len = (len << 8) | (b[off++] & 0xFF);
            }
        }
        len = Math.min(len, b.length - off);
        if (len < 0) {
            return "";
        }
        return (b[0] & 0xFF) == 0x1E
                ? new String(b, off, len, StandardCharsets.UTF_16BE)
                : new String(b, off, len, StandardCharsets.UTF_8);
    }
}
