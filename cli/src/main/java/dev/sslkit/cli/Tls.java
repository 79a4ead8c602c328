package dev.sslkit.cli;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslSession;
import dev.sslkit.provider.sslengine.CipherSuites;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/** Files, names and the text blocks OpenSSL's tools print, shared by the commands. */
final class Tls {
    /** The PEM label of sessions {@code -sess_out} writes (sslkit's own format, {@code SslSession.toBytes}). */
    static final String SESSION_PEM = "SSLKIT SESSION";

    private Tls() {
    }

    /** @param file a PEM or DER file of certificates @return them, in file order */
    static List<X509Certificate> readCerts(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new CliException("no certificate in " + file);
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new CliException("cannot open " + file + ": no such file");
        } catch (IOException | CertificateException e) {
            throw new CliException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    /** @param file a text file @return its content */
    static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new CliException("cannot open " + file + ": no such file");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code -cert} + {@code -key}: {@code SSL_CTX_use_certificate_chain_file} and {@code SSL_CTX_use_PrivateKey_file}.
     *
     * @param ctx  the context
     * @param cert the chain, leaf first, PEM
     * @param key  the key, PEM (PKCS#8); {@code null}: in {@code cert}
     * @throws SslException if the key or chain cannot be used
     */
    static void useCertificate(SslContext ctx, Path cert, Path key) throws SslException {
        String pem = (key == null ? "" : readText(key) + "\n") + readText(cert);
        ctx.usePrivateKeyPem(pem);
    }

    /**
     * {@code -tls1_2} / {@code -tls1_3}: exactly that version.
     *
     * @param ctx the context
     * @param v   the version, or {@code null} for the provider's range
     * @throws SslException if refused
     */
    static void protocol(SslContext ctx, ProtocolVersion v) throws SslException {
        if (v != null) {
            ctx.set(Setting.MIN_PROTO_VERSION, v);
            ctx.set(Setting.MAX_PROTO_VERSION, v);
        }
    }

    /** @param tls12 -tls1_2 @param tls13 -tls1_3 @return the version or null */
    static ProtocolVersion version(boolean tls12, boolean tls13) {
        if (tls12 && tls13) {
            throw new CliException("-tls1_2 and -tls1_3 exclude each other");
        }
        return tls12 ? ProtocolVersion.TLS1_2 : tls13 ? ProtocolVersion.TLS1_3 : null;
    }

    /** @param alpn OpenSSL's comma-separated list @return the protocols */
    static List<String> alpn(String alpn) {
        List<String> out = new ArrayList<>();
        for (String s : alpn.split(",")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw new CliException("-alpn needs at least one protocol name, e.g. h2,http/1.1");
        }
        return out;
    }

    /** @param v a version or null @return OpenSSL's name ({@code TLSv1.3}) or {@code (NONE)} */
    static String name(ProtocolVersion v) {
        return v == null ? "(NONE)" : v.protocolName();
    }

    /** @param iana an IANA suite name @return OpenSSL's name for it (TLS 1.3 suites keep theirs) */
    static String cipher(String iana) {
        if (iana == null) {
            return "(NONE)";
        }
        String o = CipherSuites.toOpenSsl(iana);
        return o == null ? iana : o;
    }

    /** @param p a name @return it as OpenSSL's {@code -nameopt oneline} prints it: {@code C = DE, O = x, CN = y} */
    static String oneline(X500Principal p) {
        String rfc = p.getName(X500Principal.RFC2253);
        List<String> rdns = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean esc = false;
        for (char c : rfc.toCharArray()) {
            if (esc) {
                cur.append(c);
                esc = false;
            } else if (c == '\\') {
                esc = true;
            } else if (c == ',') {
                rdns.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            rdns.add(cur.toString());
        }
        Collections.reverse(rdns);
        List<String> out = new ArrayList<>();
        for (String r : rdns) {
            int eq = r.indexOf('=');
            out.add(eq < 0 ? r : r.substring(0, eq) + " = " + r.substring(eq + 1));
        }
        return String.join(", ", out);
    }

    /** @param k a public key @return its size in bits, 0 if unknown */
    static int bits(PublicKey k) {
        if (k instanceof RSAKey) {
            return ((RSAKey) k).getModulus().bitLength();
        }
        if (k instanceof ECKey) {
            return ((ECKey) k).getParams().getOrder().bitLength();
        }
        if (k.getAlgorithm().equals("Ed25519") || k.getAlgorithm().equals("EdDSA")) {
            return 253;
        }
        return 0;
    }

    /** @param certs certificates @param out where @param all every one or the first only */
    static void printPem(Collection<X509Certificate> certs, PrintStream out, boolean all) {
        for (X509Certificate c : certs) {
            try {
                out.println("-----BEGIN CERTIFICATE-----");
                out.println(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()));
                out.println("-----END CERTIFICATE-----");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new CliException("cannot encode a peer certificate: " + e.getMessage(), e);
            }
            if (!all) {
                return;
            }
        }
    }

    /** OpenSSL's {@code Not Before} format. */
    static String date(java.util.Date d) {
        SimpleDateFormat f = new SimpleDateFormat("MMM d HH:mm:ss yyyy 'GMT'", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("GMT"));
        String s = f.format(d);
        // OpenSSL pads a one-digit day with a space: "Dec  4 18:23:34 2026 GMT"
        int sp = s.indexOf(' ');
        return s.charAt(sp + 2) == ' ' ? s.substring(0, sp) + "  " + s.substring(sp + 1) : s;
    }

    /**
     * The {@code SSL-Session:} block of {@code SSL_SESSION_print}.
     *
     * @param s          the session
     * @param verifyCode the verify result to print
     * @param verifyText its text
     * @param out        where
     */
    static void printSession(SslSession s, long verifyCode, String verifyText, PrintStream out) {
        out.println("SSL-Session:");
        out.println("    Protocol  : " + name(s.protocol()));
        out.println("    Cipher    : " + cipher(s.cipherSuite()));
        out.println("    Session-ID: " + HexFormat.of().withUpperCase().formatHex(s.id()));
        out.println("    Session-ID-ctx: " + HexFormat.of().withUpperCase().formatHex(s.idContext()));
        out.println("    Start Time: " + s.time());
        out.println("    Timeout   : " + s.timeout() + " (sec)");
        out.println("    Verify return code: " + verifyCode + " (" + verifyText + ")");
        out.println("    Provider  : " + s.providerId());
        out.println("    Resumable : " + (s.isResumable() ? "yes" : "no"));
    }

    /** @param bytes session bytes @return them as the PEM {@code -sess_out} writes */
    static String sessionPem(byte[] bytes) {
        return "-----BEGIN " + SESSION_PEM + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(bytes)
                + "\n-----END " + SESSION_PEM + "-----\n";
    }

    /** @param file a file -sess_out wrote @return the session bytes */
    static byte[] readSessionPem(Path file) {
        String t = readText(file);
        String begin = "-----BEGIN " + SESSION_PEM + "-----";
        String end = "-----END " + SESSION_PEM + "-----";
        int b = t.indexOf(begin);
        int e = t.indexOf(end);
        if (b < 0 || e < b) {
            throw new CliException(file + " is not a session file written by sslkit -sess_out (no " + begin + " block)");
        }
        try {
            return Base64.getMimeDecoder().decode(t.substring(b + begin.length(), e));
        } catch (IllegalArgumentException x) {
            throw new CliException(file + ": the session block is not valid base64: " + x.getMessage());
        }
    }
}
