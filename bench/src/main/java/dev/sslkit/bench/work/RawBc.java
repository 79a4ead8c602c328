package dev.sslkit.bench.work;

import dev.sslkit.tck.TestPki;

import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Vector;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;

/**
 * The raw bctls baseline, written against {@code org.bouncycastle.tls} directly: a client and a
 * server peer pinned to one version and suite, the JDK's providers first for the crypto with a Bouncy
 * Castle provider instance only for what they lack (ChaCha20-Poly1305 under bctls's names, RSA-PSS) —
 * the same choice sslkit's bc provider makes — server certificate checked with the JDK's PKIX trust
 * manager plus the host name, TLS 1.2 resumption by session id from a server-side map. bctls 1.84
 * has no TLS 1.3 session tickets, so raw bctls cannot resume TLS 1.3.
 */
final class RawBc {
    /** OpenSSL's default server cache size ({@code SSL_SESSION_CACHE_MAX_SIZE_DEFAULT}), which sslkit's core keeps. */
    static final int SESSION_CACHE = 20 * 1024;

    private RawBc() {
    }

    /** bctls's JCA crypto: JDK providers first, an unregistered BC provider instance as fallback. */
    static final class Crypto extends JcaTlsCrypto {
        Crypto() {
            super(new JdkFirst(), new SecureRandom(), new SecureRandom());
        }
    }

    private static final class JdkFirst extends DefaultJcaJceHelper {
        private static final class Bc {
            static final ProviderJcaJceHelper HELPER = new ProviderJcaJceHelper(new BouncyCastleProvider());
        }

        @Override
        public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createSignature(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Bc.HELPER.createSignature(algorithm);
            }
        }

        @Override
        public Cipher createCipher(String algorithm) throws NoSuchAlgorithmException, NoSuchPaddingException {
            try {
                return super.createCipher(algorithm);
            } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
                return Bc.HELPER.createCipher(algorithm);
            }
        }

        @Override
        public Mac createMac(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createMac(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Bc.HELPER.createMac(algorithm);
            }
        }

        @Override
        public KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createKeyAgreement(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Bc.HELPER.createKeyAgreement(algorithm);
            }
        }

        @Override
        public KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createKeyFactory(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Bc.HELPER.createKeyFactory(algorithm);
            }
        }

        @Override
        public KeyPairGenerator createKeyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createKeyPairGenerator(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Bc.HELPER.createKeyPairGenerator(algorithm);
            }
        }
    }

    private static ProtocolVersion[] versions(Proto p) {
        return p == Proto.TLS12 ? ProtocolVersion.TLSv12.only() : ProtocolVersion.TLSv13.only();
    }

    /** Server-side state shared by a factory's servers: crypto, credentials' inputs, the session-id map. */
    static final class ServerShared {
        final Crypto crypto = new Crypto();
        /** TLS 1.2 sessions by id, bounded (oldest out) as sslkit's server cache is: full handshakes add one each. */
        final Map<ByteBuffer, TlsSession> sessions = java.util.Collections.synchronizedMap(
                new java.util.LinkedHashMap<ByteBuffer, TlsSession>(64, 0.75f, false) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<ByteBuffer, TlsSession> eldest) {
                        return size() > SESSION_CACHE;
                    }
                });
        final byte[][] chainDer;

        ServerShared() throws java.security.cert.CertificateEncodingException {
            List<X509Certificate> chain = TestPki.ec().serverKey().chain();
            chainDer = new byte[chain.size()][];
            for (int i = 0; i < chainDer.length; i++) {
                chainDer[i] = chain.get(i).getEncoded();
            }
        }
    }

    /** Client-side state shared by a factory's clients: crypto, trust manager, the session to resume. */
    static final class ClientShared {
        final Crypto crypto = new Crypto();
        final RawTrust trust;
        volatile TlsSession resume;

        ClientShared() throws Exception {
            trust = RawKeys.trust();
        }
    }

    /** The server peer. */
    static final class Server extends AbstractTlsServer {
        private final ServerShared shared;
        private final Proto.Suite suite;
        volatile boolean finished;

        Server(ServerShared shared, Proto.Suite suite) {
            super(shared.crypto);
            this.shared = shared;
            this.suite = suite;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return versions(suite.proto());
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {suite.code()};
        }

        @Override
        public int[] getCipherSuites() {
            return new int[] {suite.code()};
        }

        @Override
        public TlsCredentials getCredentials() throws IOException {
            TlsCertificate[] certs = new TlsCertificate[shared.chainDer.length];
            for (int i = 0; i < certs.length; i++) {
                certs[i] = shared.crypto.createCertificate(shared.chainDer[i]);
            }
            Certificate c;
            if (TlsUtils.isTLSv13(context)) {
                CertificateEntry[] entries = new CertificateEntry[certs.length];
                for (int i = 0; i < certs.length; i++) {
                    entries[i] = new CertificateEntry(certs[i], null);
                }
                c = new Certificate(TlsUtils.EMPTY_BYTES, entries);
            } else {
                c = new Certificate(certs);
            }
            return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), shared.crypto,
                    TestPki.ec().serverKey().privateKey(), c,
                    SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }

        @Override
        public byte[] getNewSessionID() {
            if (suite.proto() != Proto.TLS12) {
                return null;
            }
            byte[] id = new byte[32];
            context.getCrypto().getSecureRandom().nextBytes(id);
            return id;
        }

        @Override
        public TlsSession getSessionToResume(byte[] sessionID) {
            return sessionID == null || sessionID.length == 0 ? null : shared.sessions.get(ByteBuffer.wrap(sessionID));
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            TlsSession s = context.getSession();
            if (s != null && s.isResumable() && s.getSessionID().length > 0) {
                shared.sessions.putIfAbsent(ByteBuffer.wrap(s.getSessionID().clone()), s);
            }
            finished = true;
        }
    }

    /** The client peer. */
    static final class Client extends AbstractTlsClient {
        private final ClientShared shared;
        private final Proto.Suite suite;
        private final boolean resume;
        volatile boolean finished;
        volatile TlsSession session;

        Client(ClientShared shared, Proto.Suite suite, boolean resume) {
            super(shared.crypto);
            this.shared = shared;
            this.suite = suite;
            this.resume = resume;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return versions(suite.proto());
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {suite.code()};
        }

        @Override
        public int[] getCipherSuites() {
            return new int[] {suite.code()};
        }

        @Override
        protected Vector<ServerName> getSNIServerNames() {
            Vector<ServerName> v = new Vector<>(1);
            v.add(new ServerName(NameType.host_name, "localhost".getBytes(StandardCharsets.US_ASCII)));
            return v;
        }

        @Override
        public TlsSession getSessionToResume() {
            return resume ? shared.resume : null;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new ServerOnlyTlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    TlsCertificate[] list = serverCertificate.getCertificate().getCertificateList();
                    X509Certificate[] chain = new X509Certificate[list.length];
                    for (int i = 0; i < list.length; i++) {
                        chain[i] = JcaTlsCertificate.convert(shared.crypto, list[i]).getX509Certificate();
                    }
                    try {
                        shared.trust.checkServer(chain);
                    } catch (CertificateException e) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate, e.getMessage(), e);
                    }
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            session = context.getSession();
            negotiated = context.getSecurityParametersConnection().getCipherSuite();
            finished = true;
        }

        volatile int negotiated = -1;

        String suiteName() {
            for (Proto.Suite s : Proto.Suite.values()) {
                if (s.code() == negotiated) {
                    return s.iana();
                }
            }
            return "0x" + Integer.toHexString(negotiated);
        }
    }

    static boolean hostMatches(X509Certificate leaf) throws CertificateException {
        try {
            if (leaf.getSubjectAlternativeNames() == null) {
                return false;
            }
            for (List<?> san : leaf.getSubjectAlternativeNames()) {
                if (Integer.valueOf(2).equals(san.get(0)) && "localhost".equalsIgnoreCase((String) san.get(1))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.cert.CertificateParsingException e) {
            throw new CertificateException(e);
        }
    }
}
