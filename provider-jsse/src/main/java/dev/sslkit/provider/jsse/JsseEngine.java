package dev.sslkit.provider.jsse;

import dev.sslkit.CertifiedKey;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.VerifyMode;
import dev.sslkit.spi.EngineEvents;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.TlsEngine;

import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * One connection's SunJSSE {@link SSLEngine} behind the {@link TlsEngine} SPI.
 *
 * <p>Hot path: {@link #wrap} and {@link #unwrap} refill one {@link EngineResult}; the only extra work
 * per call is two enum mappings (and, for a server that asks for client certificates, a
 * thread-local set and reset).
 *
 * <p>Resumption: a client engine made with no session to resume gets a fresh synthetic key, so JSSE
 * never resumes by accident; one made with a {@link JsseSession} of this context reuses that
 * session's key, so JSSE offers exactly it (see {@link JsseSession} for TLS 1.3 lineages).
 */
final class JsseEngine implements TlsEngine {
    private final JsseContext context;
    private final EngineSpec spec;
    private final EngineEvents events;
    final boolean client;
    final SSLEngine engine;
    private final ClientKey key;
    /** server asking for client certificates: JSSE asks for the CA list without naming the engine. */
    private final boolean issuerScope;
    private final EngineResult result = new EngineResult();
    private final List<String> ownAliases = new ArrayList<>(2);

    private volatile boolean verifyCalled;
    volatile CertificateException verifyFailure;
    private volatile X509Certificate[] acceptedIssuers;
    private boolean started;
    private boolean finished;
    private boolean failed;
    private boolean closeNotifySent;
    private boolean closeNotifyReceived;
    private boolean freed;
    private int generation;
    private JsseSession session;

    JsseEngine(JsseContext context, EngineSpec spec) throws SslException {
        this.context = context;
        this.spec = spec;
        this.events = spec.events();
        this.client = spec.clientMode();
        checkSettings(spec);
        if (client) {
            EngineSession resume = spec.sessionToResume();
            key = resume instanceof JsseSession && ((JsseSession) resume).offerable(context)
                    ? ((JsseSession) resume).key : JsseContext.newClientKey();
            engine = context.sslContext().createSSLEngine(key.host, key.port);
        } else {
            key = null;
            engine = context.sslContext().createSSLEngine();
        }
        engine.setUseClientMode(client);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols(spec));
        String cipherList = spec.get(Setting.CIPHER_LIST);
        String cipherSuites = spec.get(Setting.CIPHERSUITES);
        if (cipherList != null || cipherSuites != null) {
            p.setCipherSuites(context.cipherSuites(cipherList, cipherSuites));
        }
        p.setEndpointIdentificationAlgorithm(null);
        boolean wantClientCert = false;
        if (client) {
            // Always explicit: an empty list keeps the synthetic session host off the wire.
            p.setServerNames(serverNames(spec.serverName()));
        } else {
            Set<VerifyMode> vm = spec.verifyMode();
            if (vm.contains(VerifyMode.PEER) && vm.contains(VerifyMode.FAIL_IF_NO_PEER_CERT)) {
                p.setNeedClientAuth(true);
                wantClientCert = true;
            } else if (vm.contains(VerifyMode.PEER)) {
                p.setWantClientAuth(true);
                wantClientCert = true;
            } else {
                p.setWantClientAuth(false);
            }
        }
        issuerScope = wantClientCert;
        List<String> alpn = spec.get(Setting.ALPN);
        if (alpn != null) {
            p.setApplicationProtocols(alpn.toArray(new String[0]));
        }
        Set<SslOption> options = spec.get(Setting.OPTIONS);
        p.setUseCipherSuitesOrder(options != null && options.contains(SslOption.CIPHER_SERVER_PREFERENCE));
        List<String> sigalgs = spec.get(Setting.SIGALGS);
        if (sigalgs != null) {
            setSignatureSchemes(p, sigalgs);
        }
        engine.setSSLParameters(p);
        context.engines.put(engine, this);
    }

    private static void checkSettings(EngineSpec spec) throws SslException {
        Set<SslOption> options = spec.get(Setting.OPTIONS);
        if (options != null && !JsseProvider.OPTIONS.containsAll(options)) {
            JsseProvider.check(Setting.OPTIONS, options);
        }
        if (spec.verifyMode().contains(VerifyMode.POST_HANDSHAKE)) {
            JsseProvider.check(Setting.VERIFY_MODE, spec.verifyMode());
        }
    }

    private static String[] protocols(EngineSpec spec) throws SslException {
        ProtocolVersion min = spec.get(Setting.MIN_PROTO_VERSION);
        ProtocolVersion max = spec.get(Setting.MAX_PROTO_VERSION);
        List<String> out = new ArrayList<>(4);
        for (ProtocolVersion v : JsseProvider.Jdk.PROTOCOLS) {
            if ((min == null || v.compareTo(min) >= 0) && (max == null || v.compareTo(max) <= 0)) {
                out.add(v.protocolName());
            }
        }
        if (out.isEmpty()) {
            throw new SslException(JsseProvider.NO_PROTOCOLS_AVAILABLE, "min_proto_version " + min + " and max_proto_version "
                    + max + " leave no protocol provider jsse can negotiate (it has " + JsseProvider.Jdk.protocolNames() + ")");
        }
        return out.toArray(new String[0]);
    }

    private static List<SNIServerName> serverNames(String name) throws SslException {
        if (name == null) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(name));
        } catch (IllegalArgumentException e) {
            throw new SslException(SslReason.BAD_SETTING, "server_name: '" + name + "' is not a host name JSSE can send in SNI: "
                    + e.getMessage(), e);
        }
    }

    private static void setSignatureSchemes(SSLParameters p, List<String> schemes) throws SslException {
        if (JsseProvider.Jdk.SET_SIGNATURE_SCHEMES == null) {
            throw JsseProvider.notSupported(Setting.SIGALGS, "SSLParameters.setSignatureSchemes needs JDK 19 or later");
        }
        try {
            JsseProvider.Jdk.SET_SIGNATURE_SCHEMES.invoke(p, (Object) schemes.toArray(new String[0]));
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new SslException(SslReason.BAD_SETTING, "sigalgs: JSSE refused " + schemes + " (provider jsse)", e);
        }
    }

    // ---- called by the dispatching key and trust managers (maybe on a delegated-task thread) ----

    String selectKey(String[] keyTypes, Principal[] issuers) {
        CertifiedKey k;
        if (!client && engine.getHandshakeSession() == null) {
            // No handshake session yet: this is not key selection for a handshake but newer SunJSSE
            // (seen on JDK 25) restoring the local chain of a stateless session ticket, which must
            // be the chain the session was made with. It is taken from the connection's
            // certificates without asking core, so that, as on JDK 17, a resumed handshake never
            // calls the key selector (core infers resumption from that).
            k = null;
            for (CertifiedKey c : spec.get(Setting.CERTIFICATES)) {
                if (java.util.Arrays.asList(keyTypes).contains(c.keyType())) {
                    k = c;
                    break;
                }
            }
        } else {
            k = spec.keySelector().select(keyTypes, issuers);
        }
        if (k == null) {
            return null;
        }
        String alias = context.register(k);
        synchronized (ownAliases) {
            ownAliases.add(alias);
        }
        return alias;
    }

    void verifyPeer(X509Certificate[] chain, String authType) throws CertificateException {
        verifyCalled = true;
        try {
            spec.verifier().verify(chain, authType);
        } catch (CertificateException e) {
            verifyFailure = e;
            throw e;
        }
    }

    X509Certificate[] acceptedIssuers() {
        X509Certificate[] a = acceptedIssuers;
        if (a == null) {
            List<X509Certificate> list = spec.get(Setting.CLIENT_CA_LIST);
            a = list != null ? list.toArray(new X509Certificate[0]) : spec.verifier().acceptedIssuers();
            a = a == null ? new X509Certificate[0] : a;
            acceptedIssuers = a;
        }
        return a.clone();
    }

    // ---- TlsEngine -------------------------------------------------------------------------

    @Override
    public void beginHandshake() throws SslException {
        started = true;
        JsseEngine prev = enter();
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            exit(prev);
        }
    }

    @Override
    public EngineResult wrap(ByteBuffer src, ByteBuffer dst) throws SslException {
        started = true;
        JsseEngine prev = enter();
        try {
            return fill(engine.wrap(src, dst), true);
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            exit(prev);
        }
    }

    @Override
    public EngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SslException {
        started = true;
        JsseEngine prev = enter();
        try {
            return fill(engine.unwrap(src, dst), false);
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            exit(prev);
        }
    }

    private JsseEngine enter() {
        if (!issuerScope) {
            return null;
        }
        JsseEngine prev = JsseContext.CURRENT.get();
        JsseContext.CURRENT.set(this);
        return prev;
    }

    private void exit(JsseEngine prev) {
        if (issuerScope) {
            JsseContext.CURRENT.set(prev);
        }
    }

    private EngineResult fill(SSLEngineResult r, boolean wrap) {
        HandshakeState h = map(r.getHandshakeStatus());
        Status s;
        switch (r.getStatus()) {
            case OK: s = Status.OK; break;
            case BUFFER_UNDERFLOW: s = Status.BUFFER_UNDERFLOW; break;
            case BUFFER_OVERFLOW: s = Status.BUFFER_OVERFLOW; break;
            default: s = Status.CLOSED; break;
        }
        if (!finished && (h == HandshakeState.FINISHED || h == HandshakeState.NOT_HANDSHAKING)) {
            checkFinished();
        }
        if (s == Status.CLOSED && !failed) {
            if (wrap && r.bytesProduced() > 0 && !closeNotifySent && engine.isOutboundDone()) {
                closeNotifySent = true;
                events.alert(true, false, 0);
            } else if (!wrap && !closeNotifyReceived && engine.isInboundDone()) {
                closeNotifyReceived = true;
                events.alert(false, false, 0);
            }
        }
        return result.set(s, h, r.bytesConsumed(), r.bytesProduced());
    }

    /** Records the end of the first handshake: a client's full handshake starts a new generation of its key. */
    private void checkFinished() {
        SSLSession s = engine.getSession();
        if ("NONE".equals(s.getProtocol())) {
            return;
        }
        finished = true;
        if (client) {
            generation = verifyCalled ? key.nextGeneration() : key.generation();
        }
    }

    private SslException fail(SSLException e) {
        failed = true;
        return JsseErrors.map(this, e, events);
    }

    private static HandshakeState map(SSLEngineResult.HandshakeStatus h) {
        switch (h) {
            case NOT_HANDSHAKING: return HandshakeState.NOT_HANDSHAKING;
            case FINISHED: return HandshakeState.FINISHED;
            case NEED_TASK: return HandshakeState.NEED_TASK;
            case NEED_WRAP: return HandshakeState.NEED_WRAP;
            case NEED_UNWRAP: return HandshakeState.NEED_UNWRAP;
            default: return HandshakeState.NEED_UNWRAP_AGAIN;
        }
    }

    @Override
    public HandshakeState handshakeState() {
        return map(engine.getHandshakeStatus());
    }

    @Override
    public Runnable delegatedTask() {
        Runnable task = engine.getDelegatedTask();
        if (task == null || !issuerScope) {
            return task;
        }
        return () -> {
            JsseEngine prev = enter();
            try {
                task.run();
            } finally {
                exit(prev);
            }
        };
    }

    @Override
    public void closeOutbound() {
        engine.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return engine.isOutboundDone();
    }

    @Override
    public boolean isInboundDone() {
        return engine.isInboundDone();
    }

    @Override
    public int packetBufferSize() {
        return engine.getSession().getPacketBufferSize();
    }

    @Override
    public int applicationBufferSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    @Override
    public EngineSession session() {
        if (!finished) {
            if (!started || engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                return null;
            }
            checkFinished();
            if (!finished) {
                return null;
            }
        }
        SSLSession s = engine.getSession();
        JsseSession js = session;
        if (js == null || js.session != s) {
            js = new JsseSession(context, s, key, generation);
            session = js;
        }
        return js;
    }

    /**
     * JSSE has no public "session reused" flag. (A client's full handshake always calls the trust
     * manager and a server's always calls the key manager; core infers reuse from that.)
     *
     * @return {@code null}
     */
    @Override
    public Boolean sessionReused() {
        return null;
    }

    @Override
    public String alpnSelected() {
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? null : p;
    }

    /**
     * Queues close_notify and releases the registrations. {@code closeInbound()} is called only
     * where it is harmless: SunJSSE treats closing the inbound side before the peer's close_notify
     * as a fatal error that invalidates the session, which OpenSSL's {@code SSL_free} never does
     * (whether the session survives is core's decision, requirement R5).
     */
    @Override
    public void free() {
        if (freed) {
            return;
        }
        freed = true;
        try {
            engine.closeOutbound();
            if (!started || engine.isInboundDone()) {
                engine.closeInbound();
            }
        } catch (SSLException ignored) {
            // "Inbound closed before receiving peer's close_notify": nothing to release.
        } finally {
            context.engines.remove(engine);
            synchronized (ownAliases) {
                for (String a : ownAliases) {
                    context.aliases.remove(a);
                }
                ownAliases.clear();
            }
        }
    }

    @Override
    public String toString() {
        return "JsseEngine[" + (client ? "client " + key : "server") + "]";
    }
}
