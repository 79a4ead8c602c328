package dev.sslkit.provider.conscrypt;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.VerifyMode;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.TlsEngine;
import dev.sslkit.provider.sslengine.SslEngineTlsEngine;
import org.conscrypt.Conscrypt;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One connection's Conscrypt {@link SSLEngine} (a native BoringSSL {@code SSL}) behind the
 * {@link TlsEngine} SPI; the provider-neutral part is {@link SslEngineTlsEngine}'s.
 *
 * <p>Hot path: {@link #wrap} and {@link #unwrap} refill one {@link EngineResult}; the extra work per
 * call is a thread-local set and reset (key and trust manager dispatch by thread, see
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
final class ConscryptTlsEngine extends SslEngineTlsEngine {
    private static final System.Logger LOG = System.getLogger(ConscryptTlsEngine.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final ConscryptContext context;
    private final ClientKey key;
    private final int packetBufferSize;
    private final int applicationBufferSize;

    private Boolean reused;
    private ConscryptEngineSession session;
    private boolean tls13Client;
    private int cachedTickets;
    private int tickets;

    private ConscryptTlsEngine(ConscryptContext context, EngineSpec spec, ClientKey key, SSLEngine engine) {
        super(spec, engine, context.dispatch());
        this.context = context;
        this.key = key;
        this.packetBufferSize = engine.getSession().getPacketBufferSize();
        this.applicationBufferSize = engine.getSession().getApplicationBufferSize();
    }

    /** {@code SSL_new}'s engine part: a configured Conscrypt engine for {@code spec}. */
    static ConscryptTlsEngine create(ConscryptContext context, EngineSpec spec) throws SslException {
        boolean client = spec.clientMode();
        String[] protocols = ConscryptProvider.SETTINGS.protocols(spec, ConscryptProvider.PROTOCOLS);
        String cipherList = spec.get(Setting.CIPHER_LIST);
        String[] suites = cipherList == null ? null : context.cipherSuites(cipherList);
        ClientKey key;
        SSLEngine engine;
        if (client) {
            EngineSession resume = spec.sessionToResume();
            key = resume instanceof ConscryptEngineSession && ((ConscryptEngineSession) resume).offerable(context)
                    ? ((ConscryptEngineSession) resume).key : ConscryptContext.newClientKey();
            engine = context.sslContext().createSSLEngine(key.host, key.port);
        } else {
            key = null;
            engine = context.sslContext(spec).createSSLEngine();
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
                key.cacheHost = engine.getPeerHost();
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
            ConscryptTlsEngine e = new ConscryptTlsEngine(context, spec, key, engine);
            ok = true;
            return e;
        } catch (RuntimeException e) {
            throw new SslException(SslReason.PROVIDER_ERROR, "conscrypt: cannot configure an SSLEngine: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                release(engine, 0);
            }
        }
    }

    // ---- SslEngineTlsEngine hooks -----------------------------------------------------------

    /** At the end of the first handshake, while the native SSL is alive: snapshot the session and BoringSSL's reuse flag. */
    @Override
    protected boolean firstHandshakeDone() {
        javax.net.ssl.SSLSession s = engine.getSession();
        String p = s.getProtocol();
        if (p == null || "NONE".equals(p) || ProtocolVersion.ofName(p) == null) {
            return false;
        }
        reused = Natives.sessionReused(engine);
        session = new ConscryptEngineSession(context, s, key);
        tls13Client = client && ProtocolVersion.ofName(p) == ProtocolVersion.TLS1_3;
        if (tls13Client) {
            cachedTickets = context.cachedClientSessions(key);
        }
        return true;
    }

    /**
     * TLS 1.3 client: BoringSSL hands each NewSessionTicket to Conscrypt's client cache under this
     * engine's key, so a record without application data that added entries there brought that many
     * tickets. (Another connection resuming from the same key at the same moment could hide one.)
     */
    @Override
    protected void nonApplicationRecord(HandshakeState h) {
        if (tls13Client) {
            int now = context.cachedClientSessions(key);
            if (now > cachedTickets) {
                tickets += now - cachedTickets;
            }
            cachedTickets = now;
        }
    }

    /** @return the NewSessionTickets this TLS 1.3 client engine processed (0 for servers and TLS 1.2) */
    @Override
    public int ticketsReceived() {
        return tickets;
    }

    @Override
    protected SslException toSslException(SSLException e) {
        return ConscryptErrors.map(this, e, verifyFailure(), spec.events());
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
    protected void closeEngine() {
        release(engine, packetBufferSize);
    }

    private static void release(SSLEngine engine, int packetBufferSize) {
        try {
            engine.closeOutbound();
            engine.closeInbound();
            if (!engine.isOutboundDone()) {
                ByteBuffer sink = ByteBuffer.allocate(packetBufferSize > 0 ? packetBufferSize : 16709 + 1024);
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
        }
    }

    /** @return the protocol negotiated, or {@code null} */
    String protocolName() {
        javax.net.ssl.SSLSession hs = engine.getHandshakeSession();
        String p = hs != null ? hs.getProtocol() : engine.getSession().getProtocol();
        return p == null || "NONE".equals(p) ? null : p;
    }

    // ---- TlsEngine -------------------------------------------------------------------------

    /** @return {@code null}: Conscrypt runs no delegated tasks */
    @Override
    public Runnable delegatedTask() {
        return null;
    }

    /** @return the size read when the engine was made (the native {@code SSL} may be freed since) */
    @Override
    public int packetBufferSize() {
        return packetBufferSize;
    }

    /** @return the size read when the engine was made (the native {@code SSL} may be freed since) */
    @Override
    public int applicationBufferSize() {
        return applicationBufferSize;
    }

    @Override
    public EngineSession session() {
        if (!finished() && !freed() && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
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
        return freed() ? null : super.alpnSelected();
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
