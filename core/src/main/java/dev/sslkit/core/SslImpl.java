package dev.sslkit.core;

import dev.sslkit.Bio;
import dev.sslkit.CertifiedKey;
import dev.sslkit.ExDataIndex;
import dev.sslkit.InfoCallback;
import dev.sslkit.MsgCallback;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslError;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.SslSession;
import dev.sslkit.SslSessionCache;
import dev.sslkit.VerifyMode;
import dev.sslkit.core.bio.CoreBio;
import dev.sslkit.core.record.LoopGuard;
import dev.sslkit.core.record.RecordGate;
import dev.sslkit.core.verify.CoreKeySelector;
import dev.sslkit.core.verify.CoreVerifier;
import dev.sslkit.core.verify.PemKeys;
import dev.sslkit.spi.EngineEvents;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.KeySelector;
import dev.sslkit.spi.PeerVerifier;
import dev.sslkit.spi.TlsEngine;
import dev.sslkit.spi.TlsEngine.EngineResult;
import dev.sslkit.spi.TlsEngine.HandshakeState;
import dev.sslkit.spi.TlsEngine.Status;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code SSL}: one connection. Owns its settings (a copy of the context's at creation), its role and
 * state, one reference on its context, its BIOs, its session, and — from the first handshake step —
 * the provider's engine, which it drives through the BIOs' zero-copy windows.
 */
final class SslImpl extends RefCnt implements Ssl {
    private static final System.Logger LOG = System.getLogger("dev.sslkit");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final int RECORD_HEADER = 5;

    private enum State { BEFORE, HANDSHAKING, ESTABLISHED, FAILED }

    final ContextImpl ctx;
    private final Object[] settings;
    private final ExData exData;
    private final LeakDetector.Tracker leak;

    private boolean server;
    private boolean roleSet;
    private State state = State.BEFORE;
    private int shutdown;
    private boolean shutdownReturnedZero;
    private CoreBio rbio;
    private CoreBio wbio;
    private SessionImpl session;
    /** The session core chose for a server through {@link EngineSpec#findSession}; one reference. */
    private SessionImpl serverFound;
    /** C3: the protocol version of a cleanly closed session kept by {@link #clear()}. */
    private ProtocolVersion pinnedVersion;

    private TlsEngine engine;
    private CoreVerifier verifier;
    private CoreKeySelector keySelector;
    private boolean reused;
    /** Whether this client offered a session in its handshake (for the client-side miss count). */
    private boolean offered;
    private long verifyResult;
    private SslException failure;
    /** Outbound bytes the write BIO could not take yet; write mode (bytes in [0, position)). */
    private ByteBuffer netOut;
    /** Plaintext that did not fit the caller's buffer; read mode when non-empty. */
    private ByteBuffer appIn;
    private int needIn = RECORD_HEADER;
    /** Fails a driver loop that turns without progress (issue 9 item 1). */
    private final LoopGuard loopGuard = new LoopGuard();
    /** Refuses oversized record headers before the engine sees them (issue 9 item 2). */
    private final RecordGate recordGate = new RecordGate();
    /** Core wrote the fatal alert itself: {@link #fail} must not let the engine write more. */
    private boolean alertWritten;
    /** Inbound bytes copied out of a read BIO too small to hold a whole record; write mode. */
    private ByteBuffer netIn;
    private boolean slowIn;
    private boolean slowOut;
    private boolean renegotiating;
    /**
     * TLS 1.3 client after its handshake: the provider session that NewSessionTickets extend (one
     * core session per ticket), open while tickets may come, and how many tickets were reported.
     */
    private SessionImpl.Shared ticketShared;
    private int ticketsSeen;
    /** byte[] write retry state (OpenSSL's wnum). */
    private byte[] wpendBuf;
    private int wpendOff;
    private int wpendDone;
    // read(byte[])/write(byte[]) wrap the caller's array once and reuse the wrapper while the array is the
    // same, so the array forms allocate nothing per call (a ByteBuffer is 48 bytes); holds the last array
    private ByteBuffer readArray;
    private ByteBuffer writeArray;

    SslImpl(ContextImpl ctx) throws SslException {
        ctx.upRef(); // N2: the context reference comes first, and is given back if construction fails
        try {
            this.ctx = ctx;
            this.settings = ctx.snapshot();
            SslMethod m = ctx.method();
            this.server = m != SslMethod.TLS_CLIENT;
            this.roleSet = m != SslMethod.TLS;
            this.exData = new ExData(ExDataIndex.Kind.SSL, this);
            this.leak = LeakDetector.track(this, describe());
        } catch (RuntimeException e) {
            ctx.free();
            throw new SslException(SslReason.PROVIDER_ERROR, "SSL_new failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected String describe() {
        return "Ssl@" + Integer.toHexString(System.identityHashCode(this));
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    protected void deallocate() {
        List<String> misuse = new ArrayList<>();
        try {
            clearBadSession(); // R5
            if (engine != null) {
                TlsEngine e = engine;
                engine = null;
                try {
                    e.free();
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "provider " + ctx.providerId() + " failed to free its engine", ex);
                }
            }
            try {
                exData.free(this);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "an ex_data free callback failed", ex);
            }
            releaseBio(rbio, "read", misuse);
            if (wbio != rbio) {
                releaseBio(wbio, "write", misuse);
            }
            rbio = wbio = null;
            if (serverFound != null) {
                serverFound.free();
                serverFound = null;
            }
            if (session != null) {
                SessionImpl s = session;
                session = null;
                if (s.isAlive()) {
                    s.free();
                } else {
                    misuse.add("its session " + s.describe() + " was already freed by the application");
                }
            }
            closeTickets();
        } finally {
            ctx.free();
            if (leak != null) {
                leak.close();
            }
        }
        if (!misuse.isEmpty()) {
            // R4: report, never crash, and never leave the rest unreleased
            throw new IllegalStateException(describe() + " freed, but " + String.join("; ", misuse)
                    + " (SSL_free frees them: do not free them yourself, requirement R4)");
        }
    }

    private void releaseBio(CoreBio b, String role, List<String> misuse) {
        if (b == null) {
            return;
        }
        if (b.isAlive()) {
            b.free();
        } else {
            misuse.add("its " + role + " BIO " + b + " was already freed by the application");
        }
    }

    /** OpenSSL's {@code ssl_clear_bad_session}: an open session (no close_notify sent) is removed. */
    private boolean clearBadSession() {
        if (session != null && (shutdown & SENT_SHUTDOWN) == 0 && state == State.ESTABLISHED) {
            ctx.cache.remove(session);
            return true;
        }
        return false;
    }

    @Override
    public Ssl dup() throws SslException {
        ensureAlive();
        if (state != State.BEFORE) {
            upRef(); // D2
            return this;
        }
        SslImpl copy = new SslImpl(ctx);
        try {
            for (Setting<?> s : Setting.values()) {
                if (s.copiedByDup()) {
                    Object v = settings[s.index()];
                    if (s == Setting.VERIFY_PARAM && v != null) {
                        // X509_VERIFY_PARAM_inherit: the context's non-default fields win, flags OR-ed
                        Object mine = copy.settings[s.index()];
                        v = mine == null ? v : ((dev.sslkit.VerifyParams) mine).inherit((dev.sslkit.VerifyParams) v);
                    }
                    copy.settings[s.index()] = v;
                }
            }
            copy.server = server;
            copy.roleSet = roleSet;
            if (session != null) { // D5
                session.upRef();
                copy.session = session;
            }
            exData.dupInto(this, copy, copy.exData); // D4
            return copy; // D3: no BIOs
        } catch (RuntimeException e) {
            copy.free();
            throw new SslException(SslReason.PROVIDER_ERROR, "SSL_dup failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void clear() throws SslException {
        ensureAlive();
        if (renegotiating) {
            // C4: OpenSSL refuses while a renegotiation is pending (ERR_R_INTERNAL_ERROR)
            throw new SslException(SslReason.INTERNAL_ERROR, describe() + ": clear() cannot reset while a renegotiation or "
                    + "post-handshake exchange is in progress (" + engine.handshakeState() + "); finish it or free the connection");
        }
        if (clearBadSession()) { // C2
            session.free();
            session = null;
            pinnedVersion = null;
        } else if (session != null && state == State.ESTABLISHED) {
            pinnedVersion = session.protocol(); // C3: keep the session and its method
        }
        resetConnectionState();
    }

    private void resetConnectionState() {
        if (engine != null) {
            TlsEngine e = engine;
            engine = null;
            e.free();
        }
        if (serverFound != null) {
            serverFound.free();
            serverFound = null;
        }
        closeTickets();
        state = State.BEFORE;
        shutdown = 0;
        shutdownReturnedZero = false;
        reused = false;
        renegotiating = false;
        failure = null;
        verifier = null;
        keySelector = null;
        needIn = RECORD_HEADER;
        recordGate.reset();
        alertWritten = false;
        wpendBuf = null;
        if (netOut != null) {
            netOut.clear();
        }
        if (netIn != null) {
            netIn.clear();
        }
        if (appIn != null) {
            appIn.clear().flip();
        }
    }

    @Override
    public SslContext context() {
        ensureAlive();
        return ctx;
    }

    // ---- settings ----------------------------------------------------------------------------

    @Override
    public <T> void set(Setting<T> setting, T value) throws SslException {
        ensureAlive();
        settings[setting.index()] = SettingsCheck.check(ctx.provider, setting, value, false);
    }

    @Override
    public <T> T get(Setting<T> setting) {
        ensureAlive();
        return ContextImpl.value(settings, setting);
    }

    @SuppressWarnings("unchecked")
    private <T> T raw(Setting<T> s) {
        Object v = settings[s.index()];
        return v == null ? s.defaultValue() : (T) v;
    }

    @Override
    public void setHostName(String hostName) throws SslException {
        set(Setting.SERVER_NAME, hostName);
    }

    @Override
    public void usePrivateKeyPem(String pem) throws SslException {
        ensureAlive();
        CertifiedKey k = PemKeys.readCertifiedKey(pem, raw(Setting.PASSWORD_CALLBACK));
        List<CertifiedKey> l = new ArrayList<>(raw(Setting.CERTIFICATES));
        l.add(k);
        set(Setting.CERTIFICATES, l);
    }

    @Override
    public <T> void setExData(ExDataIndex<T> index, T value) {
        ensureAlive();
        exData.set(index, value);
    }

    @Override
    public <T> T getExData(ExDataIndex<T> index) {
        ensureAlive();
        return exData.get(index);
    }

    // ---- role, BIOs -------------------------------------------------------------------------

    @Override
    public void setConnectState() {
        ensureAlive();
        server = false;
        roleSet = true;
    }

    @Override
    public void setAcceptState() {
        ensureAlive();
        server = true;
        roleSet = true;
    }

    @Override
    public boolean isServer() {
        ensureAlive();
        return server;
    }

    @Override
    public void setBio(Bio r, Bio w) {
        ensureAlive();
        CoreBio nr = coreBio(r, "rbio");
        CoreBio nw = coreBio(w, "wbio");
        if (nr == rbio && nw == wbio) {
            return; // unchanged: no ownership transfer
        }
        slowOut = false;
        if (netIn == null || netIn.position() == 0) {
            slowIn = false;
        }
        // The connection holds one reference per distinct BIO. Adopt the caller's reference for each
        // new BIO; release ours for each BIO no longer used; BIOs kept keep their reference.
        CoreBio or = rbio;
        CoreBio ow = wbio;
        rbio = nr;
        wbio = nw;
        if (or != null && or != nr && or != nw) {
            or.free();
        }
        if (ow != null && ow != or && ow != nr && ow != nw) {
            ow.free();
        }
        needIn = RECORD_HEADER;
    }

    private static CoreBio coreBio(Bio b, String what) {
        if (b == null) {
            return null;
        }
        if (!(b instanceof CoreBio)) {
            throw new IllegalArgumentException(what + " must be made by Bio.newMemory/newPair/newSocket/newChannel, not "
                    + b.getClass().getName());
        }
        CoreBio c = (CoreBio) b;
        if (!c.isAlive()) {
            throw new dev.sslkit.IllegalReferenceCountException(c.toString(), 0, 0);
        }
        return c;
    }

    @Override
    public Bio rbio() {
        ensureAlive();
        return rbio;
    }

    @Override
    public Bio wbio() {
        ensureAlive();
        return wbio;
    }

    // ---- handshake ---------------------------------------------------------------------------

    @Override
    public int connect() throws SslException {
        setConnectState();
        return doHandshake();
    }

    @Override
    public int accept() throws SslException {
        setAcceptState();
        return doHandshake();
    }

    @Override
    public int doHandshake() throws SslException {
        ensureAlive();
        switch (state) {
            case ESTABLISHED:
                if (renegotiating) {
                    return handshakeLoop();
                }
                return flushOutQuietly() ? 1 : WANT_WRITE;
            case FAILED:
                throw failedBefore();
            case BEFORE:
                startHandshake();
                // fall through
            default:
                return handshakeLoop();
        }
    }

    private SslException failedBefore() {
        return new SslException(failure.reasons(), describe() + " failed earlier and cannot be used for I/O: "
                + failure.getMessage() + " (free it, or clear() it for a new connection)", failure);
    }

    private void startHandshake() throws SslException {
        if (!roleSet) {
            throw new SslException(SslReason.ssl(144, "connection type not set"), describe()
                    + ": no role; call setConnectState() or setAcceptState() first (SSL_R_CONNECTION_TYPE_NOT_SET)");
        }
        if (rbio == null || wbio == null) {
            throw new SslException(SslReason.BIO_NOT_SET, describe() + ": no " + (rbio == null ? "read" : "write")
                    + " BIO; call setBio() first");
        }
        Set<VerifyMode> vm = verifyMode();
        ProtocolVersion pin = pinnedVersion;
        verifier = new CoreVerifier(ctx::trustAnchors, !server, vm, raw(Setting.VERIFY_CALLBACK), raw(Setting.VERIFY_DEPTH),
                raw(Setting.VERIFY_PARAM), raw(Setting.DANE), raw(Setting.MAX_CERT_LIST), raw(Setting.SECURITY_LEVEL),
                raw(Setting.SECURITY_CALLBACK), raw(Setting.SERVER_NAME), this, raw(Setting.CLIENT_CA_LIST));
        keySelector = new CoreKeySelector(raw(Setting.CERTIFICATES));
        EngineSession toResume = null;
        if (!server && session != null && session.isResumable()
                && (pin == null || session.protocol() == pin)) {
            toResume = session.engineSession;
        }
        offered = toResume != null;
        Spec spec = new Spec(!server, toResume, pin);
        try {
            engine = ctx.pctx.newEngine(spec);
        } catch (RuntimeException e) {
            throw new SslException(SslReason.PROVIDER_ERROR, "provider " + ctx.providerId() + " could not create an engine: " + e, e);
        }
        state = State.HANDSHAKING;
        (server ? ctx.cache.accept : ctx.cache.connect).incrementAndGet();
        info(InfoCallback.HANDSHAKE_START, 1);
        info(server ? InfoCallback.ACCEPT_LOOP : InfoCallback.CONNECT_LOOP, 1);
        try {
            engine.beginHandshake();
        } catch (SslException e) {
            throw fail(e);
        }
    }

    private Set<VerifyMode> verifyMode() {
        Set<VerifyMode> v = raw(Setting.VERIFY_MODE);
        if (v != null) {
            return v;
        }
        return server ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.of(VerifyMode.PEER));
    }

    private int handshakeLoop() throws SslException {
        loopGuard.reset();
        try {
            for (;;) {
                if (!flushOut()) {
                    return WANT_WRITE;
                }
                if (state == State.ESTABLISHED && !renegotiating) {
                    return 1;
                }
                HandshakeState hs = engine.handshakeState();
                switch (hs) {
                    case NEED_TASK:
                        runTasks();
                        break;
                    case NEED_WRAP: {
                        EngineResult r = wrapOnce(EMPTY);
                        if (r == null) {
                            return WANT_WRITE;
                        }
                        loopGuard.turn(-1, r.consumed, r.produced, "the handshake");
                        if (r.status == Status.CLOSED && r.handshakeState != HandshakeState.FINISHED) {
                            throw closedDuringHandshake();
                        }
                        if (r.handshakeState == HandshakeState.FINISHED) {
                            handshakeFinished();
                        }
                        break;
                    }
                    case NEED_UNWRAP:
                    case NEED_UNWRAP_AGAIN: {
                        EngineResult r = unwrapOnce(openAppIn());
                        closeAppIn();
                        if (r.status == Status.BUFFER_UNDERFLOW) {
                            if (inputExhausted()) {
                                throw eof(true);
                            }
                            if (!rbio.isBlocking()) {
                                return WANT_READ;
                            }
                        } else if (r.status == Status.CLOSED) {
                            throw closedDuringHandshake();
                        } else if (r.status == Status.BUFFER_OVERFLOW) {
                            growAppIn();
                        }
                        if (r.handshakeState == HandshakeState.FINISHED) {
                            handshakeFinished();
                        }
                        break;
                    }
                    default: // NOT_HANDSHAKING or FINISHED
                        handshakeFinished();
                        break;
                }
            }
        } catch (SslException e) {
            throw state == State.FAILED ? e : fail(e);
        } catch (IOException e) {
            throw fail(new SslException(SslReason.SYSCALL, "transport error during the handshake: " + e.getMessage(), e));
        }
    }

    private SslException closedDuringHandshake() {
        return new SslException(SslReason.alert(0, true), "the peer closed the connection during the handshake");
    }

    /**
     * Issue 9 item 1: an underflow is final once the read BIO can deliver nothing more (a partial
     * record followed by end of stream), so the loops end instead of spinning or reporting WANT_READ
     * for ever.
     */
    private boolean inputExhausted() {
        return LoopGuard.inputExhausted(rbio, slowIn);
    }

    /**
     * Issue 9 items 2 and 4: an oversized record header fails the connection before the engine waits
     * for its body (before any record was accepted the plaintext record_overflow alert goes out
     * first); a first record that is not TLS fails as OpenSSL fails it, without an alert.
     */
    private void gateHeader(ByteBuffer in) throws SslException, IOException {
        SslException over = recordGate.check(in, version(), server);
        if (over == null) {
            return;
        }
        if (recordGate.alertDue()) {
            ByteBuffer a = ByteBuffer.wrap(RecordGate.plainAlert());
            for (int i = 0; i < 8 && a.hasRemaining() && wbio.write(a) > 0; i++) {
                // a BIO that takes part of 7 bytes takes the rest on the next write
            }
            wbio.flush();
        }
        alertWritten = true;
        throw over;
    }

    /**
     * Issue 9 item 3: the peer started a TLS 1.2 renegotiation (a TLS 1.3 key update is not one).
     * OpenSSL 3.0's default allows it and reports it: {@code SSL_CB_HANDSHAKE_START} to the info
     * callback, one more {@code SSL_CTX_sess_accept_renegotiate} / {@code connect_renegotiate}. With
     * {@code SSL_OP_NO_RENEGOTIATION} it is refused: OpenSSL answers a warning no_renegotiation and
     * goes on, which no provider engine can do once it took the hello, so the engine closes its
     * outbound side (the peer's renegotiation ends) and the connection fails with
     * {@code SSL_R_NO_RENEGOTIATION}.
     *
     * @return whether the caller should go on reading (always false: refusal throws)
     */
    private boolean peerRenegotiation() throws SslException, IOException {
        if (session == null || session.protocol() == ProtocolVersion.TLS1_3) {
            return false;
        }
        if (raw(Setting.OPTIONS).contains(SslOption.NO_RENEGOTIATION)) {
            engine.closeOutbound();
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                EngineResult w = wrapOnce(EMPTY);
                if (w == null || w.produced == 0) {
                    break;
                }
            }
            alertWritten = true;
            throw new SslException(SslReason.ssl(339, "no renegotiation"), "the peer started a renegotiation and"
                    + " SslOption.NO_RENEGOTIATION is set; the connection is closed");
        }
        (server ? ctx.cache.acceptRenegotiate : ctx.cache.connectRenegotiate).incrementAndGet();
        info(InfoCallback.HANDSHAKE_START, 1);
        return false;
    }

    private SslException eof(boolean inHandshake) {
        return new SslException(SslReason.UNEXPECTED_EOF_WHILE_READING, "the transport reached end of stream "
                + (inHandshake ? "during the handshake" : "without close_notify") + " (read BIO " + rbio + ")");
    }

    private void runTasks() {
        Runnable t;
        while ((t = engine.delegatedTask()) != null) {
            t.run();
        }
    }

    private void handshakeFinished() throws SslException {
        if (renegotiating) {
            renegotiating = false;
            info(InfoCallback.HANDSHAKE_DONE, 1);
            return;
        }
        if (state == State.ESTABLISHED) {
            return;
        }
        EngineSession es = engine.session();
        Boolean own = engine.sessionReused();
        reused = own != null ? own : (server ? keySelector.calls() == 0 : verifier.calls() == 0);
        if (server && reused && verifyMode().contains(VerifyMode.PEER)) {
            byte[] sidCtx = (byte[]) settings[Setting.SESSION_ID_CONTEXT.index()];
            if (sidCtx == null || sidCtx.length == 0) {
                // OpenSSL makes resuming on a server that verifies clients without an id context fatal
                // (ssl_get_prev_session: SSL_R_SESSION_ID_CONTEXT_UNINITIALIZED). A provider whose server
                // resumes by its own cache gets here after the fact; refuse the connection all the same.
                engine.closeOutbound();
                throw new SslException(SslReason.SESSION_ID_CONTEXT_UNINITIALIZED, describe() + ": the server verifies "
                        + "clients but has no session id context, and provider " + ctx.providerId() + " resumed a session; "
                        + "refused (set Setting.SESSION_ID_CONTEXT)");
            }
        }
        state = State.ESTABLISHED;
        verifyResult = verifier.verifyResult();
        SessionCacheImpl cache = ctx.cache;
        long now = System.currentTimeMillis() / 1000;
        boolean made = false;
        if (!server) {
            boolean tls13 = es != null && es.protocol() == ProtocolVersion.TLS1_3;
            if (reused && session != null) {
                cache.hits.incrementAndGet();
            } else if (es != null) {
                if (offered) {
                    // tls_process_server_hello: "If we were trying for session-id reuse but the server
                    // didn't resume" — the client's context counts a miss
                    cache.misses.incrementAndGet();
                }
                if (tls13) {
                    ticketShared = new SessionImpl.Shared(es, true); // its tickets will extend it
                    replaceSession(newSession(ticketShared, now));
                } else {
                    replaceSession(newSession(es, now));
                }
                made = true;
            }
            if (tls13) {
                tls13ClientFinished(es);
                return;
            }
        } else {
            SessionImpl found = serverFound;
            serverFound = null;
            if (found == null && reused && es != null) {
                found = cache.lookup(es.id());
            }
            if (reused && found != null && es != null && es != found.engineSession
                    && es.protocol() == ProtocolVersion.TLS1_3) {
                // TLS 1.3: a resumption issues a new ticket, i.e. a new session (OpenSSL dups the
                // resumed one; ssl_update_cache then runs for TLS 1.3 hits too)
                found.free();
                replaceSession(newSession(es, now));
                made = true;
                cache.hits.incrementAndGet();
            } else if (reused && found != null) {
                replaceSession(found); // takes over the lookup's reference
                cache.hits.incrementAndGet();
            } else {
                if (found != null) {
                    found.free();
                }
                if (es != null) {
                    replaceSession(newSession(es, now));
                    made = !reused;
                    if (reused) {
                        cache.hits.incrementAndGet(); // resumed from a ticket the cache never held
                    }
                }
            }
        }
        updateCache(made, now, true);
        releaseUnused(es);
        info(InfoCallback.HANDSHAKE_DONE, 1);
        info(server ? InfoCallback.ACCEPT_EXIT : InfoCallback.CONNECT_EXIT, 1);
    }

    /**
     * OpenSSL's {@code ssl_update_cache}: store a new session in the internal cache and tell the
     * new-session callback, as the cache mode and the TLS 1.3 server rules say; then the periodic
     * flush on every 256th good handshake; then count the good handshake.
     */
    private void updateCache(boolean made, long now, boolean countGood) {
        SessionCacheImpl cache = ctx.cache;
        int mode = cache.mode();
        int roleMode = server ? SslSessionCache.SERVER : SslSessionCache.CLIENT;
        SessionImpl s = session;
        java.util.concurrent.atomic.AtomicLong good = server ? cache.acceptGood : cache.connectGood;
        // ssl_update_cache returns early — before its auto-flush too — for a session marked not
        // resumable and on a server that verifies clients without an id context. (OpenSSL also skips
        // sessions without an id; sslkit keeps id-less TLS 1.3 sessions, keyed by identity, because
        // some providers' TLS 1.3 sessions have none.)
        boolean eligible = s != null && !s.notResumable()
                && !(server && s.idContextRef().length == 0 && verifyMode().contains(VerifyMode.PEER));
        if (eligible) {
            if (made && (mode & roleMode) != 0) {
                boolean tls13Server = server && s.protocol() == ProtocolVersion.TLS1_3;
                // a TLS 1.3 server stores only stateful tickets (SSL_OP_NO_TICKET, or a provider whose
                // server resumes through core's cache: its TLS 1.3 resumption is stateful) or when a
                // remove callback wants to hear of them
                if ((mode & SslSessionCache.NO_INTERNAL_STORE) == 0
                        && (!tls13Server || raw(Setting.OPTIONS).contains(SslOption.NO_TICKET) || cache.hasRemoveCallback()
                            || ctx.provider.capabilities().serverCacheControlledByCore())) {
                    cache.add(s);
                }
                cache.notifyNew(this, s);
            }
            // auto-flush on every 256th good handshake; the counter is read before this one is counted
            if ((mode & SslSessionCache.NO_AUTO_CLEAR) == 0 && (mode & roleMode) == roleMode && (good.get() & 0xff) == 0xff) {
                cache.flush(now);
            }
        }
        if (countGood) {
            good.incrementAndGet();
        }
    }

    /**
     * OpenSSL's {@code tls_finish_handshake} for a TLS 1.3 client: the cache is not updated now but
     * per NewSessionTicket ({@link #pollTickets()}); a client whose cache mode includes
     * {@code CLIENT} removes the session it resumed, "we encourage applications to only use TLSv1.3
     * tickets once" (remove callback, non-resumable).
     */
    private void tls13ClientFinished(EngineSession es) throws SslException {
        SessionCacheImpl cache = ctx.cache;
        if (ticketShared == null && es != null) {
            ticketShared = new SessionImpl.Shared(es, true); // a resumption: tickets extend the resumed engine's session
        }
        ticketsSeen = 0;
        if (reused && (cache.mode() & SslSessionCache.CLIENT) != 0 && session != null) {
            cache.remove(session); // (a full handshake's session has no id in OpenSSL: nothing to remove)
        }
        cache.connectGood.incrementAndGet();
        info(InfoCallback.HANDSHAKE_DONE, 1);
        info(InfoCallback.CONNECT_EXIT, 1);
        pollTickets();
    }

    /**
     * A TLS 1.3 client: for each NewSessionTicket the provider processed since the last call, a new
     * session ({@code tls_process_new_session_ticket} dups the connection's session), which becomes
     * the connection's session and goes to the cache and the new-session callback as
     * {@code ssl_update_cache} says. A provider that cannot count tickets gets one session, when its
     * session becomes resumable.
     */
    private void pollTickets() throws SslException {
        SessionImpl.Shared shared = ticketShared;
        if (shared == null || engine == null) {
            return;
        }
        int n = engine.ticketsReceived();
        if (n < 0) {
            n = ticketsSeen == 0 && shared.es.isResumable() ? 1 : ticketsSeen;
        }
        while (ticketsSeen < n) {
            ticketsSeen++;
            long now = System.currentTimeMillis() / 1000;
            replaceSession(newSession(shared, now));
            updateCache(true, now, false);
        }
    }

    /**
     * A provider session handle core will not keep (a resumption keeps the session it resumed): it
     * is released now ({@link EngineSession#release()}), as a kept one is when its last
     * {@code SslSession} goes.
     */
    private void releaseUnused(EngineSession es) {
        if (es == null || (session != null && session.engineSession == es) || (ticketShared != null && ticketShared.es == es)) {
            return;
        }
        try {
            es.release();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "provider failed to release a session", e);
        }
    }

    /** The connection adds no more ticket sessions: the provider session may be invalidated and released. */
    private void closeTickets() {
        SessionImpl.Shared shared = ticketShared;
        ticketShared = null;
        ticketsSeen = 0;
        if (shared != null) {
            shared.close();
        }
    }

    private SessionImpl newSession(EngineSession es, long now) {
        return newSession(new SessionImpl.Shared(es, false), now);
    }

    /** A new session over {@code shared}, with this connection's id context and the context's timeout. */
    private SessionImpl newSession(SessionImpl.Shared shared, long now) {
        return new SessionImpl(shared, ctx.providerId(), (byte[]) settings[Setting.SESSION_ID_CONTEXT.index()], now,
                raw(Setting.SESSION_TIMEOUT));
    }

    /** Takes ownership of {@code s} (one reference) and releases the previous session. */
    private void replaceSession(SessionImpl s) {
        SessionImpl old = session;
        if (s != null && s == old) {
            s.free();
            return;
        }
        session = s;
        if (old != null) {
            old.free();
        }
    }

    private SslException fail(SslException e) {
        if (state == State.FAILED) {
            return e;
        }
        boolean wasEstablished = state == State.ESTABLISHED;
        state = State.FAILED;
        failure = e;
        // give the fatal alert the provider produced a chance to reach the peer
        try {
            if (engine != null && !alertWritten) {
                for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                    EngineResult r = wrapOnce(EMPTY);
                    if (r == null || r.produced == 0) {
                        break;
                    }
                }
            }
            flushOut();
        } catch (IOException | RuntimeException ignored) {
            // the transport is gone; the failure itself is what matters
        }
        // R5, last sentence: a connection that fails removes the session it used or offered
        if (session != null) {
            ctx.cache.remove(session);
        }
        info(server ? InfoCallback.ACCEPT_EXIT : InfoCallback.CONNECT_EXIT, -1);
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, describe() + (wasEstablished ? " failed: " : " handshake failed: ") + e.getMessage());
        }
        return e;
    }

    // ---- record pumping --------------------------------------------------------------------------

    /** Wraps one record into the write BIO (zero copy when it has room); {@code null} if blocked. */
    private EngineResult wrapOnce(ByteBuffer src) throws IOException {
        if (!flushOut()) {
            return null;
        }
        int need = engine.packetBufferSize();
        ByteBuffer w = null;
        if (!slowOut) {
            try {
                w = wbio.writeWindow(need);
            } catch (IllegalArgumentException tooSmall) {
                slowOut = true; // a BIO pair smaller than one record: go through our own buffer
            }
        }
        EngineResult r;
        if (w != null) {
            try {
                r = engine.wrap(src, w);
            } finally {
                wbio.writeDone(w);
            }
        } else {
            if (netOut == null || netOut.capacity() < need) {
                netOut = ByteBuffer.allocate(need);
            }
            r = engine.wrap(src, netOut);
            flushOut();
        }
        return r;
    }

    private EngineResult unwrapOnce(ByteBuffer dst) throws IOException {
        if (slowIn) {
            return unwrapCopying(dst);
        }
        ByteBuffer in;
        try {
            in = rbio.readWindow(needIn);
        } catch (IllegalArgumentException tooSmall) {
            slowIn = true; // a record larger than the read BIO can hold: assemble it in our own buffer
            return unwrapCopying(dst);
        }
        EngineResult r;
        int available = in.remaining();
        try {
            gateHeader(in);
            r = engine.unwrap(in, dst);
            needIn = nextNeed(r, in);
        } finally {
            rbio.readDone(in);
        }
        loopGuard.turn(available, r.consumed, r.produced, "reading records");
        if (r.consumed > 0) {
            recordGate.accepted();
        }
        return r;
    }

    /** The slow path: bytes are copied from the read BIO into {@link #netIn} until a record is whole. */
    private EngineResult unwrapCopying(ByteBuffer dst) throws IOException {
        if (netIn == null) {
            netIn = ByteBuffer.allocate(Math.max(engine.packetBufferSize(), 17 * 1024));
        }
        if (netIn.capacity() < needIn) {
            ByteBuffer n = ByteBuffer.allocate(needIn);
            netIn.flip();
            n.put(netIn);
            netIn = n;
        }
        while (netIn.position() < needIn) {
            if (rbio.read(netIn) <= 0) {
                break;
            }
        }
        netIn.flip();
        EngineResult r;
        int available = netIn.remaining();
        try {
            gateHeader(netIn);
            r = engine.unwrap(netIn, dst);
            needIn = nextNeed(r, netIn);
        } finally {
            netIn.compact();
        }
        loopGuard.turn(available, r.consumed, r.produced, "reading records");
        if (r.consumed > 0) {
            recordGate.accepted();
        }
        return r;
    }

    /** After an underflow, the whole record's length from its header (so blocking BIOs read it all). */
    private static int nextNeed(EngineResult r, ByteBuffer in) {
        if (r.status == Status.BUFFER_UNDERFLOW && in.remaining() >= RECORD_HEADER) {
            int p = in.position();
            return RECORD_HEADER + (((in.get(p + 3) & 0xff) << 8) | (in.get(p + 4) & 0xff));
        }
        return RECORD_HEADER;
    }

    /** Moves pending outbound bytes into the write BIO. @return whether none remain */
    private boolean flushOut() throws IOException {
        ByteBuffer b = netOut;
        if (b == null || b.position() == 0) {
            return wbio.flush();
        }
        if (!wbio.flush()) {
            return false;
        }
        b.flip();
        try {
            while (b.hasRemaining()) {
                if (wbio.write(b) <= 0) {
                    break;
                }
            }
        } finally {
            b.compact();
        }
        return b.position() == 0 && wbio.flush();
    }

    private boolean flushOutQuietly() throws SslException {
        try {
            return flushOut();
        } catch (IOException e) {
            throw fail(new SslException(SslReason.SYSCALL, "transport error: " + e.getMessage(), e));
        }
    }

    /** Opens {@link #appIn} for the engine to write plaintext after the unread bytes (write mode). */
    private ByteBuffer openAppIn() {
        if (appIn == null) {
            appIn = ByteBuffer.allocate(Math.max(engine.applicationBufferSize(), 16 * 1024 + 256));
            appIn.flip();
        }
        appIn.compact();
        return appIn;
    }

    /** Back to read mode after {@link #openAppIn()}. */
    private void closeAppIn() {
        appIn.flip();
    }

    /** Doubles {@link #appIn} (read mode in, read mode out). */
    private void growAppIn() {
        ByteBuffer n = ByteBuffer.allocate(appIn.capacity() * 2);
        n.put(appIn);
        n.flip();
        appIn = n;
    }

    // ---- application data ---------------------------------------------------------------------

    @Override
    public int read(byte[] b, int off, int len) throws SslException {
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(b, "b must not be null").length);
        ByteBuffer w = readArray;
        if (w == null || w.array() != b) {
            w = ByteBuffer.wrap(b);
            readArray = w;
        }
        w.limit(off + len).position(off);
        return read(w);
    }

    @Override
    public int read(ByteBuffer dst) throws SslException {
        ensureAlive();
        Objects.requireNonNull(dst, "dst must not be null");
        if (state != State.ESTABLISHED) {
            int r = doHandshake();
            if (r != 1) {
                return r;
            }
        }
        if (appIn != null && appIn.hasRemaining()) {
            return drainAppIn(dst);
        }
        if (renegotiating) {
            int r = handshakeLoop();
            if (r != 1) {
                return r;
            }
        }
        if ((shutdown & RECEIVED_SHUTDOWN) != 0) {
            return ZERO_RETURN;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        loopGuard.reset();
        try {
            boolean overflowed = false;
            for (;;) {
                boolean direct = !overflowed && dst.remaining() >= engine.applicationBufferSize();
                EngineResult r = unwrapOnce(direct ? dst : openAppIn());
                if (!direct) {
                    closeAppIn();
                }
                switch (r.status) {
                    case OK:
                        if (r.handshakeState == HandshakeState.NEED_TASK) {
                            runTasks();
                        }
                        HandshakeState hs = engine.handshakeState();
                        if (hs != HandshakeState.NOT_HANDSHAKING && hs != HandshakeState.FINISHED) {
                            // a post-handshake exchange the peer started (renegotiation, key update)
                            int produced = r.produced;
                            if (!renegotiating && peerRenegotiation()) {
                                continue;
                            }
                            renegotiating = true;
                            int hr = handshakeLoop();
                            if (produced > 0) {
                                return direct ? produced : drainAppIn(dst);
                            }
                            if (hr != 1) {
                                return hr;
                            }
                            continue;
                        }
                        if (r.produced > 0) {
                            return direct ? r.produced : drainAppIn(dst);
                        }
                        if (r.consumed == 0) {
                            continue; // nothing happened: read again (blocking) or underflow next time
                        }
                        if (ticketShared != null) {
                            pollTickets(); // a post-handshake message: maybe a NewSessionTicket
                        }
                        if (!raw(Setting.MODE).contains(SslMode.AUTO_RETRY) && !rbio.isBlocking()) {
                            return WANT_READ; // a non-application record was processed
                        }
                        continue;
                    case BUFFER_UNDERFLOW:
                        if (inputExhausted()) {
                            if (raw(Setting.OPTIONS).contains(SslOption.IGNORE_UNEXPECTED_EOF)) {
                                shutdown |= RECEIVED_SHUTDOWN;
                                return ZERO_RETURN;
                            }
                            throw eof(false);
                        }
                        if (!rbio.isBlocking()) {
                            return WANT_READ;
                        }
                        continue;
                    case BUFFER_OVERFLOW:
                        if (direct) {
                            overflowed = true;
                        } else {
                            growAppIn();
                        }
                        continue;
                    case CLOSED:
                    default:
                        shutdown |= RECEIVED_SHUTDOWN;
                        info(InfoCallback.READ_ALERT, (1 << 8));
                        if (appIn != null && appIn.hasRemaining()) {
                            return drainAppIn(dst);
                        }
                        return ZERO_RETURN;
                }
            }
        } catch (SslException e) {
            throw fail(e);
        } catch (IOException e) {
            throw fail(new SslException(SslReason.SYSCALL, "transport error while reading: " + e.getMessage(), e));
        }
    }

    private int drainAppIn(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), appIn.remaining());
        int lim = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(lim);
        return n;
    }

    @Override
    public int write(byte[] b, int off, int len) throws SslException {
        ensureAlive();
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(b, "b must not be null").length);
        int done = 0;
        if (wpendBuf != null) {
            if (!raw(Setting.MODE).contains(SslMode.ACCEPT_MOVING_WRITE_BUFFER) && (b != wpendBuf || off != wpendOff)) {
                throw new SslException(SslReason.BAD_WRITE_RETRY, describe() + ": a write that returned WANT_WRITE must be "
                        + "retried with the same buffer (or set SslMode.ACCEPT_MOVING_WRITE_BUFFER)");
            }
            if (len < wpendDone) {
                throw new SslException(SslReason.BAD_WRITE_RETRY, describe() + ": the retried write is shorter ("
                        + len + ") than what was already sent (" + wpendDone + ")");
            }
            done = wpendDone;
        }
        ByteBuffer src = writeArray;
        if (src == null || src.array() != b) {
            src = ByteBuffer.wrap(b);
            writeArray = src;
        }
        src.limit(off + len).position(off + done);
        int r = write(src);
        if (r == WANT_READ || r == WANT_WRITE) {
            wpendBuf = b;
            wpendOff = off;
            wpendDone = len - src.remaining();
            return r;
        }
        wpendBuf = null;
        return raw(Setting.MODE).contains(SslMode.ENABLE_PARTIAL_WRITE) ? done + r : len;
    }

    @Override
    public int write(ByteBuffer src) throws SslException {
        ensureAlive();
        Objects.requireNonNull(src, "src must not be null");
        if (state != State.ESTABLISHED) {
            int r = doHandshake();
            if (r != 1) {
                return r;
            }
        }
        if ((shutdown & SENT_SHUTDOWN) != 0) {
            throw new SslException(SslReason.PROTOCOL_IS_SHUTDOWN, describe() + ": cannot write after shutdown() sent close_notify");
        }
        if (renegotiating) {
            int r = handshakeLoop();
            if (r != 1) {
                return r;
            }
        }
        if (!src.hasRemaining()) {
            // a retry after WANT_WRITE: send what is still pending
            return flushOutQuietly() ? 0 : WANT_WRITE;
        }
        boolean partial = raw(Setting.MODE).contains(SslMode.ENABLE_PARTIAL_WRITE);
        int total = 0;
        try {
            while (src.hasRemaining()) {
                EngineResult r = wrapOnce(src);
                if (r == null) {
                    return total > 0 && partial ? total : WANT_WRITE;
                }
                if (r.status == Status.CLOSED) {
                    throw new SslException(SslReason.PROTOCOL_IS_SHUTDOWN, describe() + ": the engine's outbound side is closed");
                }
                total += r.consumed;
                if (r.handshakeState == HandshakeState.NEED_TASK) {
                    runTasks();
                }
                if (partial && r.consumed > 0) {
                    break;
                }
            }
            if (!flushOut()) {
                return partial && total > 0 ? total : WANT_WRITE;
            }
            return total;
        } catch (SslException e) {
            throw fail(e);
        } catch (IOException e) {
            throw fail(new SslException(SslReason.SYSCALL, "transport error while writing: " + e.getMessage(), e));
        }
    }

    @Override
    public void renegotiate() throws SslException {
        ensureAlive();
        if (state != State.ESTABLISHED) {
            throw new SslException(SslReason.ssl(373, "renegotiate while not established"), describe()
                    + ": renegotiate() needs an established connection");
        }
        if (session == null || session.protocol() != ProtocolVersion.TLS1_2) {
            throw new SslException(SslReason.ssl(116, "wrong ssl version"), describe()
                    + ": renegotiation exists only in TLS 1.2 and earlier (this connection is " + version() + ")");
        }
        if (!ctx.provider.capabilities().renegotiation()) {
            throw new SslException(SslReason.ssl(339, "no renegotiation"), describe() + ": provider " + ctx.providerId()
                    + " cannot start a renegotiation");
        }
        if (raw(Setting.OPTIONS).contains(SslOption.NO_RENEGOTIATION)) {
            throw new SslException(SslReason.ssl(339, "no renegotiation"), describe() + ": SslOption.NO_RENEGOTIATION is set");
        }
        try {
            engine.beginHandshake();
        } catch (SslException e) {
            throw fail(e);
        }
        renegotiating = true;
        (server ? ctx.cache.acceptRenegotiate : ctx.cache.connectRenegotiate).incrementAndGet();
        info(InfoCallback.HANDSHAKE_START, 1);
    }

    @Override
    public boolean renegotiatePending() {
        ensureAlive();
        return renegotiating;
    }

    @Override
    public int pending() {
        ensureAlive();
        return appIn == null ? 0 : appIn.remaining();
    }

    @Override
    public int shutdown() throws SslException {
        ensureAlive();
        if (raw(Setting.QUIET_SHUTDOWN)) {
            shutdown = SENT_SHUTDOWN | RECEIVED_SHUTDOWN;
            return 1;
        }
        if (state == State.FAILED) {
            throw failedBefore();
        }
        if (state != State.ESTABLISHED) {
            throw new SslException(SslReason.ssl(407, "shutdown while in init"), describe()
                    + ": shutdown() before the handshake finished (SSL_R_SHUTDOWN_WHILE_IN_INIT)");
        }
        try {
            if ((shutdown & SENT_SHUTDOWN) == 0) {
                shutdown |= SENT_SHUTDOWN;
                engine.closeOutbound();
                info(InfoCallback.WRITE_ALERT, (1 << 8));
            }
            while (!engine.isOutboundDone()) {
                EngineResult r = wrapOnce(EMPTY);
                if (r == null) {
                    return WANT_WRITE;
                }
                if (r.produced == 0) {
                    break;
                }
            }
            if (!flushOut()) {
                return WANT_WRITE;
            }
            if ((shutdown & RECEIVED_SHUTDOWN) != 0) {
                return 1;
            }
            if (!shutdownReturnedZero) {
                shutdownReturnedZero = true;
                return 0;
            }
            // later calls wait for the peer's close_notify, discarding application data
            loopGuard.reset();
            for (;;) {
                EngineResult r = unwrapOnce(openAppIn());
                closeAppIn();
                appIn.position(appIn.limit());
                if (ticketShared != null && r.status == Status.OK && r.consumed > 0) {
                    pollTickets(); // OpenSSL's SSL_shutdown processes NewSessionTickets on its way to close_notify
                }
                if (r.status == Status.CLOSED || engine.isInboundDone()) {
                    shutdown |= RECEIVED_SHUTDOWN;
                    info(InfoCallback.READ_ALERT, (1 << 8));
                    return 1;
                }
                if (r.status == Status.BUFFER_UNDERFLOW) {
                    if (inputExhausted()) {
                        throw eof(false);
                    }
                    if (!rbio.isBlocking()) {
                        return WANT_READ;
                    }
                } else if (r.status == Status.BUFFER_OVERFLOW) {
                    growAppIn();
                }
            }
        } catch (SslException e) {
            throw fail(e);
        } catch (IOException e) {
            throw fail(new SslException(SslReason.SYSCALL, "transport error during shutdown: " + e.getMessage(), e));
        }
    }

    @Override
    public void setShutdown(int flags) {
        ensureAlive();
        if ((flags & ~(SENT_SHUTDOWN | RECEIVED_SHUTDOWN)) != 0) {
            throw new IllegalArgumentException("flags must be a combination of SENT_SHUTDOWN and RECEIVED_SHUTDOWN: " + flags);
        }
        shutdown = flags;
    }

    @Override
    public int getShutdown() {
        ensureAlive();
        return shutdown;
    }

    @Override
    public SslError getError(int ret) {
        switch (ret) {
            case WANT_READ:
                return SslError.WANT_READ;
            case WANT_WRITE:
                return SslError.WANT_WRITE;
            case ZERO_RETURN:
                return SslError.ZERO_RETURN;
            default:
                return SslError.NONE;
        }
    }

    // ---- state --------------------------------------------------------------------------------

    @Override
    public boolean inBefore() {
        ensureAlive();
        return state == State.BEFORE;
    }

    @Override
    public boolean inInit() {
        ensureAlive();
        return state == State.BEFORE || state == State.HANDSHAKING;
    }

    @Override
    public boolean isInitFinished() {
        ensureAlive();
        return state == State.ESTABLISHED;
    }

    @Override
    public ProtocolVersion version() {
        ensureAlive();
        return state == State.ESTABLISHED && session != null ? session.protocol() : null;
    }

    @Override
    public String cipherSuite() {
        ensureAlive();
        return state == State.ESTABLISHED && session != null ? session.cipherSuite() : null;
    }

    @Override
    public String alpnSelected() {
        ensureAlive();
        return engine == null ? null : engine.alpnSelected();
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        ensureAlive();
        return session == null ? List.of() : session.peerCertificates();
    }

    @Override
    public long verifyResult() {
        ensureAlive();
        return verifyResult;
    }

    // ---- session ---------------------------------------------------------------------------

    @Override
    public SslSession getSession() {
        ensureAlive();
        return session;
    }

    @Override
    public SslSession get1Session() {
        ensureAlive();
        SessionImpl s = session;
        if (s != null) {
            s.upRef();
        }
        return s;
    }

    @Override
    public void setSession(SslSession s) throws SslException {
        ensureAlive();
        SessionImpl n = null;
        if (s != null) {
            if (!(s instanceof SessionImpl)) {
                throw new IllegalArgumentException("session must be an sslkit session, not " + s.getClass().getName());
            }
            n = (SessionImpl) s;
            if (!n.providerId().equals(ctx.providerId())) {
                throw new SslException(SslReason.BAD_VALUE, "session " + n + " was made by provider " + n.providerId()
                        + "; this connection uses " + ctx.providerId());
            }
            n.upRef();
        }
        clearBadSession(); // an open previous session is bad (OpenSSL's SSL_set_session)
        SessionImpl old = session;
        session = n;
        pinnedVersion = null;
        if (old != null) {
            old.free();
        }
    }

    @Override
    public boolean sessionReused() {
        ensureAlive();
        return reused && state == State.ESTABLISHED;
    }

    // ---- callbacks --------------------------------------------------------------------------

    private void info(int where, int ret) {
        dev.sslkit.InfoCallback cb = raw(Setting.INFO_CALLBACK);
        if (cb != null) {
            try {
                cb.onInfo(this, where, ret);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "info callback threw; ignored", e);
            }
        }
    }

    @Override
    public String toString() {
        return describe() + "[" + (server ? "server" : "client") + ", " + state + ", provider " + ctx.providerId()
                + ", refCnt " + refCnt() + "]";
    }

    // ---- what the provider sees ----------------------------------------------------------------

    private final class Spec implements EngineSpec, EngineEvents {
        private final boolean client;
        private final EngineSession toResume;
        private final ProtocolVersion pin;

        Spec(boolean client, EngineSession toResume, ProtocolVersion pin) {
            this.client = client;
            this.toResume = toResume;
            this.pin = pin;
        }

        @Override
        public boolean clientMode() {
            return client;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get(Setting<T> setting) {
            if (pin != null && (setting == Setting.MIN_PROTO_VERSION || setting == Setting.MAX_PROTO_VERSION)) {
                return (T) pin;
            }
            return raw(setting);
        }

        @Override
        public Set<VerifyMode> verifyMode() {
            return SslImpl.this.verifyMode();
        }

        @Override
        public String serverName() {
            return raw(Setting.SERVER_NAME);
        }

        @Override
        public EngineSession sessionToResume() {
            return toResume;
        }

        @Override
        public java.security.AlgorithmConstraints algorithmConstraints() {
            return dev.sslkit.core.verify.SecurityLevels.constraints(raw(Setting.SECURITY_LEVEL), raw(Setting.SECURITY_CALLBACK),
                    SslImpl.this);
        }

        @Override
        public EngineSession findSession(byte[] id) throws SslException {
            byte[] sidCtx = (byte[]) settings[Setting.SESSION_ID_CONTEXT.index()];
            SessionImpl s = ctx.cache.findForServer(SslImpl.this, id, sidCtx, verifyMode().contains(VerifyMode.PEER),
                    System.currentTimeMillis() / 1000);
            if (s == null) {
                return null;
            }
            if (serverFound != null) {
                serverFound.free();
            }
            serverFound = s;
            return s.engineSession;
        }

        @Override
        public PeerVerifier verifier() {
            return verifier;
        }

        @Override
        public KeySelector keySelector() {
            return keySelector;
        }

        @Override
        public EngineEvents events() {
            return this;
        }

        @Override
        public Ssl ssl() {
            return SslImpl.this;
        }

        @Override
        public void alert(boolean sent, boolean fatal, int description) {
            info(sent ? InfoCallback.WRITE_ALERT : InfoCallback.READ_ALERT, ((fatal ? 2 : 1) << 8) | description);
        }

        @Override
        public void message(boolean sent, int version, int contentType, byte[] bytes) {
            MsgCallback cb = raw(Setting.MSG_CALLBACK);
            if (cb != null) {
                cb.onMessage(sent, version, contentType, bytes.clone(), SslImpl.this);
            }
        }
    }
}
