package dev.sslkit.core.verify;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Generates a real test PKI with Bouncy Castle's certificate builder (bcpkix) over the JDK's crypto. */
final class TestCerts {

    private static final AtomicLong SERIAL = new AtomicLong(1000);
    static final Instant NOW = Instant.now();

    /** A certificate and its key pair. */
    static final class Issued {
        final X509Certificate cert;
        final KeyPair keys;

        Issued(X509Certificate cert, KeyPair keys) {
            this.cert = cert;
            this.keys = keys;
        }
    }

    private TestCerts() {
    }

    static KeyPair ec() {
        return ec("secp256r1");
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Spec spec(String dn) {
        return new Spec(dn);
    }

    /** A certificate to build; defaults: EC P-256 key, self-signed, valid from an hour ago for a year, end entity. */
    static final class Spec {
        private final String dn;
        private KeyPair keys;
        private Issued issuer;
        private PrivateKey signer;
        private int pathLen = -2; // -2 = not a CA, -1 = CA without limit
        private boolean noBasicConstraints;
        private Instant from = NOW.minus(Duration.ofHours(1));
        private Instant to = NOW.plus(Duration.ofDays(365));
        private final List<GeneralName> sans = new ArrayList<>();
        private KeyPurposeId[] eku;
        private String sigAlg;
        private boolean aki = true;
        private Integer keyUsage;
        private String criticalOid;
        private final List<Object[]> rawExtensions = new ArrayList<>();
        private boolean noKeyUsage;
        private String issuerDn;
        private KeyPair issuerKeys;
        private boolean noSki;
        private boolean criticalAki;
        private boolean criticalSki;
        private org.bouncycastle.asn1.x509.SubjectPublicKeyInfo rawSpki;

        private Spec(String dn) {
            this.dn = dn;
        }

        Spec keys(KeyPair k) { this.keys = k; return this; }
        Spec issuer(Issued i) { this.issuer = i; return this; }
        /** sign with this key although the issuer name says otherwise (a forged signature) */
        Spec signer(PrivateKey k) { this.signer = k; return this; }
        Spec ca() { this.pathLen = -1; return this; }
        Spec ca(int pathLength) { this.pathLen = pathLength; return this; }
        Spec caWithoutBasicConstraints() { this.noBasicConstraints = true; return this; }
        Spec valid(Instant f, Instant t) { this.from = f; this.to = t; return this; }
        Spec dns(String... names) { for (String n : names) sans.add(new GeneralName(GeneralName.dNSName, n)); return this; }
        Spec ip(String... ips) { for (String n : ips) sans.add(new GeneralName(GeneralName.iPAddress, n)); return this; }
        Spec email(String... e) { for (String n : e) sans.add(new GeneralName(GeneralName.rfc822Name, n)); return this; }
        Spec eku(KeyPurposeId... ids) { this.eku = ids; return this; }
        Spec sigAlg(String alg) { this.sigAlg = alg; return this; }
        Spec noAki() { this.aki = false; return this; }
        Spec keyUsage(int bits) { this.keyUsage = bits; return this; }
        Spec criticalExtension(String oid) { this.criticalOid = oid; return this; }
        /** any extension, its value given as DER */
        Spec ext(String oid, boolean critical, byte[] der) { rawExtensions.add(new Object[] {oid, critical, der}); return this; }
        /** any subjectAltName entries */
        Spec san(GeneralName... names) { sans.addAll(List.of(names)); return this; }
        Spec uri(String... uris) { for (String n : uris) sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, n)); return this; }
        /** nameConstraints, critical */
        Spec nameConstraints(org.bouncycastle.asn1.x509.GeneralSubtree[] permitted, org.bouncycastle.asn1.x509.GeneralSubtree[] excluded) {
            try {
                return ext(Extension.nameConstraints.getId(), true,
                        new org.bouncycastle.asn1.x509.NameConstraints(permitted, excluded).getEncoded());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        /** issued by a CA of this name and key that need not exist as a certificate */
        Spec issuerNamed(String issuerDn, KeyPair issuerKeys) { this.issuerDn = issuerDn; this.issuerKeys = issuerKeys; return this; }
        Spec noKeyUsage() { this.noKeyUsage = true; return this; }
        Spec noSki() { this.noSki = true; return this; }
        Spec criticalAki() { this.criticalAki = true; return this; }
        Spec criticalSki() { this.criticalSki = true; return this; }
        /** a SubjectPublicKeyInfo of an algorithm nobody decodes (the certificate can sign nothing) */
        Spec rawSpki(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki) { this.rawSpki = spki; return this; }

        Issued build() {
            try {
                KeyPair kp = keys != null ? keys : ec();
                X500Name subject = new X500Name(dn);
                if (issuerDn != null) {
                    issuer = new Issued(null, issuerKeys);
                }
                X500Name issuerName = issuerDn != null ? new X500Name(issuerDn)
                        : issuer == null ? subject : X500Name.getInstance(issuer.cert.getSubjectX500Principal().getEncoded());
                PrivateKey signKey = signer != null ? signer : issuer == null ? kp.getPrivate() : issuer.keys.getPrivate();
                X509v3CertificateBuilder b = rawSpki != null
                        ? new X509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                                Date.from(from), Date.from(to), subject, rawSpki)
                        : new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                                Date.from(from), Date.from(to), subject, kp.getPublic());
                JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
                if (!noSki && rawSpki == null) {
                    b.addExtension(Extension.subjectKeyIdentifier, criticalSki, u.createSubjectKeyIdentifier(kp.getPublic()));
                }
                if (aki && issuer != null) {
                    b.addExtension(Extension.authorityKeyIdentifier, criticalAki, u.createAuthorityKeyIdentifier(issuer.keys.getPublic()));
                }
                boolean isCa = pathLen != -2;
                if (isCa && !noBasicConstraints) {
                    b.addExtension(Extension.basicConstraints, true, pathLen >= 0 ? new BasicConstraints(pathLen) : new BasicConstraints(true));
                }
                if (noKeyUsage) {
                    // none
                } else if (keyUsage != null) {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                } else if (isCa) {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                if (!sans.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
                }
                if (eku != null) {
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
                }
                for (Object[] x : rawExtensions) {
                    b.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier((String) x[0]), (Boolean) x[1], (byte[]) x[2]);
                }
                if (criticalOid != null) {
                    b.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier(criticalOid), true, new byte[] {0x05, 0x00});
                }
                String alg = sigAlg != null ? sigAlg : defaultSigAlg(signKey);
                org.bouncycastle.cert.X509CertificateHolder h = b.build(new JcaContentSignerBuilder(alg).build(signKey));
                X509Certificate c;
                try {
                    c = new JcaX509CertificateConverter().getCertificate(h);
                } catch (java.security.cert.CertificateException refused) {
                    // the JDK's factory refuses some malformed extensions outright: use Bouncy Castle's
                    c = new JcaX509CertificateConverter().setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).getCertificate(h);
                }
                return new Issued(c, kp);
            } catch (Exception e) {
                throw new IllegalStateException("cannot build test certificate " + dn, e);
            }
        }
    }

    static String defaultSigAlg(PrivateKey k) {
        switch (k.getAlgorithm()) {
            case "RSA": return "SHA256withRSA";
            case "EC": return "SHA256withECDSA";
            default: return k.getAlgorithm();
        }
    }

    // ---- a shared PKI: root -> intermediate -> leaf (EC P-256), and an RSA 2048 root -> leaf ----

    static final Issued ROOT = spec("CN=Test Root CA,O=sslkit").ca().build();
    static final Issued INTER = spec("CN=Test Intermediate CA,O=sslkit").issuer(ROOT).ca().build();
    static final Issued LEAF = leaf("CN=www.example.com,O=sslkit").build();
    static final KeyPair RSA_ROOT_KEYS = rsa(2048);
    static final Issued RSA_ROOT = spec("CN=Test RSA Root CA,O=sslkit").keys(RSA_ROOT_KEYS).ca().build();
    static final Issued RSA_LEAF = spec("CN=rsa.example.com").keys(rsa(2048)).issuer(RSA_ROOT).dns("rsa.example.com")
            .eku(KeyPurposeId.id_kp_serverAuth).build();

    /** A leaf under {@link #INTER} with the usual names and both TLS purposes. */
    static Spec leaf(String dn) {
        return spec(dn).issuer(INTER).dns("www.example.com", "*.wild.example.com", "f*.part.example.com")
                .ip("127.0.0.1", "::1").email("alice@example.com")
                .eku(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    }

    static X509Certificate[] chain(Issued... certs) {
        X509Certificate[] out = new X509Certificate[certs.length];
        for (int i = 0; i < certs.length; i++) {
            out[i] = certs[i].cert;
        }
        return out;
    }
}
