package dev.sslkit.tck;

import dev.sslkit.CertifiedKey;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test PKI generated in memory at test time (no keys are checked in): a root CA, an intermediate
 * CA, and leaves issued by the intermediate.
 *
 * <pre>{@code
 * TestPki pki = TestPki.ec();                      // cached per JVM and key type
 * ctx.set(Setting.CERTIFICATES, List.of(pki.serverKey()));
 * ctx.setTrustAnchors(List.of(pki.root()));
 * TestPki.PemFiles files = pki.writePem(tempDir);  // for the openssl binary
 * }</pre>
 *
 * <ul>
 * <li>root CA: self-signed, {@code BasicConstraints cA} (critical), key usage keyCertSign + cRLSign,
 *     subject key identifier;</li>
 * <li>intermediate CA: issued by the root, {@code pathLen 0}, authority and subject key identifiers;</li>
 * <li>{@linkplain #serverKey() server leaf}: SAN DNS {@code localhost}, DNS {@code *.test.example},
 *     IP {@code 127.0.0.1}; EKU serverAuth;</li>
 * <li>{@linkplain #clientKey() client leaf}: SAN DNS {@code client.test.example}; EKU clientAuth;</li>
 * <li>{@linkplain Variant variants} of the server leaf that must fail verification in a known way.</li>
 * </ul>
 *
 * <p>Leaves are not CAs, have critical key usage digitalSignature (plus keyEncipherment for RSA),
 * and are valid from one hour ago for one year. Every chain handed out ({@link CertifiedKey#chain()})
 * is leaf first followed by the intermediate; the root is never included, as in a real deployment:
 * trust it with {@link #root()}.
 *
 * <p>Key generation is slow (RSA especially), so {@link #ec()} and {@link #rsa()} build each PKI once
 * per JVM; variants are built on first use. Instances are immutable apart from that lazy cache and
 * are safe to share between threads. Nothing here registers a JCA provider globally: keys and
 * signatures come from the JDK's providers, and Bouncy Castle is used as a library (and as a
 * provider instance for PEM encryption only).
 */
public final class TestPki {

    /** The key type of a PKI: every certificate of it (except {@link Variant#RSA_1024}) uses this type. */
    public enum KeyType {
        /** ECDSA on P-256 ({@code secp256r1}), signed with SHA256withECDSA. The default. */
        EC,
        /** RSA 2048, signed with SHA256withRSA. */
        RSA
    }

    /**
     * Server leaves that are wrong in exactly one way. Each is a {@link CertifiedKey} for the host
     * names of the good server leaf unless said otherwise.
     */
    public enum Variant {
        /** Issued by the intermediate, valid from 30 days ago to 1 day ago. */
        EXPIRED,
        /** Issued by the intermediate, valid from tomorrow for 30 days. */
        NOT_YET_VALID,
        /** Issued by the intermediate, valid now, but its only SAN is DNS {@code other.example}. */
        WRONG_HOST,
        /** Self-signed (not a CA); the chain is the leaf alone; chains to no trusted root. */
        SELF_SIGNED,
        /**
         * Issued by the intermediate, valid now, with an RSA 1024 key (80 bits of security): accepted
         * at OpenSSL security level 1, rejected from level 2 (112 bits) up.
         */
        RSA_1024
    }

    /**
     * The files {@link #writePem(Path)} wrote, for the {@code openssl} binary.
     *
     * @param dir          the directory
     * @param root         {@code root.pem}: the root CA certificate (for {@code -CAfile})
     * @param intermediate {@code intermediate.pem}: the intermediate CA certificate (for {@code -cert_chain})
     * @param serverChain  {@code server.pem}: the server leaf then the intermediate
     * @param serverKey    {@code server.key}: the server's unencrypted PKCS#8 key
     * @param clientChain  {@code client.pem}: the client leaf then the intermediate
     * @param clientKey    {@code client.key}: the client's unencrypted PKCS#8 key
     */
    public record PemFiles(Path dir, Path root, Path intermediate, Path serverChain, Path serverKey,
                           Path clientChain, Path clientKey) {
    }

    /**
     * A key and its chain written as PEM files.
     *
     * @param chain the certificates, leaf first
     * @param key   the unencrypted PKCS#8 private key
     */
    public record KeyFiles(Path chain, Path key) {
    }

    /** The host names the server leaf is valid for (DNS SANs); {@code 127.0.0.1} is an IP SAN. */
    public static final List<String> SERVER_HOSTS = List.of("localhost", "*.test.example");
    /** The IP address SAN of the server leaf. */
    public static final String SERVER_IP = "127.0.0.1";
    /** The only DNS SAN of {@link Variant#WRONG_HOST}. */
    public static final String WRONG_HOST_NAME = "other.example";

    private static final Map<KeyType, TestPki> CACHE = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Used only as an instance for PKCS#8 encryption; never added to {@link java.security.Security}. */
    private static final Provider BC = new BouncyCastleProvider();
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

    private final KeyType keyType;
    private final Instant now;
    private final KeyPair rootPair;
    private final X509Certificate root;
    private final KeyPair intermediatePair;
    private final X509Certificate intermediate;
    private final CertifiedKey server;
    private final CertifiedKey client;
    private final Map<Variant, CertifiedKey> variants = new EnumMap<>(Variant.class);

    private TestPki(KeyType keyType) throws GeneralSecurityException, IOException {
        this.keyType = keyType;
        this.now = Instant.now();
        String tag = keyType.name();
        rootPair = generate(keyType, 0);
        root = build(new X500Name("CN=sslkit test root CA " + tag + ",O=sslkit test"), rootPair,
                new X500Name("CN=sslkit test root CA " + tag + ",O=sslkit test"), rootPair, null,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), Role.ROOT, null);
        intermediatePair = generate(keyType, 0);
        intermediate = build(new X500Name("CN=sslkit test intermediate CA " + tag + ",O=sslkit test"), intermediatePair,
                X500Name.getInstance(root.getSubjectX500Principal().getEncoded()), rootPair, root,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1825)), Role.INTERMEDIATE, null);
        server = leaf("CN=localhost,O=sslkit test server " + tag, generate(keyType, 0), serverNames(),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), Role.SERVER);
        client = leaf("CN=sslkit test client " + tag + ",O=sslkit test", generate(keyType, 0),
                new GeneralNames(new GeneralName(GeneralName.dNSName, "client.test.example")),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), Role.CLIENT);
    }

    /** @return the EC P-256 PKI, built on first use and cached for the JVM */
    public static TestPki ec() {
        return of(KeyType.EC);
    }

    /** @return the RSA 2048 PKI, built on first use and cached for the JVM */
    public static TestPki rsa() {
        return of(KeyType.RSA);
    }

    /**
     * @param keyType the key type
     * @return that key type's PKI, built on first use and cached for the JVM
     * @throws IllegalStateException if the JDK cannot generate the keys or sign
     */
    public static TestPki of(KeyType keyType) {
        Objects.requireNonNull(keyType, "keyType must not be null");
        return CACHE.computeIfAbsent(keyType, t -> {
            try {
                return new TestPki(t);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build the " + t + " test PKI: " + e, e);
            }
        });
    }

    /** @return this PKI's key type */
    public KeyType keyType() {
        return keyType;
    }

    /** @return the root CA certificate: the one trust anchor */
    public X509Certificate root() {
        return root;
    }

    /** @return {@code List.of(root())}, for {@code SslContext.setTrustAnchors} */
    public List<X509Certificate> trustAnchors() {
        return List.of(root);
    }

    /** @return the intermediate CA certificate, issued by the root; it issues every leaf */
    public X509Certificate intermediate() {
        return intermediate;
    }

    /** @return the server leaf's key and chain (leaf, intermediate); SAN {@code localhost}, {@code *.test.example}, {@code 127.0.0.1} */
    public CertifiedKey serverKey() {
        return server;
    }

    /** @return the client leaf's key and chain (leaf, intermediate); EKU clientAuth */
    public CertifiedKey clientKey() {
        return client;
    }

    /**
     * @param variant which broken server leaf
     * @return its key and chain (leaf then intermediate; the leaf alone for {@link Variant#SELF_SIGNED});
     *         built on first use and cached
     */
    public CertifiedKey variant(Variant variant) {
        Objects.requireNonNull(variant, "variant must not be null");
        synchronized (variants) {
            CertifiedKey k = variants.get(variant);
            if (k == null) {
                try {
                    k = buildVariant(variant);
                } catch (GeneralSecurityException | IOException e) {
                    throw new IllegalStateException("cannot build test PKI variant " + variant + ": " + e, e);
                }
                variants.put(variant, k);
            }
            return k;
        }
    }

    // ---- PEM --------------------------------------------------------------------------------------

    /** @return the server's unencrypted PKCS#8 key then its chain, in PEM, for {@code usePrivateKeyPem} */
    public String serverKeyPem() {
        return pem(server);
    }

    /**
     * @param password the password
     * @return the server's key encrypted (PKCS#8, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC) then
     *         its chain, in PEM, for the password-callback tests
     */
    public String serverKeyPem(char[] password) {
        return pem(server, password);
    }

    /** @return the client's unencrypted PKCS#8 key then its chain, in PEM */
    public String clientKeyPem() {
        return pem(client);
    }

    /**
     * Writes {@code root.pem}, {@code intermediate.pem}, {@code server.pem} (leaf + intermediate),
     * {@code server.key} (PKCS#8, unencrypted), {@code client.pem} and {@code client.key} into
     * {@code dir}, replacing files of those names.
     *
     * @param dir an existing directory
     * @return the paths
     * @throws UncheckedIOException if a file cannot be written
     */
    public PemFiles writePem(Path dir) {
        Objects.requireNonNull(dir, "dir must not be null");
        Path rootFile = write(dir.resolve("root.pem"), toPem(root));
        Path interFile = write(dir.resolve("intermediate.pem"), toPem(intermediate));
        KeyFiles s = writePem(dir, "server", server);
        KeyFiles c = writePem(dir, "client", client);
        return new PemFiles(dir, rootFile, interFile, s.chain(), s.key(), c.chain(), c.key());
    }

    /**
     * Writes {@code <name>.pem} (the chain) and {@code <name>.key} (PKCS#8, unencrypted) into {@code dir}.
     *
     * @param dir  an existing directory
     * @param name the base name, e.g. {@code expired}
     * @param key  the key and chain
     * @return the paths
     * @throws UncheckedIOException if a file cannot be written
     */
    public static KeyFiles writePem(Path dir, String name, CertifiedKey key) {
        Objects.requireNonNull(dir, "dir must not be null");
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(key, "key must not be null");
        Path chain = write(dir.resolve(name + ".pem"), toPem(key.chain().toArray(new X509Certificate[0])));
        Path k = write(dir.resolve(name + ".key"), toPem(key.privateKey()));
        return new KeyFiles(chain, k);
    }

    /**
     * @param key a key and chain
     * @return the unencrypted PKCS#8 key ({@code PRIVATE KEY}) then the chain, in PEM
     */
    public static String pem(CertifiedKey key) {
        return toPem(key.privateKey()) + toPem(key.chain().toArray(new X509Certificate[0]));
    }

    /**
     * @param key      a key and chain
     * @param password the password
     * @return the encrypted PKCS#8 key ({@code ENCRYPTED PRIVATE KEY}) then the chain, in PEM
     */
    public static String pem(CertifiedKey key, char[] password) {
        return toEncryptedPem(key.privateKey(), password) + toPem(key.chain().toArray(new X509Certificate[0]));
    }

    /** @param certs certificates  @return them as consecutive {@code CERTIFICATE} PEM blocks */
    public static String toPem(X509Certificate... certs) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            try {
                sb.append(block("CERTIFICATE", c.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot encode " + c.getSubjectX500Principal() + ": " + e, e);
            }
        }
        return sb.toString();
    }

    /** @param key a private key  @return it as an unencrypted PKCS#8 {@code PRIVATE KEY} PEM block */
    public static String toPem(PrivateKey key) {
        Objects.requireNonNull(key, "key must not be null");
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("key is not PKCS#8 encodable: " + key.getFormat());
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    /**
     * @param key      a private key
     * @param password the password, not empty
     * @return it as an {@code ENCRYPTED PRIVATE KEY} PEM block: PKCS#8 with PBES2, PBKDF2-HMAC-SHA256
     *         (2048 iterations, random salt) and AES-256-CBC, which {@code openssl pkey -passin} reads
     */
    public static String toEncryptedPem(PrivateKey key, char[] password) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(password, "password must not be null");
        if (password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        try {
            OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(BC)
                    .setRandom(RANDOM)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(2048)
                    .setPassword(password)
                    .build();
            StringWriter out = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(out)) {
                w.writeObject(new JcaPKCS8Generator(key, enc));
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot encrypt the private key: " + e, e);
        }
    }

    // ---- building ---------------------------------------------------------------------------------

    private enum Role { ROOT, INTERMEDIATE, SERVER, CLIENT }

    private static GeneralNames serverNames() {
        return new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, "*.test.example"),
                new GeneralName(GeneralName.iPAddress, SERVER_IP)});
    }

    private CertifiedKey buildVariant(Variant v) throws GeneralSecurityException, IOException {
        String tag = keyType.name();
        switch (v) {
            case EXPIRED:
                return leaf("CN=localhost,O=sslkit test expired " + tag, generate(keyType, 0), serverNames(),
                        now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), Role.SERVER);
            case NOT_YET_VALID:
                return leaf("CN=localhost,O=sslkit test not yet valid " + tag, generate(keyType, 0), serverNames(),
                        now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), Role.SERVER);
            case WRONG_HOST:
                return leaf("CN=" + WRONG_HOST_NAME + ",O=sslkit test wrong host " + tag, generate(keyType, 0),
                        new GeneralNames(new GeneralName(GeneralName.dNSName, WRONG_HOST_NAME)),
                        now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), Role.SERVER);
            case RSA_1024:
                return leaf("CN=localhost,O=sslkit test RSA 1024 " + tag, generate(KeyType.RSA, 1024), serverNames(),
                        now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), Role.SERVER);
            case SELF_SIGNED: {
                KeyPair kp = generate(keyType, 0);
                X500Name name = new X500Name("CN=localhost,O=sslkit test self-signed " + tag);
                X509Certificate c = build(name, kp, name, kp, null, now.minus(Duration.ofHours(1)),
                        now.plus(Duration.ofDays(365)), Role.SERVER, serverNames());
                return CertifiedKey.of(kp.getPrivate(), c);
            }
            default:
                throw new AssertionError(v);
        }
    }

    private CertifiedKey leaf(String subject, KeyPair kp, GeneralNames san, Instant from, Instant to, Role role)
            throws GeneralSecurityException, IOException {
        X509Certificate c = build(new X500Name(subject), kp,
                X500Name.getInstance(intermediate.getSubjectX500Principal().getEncoded()), intermediatePair,
                intermediate, from, to, role, san);
        return CertifiedKey.of(kp.getPrivate(), c, intermediate);
    }

    private static KeyPair generate(KeyType type, int rsaBits) throws GeneralSecurityException {
        if (type == KeyType.EC) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(rsaBits == 0 ? 2048 : rsaBits, RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectPair, X500Name issuer, KeyPair issuerPair,
                                         X509Certificate issuerCert, Instant from, Instant to, Role role,
                                         GeneralNames san) throws GeneralSecurityException, IOException {
        BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(from), Date.from(to),
                subject, subjectPair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectPair.getPublic()));
        if (issuerCert != null) {
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
        }
        boolean rsa = "RSA".equals(subjectPair.getPublic().getAlgorithm());
        switch (role) {
            case ROOT:
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                break;
            case INTERMEDIATE:
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                break;
            case SERVER:
            case CLIENT:
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true,
                        new KeyUsage(rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        role == Role.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
                break;
            default:
                throw new AssertionError(role);
        }
        if (san != null) {
            b.addExtension(Extension.subjectAlternativeName, false, san);
        }
        String sigAlg = "RSA".equals(issuerPair.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            ContentSigner signer = new JcaContentSignerBuilder(sigAlg).build(issuerPair.getPrivate());
            X509CertificateHolder holder = b.build(signer);
            return CONVERTER.getCertificate(holder);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + sigAlg + ": " + e.getMessage(), e);
        }
    }

    private static String block(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TestPki[" + keyType + ", root " + root.getSubjectX500Principal() + "]";
    }
}
