package dev.sslkit.provider.bc;

import dev.sslkit.CertifiedKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Vector;
import javax.security.auth.x500.X500Principal;

/** Certificates and keys between the JDK's types and bctls's. */
final class Certs {
    private Certs() {
    }

    static List<X509Certificate> toX509(Certificate c) {
        if (c == null || c.isEmpty()) {
            return List.of();
        }
        JcaTlsCrypto crypto = (JcaTlsCrypto) BcProvider.crypto();
        List<X509Certificate> out = new ArrayList<>(c.getLength());
        for (TlsCertificate t : c.getCertificateList()) {
            try {
                out.add(JcaTlsCertificate.convert(crypto, t).getX509Certificate());
            } catch (IOException e) {
                throw new IllegalStateException("bctls gave a certificate the JDK cannot parse: " + e, e);
            }
        }
        return out;
    }

    static X509Certificate[] toArray(Certificate c) {
        return toX509(c).toArray(new X509Certificate[0]);
    }

    /** @param names CA certificates  @return their subjects, as bctls wants them for certificate_authorities */
    static Vector<X500Name> subjects(List<X509Certificate> names) {
        Vector<X500Name> v = new Vector<>();
        for (X509Certificate c : names) {
            v.add(X500Name.getInstance(c.getSubjectX500Principal().getEncoded()));
        }
        return v;
    }

    static X500Principal[] principals(Vector<?> names) {
        if (names == null || names.isEmpty()) {
            return null;
        }
        List<X500Principal> out = new ArrayList<>();
        for (Object o : names) {
            try {
                out.add(new X500Principal(((X500Name) o).getEncoded()));
            } catch (IOException | IllegalArgumentException ignored) {
                // an unparsable name matches nothing
            }
        }
        return out.toArray(new X500Principal[0]);
    }

    /** What kind of key a signature scheme needs, as {@link dev.sslkit.spi.KeySelector} names key types. */
    static String keyTypeFor(SignatureAndHashAlgorithm a) {
        int c = Names.code(a);
        switch (c) {
            case 0x0807: return "Ed25519";
            case 0x0808: return "Ed448";
            case 0x0809: case 0x080a: case 0x080b: return "RSASSA-PSS";
            case 0x0804: case 0x0805: case 0x0806: return "RSA";
            default: break;
        }
        switch (a.getSignature()) {
            case 1: return "RSA";
            case 3: return "EC";
            default: return null;
        }
    }

    /** @return whether {@code k} can sign with {@code a} in the given TLS version */
    static boolean fits(CertifiedKey k, SignatureAndHashAlgorithm a, boolean tls13) {
        PublicKey pub = k.leaf().getPublicKey();
        String alg = pub instanceof EdECKey ? ((EdECKey) pub).getParams().getName().toUpperCase(Locale.ROOT)
                : pub.getAlgorithm().toUpperCase(Locale.ROOT);
        int c = Names.code(a);
        switch (alg) {
            case "EC":
            case "ECDSA": {
                if (a.getSignature() != 3) {
                    return false;
                }
                if (!tls13) {
                    return a.getHash() >= 2 && a.getHash() <= 6;
                }
                int bits = ((ECPublicKey) pub).getParams().getCurve().getField().getFieldSize();
                return (bits == 256 && c == 0x0403) || (bits == 384 && c == 0x0503) || (bits == 521 && c == 0x0603);
            }
            case "RSA":
                return (c >= 0x0804 && c <= 0x0806) || (!tls13 && a.getSignature() == 1 && a.getHash() >= 2 && a.getHash() <= 6);
            case "RSASSA-PSS":
                return c >= 0x0809 && c <= 0x080b;
            case "ED25519":
                return c == 0x0807;
            case "ED448":
                return c == 0x0808;
            default:
                return false;
        }
    }

    /**
     * Picks the key (through core's {@link dev.sslkit.spi.KeySelector}) and the scheme to sign with.
     *
     * @param peerAlgs  the peer's acceptable schemes, its order ({@code null}: RFC 5246 defaults)
     * @param local     this side's limit ({@code SSL_set1_sigalgs}), or {@code null}
     * @param fixedType a key type fixed by the TLS 1.2 key exchange, or {@code null}
     * @param issuers   acceptable issuers, or {@code null}
     * @param requestContext the TLS 1.3 certificate_request_context (empty for a server)
     * @return the signer, or {@code null} when no key fits
     */
    static TlsCredentialedSigner signer(BcEngine engine, TlsContext context, Vector<?> peerAlgs, Vector<SignatureAndHashAlgorithm> local,
                                        String fixedType, X500Principal[] issuers, byte[] requestContext) throws IOException {
        boolean tls13 = TlsUtils.isTLSv13(context);
        List<SignatureAndHashAlgorithm> cands = new ArrayList<>();
        if (peerAlgs == null) {
            // RFC 5246 7.4.1.4.1: a TLS 1.2 peer that sent no signature_algorithms accepts SHA-1
            cands.add(SignatureAndHashAlgorithm.getInstance((short) 2, (short) 3));
            cands.add(SignatureAndHashAlgorithm.getInstance((short) 2, (short) 1));
        } else {
            for (Object o : peerAlgs) {
                SignatureAndHashAlgorithm a = (SignatureAndHashAlgorithm) o;
                if (local == null || local.contains(a)) {
                    cands.add(a);
                }
            }
        }
        Set<String> types = new LinkedHashSet<>();
        for (SignatureAndHashAlgorithm a : cands) {
            String t = keyTypeFor(a);
            if (t != null && (fixedType == null || fixedType.equals(t) || ("RSA".equals(fixedType) && "RSASSA-PSS".equals(t)))) {
                types.add(t);
            }
        }
        if (types.isEmpty()) {
            return null;
        }
        CertifiedKey k = engine.spec.keySelector().select(types.toArray(new String[0]), issuers);
        if (k == null) {
            return null;
        }
        SignatureAndHashAlgorithm chosen = null;
        for (SignatureAndHashAlgorithm a : cands) {
            if (fits(k, a, tls13)) {
                chosen = a;
                break;
            }
        }
        if (chosen == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no signature scheme both sides accept fits the "
                    + k.keyType() + " key");
        }
        JcaTlsCrypto crypto = (JcaTlsCrypto) context.getCrypto();
        TlsCertificate[] chain = new TlsCertificate[k.chain().size()];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = new JcaTlsCertificate(crypto, k.chain().get(i));
        }
        Certificate cert;
        if (tls13) {
            CertificateEntry[] entries = new CertificateEntry[chain.length];
            for (int i = 0; i < chain.length; i++) {
                entries[i] = new CertificateEntry(chain[i], null);
            }
            cert = new Certificate(requestContext, entries);
        } else {
            cert = new Certificate(chain);
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, k.privateKey(), cert, chosen);
    }
}
