package dev.sslkit.provider.conscrypt;

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
import org.conscrypt.Conscrypt;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One connection's Conscrypt {@link SSLEngine} (a native BoringSSL {@code SSL}) behind the
 * {@link TlsEngine} SPI.
 *
 * <p>Hot path: {@link #wrap} and {@link #unwrap} refill one {@link EngineResult}; the extra work per
 * call is a thread-local set and reset (key and trust manager dispatch, see
 * {@link ConscryptContext}) and two enum mappings.
 *
 * <p>Resumption: a client engine made with no session to resume gets a fresh synthetic key
 * ({@link ClientKey}), so Conscrypt never resumes by accident; one made with a
 * {@link ConscryptEngineSession} of this context reuses that session's key, so Conscrypt offers
 * exactly it. SNI is always set explicitly with {@code Conscrypt.setHostname}: the connection's
 * server name, or {@code null} (no SNI), so the synthetic host never reaches the wire. Session
 * tickets are on unless {@link SslOption#NO_TICKET} (Conscrypt's default is off, which also
 * disables TLS 1.3 resumption on a Conscrypt server).
 *
 * <p>{@link #free()} ({@code SSL_free}) releases the native {@code SSL} and its network BIO pair at
 * once (see there), never leaving them to Conscrypt's finalizer.
 */
final class ConscryptTlsEngine implements TlsEngine {
    private static final System.Logger LOG = System.getLogger(ConscryptTlsEngine.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final ConscryptContext context;
    private final EngineSpec spec;
    private final EngineEvents events;
    final boolean client;
    final SSLEngine engine;
    private final ClientKey key;
    private final int packetBufferSize;
    private final int applicationBufferSize;
    private final EngineResult result = new EngineResult();
    private final List<String> ownAliases = new ArrayList<>(2);

    volatile CertificateException verifyFailure;
    private X509Certificate[] acceptedIssuers;
    private boolean finished;
    private boolean failed;
    private boolean closeNotifySent;
    private boolean closeNotifyReceived;
    private boolean freed;
    private Boolean reused;
    private ConscryptEngineSession session;

    ConscryptTlsEngine(ConscryptContext context, EngineSpec spec) throws SslException {
        this.context = context;
        this.spec = spec;
        this.events = spec.events();
        this.client = spec.clientMode();
        checkSettings(spec);
        String[] protocols = protocols(spec);
        String cipherList = spec.get(Setting.CIPHER_LIST);
        String[] suites = cipherList == null ? null : context.cipherSuites(cipherList);
        if (client) {
            EngineSession resume = spec.sessionToResume();
            key = resume instanceof ConscryptEngineSession && ((ConscryptEngineSession) resume).offerable(context)
                    ? ((ConscryptEngineSession) resume).key : ConscryptContext.newClientKey();
            engine = context.sslContext().createSSLEngine(key.host, key.port);
        } else {
            key = null;
            engine = context.sslContext().createSSLEngine();
        }
        boolean ok = false;
        try {
            engine.setUseClientMode(client);
            engine.setEnabledProtocols(protocols);
            if (suites != null) {
                engine.setEnabledCipherSuites(suites);
            }
            if (client) {
                // Always explicit: null switches SNI off, so the synthetic key host is never sent.
                Conscrypt.setHostname(engine, spec.serverName());
            } else {
                Set<VerifyMode> vm = spec.verifyMode();
                if (vm.contains(VerifyMode.PEER) && vm.contains(VerifyMode.FAIL_IF_NO_PEER_CERT)) {
                    engine.setNeedClientAuth(true);
                } else if (vm.contains(VerifyMode.PEER)) {
                    engine.setWantClientAuth(true);
                } else {
                    engine.setWantClientAuth(false);
                }
            }
            Set<SslOption> options = spec.get(Setting.OPTIONS);
            Conscrypt.setUseSessionTickets(engine, options == null || !options.contains(SslOption.NO_TICKET));
            List<String> alpn = spec.get(Setting.ALPN);
            if (alpn != null) {
                Conscrypt.setApplicationProtocols(engine, alpn.toArray(new String[0]));
            }
            packetBufferSize = engine.getSession().getPacketBufferSize();
            applicationBufferSize = engine.getSession().getApplicationBufferSize();
            ok = true;
        } catch (RuntimeException e) {
            throw new SslException(SslReason.PROVIDER_ERROR, "conscrypt: cannot configure an SSLEngine: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                release();
            }
        }
    }

    private static void checkSettings(EngineSpec spec) throws SslException {
        Set<SslOption> options = spec.get(Setting.OPTIONS);
        if (options != null && !ConscryptProvider.OPTIONS.containsAll(options)) {
            ConscryptProvider.check(Setting.OPTIONS, options);
        }
        if (spec.verifyMode().contains(VerifyMode.POST_HANDSHAKE)) {
            ConscryptProvider.check(Setting.VERIFY_MODE, spec.verifyMode());
        }
    }

    private static String[] protocols(EngineSpec spec) throws SslException {
        ProtocolVersion min = spec.get(Setting.MIN_PROTO_VERSION);
        ProtocolVersion max = spec.get(Setting.MAX_PROTO_VERSION);
        List<String> out = new ArrayList<>(2);
        for (ProtocolVersion v : new ProtocolVersion[] {ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3}) {
            if ((min == null || v.compareTo(min) >= 0) && (max == null || v.compareTo(max) <= 0)) {
                out.add(v.protocolName());
            }
        }
        if (out.isEmpty()) {
            throw new SslException(ConscryptProvider.NO_PROTOCOLS_AVAILABLE, "min_proto_version " + min + " and max_proto_version "
                    + max + " leave no protocol provider conscrypt can negotiate (it has TLSv1.2, TLSv1.3)");
        }
        return out.toArray(new String[0]);
    }

    // ---- called by the dispatching key and trust managers, inside our own calls ----------------

    String selectKey(String[] keyTypes, Principal[] issuers) {
        CertifiedKey k = spec.keySelector().select(keyTypes, issuers);
        if (k == null) {
            return null;
        }
        String alias = context.register(k);
        ownAliases.add(alias);
        return alias;
    }

    void verifyPeer(X509Certificate[] chain, String authType) throws CertificateException {
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
        ConscryptTlsEngine prev = enter();
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
        ConscryptTlsEngine prev = enter();
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
        ConscryptTlsEngine prev = enter();
        try {
            return fill(engine.unwrap(src, dst), false);
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            exit(prev);
        }
    }

    private ConscryptTlsEngine enter() {
        ConscryptTlsEngine prev = ConscryptContext.CURRENT.get();
        ConscryptContext.CURRENT.set(this);
        return prev;
    }

    private static void exit(ConscryptTlsEngine prev) {
        if (prev == null) {
            ConscryptContext.CURRENT.remove();
        } else {
            ConscryptContext.CURRENT.set(prev);
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

    /** At the end of the first handshake, while the native SSL is alive: snapshot the session and BoringSSL's reuse flag. */
    private void checkFinished() {
        javax.net.ssl.SSLSession s = engine.getSession();
        String p = s.getProtocol();
        if (p == null || "NONE".equals(p) || ProtocolVersion.ofName(p) == null) {
            return;
        }
        finished = true;
        reused = Natives.sessionReused(engine);
        session = new ConscryptEngineSession(context, s, key);
    }

    private SslException fail(SSLException e) {
        failed = true;
        return ConscryptErrors.map(this, e, events);
    }

    /** @return the protocol negotiated, or {@code null} */
    String protocolName() {
        javax.net.ssl.SSLSession hs = engine.getHandshakeSession();
        String p = hs != null ? hs.getProtocol() : engine.getSession().getProtocol();
        return p == null || "NONE".equals(p) ? null : p;
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

    /** @return {@code null}: Conscrypt runs no delegated tasks */
    @Override
    public Runnable delegatedTask() {
        return null;
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
        return packetBufferSize;
    }

    @Override
    public int applicationBufferSize() {
        return applicationBufferSize;
    }

    @Override
    public EngineSession session() {
        if (!finished && !freed && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
            checkFinished();
        }
        return session;
    }

    /**
     * @return BoringSSL's {@code SSL_session_reused}, read when the handshake finished (Conscrypt
     *         has no public accessor; it is read reflectively, see {@link Natives}), or {@code null}
     *         when that is not possible (core then infers reuse)
     */
    @Override
    public Boolean sessionReused() {
        return reused;
    }

    @Override
    public String alpnSelected() {
        if (freed) {
            return null;
        }
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? null : p;
    }

    /**
     * {@code SSL_free}'s engine part: releases the native {@code SSL}, its network BIO pair and the
     * pipe(2) Conscrypt's native AppData holds (two file descriptors) now.
     *
     * <p>Conscrypt frees them only when both directions are done ({@code freeIfDone()}), i.e. after
     * close_notify is queued, the inbound side is closed and every pending network byte has been
     * wrapped out — otherwise its finalizer does, much later. So: {@code closeOutbound()} (queues
     * close_notify; whether the session survives is core's decision, requirement R5, and a close_notify
     * never invalidates it in BoringSSL), {@code closeInbound()} (Conscrypt's does not throw or
     * invalidate, unlike SunJSSE's), then wrap the pending bytes into a scratch buffer and drop them:
     * the connection is being freed, whatever the application wanted sent was flushed by its own
     * {@code shutdown()}. If Conscrypt still holds the native {@code SSL} after that (it should not),
     * its package-private {@code closeAndFreeResources()} is called reflectively.
     */
    @Override
    public void free() {
        if (freed) {
            return;
        }
        freed = true;
        release();
    }

    private void release() {
        try {
            engine.closeOutbound();
            engine.closeInbound();
            if (!engine.isOutboundDone()) {
                ByteBuffer sink = ByteBuffer.allocate(packetBufferSizeOrDefault());
                for (int i = 0; i < 8 && !engine.isOutboundDone(); i++) {
                    sink.clear();
                    if (engine.wrap(EMPTY, sink).bytesProduced() == 0) {
                        break;
                    }
                }
            }
        } catch (SSLException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "conscrypt: close during free failed; forcing the release", e);
        } finally {
            if (!Natives.isReleased(engine)) {
                Natives.forceRelease(engine);
            }
            for (String a : ownAliases) {
                context.aliases.remove(a);
            }
            ownAliases.clear();
        }
    }

    private int packetBufferSizeOrDefault() {
        return packetBufferSize > 0 ? packetBufferSize : 16709 + 1024;
    }

    /** @return whether the native SSL is released (for tests; {@code null} if it cannot be told) */
    Boolean nativeReleased() {
        return Natives.released(engine);
    }

    @Override
    public String toString() {
        return "ConscryptTlsEngine[" + (client ? "client " + key : "server") + "]";
    }
}
