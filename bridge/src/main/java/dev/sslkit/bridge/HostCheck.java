package dev.sslkit.bridge;

import javax.security.auth.x500.X500Principal;
import java.net.InetAddress;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * RFC 6125 / RFC 2818 server identity check ({@code X509_check_host} / {@code X509_check_ip}) for the one
 * case sslkit's verifier cannot do it: a plain {@code X509TrustManager} (not extended) that decides trust
 * itself, with endpoint identification {@code HTTPS}, as SunJSSE's trust-manager wrapper does.
 * Wildcards only as the whole left-most label; IP literals against iPAddress names only.
 */
final class HostCheck {
    private HostCheck() {
    }

    static void check(String host, X509Certificate leaf) throws CertificateException {
        if (host == null || host.isEmpty()) {
            throw new CertificateException("sslkit: endpoint identification is on but no peer host is known");
        }
        boolean ip = isIpLiteral(host);
        List<String> dns = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    String v = String.valueOf(san.get(1));
                    if (ip && type == 7 && InetAddress.getByName(v).equals(InetAddress.getByName(host))) {
                        return;
                    }
                    if (type == 2) {
                        dns.add(v);
                    }
                }
            }
        } catch (CertificateParsingException | java.net.UnknownHostException e) {
            throw new CertificateException("sslkit: cannot read the certificate's subjectAltName: " + e.getMessage(), e);
        }
        if (!ip) {
            if (dns.isEmpty()) {
                String cn = commonName(leaf.getSubjectX500Principal());
                if (cn != null) {
                    dns.add(cn);
                }
            }
            for (String name : dns) {
                if (matches(host.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))) {
                    return;
                }
            }
        }
        throw new CertificateException("No subject alternative name matching " + host + " found (sslkit host check)");
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static boolean matches(String host, String pattern) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1)) && pattern.indexOf('.', 2) > 0;
        }
        return host.equals(pattern);
    }

    private static String commonName(X500Principal p) {
        for (String part : p.getName(X500Principal.RFC2253).split(",")) {
            if (part.regionMatches(true, 0, "CN=", 0, 3)) {
                return part.substring(3);
            }
        }
        return null;
    }
}
