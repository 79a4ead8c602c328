package dev.sslkit.provider.bc;

import dev.sslkit.CustomExtension;
import dev.sslkit.ServerInfo;
import dev.sslkit.SessionIdGenerator;
import dev.sslkit.Setting;
import dev.sslkit.SslOption;
import dev.sslkit.TmpDh;
import dev.sslkit.VerifyMode;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsDHUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsServerContext;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.DHGroup;
import org.bouncycastle.tls.crypto.TlsDHConfig;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.Vector;

/**
 * The server side of one connection ({@code SSL_set_accept_state}): versions, suites and server
 * preference, credentials through core's key selector, client certificate requests
 * ({@code SSL_set_verify}, client CA list, certificate types, client sigalgs), tmp DH, session ids
 * and resumption of the sessions core's cache chooses, PSK identity hint, serverinfo and custom extensions.
 */
final class BcServer extends AbstractTlsServer {
    private final BcEngine engine;
    private BcSession resumed12;
    private BcSession resumed13;
    private Hashtable<?, ?> clientExtensionsSeen;
    private boolean peerCertSeen;

    BcServer(BcEngine engine) {
        super(BcProvider.crypto());
        this.engine = engine;
    }

    TlsContext context() {
        return context;
    }

    @Override
    protected org.bouncycastle.tls.ProtocolVersion[] getSupportedVersions() {
        return Peers.versions(engine);
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return Peers.suites(engine, getCrypto());
    }

    @Override
    public int[] getCipherSuites() {
        int[] all = super.getCipherSuites();
        BcSession r = resumed13;
        if (r == null) {
            return all;
        }
        // a TLS 1.3 PSK fixes the hash: keep only the suites of that PRF
        return Arrays.stream(all).filter(c -> !Names.is13(c) || BcClient.prf13(c) == r.prf()).toArray();
    }

    @Override
    protected boolean preferLocalCipherSuites() {
        return Peers.option(engine, SslOption.CIPHER_SERVER_PREFERENCE);
    }

    @Override
    protected String getDetailMessageNoCipherSuite() {
        return Errors.NO_SHARED_CIPHER;
    }

    @Override
    protected boolean isSelectableCipherSuite(int suite, int curveBits, int ffBits, Vector sigAlgs) {
        if (!super.isSelectableCipherSuite(suite, curveBits, ffBits, sigAlgs)) {
            return false;
        }
        switch (TlsUtils.getKeyExchangeAlgorithm(suite)) {
            case KeyExchangeAlgorithm.ECDHE_ECDSA:
                return Peers.hasKey(engine, "EC");
            case KeyExchangeAlgorithm.ECDHE_RSA:
            case KeyExchangeAlgorithm.DHE_RSA:
                return Peers.hasKey(engine, "RSA");
            case KeyExchangeAlgorithm.PSK:
            case KeyExchangeAlgorithm.DHE_PSK:
            case KeyExchangeAlgorithm.ECDHE_PSK:
                return true;
            default:
                return false;
        }
    }

    @Override
    protected Vector getProtocolNames() {
        List<String> l = engine.spec.get(Setting.ALPN);
        if (l == null) {
            return null;
        }
        Vector<ProtocolName> v = new Vector<>();
        for (String s : l) {
            v.add(ProtocolName.asUtf8Encoding(s));
        }
        return v;
    }

    @Override
    public boolean shouldUseExtendedMasterSecret() {
        return !Peers.option(engine, SslOption.NO_EXTENDED_MASTER_SECRET);
    }

    @Override
    public int getMaxHandshakeMessageSize() {
        return (int) Math.min(1 << 24, Math.max(32768, engine.spec.get(Setting.MAX_CERT_LIST) + 1024));
    }

    // ---- sessions ---------------------------------------------------------------------------------

    /**
     * TLS 1.2 session-id resumption: core decides ({@link dev.sslkit.spi.EngineSpec#findSession}), with
     * OpenSSL's rules — cache mode, NO_INTERNAL_LOOKUP, the get callback, id context, timeouts,
     * statistics; the fatal SESSION_ID_CONTEXT_UNINITIALIZED fails the handshake. bctls only gets
     * the {@link TlsSession} of the session core chose.
     */
    @Override
    public TlsSession getSessionToResume(byte[] sessionID) {
        BcSession s = find(sessionID);
        if (s == null || s.tls() == null) {
            return null;
        }
        TlsSession own = s.forResumption(context.getCrypto());
        if (own == null) {
            return null;
        }
        resumed12 = s;
        return own;
    }

    private BcSession find(byte[] id) {
        if (id == null || id.length == 0) {
            return null;
        }
        dev.sslkit.spi.EngineSession es;
        try {
            es = engine.spec.findSession(id.clone());
        } catch (dev.sslkit.SslException e) {
            throw new IllegalStateException(e); // BcEngine rethrows the cause: the handshake fails with it
        }
        if (!(es instanceof BcSession) || !es.isResumable()) {
            return null;
        }
        return (BcSession) es;
    }

    @Override
    public byte[] getNewSessionID() {
        resumed12 = null;
        SessionIdGenerator gen = engine.spec.get(Setting.SESSION_ID_GENERATOR);
        if (gen == null) {
            byte[] id = new byte[32];
            context.getCrypto().getSecureRandom().nextBytes(id);
            return id;
        }
        byte[] buf = new byte[32];
        int n = engine.spec.events().generateSessionId(gen, buf);
        if (n <= 0 || n > 32) {
            throw new IllegalStateException(new dev.sslkit.SslException(dev.sslkit.SslReason.SESSION_ID_CALLBACK_FAILED,
                    "the session id generation callback returned " + n));
        }
        byte[] id = Arrays.copyOf(buf, n);
        if (engine.ctx.inUse(id)) {
            throw new IllegalStateException(new dev.sslkit.SslException(dev.sslkit.SslReason.SESSION_ID_HAS_BAD_LENGTH,
                    "the session id generation callback produced an id already in use (SSL_R_SSL_SESSION_ID_CONFLICT)"));
        }
        return id;
    }

    /** TLS 1.3: sslkit's resumption PSK identities (see {@link BcSession}), looked up in core's cache like session ids. */
    @Override
    public TlsPSKExternal getExternalPSK(Vector identities) {
        for (Object o : identities) {
            byte[] id = ((PskIdentity) o).getIdentity();
            BcSession s = find(id);
            if (s != null && s.psk() != null) {
                resumed13 = s;
                return new BasicTlsPSKExternal(id, getCrypto().createSecret(s.psk().clone()), s.prf());
            }
        }
        return null;
    }

    // ---- extensions -------------------------------------------------------------------------------

    @Override
    public void processClientExtensions(Hashtable ext) throws IOException {
        super.processClientExtensions(ext);
        clientExtensionsSeen = ext;
        List<CustomExtension> custom = engine.spec.get(Setting.CUSTOM_EXTENSIONS);
        if (custom != null && ext != null) {
            for (CustomExtension c : custom) {
                byte[] d = (byte[]) ext.get(c.type());
                if (d != null && !engine.spec.events().parseExtension(c, d.clone())) {
                    throw Peers.parseFailed(c.type());
                }
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Hashtable getServerExtensions() throws IOException {
        Hashtable<Integer, byte[]> h = super.getServerExtensions();
        Hashtable<?, ?> ce = clientExtensionsSeen;
        if (ce != null) {
            List<ServerInfo> si = engine.spec.get(Setting.SERVERINFO);
            if (si != null) {
                for (ServerInfo s : si) {
                    if (ce.containsKey(s.extensionType())) {
                        h.put(s.extensionType(), s.data());
                    }
                }
            }
            List<CustomExtension> custom = engine.spec.get(Setting.CUSTOM_EXTENSIONS);
            if (custom != null) {
                for (CustomExtension c : custom) {
                    if (ce.containsKey(c.type())) {
                        byte[] d = engine.spec.events().addExtension(c);
                        if (d != null) {
                            h.put(c.type(), d.clone());
                        }
                    }
                }
            }
        }
        return h;
    }

    // ---- credentials and client authentication -----------------------------------------------------

    @Override
    public TlsCredentials getCredentials() throws IOException {
        if (TlsUtils.isTLSv13(context)) {
            return signer(null);
        }
        switch (context.getSecurityParametersHandshake().getKeyExchangeAlgorithm()) {
            case KeyExchangeAlgorithm.ECDHE_ECDSA:
                return signer("EC");
            case KeyExchangeAlgorithm.ECDHE_RSA:
            case KeyExchangeAlgorithm.DHE_RSA:
                return signer("RSA");
            case KeyExchangeAlgorithm.PSK:
            case KeyExchangeAlgorithm.DHE_PSK:
            case KeyExchangeAlgorithm.ECDHE_PSK:
                return null;
            default:
                throw new TlsFatalAlert(AlertDescription.internal_error, "unsupported key exchange");
        }
    }

    private TlsCredentials signer(String fixed) throws IOException {
        List<String> l = engine.spec.get(Setting.SIGALGS);
        Vector<SignatureAndHashAlgorithm> local = l == null ? null : Names.parseSchemes(l);
        TlsCredentials c = Certs.signer(engine, context, context.getSecurityParametersHandshake().getClientSigAlgs(), local,
                fixed, null, TlsUtils.EMPTY_BYTES);
        if (c == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, Errors.NO_SHARED_CIPHER);
        }
        return c;
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        Set<VerifyMode> vm = engine.spec.verifyMode();
        if (!vm.contains(VerifyMode.PEER)) {
            return null;
        }
        List<String> cl = engine.spec.get(Setting.CLIENT_SIGALGS);
        List<String> l = cl != null ? cl : engine.spec.get(Setting.SIGALGS);
        Vector<?> algs = l == null ? TlsUtils.getDefaultSupportedSignatureAlgorithms(context) : Names.parseSchemes(l);
        List<X509Certificate> cas = engine.spec.get(Setting.CLIENT_CA_LIST);
        if (cas == null) {
            cas = engine.spec.get(Setting.CA_LIST);
        }
        Vector<?> authorities = cas == null ? null : Certs.subjects(cas);
        if (TlsUtils.isTLSv13(context)) {
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, algs, null, authorities);
        }
        List<Integer> types = engine.spec.get(Setting.CLIENT_CERT_TYPES);
        short[] t;
        if (types == null) {
            t = new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        } else {
            t = new short[types.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = (short) (int) types.get(i);
            }
        }
        return new CertificateRequest(t, algs, authorities);
    }

    @Override
    public void notifyClientCertificate(Certificate c) throws IOException {
        Set<VerifyMode> vm = engine.spec.verifyMode();
        if (c == null || c.isEmpty()) {
            if (vm.contains(VerifyMode.FAIL_IF_NO_PEER_CERT)) {
                throw new TlsFatalAlert(TlsUtils.isTLSv13(context) ? AlertDescription.certificate_required
                        : AlertDescription.handshake_failure, "peer did not return a certificate");
            }
            return;
        }
        peerCertSeen = true;
        try {
            engine.spec.verifier().verify(Certs.toArray(c), "UNKNOWN");
        } catch (CertificateException e) {
            throw new TlsFatalAlert(BcClient.verifyAlert(e), e.getMessage(), e);
        }
    }

    // ---- DH and PSK ------------------------------------------------------------------------------

    @Override
    public TlsDHConfig getDHConfig() throws IOException {
        TmpDh dh = engine.spec.get(Setting.TMP_DH);
        if (dh == null || dh.isAuto()) {
            return super.getDHConfig();
        }
        BigInteger p;
        BigInteger g;
        if (dh.callback() != null) {
            int bits = Math.max(2048, TlsDHUtils.getMinimumFiniteFieldBits(selectedCipherSuite));
            BigInteger[] pg = dh.callback().apply(bits);
            if (pg == null || pg.length != 2 || pg[0] == null || pg[1] == null) {
                throw new TlsFatalAlert(AlertDescription.internal_error, "the tmp DH callback returned no parameters");
            }
            p = pg[0];
            g = pg[1];
        } else {
            p = dh.p();
            g = dh.g();
        }
        return new TlsDHConfig(new DHGroup(p, null, g, 0));
    }

    @Override
    public TlsPSKIdentityManager getPSKIdentityManager() {
        String hint = engine.spec.get(Setting.PSK_IDENTITY_HINT);
        return new TlsPSKIdentityManager() {
            @Override
            public byte[] getHint() {
                return hint == null ? null : hint.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] getPSK(byte[] identity) {
                return null; // sslkit has no PSK key setting yet
            }
        };
    }

    // ---- events ----------------------------------------------------------------------------------

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        engine.alert(true, level, description);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        engine.alert(false, level, description);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        boolean tls13 = TlsUtils.isTLSv13(context);
        boolean resumed = tls13 ? resumed13 != null : context.getSecurityParametersConnection().isResumedSession();
        engine.handshakeComplete(context, resumed, resumed ? (tls13 ? resumed13 : resumed12) : null);
    }

    @Override
    public void init(TlsServerContext context) {
        super.init(context);
    }

    // ---- what tests observe -----------------------------------------------------------------------

    Hashtable<?, ?> clientExtensions() {
        return clientExtensionsSeen;
    }

    boolean peerCertSeen() {
        return peerCertSeen;
    }
}
