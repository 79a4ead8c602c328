package dev.sslkit.provider.sslengine;

import dev.sslkit.CertifiedKey;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.VerifyMode;
import dev.sslkit.spi.EngineEvents;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.TlsEngine;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * SPI support for SSLEngine-based providers: one connection's {@link SSLEngine} behind the
 * {@link TlsEngine} SPI (OpenSSL's {@code SSL}), with what does not depend on the provider —
 * {@code wrap}/{@code unwrap} into one reused {@link EngineResult} ({@code SSL_write}'s and
 * {@code SSL_read}'s record step), the handshake-state mapping, close_notify events, the
 * connection's key selection and peer verification for its {@link EngineDispatch}, and
 * {@code free()} ({@code SSL_free}'s engine part) run once.
 *
 * <p>A provider subclass configures the {@code SSLEngine} before passing it in (the engine is
 * registered for dispatch when this constructor returns) and supplies what differs: when the
 * first handshake counts as finished ({@link #firstHandshakeDone()}), the session
 * ({@link #session()}), the reuse flag ({@link #sessionReused()}), the exception mapping
 * ({@link #toSslException}) and the release of the engine ({@link #closeEngine()}).
 *
 * <p>Hot path: {@link #wrap} and {@link #unwrap} refill one {@link EngineResult}; the extra work per
 * call is two enum mappings and, where the connection must be found by thread (see
 * {@link EngineDispatch}), a thread-local set and reset.
 *
 * <p>Thread safety: as {@link TlsEngine}, one thread at a time; the dispatch callbacks may come on
 * a delegated-task thread.
 */
public abstract class SslEngineTlsEngine implements TlsEngine {
    /** The connection's settings and callbacks. */
    protected final EngineSpec spec;
    /** The provider's engine. */
    protected final SSLEngine engine;
    /** Whether this is a client ({@link EngineSpec#clientMode()}). */
    protected final boolean client;

    private final EngineEvents events;
    private final EngineDispatch dispatch;
    /** Whether calls into the engine set {@link EngineDispatch#CURRENT}. */
    private final boolean threadScoped;
    private final EngineResult result = new EngineResult();
    private final List<String> ownAliases = new ArrayList<>(2);

    private volatile boolean verifyCalled;
    private volatile CertificateException verifyFailure;
    private volatile X509Certificate[] acceptedIssuers;
    private boolean started;
    private boolean finished;
    private boolean failed;
    private boolean closeNotifySent;
    private boolean closeNotifyReceived;
    private boolean freed;

    /**
     * Wraps a configured engine and registers it with {@code dispatch}.
     *
     * @param spec     the connection's settings
     * @param engine   the provider's engine, configured
     * @param dispatch the context's dispatch
     * @throws NullPointerException if an argument is null
     */
    protected SslEngineTlsEngine(EngineSpec spec, SSLEngine engine, EngineDispatch dispatch) {
        this.spec = Objects.requireNonNull(spec, "spec must not be null");
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch must not be null");
        this.events = spec.events();
        this.client = spec.clientMode();
        // A server asking for client certificates: the provider asks for the CA list without naming the engine.
        this.threadScoped = dispatch.isByThread() || (!client && spec.verifyMode().contains(VerifyMode.PEER));
        dispatch.add(this);
    }

    // ---- hooks ------------------------------------------------------------------------------

    /**
     * Called after a {@code wrap}/{@code unwrap} whose handshake status is {@code FINISHED} or
     * {@code NOT_HANDSHAKING}, and by {@link #checkFinished()}, until it returns {@code true}:
     * records what the provider needs from the end of the first handshake.
     *
     * @return whether the first handshake has established a session
     */
    protected abstract boolean firstHandshakeDone();

    /**
     * Maps a failure of the engine ({@code ERR_get_error}'s reasons) and reports the alerts it implies
     * to the connection's {@link EngineEvents}.
     *
     * @param e the engine's exception
     * @return the exception to throw
     */
    protected abstract SslException toSslException(SSLException e);

    /**
     * Releases the engine, once, from {@link #free()}: this connection's dispatch registrations are
     * removed afterwards whatever this does.
     */
    protected abstract void closeEngine();

    /**
     * Called after an {@code unwrap}, once the first handshake finished, that consumed a record and
     * produced no application data (a post-handshake message such as a TLS 1.3 NewSessionTicket or
     * KeyUpdate, or an empty record): lets a provider count tickets for
     * {@link TlsEngine#ticketsReceived()}. Does nothing by default.
     *
     * @param h the handshake status the engine returned with it
     */
    protected void nonApplicationRecord(HandshakeState h) {
    }

    /**
     * Selects the connection's key for the provider's key manager ({@code SSL_CTX_set_cert_cb}).
     * By default asks {@link EngineSpec#keySelector()}.
     *
     * @param keyTypes the key types the provider accepts
     * @param issuers  the issuers the peer accepts, or {@code null}
     * @return the key, or {@code null} for none
     */
    protected CertifiedKey selectKey(String[] keyTypes, Principal[] issuers) {
        return spec.keySelector().select(keyTypes, issuers);
    }

    // ---- state for subclasses ---------------------------------------------------------------

    /** @return whether a handshake, wrap or unwrap was started */
    protected final boolean started() {
        return started;
    }

    /** @return whether {@link #free()} was called */
    protected final boolean freed() {
        return freed;
    }

    /** @return whether the first handshake is known to have finished */
    protected final boolean finished() {
        return finished;
    }

    /** @return whether the first handshake has finished, asking {@link #firstHandshakeDone()} if not yet known */
    protected final boolean checkFinished() {
        if (!finished && firstHandshakeDone()) {
            finished = true;
        }
        return finished;
    }

    /** @return whether the peer's chain was given to the verifier (a full handshake's) */
    protected final boolean peerVerifyCalled() {
        return verifyCalled;
    }

    /** @return the verifier's refusal of the peer's chain, or {@code null} */
    protected final CertificateException verifyFailure() {
        return verifyFailure;
    }

    // ---- called by the dispatching managers (maybe on a delegated-task thread) ------------------

    final String chooseAlias(String[] keyTypes, Principal[] issuers) {
        CertifiedKey k = selectKey(keyTypes, issuers);
        if (k == null) {
            return null;
        }
        String alias = dispatch.register(k);
        synchronized (ownAliases) {
            ownAliases.add(alias);
        }
        return alias;
    }

    final void verifyPeer(X509Certificate[] chain, String authType) throws CertificateException {
        verifyCalled = true;
        try {
            spec.verifier().verify(chain, authType);
        } catch (CertificateException e) {
            verifyFailure = e;
            throw e;
        }
    }

    final X509Certificate[] acceptedIssuers() {
        X509Certificate[] a = acceptedIssuers;
        if (a == null) {
            List<X509Certificate> list = spec.get(Setting.CLIENT_CA_LIST);
            a = list != null ? list.toArray(new X509Certificate[0]) : spec.verifier().acceptedIssuers();
            a = a == null ? new X509Certificate[0] : a;
            acceptedIssuers = a;
        }
        return a.clone();
    }

    // ---- TlsEngine --------------------------------------------------------------------------

    /**
     * {@code SSL_do_handshake}'s start: {@link SSLEngine#beginHandshake()}.
     *
     * @throws SslException as mapped by {@link #toSslException}
     */
    @Override
    public final void beginHandshake() throws SslException {
        started = true;
        SslEngineTlsEngine prev = enter();
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            exit(prev);
        }
    }

    /**
     * One record out ({@code SSL_write}'s step): {@link SSLEngine#wrap}.
     *
     * @return this engine's result object, refilled
     * @throws SslException as mapped by {@link #toSslException}
     */
    @Override
    public final EngineResult wrap(ByteBuffer src, ByteBuffer dst) throws SslException {
        started = true;
        SslEngineTlsEngine prev = enter();
        try {
            return fill(engine.wrap(src, dst), true);
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            exit(prev);
        }
    }

    /**
     * One record in ({@code SSL_read}'s step): {@link SSLEngine#unwrap}.
     *
     * @return this engine's result object, refilled
     * @throws SslException as mapped by {@link #toSslException}
     */
    @Override
    public final EngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SslException {
        started = true;
        SslEngineTlsEngine prev = enter();
        try {
            return fill(engine.unwrap(src, dst), false);
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            exit(prev);
        }
    }

    private SslEngineTlsEngine enter() {
        if (!threadScoped) {
            return null;
        }
        SslEngineTlsEngine prev = EngineDispatch.CURRENT.get();
        EngineDispatch.CURRENT.set(this);
        return prev;
    }

    private void exit(SslEngineTlsEngine prev) {
        if (!threadScoped) {
            return;
        }
        // set(null), not remove(): remove() drops the thread's map entry and the next set() allocates a new
        // one, 32 bytes on every wrap and unwrap; a null value keeps the entry and lets the engine go
        EngineDispatch.CURRENT.set(prev);
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
        } else if (finished && !wrap && s == Status.OK && r.bytesConsumed() > 0 && r.bytesProduced() == 0) {
            nonApplicationRecord(h);
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

    private SslException fail(SSLException e) {
        failed = true;
        return toSslException(e);
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

    /** @return {@link SSLEngine#getHandshakeStatus()}, mapped */
    @Override
    public final HandshakeState handshakeState() {
        return map(engine.getHandshakeStatus());
    }

    /**
     * @return {@link SSLEngine#getDelegatedTask()}, run with this connection as the thread's
     *         current one where dispatch needs it, or {@code null}
     */
    @Override
    public Runnable delegatedTask() {
        Runnable task = engine.getDelegatedTask();
        if (task == null || !threadScoped) {
            return task;
        }
        return () -> {
            SslEngineTlsEngine prev = enter();
            try {
                task.run();
            } finally {
                exit(prev);
            }
        };
    }

    /** Queues close_notify ({@code SSL_shutdown}'s first step): {@link SSLEngine#closeOutbound()}. */
    @Override
    public final void closeOutbound() {
        engine.closeOutbound();
    }

    /** @return {@link SSLEngine#isOutboundDone()} */
    @Override
    public final boolean isOutboundDone() {
        return engine.isOutboundDone();
    }

    /** @return {@link SSLEngine#isInboundDone()} */
    @Override
    public final boolean isInboundDone() {
        return engine.isInboundDone();
    }

    /** @return the engine session's packet buffer size, read now */
    @Override
    public int packetBufferSize() {
        return engine.getSession().getPacketBufferSize();
    }

    /** @return the engine session's application buffer size, read now */
    @Override
    public int applicationBufferSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    /** @return the protocol ALPN selected ({@code SSL_get0_alpn_selected}), or {@code null} */
    @Override
    public String alpnSelected() {
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? null : p;
    }

    /**
     * {@code SSL_free}'s engine part, once: {@link #closeEngine()}, then this connection's
     * dispatch registrations (engine and key aliases) are removed. Later calls do nothing.
     */
    @Override
    public final void free() {
        if (freed) {
            return;
        }
        freed = true;
        try {
            closeEngine();
        } finally {
            dispatch.remove(this);
            synchronized (ownAliases) {
                for (String a : ownAliases) {
                    dispatch.release(a);
                }
                ownAliases.clear();
            }
        }
    }
}
