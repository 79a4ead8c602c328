package dev.sslkit.provider.jsse;

import dev.sslkit.CertifiedKey;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.VerifyMode;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.TlsEngine.HandshakeState;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.TlsEngine;
import dev.sslkit.provider.sslengine.SslEngineTlsEngine;

import java.lang.reflect.InvocationTargetException;
import java.security.Principal;
import java.util.Arrays;
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
 * One connection's SunJSSE {@link SSLEngine} behind the {@link TlsEngine} SPI; the provider-neutral
 * part is {@link SslEngineTlsEngine}'s.
 *
 * <p>Hot path: {@link #wrap} and {@link #unwrap} refill one {@link EngineResult}; the only extra work
 * per call is two enum mappings (and, for a server that asks for client certificates, a
 * thread-local set and reset).
 *
 * <p>Resumption: a client engine made with no session to resume gets a fresh synthetic key, so JSSE
 * never resumes by accident; one made with a {@link JsseSession} of this context reuses that
 * session's key, so JSSE offers exactly it (see {@link JsseSession} for TLS 1.3 lineages).
 */
final class JsseEngine extends SslEngineTlsEngine {
    private final JsseContext context;
    private final ClientKey key;

    private int generation;
    private JsseSession session;
    private int tickets;

    private JsseEngine(JsseContext context, EngineSpec spec, ClientKey key, SSLEngine engine) {
        super(spec, engine, context.dispatch());
        this.context = context;
        this.key = key;
    }

    /** {@code SSL_new}'s engine part: a configured SunJSSE engine for {@code spec}. */
    static JsseEngine create(JsseContext context, EngineSpec spec) throws SslException {
        boolean client = spec.clientMode();
        ClientKey key;
        SSLEngine engine;
        if (client) {
            EngineSession resume = spec.sessionToResume();
            key = resume instanceof JsseSession && ((JsseSession) resume).offerable(context)
                    ? ((JsseSession) resume).key : JsseContext.newClientKey();
            engine = context.sslContext().createSSLEngine(key.host, key.port);
        } else {
            key = null;
            engine = context.sslContext(spec).createSSLEngine();
        }
        engine.setUseClientMode(client);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(JsseProvider.SETTINGS.protocols(spec, JsseProvider.Jdk.PROTOCOLS));
        String cipherList = spec.get(Setting.CIPHER_LIST);
        String cipherSuites = spec.get(Setting.CIPHERSUITES);
        if (cipherList != null || cipherSuites != null) {
            p.setCipherSuites(context.cipherSuites(cipherList, cipherSuites));
        }
        p.setEndpointIdentificationAlgorithm(null);
        if (client) {
            // Always explicit: an empty list keeps the synthetic session host off the wire.
            p.setServerNames(serverNames(spec.serverName()));
        } else {
            Set<VerifyMode> vm = spec.verifyMode();
            if (vm.contains(VerifyMode.PEER) && vm.contains(VerifyMode.FAIL_IF_NO_PEER_CERT)) {
                p.setNeedClientAuth(true);
            } else if (vm.contains(VerifyMode.PEER)) {
                p.setWantClientAuth(true);
            } else {
                p.setWantClientAuth(false);
            }
        }
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
        java.security.AlgorithmConstraints ac = spec.algorithmConstraints();
        if (ac != null) {
            p.setAlgorithmConstraints(ac); // the security level, added to the JDK's own constraints
        }
        engine.setSSLParameters(p);
        return new JsseEngine(context, spec, key, engine);
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
        try { // declared only where the JDK has the method (JsseProvider.Jdk), so core never lets sigalgs through otherwise
            JsseProvider.Jdk.SET_SIGNATURE_SCHEMES.invoke(p, (Object) schemes.toArray(new String[0]));
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new SslException(SslReason.BAD_SETTING, "sigalgs: JSSE refused " + schemes + " (provider jsse)", e);
        }
    }

    /** @return the SunJSSE engine (for tests) */
    SSLEngine sslEngine() {
        return engine;
    }

    // ---- SslEngineTlsEngine hooks -----------------------------------------------------------

    @Override
    protected CertifiedKey selectKey(String[] keyTypes, Principal[] issuers) {
        if (!client && engine.getHandshakeSession() == null) {
            // No handshake session yet: this is not key selection for a handshake but newer SunJSSE
            // (seen on JDK 25) restoring the local chain of a stateless session ticket, which must
            // be the chain the session was made with. It is taken from the connection's
            // certificates without asking core, so that, as on JDK 17, a resumed handshake never
            // calls the key selector (core infers resumption from that).
            for (CertifiedKey c : spec.get(Setting.CERTIFICATES)) {
                if (Arrays.asList(keyTypes).contains(c.keyType())) {
                    return c;
                }
            }
            return null;
        }
        return super.selectKey(keyTypes, issuers);
    }

    /** Records the end of the first handshake: a client's full handshake starts a new generation of its key. */
    @Override
    protected boolean firstHandshakeDone() {
        SSLSession s = engine.getSession();
        if ("NONE".equals(s.getProtocol())) {
            return false;
        }
        if (client) {
            generation = peerVerifyCalled() ? key.nextGeneration() : key.generation();
        }
        return true;
    }

    /**
     * SunJSSE ends each post-handshake message it processes with {@code FINISHED}; on a TLS 1.3
     * client they are the server's NewSessionTickets (a KeyUpdate from the server would be counted
     * too: SunJSSE does not say which message it was).
     */
    @Override
    protected void nonApplicationRecord(HandshakeState h) {
        if (client && h == HandshakeState.FINISHED && "TLSv1.3".equals(engine.getSession().getProtocol())) {
            tickets++;
            key.ticketArrived();
        }
    }

    /** @return the NewSessionTickets this TLS 1.3 client engine processed (0 for servers and TLS 1.2) */
    @Override
    public int ticketsReceived() {
        return tickets;
    }

    @Override
    protected SslException toSslException(SSLException e) {
        return JsseErrors.map(e, client, verifyFailure(), spec.events());
    }

    /**
     * Queues close_notify. {@code closeInbound()} is called only where it is harmless: SunJSSE
     * treats closing the inbound side before the peer's close_notify as a fatal error that
     * invalidates the session, which OpenSSL's {@code SSL_free} never does (whether the session
     * survives is core's decision, requirement R5).
     */
    @Override
    protected void closeEngine() {
        try {
            engine.closeOutbound();
            if (!started() || engine.isInboundDone()) {
                engine.closeInbound();
            }
        } catch (SSLException ignored) {
            // "Inbound closed before receiving peer's close_notify": nothing to release.
        }
    }

    // ---- TlsEngine -------------------------------------------------------------------------

    @Override
    public EngineSession session() {
        if (!finished()) {
            if (!started() || engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                return null;
            }
            if (!checkFinished()) {
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
    public String toString() {
        return "JsseEngine[" + (client ? "client " + key : "server") + "]";
    }
}
