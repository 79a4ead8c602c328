package dev.sslkit.provider.bc;

import dev.sslkit.CustomExtension;
import dev.sslkit.Setting;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CertificateStatusRequest;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientContext;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsDHGroupVerifier;
import org.bouncycastle.tls.DefaultTlsDHGroupVerifier;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSK;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.DHGroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;

/**
 * The client side of one connection, configured from the connection's settings
 * ({@code SSL_set_connect_state}): versions, suites, sigalgs, ALPN, SNI, custom extensions, CA list,
 * fallback SCSV, EMS, compatibility mode, the session to resume ({@code SSL_set_session}), peer
 * verification through core's verifier and client keys through core's key selector.
 */
final class BcClient extends AbstractTlsClient {
    private final BcEngine engine;
    private final BcSession toResume;
    private boolean pskSelected;
    private short[] requestedCertTypes;
    private DHGroup serverDhGroup;
    private Hashtable<?, ?> serverExtensions;

    BcClient(BcEngine engine) {
        super(BcProvider.crypto());
        this.engine = engine;
        this.toResume = engine.spec.sessionToResume() instanceof BcSession ? (BcSession) engine.spec.sessionToResume() : null;
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
    public void init(TlsClientContext context) {
        super.init(context);
    }

    @Override
    protected Vector getSupportedSignatureAlgorithms() {
        List<String> l = engine.spec.get(Setting.SIGALGS);
        return l == null ? super.getSupportedSignatureAlgorithms() : Names.parseSchemes(l);
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
    protected Vector getSNIServerNames() {
        String h = engine.spec.serverName();
        if (h == null || h.indexOf(':') >= 0 || h.matches("[0-9.]+")) {
            return null; // RFC 6066: no IP literals in SNI
        }
        Vector<ServerName> v = new Vector<>();
        v.add(new ServerName(NameType.host_name, h.getBytes(StandardCharsets.US_ASCII)));
        return v;
    }

    @Override
    protected CertificateStatusRequest getCertificateStatusRequest() {
        return null; // OpenSSL sends no status_request unless asked
    }

    @Override
    protected Vector getCertificateAuthorities() {
        List<java.security.cert.X509Certificate> ca = engine.spec.get(Setting.CA_LIST);
        return ca == null ? null : Certs.subjects(ca);
    }

    @Override
    public Hashtable getClientExtensions() throws IOException {
        @SuppressWarnings("unchecked")
        Hashtable<Integer, byte[]> ext = super.getClientExtensions();
        List<CustomExtension> custom = engine.spec.get(Setting.CUSTOM_EXTENSIONS);
        if (custom != null) {
            for (CustomExtension c : custom) {
                byte[] d = engine.spec.events().addExtension(c);
                if (d != null) {
                    ext.put(c.type(), d.clone());
                }
            }
        }
        return ext;
    }

    @Override
    protected boolean allowUnexpectedServerExtension(Integer type, byte[] data) throws IOException {
        List<CustomExtension> custom = engine.spec.get(Setting.CUSTOM_EXTENSIONS);
        if (custom != null) {
            for (CustomExtension c : custom) {
                if (c.type() == type) {
                    return true;
                }
            }
        }
        return super.allowUnexpectedServerExtension(type, data);
    }

    @Override
    public void processServerExtensions(Hashtable ext) throws IOException {
        super.processServerExtensions(ext);
        this.serverExtensions = ext;
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
    public boolean isFallback() {
        return engine.spec.get(Setting.MODE).contains(SslMode.SEND_FALLBACK_SCSV);
    }

    @Override
    public boolean shouldUseExtendedMasterSecret() {
        return !Peers.option(engine, SslOption.NO_EXTENDED_MASTER_SECRET);
    }

    @Override
    public boolean shouldUseCompatibilityMode() {
        return Peers.option(engine, SslOption.ENABLE_MIDDLEBOX_COMPAT);
    }

    @Override
    public int getMaxHandshakeMessageSize() {
        return (int) Math.min(1 << 24, Math.max(32768, engine.spec.get(Setting.MAX_CERT_LIST) + 1024));
    }

    @Override
    public TlsSession getSessionToResume() {
        if (toResume != null && toResume.tls() != null && toResume.isResumable()) {
            // a copy, with its own master secret: when the server does not resume it, bctls
            // invalidates the session it offered and destroys its master secret, while OpenSSL's
            // client keeps an offered session good (it only makes a new one); whether a session stays
            // resumable is core's decision (RFC 2246 rule, cache eviction)
            TlsSession t = toResume.tls();
            SessionParameters sp = t.exportSessionParameters();
            try {
                SessionParameters fresh = new SessionParameters.Builder()
                        .setCipherSuite(sp.getCipherSuite())
                        .setExtendedMasterSecret(sp.isExtendedMasterSecret())
                        .setLocalCertificate(sp.getLocalCertificate())
                        .setMasterSecret(getCrypto().createSecret(BcSession.copy(sp.getMasterSecret())))
                        .setNegotiatedVersion(sp.getNegotiatedVersion())
                        .setPeerCertificate(sp.getPeerCertificate())
                        .setPSKIdentity(sp.getPSKIdentity())
                        .setSRPIdentity(sp.getSRPIdentity())
                        .setServerExtensions(sp.readServerExtensions())
                        .build();
                return org.bouncycastle.tls.TlsUtils.importSession(t.getSessionID(), fresh);
            } catch (java.io.IOException | RuntimeException e) {
                return null; // the secret is gone: a full handshake
            }
        }
        return null;
    }

    @Override
    public Vector getExternalPSKs() {
        BcSession s = toResume;
        if (s == null || s.psk() == null || !s.isResumable()) {
            return null;
        }
        boolean prfOffered = false;
        for (int c : getCipherSuites()) {
            if (Names.is13(c) && prf13(c) == s.prf()) {
                prfOffered = true;
                break;
            }
        }
        if (!prfOffered) {
            return null;
        }
        Vector<BasicTlsPSKExternal> v = new Vector<>(1);
        v.add(new BasicTlsPSKExternal(s.idRef().clone(), getCrypto().createSecret(s.psk().clone()), s.prf()));
        return v;
    }

    static int prf13(int suite) {
        return suite == org.bouncycastle.tls.CipherSuite.TLS_AES_256_GCM_SHA384 ? PRFAlgorithm.tls13_hkdf_sha384
                : PRFAlgorithm.tls13_hkdf_sha256;
    }

    @Override
    public void notifySelectedPSK(TlsPSK selectedPSK) throws IOException {
        super.notifySelectedPSK(selectedPSK);
        pskSelected = selectedPSK != null;
    }

    @Override
    public TlsDHGroupVerifier getDHGroupVerifier() {
        return new DefaultTlsDHGroupVerifier(2048) {
            @Override
            public boolean accept(DHGroup group) {
                boolean ok = super.accept(group);
                if (ok) {
                    serverDhGroup = group;
                }
                return ok;
            }
        };
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate sc) throws IOException {
                java.security.cert.X509Certificate[] chain = Certs.toArray(sc.getCertificate());
                try {
                    engine.spec.verifier().verify(chain, authType());
                } catch (CertificateException e) {
                    throw new TlsFatalAlert(verifyAlert(e), e.getMessage(), e);
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest cr) throws IOException {
                requestedCertTypes = cr.getCertificateTypes();
                List<String> cl = engine.spec.get(Setting.CLIENT_SIGALGS);
                List<String> l = cl != null ? cl : engine.spec.get(Setting.SIGALGS);
                Vector<SignatureAndHashAlgorithm> local = l == null ? null : Names.parseSchemes(l);
                Vector<?> peer = cr.getSupportedSignatureAlgorithms();
                String fixed = null;
                if (!TlsUtils.isTLSv13(context) && cr.getCertificateTypes() != null) {
                    boolean ec = false;
                    boolean rsa = false;
                    for (short t : cr.getCertificateTypes()) {
                        ec |= t == 64;
                        rsa |= t == 1;
                    }
                    fixed = ec && !rsa ? "EC" : rsa && !ec ? "RSA" : null;
                    if (!ec && !rsa) {
                        return null;
                    }
                }
                byte[] rc = cr.getCertificateRequestContext() == null ? TlsUtils.EMPTY_BYTES : cr.getCertificateRequestContext();
                return Certs.signer(engine, context, peer, local, fixed, Certs.principals(cr.getCertificateAuthorities()), rc);
            }
        };
    }

    private String authType() {
        switch (context.getSecurityParametersHandshake().getKeyExchangeAlgorithm()) {
            case KeyExchangeAlgorithm.ECDHE_ECDSA: return "ECDHE_ECDSA";
            case KeyExchangeAlgorithm.ECDHE_RSA: return "ECDHE_RSA";
            case KeyExchangeAlgorithm.DHE_RSA: return "DHE_RSA";
            case KeyExchangeAlgorithm.RSA: return "RSA";
            default: return "UNKNOWN";
        }
    }

    /** OpenSSL's {@code ssl_verify_alarm_type}, from the X509 error core puts in its message. */
    static short verifyAlert(CertificateException e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("(X509 error ");
        if (i >= 0) {
            try {
                int code = Integer.parseInt(m.substring(i + 12, m.indexOf(' ', i + 12)));
                switch (code) {
                    case 2: case 3: case 18: case 19: case 20: case 21: case 24: case 27: return AlertDescription.unknown_ca;
                    case 10: return AlertDescription.certificate_expired;
                    case 23: return AlertDescription.certificate_revoked;
                    case 62: case 63: case 64: return AlertDescription.handshake_failure;
                    default: return AlertDescription.bad_certificate;
                }
            } catch (RuntimeException ignored) {
                // fall through
            }
        }
        return AlertDescription.bad_certificate;
    }

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
        boolean resumed = tls13 ? pskSelected : context.getSecurityParametersConnection().isResumedSession();
        engine.handshakeComplete(context, resumed, resumed ? toResume : null);
    }

    // ---- what the tests observe -----------------------------------------------------------------

    short[] requestedCertTypes() {
        return requestedCertTypes;
    }

    DHGroup serverDhGroup() {
        return serverDhGroup;
    }

    Hashtable<?, ?> serverExtensions() {
        return serverExtensions;
    }

    static Hashtable<Integer, byte[]> noExtensions() {
        return TlsExtensionsUtils.ensureExtensionsInitialised(null);
    }
}
