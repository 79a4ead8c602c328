package dev.sslkit.core.verify;

import dev.sslkit.core.verify.CertInfo.Ava;
import dev.sslkit.core.verify.CertInfo.GeneralName;
import dev.sslkit.core.verify.CertInfo.NameConstraints;
import dev.sslkit.core.verify.CertInfo.Subtree;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Name constraints (RFC 5280 4.2.1.10) as OpenSSL 3.0's {@code NAME_CONSTRAINTS_check} and
 * {@code NAME_CONSTRAINTS_check_CN} judge them, for every kind OpenSSL knows: directory names (the
 * subject and dirName entries, by canonical RDN prefix), the subject's emailAddress attributes and
 * rfc822Name entries, dNSName, uniformResourceIdentifier (by host), iPAddress (IPv4 and IPv6, address
 * and mask), SmtpUTF8Mailbox otherNames against rfc822Name constraints, and, for the leaf without a
 * dNSName, commonNames that look like host names. The codes are OpenSSL's: permitted 47, excluded 48,
 * minimum/maximum 49, a constraint type that cannot be judged (otherName, x400Address, ediPartyName,
 * registeredID, with a constraint of the same type) 51, a name (or, as OpenSSL 3.0 has it, an iPAddress
 * constraint of the wrong length) that cannot be judged 53.
 *
 * <p><b>Fail closed, beyond OpenSSL</b> (only where OpenSSL would accept): an excluded dNSName subtree
 * that is not a host name ({@code *.example.com}), or an excluded iPAddress subtree whose mask is not
 * contiguous, is 52; a wildcard dNSName ({@code *.example.com}) that could stand for an excluded name
 * ({@code evil.example.com}), or a name with a trailing dot that would escape the comparison, is 48/47
 * as its normalized form is; a leaf commonName used as host name (no dNSName entry) that OpenSSL does
 * not consider (a wildcard, a trailing dot) is checked the same way; a URI whose host has user
 * information or is an IPv6 literal is 53 when URI constraints exist.
 *
 * <p>Stateless and thread-safe.
 */
final class NameConstraintChecks {

    private static final String OID_SMTP_UTF8_MAILBOX = "1.3.6.1.5.5.7.8.9";
    private static final int NAME_CHECK_MAX = 1 << 20;

    private NameConstraintChecks() {
    }

    /**
     * Checks one certificate against the constraints of one CA above it.
     *
     * @param x       the constrained certificate
     * @param leaf    whether {@code x} is the leaf (then hostname-like commonNames are checked too)
     * @param nc      the CA's constraints
     * @return {@link X509Error#OK} or the error
     */
    static int check(CertInfo x, boolean leaf, NameConstraints nc) {
        List<GeneralName> san = x.san == null ? List.of() : x.san;
        int names = san.size();
        for (List<Ava> rdn : x.subjectRdns) {
            names += rdn.size();
        }
        int constraints = nc.permitted.size() + nc.excluded.size();
        if (names > 0 && constraints > NAME_CHECK_MAX / names) {
            return X509Error.UNSPECIFIED;
        }
        int r = openSslCheck(x, san, nc);
        if (r == X509Error.OK && leaf && !hasType(san, GeneralName.DNS)) {
            r = checkCn(x, nc);
        }
        if (r == X509Error.OK) {
            r = failClosed(x, leaf, san, nc);
        }
        return r;
    }

    // ---- NAME_CONSTRAINTS_check --------------------------------------------------------------------

    private static int openSslCheck(CertInfo x, List<GeneralName> san, NameConstraints nc) {
        if (!x.subjectRdns.isEmpty()) {
            int r = match(new GeneralName(GeneralName.DIRNAME, x.subjectDer, null), nc);
            if (r != X509Error.OK) {
                return r;
            }
            for (List<Ava> rdn : x.subjectRdns) {
                for (Ava a : rdn) {
                    if (!a.oid.equals(CertInfo.OID_EMAIL_ADDRESS)) {
                        continue;
                    }
                    if (a.tag != 0x16) {
                        return X509Error.UNSUPPORTED_NAME_SYNTAX;
                    }
                    r = match(new GeneralName(GeneralName.EMAIL, a.value, null), nc);
                    if (r != X509Error.OK) {
                        return r;
                    }
                }
            }
        }
        for (GeneralName g : san) {
            int r = match(g, nc);
            if (r != X509Error.OK) {
                return r;
            }
        }
        return X509Error.OK;
    }

    /** {@code nc_match}: permitted subtrees of the name's type must have a match; excluded none. */
    private static int match(GeneralName gen, NameConstraints nc) {
        int effective = gen.type;
        if (effective == GeneralName.OTHER && OID_SMTP_UTF8_MAILBOX.equals(gen.otherNameOid)) {
            effective = GeneralName.EMAIL;
        }
        int state = 0;
        for (Subtree sub : nc.permitted) {
            if (!sameType(effective, gen, sub.base)) {
                continue;
            }
            if (!sub.minMaxOk) {
                return X509Error.SUBTREE_MINMAX;
            }
            if (state == 2) {
                continue;
            }
            state = 1;
            int r = matchSingle(effective, gen, sub.base);
            if (r == X509Error.OK) {
                state = 2;
            } else if (r != X509Error.PERMITTED_VIOLATION) {
                return r;
            }
        }
        if (state == 1) {
            return X509Error.PERMITTED_VIOLATION;
        }
        for (Subtree sub : nc.excluded) {
            if (!sameType(effective, gen, sub.base)) {
                continue;
            }
            if (!sub.minMaxOk) {
                return X509Error.SUBTREE_MINMAX;
            }
            int r = matchSingle(effective, gen, sub.base);
            if (r == X509Error.OK) {
                return X509Error.EXCLUDED_VIOLATION;
            } else if (r != X509Error.PERMITTED_VIOLATION) {
                return r;
            }
        }
        return X509Error.OK;
    }

    private static boolean sameType(int effective, GeneralName gen, GeneralName base) {
        if (effective != base.type) {
            return false;
        }
        return effective != GeneralName.OTHER || gen.otherNameOid.equals(base.otherNameOid);
    }

    private static int matchSingle(int effective, GeneralName gen, GeneralName base) {
        switch (gen.type) {
            case GeneralName.OTHER:
                return effective == GeneralName.EMAIL ? emailEai(gen, base) : X509Error.UNSUPPORTED_CONSTRAINT_TYPE;
            case GeneralName.DIRNAME:
                return dirName(gen.value, base.value);
            case GeneralName.DNS:
                return dns(gen.value, base.value);
            case GeneralName.EMAIL:
                return email(gen.value, base.value);
            case GeneralName.URI:
                return uri(gen.value, base.value);
            case GeneralName.IP:
                return ip(gen.value, base.value);
            default:
                return X509Error.UNSUPPORTED_CONSTRAINT_TYPE;
        }
    }

    /** {@code nc_dn}: the constraint's canonical RDNs are a prefix of the name's. */
    private static int dirName(byte[] name, byte[] base) {
        List<List<String>> n;
        List<List<String>> b;
        try {
            n = canonical(CertInfo.rdns(name));
            b = canonical(CertInfo.rdns(base));
        } catch (RuntimeException e) {
            return X509Error.UNSUPPORTED_NAME_SYNTAX;
        }
        if (b.size() > n.size()) {
            return X509Error.PERMITTED_VIOLATION;
        }
        return n.subList(0, b.size()).equals(b) ? X509Error.OK : X509Error.PERMITTED_VIOLATION;
    }

    /** OpenSSL's {@code x509_name_canon}: strings as UTF-8, trimmed, inner spaces collapsed, ASCII lower case. */
    private static List<List<String>> canonical(List<List<Ava>> rdns) {
        List<List<String>> out = new ArrayList<>();
        for (List<Ava> rdn : rdns) {
            List<String> set = new ArrayList<>();
            for (Ava a : rdn) {
                String v;
                if (CertInfo.isString(a.tag)) {
                    v = "s:" + canonString(CertInfo.decodeString(a.tag, a.value));
                } else {
                    v = "r:" + hex(a.value);
                }
                set.add(a.oid + "=" + v);
            }
            Collections.sort(set);
            out.add(set);
        }
        return out;
    }

    private static String canonString(String s) {
        StringBuilder sb = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || (c >= '\t' && c <= '\r')) {
                space = true;
                continue;
            }
            if (space && sb.length() > 0) {
                sb.append(' ');
            }
            space = false;
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return sb.toString();
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }

    /** {@code nc_dns}: empty matches all; else a case-insensitive suffix match on a label boundary. */
    static int dns(byte[] dns, byte[] base) {
        if (base.length == 0) {
            return X509Error.OK;
        }
        if (dns.length < base.length) {
            return X509Error.PERMITTED_VIOLATION;
        }
        int off = dns.length - base.length;
        if (off > 0 && base[0] != '.' && dns[off - 1] != '.') {
            return X509Error.PERMITTED_VIOLATION;
        }
        return ia5EqualsIgnoreCase(dns, off, base, 0, base.length) ? X509Error.OK : X509Error.PERMITTED_VIOLATION;
    }

    /** {@code nc_email}. */
    private static int email(byte[] eml, byte[] base) {
        int baseAt = lastIndexOf(base, (byte) '@');
        int emlAt = lastIndexOf(eml, (byte) '@');
        if (emlAt < 0) {
            return X509Error.UNSUPPORTED_NAME_SYNTAX;
        }
        if (baseAt < 0 && base.length > 0 && base[0] == '.') {
            if (eml.length > base.length && ia5EqualsIgnoreCase(eml, eml.length - base.length, base, 0, base.length)) {
                return X509Error.OK;
            }
            return X509Error.PERMITTED_VIOLATION;
        }
        int bp = 0;
        if (baseAt >= 0) {
            if (baseAt != 0) {
                if (baseAt != emlAt) {
                    return X509Error.PERMITTED_VIOLATION;
                }
                for (int i = 0; i < baseAt; i++) {
                    if (base[i] == 0 || eml[i] == 0) {
                        return X509Error.UNSUPPORTED_NAME_SYNTAX;
                    }
                    if (base[i] != eml[i]) {
                        return X509Error.PERMITTED_VIOLATION;
                    }
                }
            }
            bp = baseAt + 1;
        }
        int ep = emlAt + 1;
        int baseHost = base.length - bp;
        int emlHost = eml.length - ep;
        if (baseHost != emlHost || !ia5EqualsIgnoreCase(eml, ep, base, bp, emlHost)) {
            return X509Error.PERMITTED_VIOLATION;
        }
        return X509Error.OK;
    }

    /** {@code nc_email_eai}: an SmtpUTF8Mailbox against an rfc822Name constraint, by its domain. */
    private static int emailEai(GeneralName gen, GeneralName base) {
        byte[] b = base.value;
        for (byte x : b) {
            if (x == 0) {
                return X509Error.UNSUPPORTED_NAME_SYNTAX;
            }
        }
        String mailbox;
        try {
            Der.Tlv on = Der.read(gen.value);
            Der.Tlv explicit = Der.read(gen.value, on.end, gen.value.length);
            Der.Tlv v = Der.read(explicit.buf, explicit.start, explicit.end);
            if (v.tag != 0x0C) {
                return X509Error.UNSUPPORTED_NAME_SYNTAX;
            }
            mailbox = new String(v.value(), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return X509Error.UNSUPPORTED_NAME_SYNTAX;
        }
        int at = mailbox.lastIndexOf('@');
        if (at < 0) {
            return X509Error.UNSUPPORTED_NAME_SYNTAX;
        }
        String baseText = new String(b, StandardCharsets.ISO_8859_1);
        String ulabel;
        try {
            ulabel = baseText.startsWith(".") ? "." + IDN.toUnicode(baseText.substring(1)) : IDN.toUnicode(baseText);
        } catch (RuntimeException e) {
            return X509Error.UNSPECIFIED;
        }
        String host = mailbox.substring(at + 1);
        if (ulabel.startsWith(".")) {
            return mailbox.length() > ulabel.length()
                    && mailbox.substring(mailbox.length() - ulabel.length()).toLowerCase(Locale.ROOT).equals(ulabel.toLowerCase(Locale.ROOT))
                    ? X509Error.OK : X509Error.PERMITTED_VIOLATION;
        }
        return host.toLowerCase(Locale.ROOT).equals(ulabel.toLowerCase(Locale.ROOT)) ? X509Error.OK : X509Error.PERMITTED_VIOLATION;
    }

    /** The host part of a URI as {@code nc_uri} finds it, or {@code null} if it has no {@code scheme://host}. */
    private static int[] uriHost(byte[] uri) {
        int colon = indexOf(uri, 0, (byte) ':');
        if (colon < 0 || uri.length - colon < 3 || uri[colon + 1] != '/' || uri[colon + 2] != '/') {
            return null;
        }
        int h = colon + 3;
        int p = indexOf(uri, h, (byte) ':');
        if (p < 0) {
            p = indexOf(uri, h, (byte) '/');
        }
        int len = p < 0 ? uri.length - h : p - h;
        return len == 0 ? null : new int[] {h, len};
    }

    /** {@code nc_uri}: the URI's host against the constraint (a leading '.' matches subdomains only). */
    private static int uri(byte[] uri, byte[] base) {
        int[] host = uriHost(uri);
        if (host == null) {
            return X509Error.UNSUPPORTED_NAME_SYNTAX;
        }
        int h = host[0];
        int len = host[1];
        if (base.length > 0 && base[0] == '.') {
            if (len > base.length && ia5EqualsIgnoreCase(uri, h + len - base.length, base, 0, base.length)) {
                return X509Error.OK;
            }
            return X509Error.PERMITTED_VIOLATION;
        }
        if (base.length != len || !ia5EqualsIgnoreCase(uri, h, base, 0, len)) {
            return X509Error.PERMITTED_VIOLATION;
        }
        return X509Error.OK;
    }

    /** {@code nc_ip}: address and mask, IPv4 (8 bytes) or IPv6 (32). */
    private static int ip(byte[] ip, byte[] base) {
        if (ip.length != 4 && ip.length != 16) {
            return X509Error.UNSUPPORTED_NAME_SYNTAX;
        }
        if (base.length != 8 && base.length != 32) {
            return X509Error.UNSUPPORTED_NAME_SYNTAX; // sic: OpenSSL 3.0's nc_ip
        }
        if (ip.length * 2 != base.length) {
            return X509Error.PERMITTED_VIOLATION;
        }
        for (int i = 0; i < ip.length; i++) {
            int mask = base[ip.length + i];
            if ((ip[i] & mask) != (base[i] & mask)) {
                return X509Error.PERMITTED_VIOLATION;
            }
        }
        return X509Error.OK;
    }

    // ---- NAME_CONSTRAINTS_check_CN --------------------------------------------------------------------

    private static int checkCn(CertInfo x, NameConstraints nc) {
        for (String cn : commonNames(x)) {
            byte[] utf8 = cn.getBytes(StandardCharsets.UTF_8);
            int len = utf8.length;
            while (len > 0 && utf8[len - 1] == 0) {
                len--;
            }
            for (int i = 0; i < len; i++) {
                if (utf8[i] == 0) {
                    return X509Error.UNSUPPORTED_NAME_SYNTAX;
                }
            }
            String id = new String(utf8, 0, len, StandardCharsets.UTF_8);
            if (!looksLikeHost(id)) {
                continue;
            }
            int r = match(new GeneralName(GeneralName.DNS, id.getBytes(StandardCharsets.UTF_8), null), nc);
            if (r != X509Error.OK) {
                return r;
            }
        }
        return X509Error.OK;
    }

    /** OpenSSL's {@code cn2dnsid} test: letters, digits, '_' and inner '-' and '.', at least two labels. */
    static boolean looksLikeHost(String s) {
        boolean dns = false;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
                continue;
            }
            if (i > 0 && i < n - 1) {
                if (c == '-') {
                    continue;
                }
                if (c == '.' && s.charAt(i + 1) != '.' && s.charAt(i - 1) != '-' && s.charAt(i + 1) != '-') {
                    dns = true;
                    continue;
                }
            }
            return false;
        }
        return dns;
    }

    private static List<String> commonNames(CertInfo x) {
        List<String> out = new ArrayList<>();
        for (List<Ava> rdn : x.subjectRdns) {
            for (Ava a : rdn) {
                if (a.oid.equals(CertInfo.OID_COMMON_NAME) && CertInfo.isString(a.tag)) {
                    out.add(CertInfo.decodeString(a.tag, a.value));
                }
            }
        }
        return out;
    }

    // ---- fail closed beyond OpenSSL ----------------------------------------------------------------------

    private static int failClosed(CertInfo x, boolean leaf, List<GeneralName> san, NameConstraints nc) {
        List<String> dnsNames = new ArrayList<>();
        boolean ips = false;
        boolean uris = false;
        for (GeneralName g : san) {
            if (g.type == GeneralName.DNS) {
                dnsNames.add(g.text());
            }
            ips |= g.type == GeneralName.IP;
            uris |= g.type == GeneralName.URI;
        }
        if (leaf && !hasType(san, GeneralName.DNS)) {
            // the commonName stands in for a dNSName in host checks: everything NameChecks might match
            for (String cn : commonNames(x)) {
                String n = cn.endsWith(".") ? cn.substring(0, cn.length() - 1) : cn;
                n = n.startsWith("*.") ? n.substring(2) : n;
                // what OpenSSL skipped but host matching could still use: a trailing dot, a wildcard label
                if (!looksLikeHost(cn) && looksLikeHost(n)) {
                    dnsNames.add(cn);
                }
            }
        }
        if (!dnsNames.isEmpty()) {
            for (Subtree s : nc.excluded) {
                if (s.base.type == GeneralName.DNS && !validDnsConstraint(s.base.text())) {
                    return X509Error.UNSUPPORTED_CONSTRAINT_SYNTAX;
                }
            }
            for (String name : dnsNames) {
                int r = checkNormalizedDns(name, nc);
                if (r != X509Error.OK) {
                    return r;
                }
            }
        }
        if (ips) {
            for (Subtree s : nc.excluded) {
                if (s.base.type == GeneralName.IP && !contiguousMask(s.base.value)) {
                    return X509Error.UNSUPPORTED_CONSTRAINT_SYNTAX;
                }
            }
        }
        if (uris && hasConstraint(nc, GeneralName.URI)) {
            for (GeneralName g : san) {
                if (g.type != GeneralName.URI) {
                    continue;
                }
                int[] host = uriHost(g.value);
                String authority = host == null ? "" : new String(g.value, host[0], g.value.length - host[0], StandardCharsets.ISO_8859_1);
                int end = authority.indexOf('/');
                authority = end < 0 ? authority : authority.substring(0, end);
                if (host == null || authority.indexOf('@') >= 0 || authority.startsWith("[")) {
                    return X509Error.UNSUPPORTED_NAME_SYNTAX;
                }
            }
        }
        return X509Error.OK;
    }

    /** A dNSName (or commonName) as host matching will use it: one trailing dot dropped, a wildcard label. */
    private static int checkNormalizedDns(String name, NameConstraints nc) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        boolean wildcard = n.startsWith("*.");
        if (n.equals(name) && !wildcard && looksLikeHost(n)) {
            return X509Error.OK; // OpenSSL judged exactly this name already
        }
        if (!wildcard) {
            return match(new GeneralName(GeneralName.DNS, n.getBytes(StandardCharsets.UTF_8), null), nc);
        }
        // "*.rest": within a permitted subtree only if "rest" is; excluded if it could name an excluded host
        String rest = n.substring(2);
        byte[] restBytes = rest.getBytes(StandardCharsets.UTF_8);
        boolean anyPermitted = false;
        boolean permitted = false;
        for (Subtree s : nc.permitted) {
            if (s.base.type != GeneralName.DNS) {
                continue;
            }
            anyPermitted = true;
            byte[] b = s.base.value;
            // every expansion x.rest is inside b when rest itself is inside b, or b is exactly ".rest"
            if (dns(restBytes, b) == X509Error.OK) {
                permitted = true;
            }
            if (b.length > 0 && b[0] == '.' && s.base.text().substring(1).equalsIgnoreCase(rest)) {
                permitted = true;
            }
        }
        if (anyPermitted && !permitted) {
            return X509Error.PERMITTED_VIOLATION;
        }
        for (Subtree s : nc.excluded) {
            if (s.base.type != GeneralName.DNS) {
                continue;
            }
            String b = s.base.text();
            String bare = b.startsWith(".") ? b.substring(1) : b;
            if (dns(restBytes, s.base.value) == X509Error.OK) {
                return X509Error.EXCLUDED_VIOLATION;
            }
            // one label + "." + rest: a single host the wildcard stands for
            int dot = bare.indexOf('.');
            if (!b.startsWith(".") && dot > 0 && bare.substring(dot + 1).equalsIgnoreCase(rest)) {
                return X509Error.EXCLUDED_VIOLATION;
            }
            if (b.startsWith(".") && bare.equalsIgnoreCase(rest)) {
                return X509Error.EXCLUDED_VIOLATION;
            }
        }
        return X509Error.OK;
    }

    private static boolean validDnsConstraint(String s) {
        String t = s.startsWith(".") ? s.substring(1) : s;
        if (t.isEmpty()) {
            return s.isEmpty();
        }
        for (String label : t.split("\\.", -1)) {
            if (label.isEmpty() || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean contiguousMask(byte[] base) {
        if (base.length != 8 && base.length != 32) {
            return false;
        }
        boolean zero = false;
        for (int i = base.length / 2; i < base.length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = (base[i] >> bit & 1) != 0;
                if (one && zero) {
                    return false;
                }
                zero |= !one;
            }
        }
        return true;
    }

    private static boolean hasConstraint(NameConstraints nc, int type) {
        for (Subtree s : nc.permitted) {
            if (s.base.type == type) {
                return true;
            }
        }
        for (Subtree s : nc.excluded) {
            if (s.base.type == type) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasType(List<GeneralName> san, int type) {
        for (GeneralName g : san) {
            if (g.type == type) {
                return true;
            }
        }
        return false;
    }

    private static boolean ia5EqualsIgnoreCase(byte[] a, int ao, byte[] b, int bo, int len) {
        for (int i = 0; i < len; i++) {
            int x = a[ao + i] & 0xFF;
            int y = b[bo + i] & 0xFF;
            if (x >= 'A' && x <= 'Z') {
                x += 32;
            }
            if (y >= 'A' && y <= 'Z') {
                y += 32;
            }
            if (x != y) {
                return false;
            }
        }
        return true;
    }

    private static int lastIndexOf(byte[] b, byte c) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, int from, byte c) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
