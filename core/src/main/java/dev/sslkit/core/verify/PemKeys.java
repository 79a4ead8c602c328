package dev.sslkit.core.verify;

import dev.sslkit.CertifiedKey;
import dev.sslkit.PasswordCallback;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM private keys and certificates: OpenSSL's {@code PEM_read_bio_PrivateKey} and
 * {@code PEM_read_bio_X509}, as behind {@code SSL_use_PrivateKey_file(SSL_FILETYPE_PEM)},
 * {@code SSL_use_certificate_chain_file} and the default password callback
 * ({@code SSL_set_default_passwd_cb}).
 *
 * <p>Private keys: {@code PRIVATE KEY} (PKCS#8), {@code ENCRYPTED PRIVATE KEY} (PKCS#8 with PBES2 or
 * any PBE scheme the JDK implements, e.g. {@code openssl pkcs8 -topk8 -v2 aes-256-cbc}), and the
 * traditional unencrypted {@code RSA PRIVATE KEY} (PKCS#1) and {@code EC PRIVATE KEY} (RFC 5915),
 * which are wrapped into PKCS#8. Traditional keys encrypted with {@code Proc-Type: 4,ENCRYPTED}
 * headers are refused with a message saying how to convert them. Key algorithms: RSA, RSASSA-PSS, EC,
 * Ed25519, Ed448, X25519, X448, DSA, DH.
 *
 * <p>Failures are {@link SslException}s with {@link SslReason#BAD_VALUE} and a sentence saying what
 * is wrong: no key, no certificate, a wrong password, a missing password callback, a key that matches
 * none of the certificates. Stateless and thread-safe.
 */
public final class PemKeys {

    private static final String OID_RSA = "1.2.840.113549.1.1.1";
    private static final String OID_EC = "1.2.840.10045.2.1";

    private PemKeys() {
    }

    /** One PEM block: its label, headers present, and DER. */
    private static final class Block {
        final String label;
        final boolean encryptedHeaders;
        final byte[] der;

        Block(String label, boolean encryptedHeaders, byte[] der) {
            this.label = label;
            this.encryptedHeaders = encryptedHeaders;
            this.der = der;
        }
    }

    private static List<Block> blocks(String pem) throws SslException {
        List<Block> out = new ArrayList<>();
        String[] lines = pem.split("\r?\n|\r");
        String label = null;
        boolean encrypted = false;
        StringBuilder b64 = null;
        for (String raw : lines) {
            String line = raw.trim();
            if (label == null) {
                if (line.startsWith("-----BEGIN ") && line.endsWith("-----")) {
                    label = line.substring(11, line.length() - 5);
                    b64 = new StringBuilder();
                    encrypted = false;
                }
                continue;
            }
            if (line.equals("-----END " + label + "-----")) {
                try {
                    out.add(new Block(label, encrypted, Base64.getMimeDecoder().decode(b64.toString())));
                } catch (IllegalArgumentException e) {
                    throw new SslException(SslReason.BAD_VALUE, "PEM block '" + label + "' is not valid base64", e);
                }
                label = null;
                continue;
            }
            if (line.indexOf(':') > 0) {
                encrypted |= line.startsWith("Proc-Type:") && line.contains("ENCRYPTED");
                continue;
            }
            b64.append(line);
        }
        if (label != null) {
            throw new SslException(SslReason.BAD_VALUE, "PEM block '" + label + "' has no END line");
        }
        return out;
    }

    /**
     * {@code PEM_read_bio_PrivateKey}: the first private key in the text.
     *
     * @param pem the PEM text
     * @param cb  supplies the password of an encrypted key; may be {@code null} for unencrypted keys
     * @return the key
     * @throws SslException {@link SslReason#BAD_VALUE}: no private key, an encrypted key without a
     *                      callback or password, a wrong password, or an unreadable key
     */
    public static PrivateKey readPrivateKey(String pem, PasswordCallback cb) throws SslException {
        Objects.requireNonNull(pem, "pem must not be null");
        byte[] ecParameters = null;
        for (Block b : blocks(pem)) {
            switch (b.label) {
                case "EC PARAMETERS":
                    ecParameters = b.der;
                    break;
                case "PRIVATE KEY":
                    return pkcs8(b.der, "PKCS#8 private key");
                case "ENCRYPTED PRIVATE KEY":
                    return encryptedPkcs8(b.der, cb);
                case "RSA PRIVATE KEY":
                    rejectLegacyEncrypted(b);
                    return pkcs8(wrap(Der.tlv(Der.SEQUENCE, Der.oid(OID_RSA), Der.tlv(Der.NULL)), b.der), "RSA private key");
                case "EC PRIVATE KEY":
                    rejectLegacyEncrypted(b);
                    return pkcs8(wrapEc(b.der, ecParameters), "EC private key");
                case "DSA PRIVATE KEY":
                    throw new SslException(SslReason.BAD_VALUE, "traditional DSA PRIVATE KEY is not supported; "
                            + "convert it with: openssl pkcs8 -topk8 -nocrypt");
                default:
                    break;
            }
        }
        throw new SslException(SslReason.BAD_VALUE, "no private key found in PEM (expected a PRIVATE KEY, "
                + "ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)");
    }

    /**
     * {@code PEM_read_bio_X509} repeated: every certificate in the text, in order.
     *
     * @param pem the PEM text
     * @return the certificates; empty if there are none
     * @throws SslException {@link SslReason#BAD_VALUE} if a CERTIFICATE block does not parse
     */
    public static List<X509Certificate> readCertificates(String pem) throws SslException {
        Objects.requireNonNull(pem, "pem must not be null");
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf;
        try {
            cf = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new SslException(SslReason.INTERNAL_ERROR, "no X.509 CertificateFactory", e);
        }
        for (Block b : blocks(pem)) {
            if (b.label.equals("CERTIFICATE") || b.label.equals("X509 CERTIFICATE") || b.label.equals("TRUSTED CERTIFICATE")) {
                try {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der)));
                } catch (CertificateException e) {
                    throw new SslException(SslReason.BAD_VALUE, "certificate " + (out.size() + 1) + " in PEM does not parse: "
                            + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /**
     * Reads a key and its certificates from one PEM text ({@code SSL_use_PrivateKey_file} +
     * {@code SSL_use_certificate_chain_file} on the same file) and pairs them with {@link #pair}.
     *
     * @param pem the PEM text with the private key and the certificates, in any order
     * @param cb  the password callback for an encrypted key, or {@code null}
     * @return the key with its chain, leaf first
     * @throws SslException {@link SslReason#BAD_VALUE} as {@link #readPrivateKey} and {@link #pair}
     */
    public static CertifiedKey readCertifiedKey(String pem, PasswordCallback cb) throws SslException {
        PrivateKey key = readPrivateKey(pem, cb);
        return pair(key, readCertificates(pem));
    }

    /**
     * {@code SSL_check_private_key} with chain ordering: the leaf is the first certificate whose
     * public key belongs to the private key; the others follow by issuer, then any left over in
     * their given order.
     *
     * @param key   the private key
     * @param certs the certificates, any order
     * @return the key with its chain, leaf first
     * @throws SslException {@link SslReason#BAD_VALUE} if there is no certificate, or none matches the key
     */
    public static CertifiedKey pair(PrivateKey key, List<X509Certificate> certs) throws SslException {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(certs, "certs must not be null");
        if (certs.isEmpty()) {
            throw new SslException(SslReason.BAD_VALUE, "no certificate found in PEM to go with the private key");
        }
        X509Certificate leaf = null;
        for (X509Certificate c : certs) {
            if (keysMatch(key, c.getPublicKey())) {
                leaf = c;
                break;
            }
        }
        if (leaf == null) {
            throw new SslException(SslReason.BAD_VALUE, "key values mismatch: the " + key.getAlgorithm()
                    + " private key matches none of the " + certs.size() + " certificate(s)");
        }
        List<X509Certificate> rest = new ArrayList<>(certs);
        rest.remove(leaf);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate cur = leaf;
        while (!rest.isEmpty() && !cur.getSubjectX500Principal().equals(cur.getIssuerX500Principal())) {
            X509Certificate next = null;
            for (X509Certificate c : rest) {
                if (c.getSubjectX500Principal().equals(cur.getIssuerX500Principal())) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            chain.add(next);
            rest.remove(next);
            cur = next;
        }
        chain.addAll(rest);
        return new CertifiedKey(key, chain);
    }

    /** Whether the private key belongs to the public key: moduli for RSA, else a signature round trip. */
    static boolean keysMatch(PrivateKey priv, PublicKey pub) {
        if (priv instanceof RSAKey || pub instanceof RSAKey) {
            return priv instanceof RSAKey && pub instanceof RSAKey
                    && ((RSAKey) priv).getModulus().equals(((RSAKey) pub).getModulus());
        }
        if (priv instanceof ECKey && pub instanceof ECKey
                && !((ECKey) priv).getParams().getCurve().equals(((ECKey) pub).getParams().getCurve())) {
            return false;
        }
        String alg = signatureFor(priv);
        if (alg == null) {
            return Arrays.equals(priv.getEncoded(), pub.getEncoded());
        }
        try {
            byte[] msg = new byte[32];
            new SecureRandom().nextBytes(msg);
            Signature s = Signature.getInstance(alg);
            s.initSign(priv);
            s.update(msg);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(msg);
            return v.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String signatureFor(PrivateKey k) {
        switch (k.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "EC": return "SHA256withECDSA";
            case "DSA": return "SHA256withDSA";
            case "EDDSA": case "ED25519": case "ED448": return "EdDSA";
            default: return null;
        }
    }

    private static void rejectLegacyEncrypted(Block b) throws SslException {
        if (b.encryptedHeaders) {
            throw new SslException(SslReason.BAD_VALUE, "legacy encrypted PEM (Proc-Type: 4,ENCRYPTED) in '" + b.label
                    + "' is not supported; convert it with: openssl pkcs8 -topk8 -v2 aes-256-cbc");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING privateKey } */
    private static byte[] wrap(byte[] algId, byte[] key) {
        return Der.tlv(Der.SEQUENCE, Der.tlv(Der.INTEGER, new byte[] {0}), algId, Der.tlv(Der.OCTET_STRING, key));
    }

    /**
     * RFC 5915 ECPrivateKey → PKCS#8 with the curve taken from its [0] parameters, or else from a
     * preceding {@code EC PARAMETERS} block (as {@code openssl ecparam -genkey} writes).
     */
    private static byte[] wrapEc(byte[] der, byte[] ecParameters) throws SslException {
        try {
            Der.Tlv seq = Der.read(der);
            byte[] curveOid = null;
            for (Der.Tlv t : seq.children()) {
                if (t.tag == 0xA0) {
                    Der.Tlv oid = Der.read(t.buf, t.start, t.end);
                    if (oid.tag == Der.OID) {
                        curveOid = Arrays.copyOfRange(oid.buf, t.start, oid.end);
                    }
                }
            }
            if (curveOid == null && ecParameters != null && Der.read(ecParameters).tag == Der.OID) {
                curveOid = ecParameters;
            }
            if (curveOid == null) {
                throw new SslException(SslReason.BAD_VALUE, "EC PRIVATE KEY names no named curve (explicit parameters are not supported)");
            }
            return wrap(Der.tlv(Der.SEQUENCE, Der.oid(OID_EC), curveOid), der);
        } catch (IllegalArgumentException e) {
            throw new SslException(SslReason.BAD_VALUE, "EC PRIVATE KEY is not valid DER: " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(byte[] der, String what) throws SslException {
        String alg;
        try {
            alg = keyAlgorithm(der);
        } catch (IllegalArgumentException e) {
            throw new SslException(SslReason.BAD_VALUE, what + " is not valid DER: " + e.getMessage(), e);
        }
        if (alg == null) {
            throw new SslException(SslReason.BAD_VALUE, what + " has an unsupported key algorithm");
        }
        try {
            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new SslException(SslReason.BAD_VALUE, what + " (" + alg + ") does not parse: " + e.getMessage(), e);
        }
    }

    /** The JDK KeyFactory name for the AlgorithmIdentifier of a PrivateKeyInfo, or {@code null}. */
    static String keyAlgorithm(byte[] pkcs8) {
        Der.Tlv seq = Der.read(pkcs8);
        List<Der.Tlv> parts = seq.children();
        if (seq.tag != Der.SEQUENCE || parts.size() < 3 || parts.get(1).tag != Der.SEQUENCE
                || parts.get(1).children().isEmpty()) {
            // an empty AlgorithmIdentifier (found by ParsersFuzzTest) is refused here, not by an index error
            throw new IllegalArgumentException("not a PrivateKeyInfo");
        }
        String oid = Der.oid(parts.get(1).children().get(0));
        switch (oid) {
            case OID_RSA: return "RSA";
            case "1.2.840.113549.1.1.10": return "RSASSA-PSS";
            case OID_EC: return "EC";
            case "1.3.101.112": return "Ed25519";
            case "1.3.101.113": return "Ed448";
            case "1.3.101.110": return "X25519";
            case "1.3.101.111": return "X448";
            case "1.2.840.10040.4.1": return "DSA";
            case "1.2.840.113549.1.3.1": return "DH";
            default: return null;
        }
    }

    private static PrivateKey encryptedPkcs8(byte[] der, PasswordCallback cb) throws SslException {
        if (cb == null) {
            throw new SslException(SslReason.BAD_VALUE, "the private key is encrypted and no password callback is set "
                    + "(set default_passwd_cb)");
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (java.io.IOException e) {
            throw new SslException(SslReason.BAD_VALUE, "ENCRYPTED PRIVATE KEY is not valid PKCS#8: " + e.getMessage(), e);
        }
        char[] password = cb.password(false);
        if (password == null) {
            throw new SslException(SslReason.BAD_VALUE, "the password callback returned no password for the encrypted private key");
        }
        byte[] plain = null;
        try {
            // for PBES2 the JDK names the scheme in the parameters, e.g. PBEWithHmacSHA256AndAES_256
            String alg = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            if (alg == null || alg.isEmpty() || alg.startsWith("PBES2") || alg.indexOf(' ') >= 0) {
                alg = info.getAlgName();
            }
            SecretKeyFactory f = SecretKeyFactory.getInstance(alg);
            PBEKeySpec spec = new PBEKeySpec(password);
            SecretKey sk = f.generateSecret(spec);
            spec.clearPassword();
            Cipher c = Cipher.getInstance(alg);
            c.init(Cipher.DECRYPT_MODE, sk, info.getAlgParameters());
            plain = c.doFinal(info.getEncryptedData());
        } catch (javax.crypto.BadPaddingException e) {
            throw new SslException(SslReason.BAD_VALUE, "bad decrypt: wrong password for the encrypted private key", e);
        } catch (GeneralSecurityException e) {
            throw new SslException(SslReason.BAD_VALUE, "cannot decrypt the private key (" + info.getAlgName() + "): "
                    + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
        try {
            String alg = keyAlgorithm(plain);
            if (alg == null) {
                throw new SslException(SslReason.BAD_VALUE, "the decrypted private key has an unsupported key algorithm");
            }
            return pkcs8(plain, "decrypted private key");
        } catch (IllegalArgumentException e) {
            // a wrong password that happened to leave valid padding
            throw new SslException(SslReason.BAD_VALUE, "bad decrypt: wrong password for the encrypted private key", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** @return the PEM text of DER bytes under a label (for tests and diagnostics) */
    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
