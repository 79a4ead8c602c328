package dev.sslkit.core;

import dev.sslkit.Bio;
import dev.sslkit.CertifiedKey;
import dev.sslkit.ExDataIndex;
import dev.sslkit.IllegalReferenceCountException;
import dev.sslkit.InfoCallback;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslError;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.SslSession;
import dev.sslkit.VerifyMode;
import dev.sslkit.core.bio.CoreBio;
import dev.sslkit.core.engine.EngineDriver;
import dev.sslkit.core.engine.EngineDriver.Phase;
import dev.sslkit.core.verify.PemKeys;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.TlsEngine;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code SSL}: one connection, as a façade. It owns the object's lifecycle (reference count, dup,
 * clear, free), its settings (a copy of the context's at creation), its role, its BIOs and its
 * session, and delegates the rest: the records, the handshake loop, read/write/shutdown to its
 * {@link EngineDriver}; what a finished handshake means for the session, the cache and the
 * statistics to its {@link HandshakeOutcome}; what the provider sees to a {@link ConnectionSpec}.
 */
final class SslImpl extends RefCnt implements Ssl {
    private static final System.Logger LOG = System.getLogger("dev.sslkit");

    final ContextImpl ctx;
    private final Object[] settings;
    private final ExData exData;
    private final LeakDetector.Tracker leak;
    private final EngineDriver driver;
    private final HandshakeOutcome outcome;

    private boolean server;
    private boolean roleSet;
    private CoreBio rbio;
    private CoreBio wbio;
    private SessionImpl session;
    /** C3: the protocol version of a cleanly closed session kept by {@link #clear()}. */
    private ProtocolVersion pinnedVersion;
    /** What the provider sees of the current handshake (verifier, key selector); {@code null} before it. */
    private ConnectionSpec spec;
    private long verifyResult;

    SslImpl(ContextImpl ctx) throws SslException {
        ctx.upRef(); // N2: the context reference comes first, and is given back if construction fails
        try {
            this.ctx = ctx;
            this.settings = ctx.snapshot();
            SslMethod m = ctx.method();
            this.server = m != SslMethod.TLS_CLIENT;
            this.roleSet = m != SslMethod.TLS;
            this.exData = new ExData(ExDataIndex.Kind.SSL, this);
            this.driver = new EngineDriver(new DriverHost(this));
            this.outcome = new HandshakeOutcome(this, ctx);
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
            try {
                driver.free();
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "provider " + ctx.providerId() + " failed to free its engine", ex);
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
            if (session != null) {
                SessionImpl s = session;
                session = null;
                if (s.isAlive()) {
                    s.free();
                } else {
                    misuse.add("its session " + s.describe() + " was already freed by the application");
                }
            }
            outcome.reset();
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

    private static void releaseBio(CoreBio b, String role, List<String> misuse) {
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
        return outcome.clearBadSession(session, driver.phase() == Phase.ESTABLISHED,
                (driver.shutdownFlags() & SENT_SHUTDOWN) != 0);
    }

    @Override
    public Ssl dup() throws SslException {
        ensureAlive();
        if (driver.phase() != Phase.BEFORE) {
            upRef(); // D2
            return this;
        }
        SslImpl copy = new SslImpl(ctx);
        try {
            ContextImpl.copyForDup(settings, copy.settings);
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
        if (driver.renegotiating()) {
            // C4: OpenSSL refuses while a renegotiation is pending (ERR_R_INTERNAL_ERROR)
            throw new SslException(SslReason.INTERNAL_ERROR, describe() + ": clear() cannot reset while a renegotiation or "
                    + "post-handshake exchange is in progress (" + driver.engine().handshakeState()
                    + "); finish it or free the connection");
        }
        if (clearBadSession()) { // C2
            session.free();
            session = null;
            pinnedVersion = null;
        } else if (session != null && driver.phase() == Phase.ESTABLISHED) {
            pinnedVersion = session.protocol(); // C3: keep the session and its method
        }
        driver.reset();
        outcome.reset();
        spec = null;
    }

    @Override
    public SslContext context() {
        ensureAlive();
        return ctx;
    }

    // ---- settings ----------------------------------------------------------------------------

    /** Settings OpenSSL lets change at any time: core reads them live, not through the engine. */
    private static final Set<Setting<?>> LIVE = Set.of(Setting.MODE, Setting.OPTIONS, Setting.QUIET_SHUTDOWN,
            Setting.INFO_CALLBACK, Setting.MSG_CALLBACK, Setting.READ_AHEAD, Setting.PASSWORD_CALLBACK);

    @Override
    public <T> void set(Setting<T> setting, T value) throws SslException {
        ensureAlive();
        if (driver.phase() != Phase.BEFORE && !LIVE.contains(Objects.requireNonNull(setting, "setting must not be null"))) {
            throw new IllegalStateException(describe() + ": setting '" + setting.name() + "' (" + setting.openSslName()
                    + ") cannot change once the handshake started (its engine was configured with the old value); "
                    + "clear() the connection or set it on a new one");
        }
        settings[setting.index()] = SettingsCheck.check(ctx.provider, setting, value, false);
    }

    @Override
    public <T> T get(Setting<T> setting) {
        ensureAlive();
        return ContextImpl.value(settings, setting);
    }

    /** @param s a setting  @param <T> its type  @return the value in force (explicit or default), no liveness check */
    @SuppressWarnings("unchecked")
    <T> T setting(Setting<T> s) {
        Object v = settings[s.index()];
        return v == null ? s.defaultValue() : (T) v;
    }

    /** @return the session id context as set (no copy), or {@code null} */
    byte[] sessionIdContext() {
        return (byte[]) settings[Setting.SESSION_ID_CONTEXT.index()];
    }

    /** @return the verify mode in force, with the role's default ({@code PEER} for clients) resolved */
    Set<VerifyMode> verifyMode() {
        Set<VerifyMode> v = setting(Setting.VERIFY_MODE);
        if (v != null) {
            return v;
        }
        return server ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.of(VerifyMode.PEER));
    }

    @Override
    public void setHostName(String hostName) throws SslException {
        set(Setting.SERVER_NAME, hostName);
    }

    @Override
    public void usePrivateKeyPem(String pem) throws SslException {
        ensureAlive();
        CertifiedKey k = PemKeys.readCertifiedKey(pem, setting(Setting.PASSWORD_CALLBACK));
        List<CertifiedKey> l = new ArrayList<>(setting(Setting.CERTIFICATES));
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
        driver.bioChanged();
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
            throw new IllegalReferenceCountException(c.toString(), 0, 0);
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

    // ---- handshake and I/O: the driver's -------------------------------------------------------

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
        return driver.handshake();
    }

    /** The first handshake step: the verifier, key selector and engine of this handshake. */
    void startHandshake() throws SslException {
        if (!roleSet) {
            throw new SslException(SslReason.CONNECTION_TYPE_NOT_SET, describe()
                    + ": no role; call setConnectState() or setAcceptState() first (SSL_R_CONNECTION_TYPE_NOT_SET)");
        }
        if (rbio == null || wbio == null) {
            throw new SslException(SslReason.BIO_NOT_SET, describe() + ": no " + (rbio == null ? "read" : "write")
                    + " BIO; call setBio() first");
        }
        ProtocolVersion pin = pinnedVersion;
        EngineSession toResume = outcome.toOffer(server, session, pin);
        spec = ConnectionSpec.forHandshake(this, toResume, pin, outcome);
        TlsEngine engine;
        try {
            engine = ctx.pctx.newEngine(spec);
        } catch (RuntimeException e) {
            throw new SslException(SslReason.PROVIDER_ERROR, "provider " + ctx.providerId() + " could not create an engine: " + e, e);
        }
        driver.attach(engine);
        outcome.started(server);
        info(InfoCallback.HANDSHAKE_START, 1);
        info(server ? InfoCallback.ACCEPT_LOOP : InfoCallback.CONNECT_LOOP, 1);
        driver.begin();
    }

    @Override
    public int read(byte[] b, int off, int len) throws SslException {
        ensureAlive();
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(b, "b must not be null").length);
        return driver.read(b, off, len);
    }

    @Override
    public int read(ByteBuffer dst) throws SslException {
        ensureAlive();
        return driver.read(Objects.requireNonNull(dst, "dst must not be null"));
    }

    @Override
    public int write(byte[] b, int off, int len) throws SslException {
        ensureAlive();
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(b, "b must not be null").length);
        return driver.write(b, off, len);
    }

    @Override
    public int write(ByteBuffer src) throws SslException {
        ensureAlive();
        return driver.write(Objects.requireNonNull(src, "src must not be null"));
    }

    @Override
    public void renegotiate() throws SslException {
        ensureAlive();
        if (driver.phase() != Phase.ESTABLISHED) {
            throw new SslException(SslReason.RENEGOTIATE_WHILE_NOT_ESTABLISHED, describe()
                    + ": renegotiate() needs an established connection");
        }
        if (session == null || session.protocol() != ProtocolVersion.TLS1_2) {
            throw new SslException(SslReason.WRONG_SSL_VERSION, describe()
                    + ": renegotiation exists only in TLS 1.2 and earlier (this connection is " + version() + ")");
        }
        if (!ctx.provider.capabilities().renegotiation()) {
            throw new SslException(SslReason.NO_RENEGOTIATION, describe() + ": provider " + ctx.providerId()
                    + " cannot start a renegotiation");
        }
        if (setting(Setting.OPTIONS).contains(SslOption.NO_RENEGOTIATION)) {
            throw new SslException(SslReason.NO_RENEGOTIATION, describe() + ": SslOption.NO_RENEGOTIATION is set");
        }
        driver.renegotiate();
        outcome.renegotiationStarted(server);
        info(InfoCallback.HANDSHAKE_START, 1);
    }

    @Override
    public boolean renegotiatePending() {
        ensureAlive();
        return driver.renegotiating();
    }

    @Override
    public int pending() {
        ensureAlive();
        return driver.pending();
    }

    @Override
    public int shutdown() throws SslException {
        ensureAlive();
        return driver.shutdown();
    }

    @Override
    public void setShutdown(int flags) {
        ensureAlive();
        if ((flags & ~(SENT_SHUTDOWN | RECEIVED_SHUTDOWN)) != 0) {
            throw new IllegalArgumentException("flags must be a combination of SENT_SHUTDOWN and RECEIVED_SHUTDOWN: " + flags);
        }
        driver.shutdownFlags(flags);
    }

    @Override
    public int getShutdown() {
        ensureAlive();
        return driver.shutdownFlags();
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
        return driver.phase() == Phase.BEFORE;
    }

    @Override
    public boolean inInit() {
        ensureAlive();
        Phase p = driver.phase();
        return p == Phase.BEFORE || p == Phase.HANDSHAKING;
    }

    @Override
    public boolean isInitFinished() {
        ensureAlive();
        return driver.phase() == Phase.ESTABLISHED;
    }

    @Override
    public ProtocolVersion version() {
        ensureAlive();
        return driver.phase() == Phase.ESTABLISHED && session != null ? session.protocol() : null;
    }

    @Override
    public String cipherSuite() {
        ensureAlive();
        return driver.phase() == Phase.ESTABLISHED && session != null ? session.cipherSuite() : null;
    }

    @Override
    public String alpnSelected() {
        ensureAlive();
        TlsEngine e = driver.engine();
        return e == null ? null : e.alpnSelected();
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

    /** @return the read BIO, no liveness check */
    CoreBio readBio() {
        return rbio;
    }

    /** @return the write BIO, no liveness check */
    CoreBio writeBio() {
        return wbio;
    }

    /** @return whether this is a server, no liveness check */
    boolean server() {
        return server;
    }

    /** @return the driver */
    EngineDriver driver() {
        return driver;
    }

    /** @return the handshake outcome */
    HandshakeOutcome outcome() {
        return outcome;
    }

    /** @return the current handshake's spec, or {@code null} */
    ConnectionSpec spec() {
        return spec;
    }

    /** @param v {@code SSL_get_verify_result} of the finished handshake */
    void verifyResult(long v) {
        verifyResult = v;
    }

    /** @return the session, no liveness check, no reference */
    SessionImpl session() {
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

    /** Takes ownership of {@code s} (one reference) and releases the previous session. */
    void replaceSession(SessionImpl s) {
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

    @Override
    public boolean sessionReused() {
        ensureAlive();
        return outcome.reused() && driver.phase() == Phase.ESTABLISHED;
    }

    // ---- callbacks --------------------------------------------------------------------------

    /** The info callback, if set; what it throws is logged and ignored. @param where event  @param ret value */
    void info(int where, int ret) {
        InfoCallback cb = setting(Setting.INFO_CALLBACK);
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
        return describe() + "[" + (server ? "server" : "client") + ", " + driver.phase() + ", provider " + ctx.providerId()
                + ", refCnt " + refCnt() + "]";
    }
}
