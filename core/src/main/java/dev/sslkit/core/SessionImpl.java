package dev.sslkit.core;

import dev.sslkit.ExDataIndex;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.SslSession;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.TlsProvider;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * {@code SSL_SESSION}: wraps the provider's session handle with OpenSSL's bookkeeping (reference
 * count, not-resumable flag, time and timeout, id context, ex_data).
 */
final class SessionImpl extends RefCnt implements SslSession {
    private static final int MAGIC = 0x53534B53; // "SSKS"
    private static final int FORMAT_VERSION = 1;
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(SessionImpl.class, "owner", SessionCacheImpl.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final EngineSession engineSession;
    /** The provider session's bookkeeping, shared with the other tickets of the same connection. */
    final Shared shared;
    private final String providerId;
    private final byte[] id;
    private final byte[] idContext;
    private final ProtocolVersion protocol;
    private final String cipherSuite;
    private final List<X509Certificate> peerCertificates;
    private volatile long time;
    private volatile long timeout;
    private volatile boolean notResumable;
    private final ExData exData;
    private final LeakDetector.Tracker leak;
    /** Its key in a cache's hash: the id bytes, or the session itself when it has no id. */
    final Object cacheKey;
    /**
     * The cache holding it, for re-sorting when time or timeout change; set by {@link #claimOwner}
     * and cleared under that cache's lock, non-null exactly while the session is linked in it.
     */
    volatile SessionCacheImpl owner;
    /** Neighbours in its cache's expiry list (towards the head = later expiry); guarded by the cache. */
    SessionImpl prev;
    SessionImpl next;
    /** The expiry its cache sorts it by, captured when linked or re-sorted; guarded by the cache. */
    long sortKey;

    SessionImpl(EngineSession es, String providerId, byte[] idContext, long timeSeconds, long timeoutSeconds) {
        this(new Shared(es, false), providerId, idContext, timeSeconds, timeoutSeconds);
    }

    /**
     * A session over a provider session that other {@code SslSession}s may share: OpenSSL makes one
     * session per TLS 1.3 ticket, while a provider may keep all the tickets of a connection behind
     * one handle (sslkit then offers the connection's lineage: any of its unused tickets).
     */
    SessionImpl(Shared shared, String providerId, byte[] idContext, long timeSeconds, long timeoutSeconds) {
        EngineSession es = shared.es;
        this.shared = shared;
        shared.retain();
        this.engineSession = es;
        this.providerId = providerId;
        this.id = es.id() == null ? new byte[0] : es.id().clone();
        this.cacheKey = id.length == 0 ? this : new SessionCacheImpl.IdKey(id);
        this.idContext = idContext == null ? new byte[0] : idContext.clone();
        this.protocol = es.protocol();
        this.cipherSuite = es.cipherSuite();
        this.peerCertificates = List.copyOf(es.peerCertificates());
        this.time = timeSeconds;
        this.timeout = timeoutSeconds;
        this.exData = new ExData(ExDataIndex.Kind.SSL_SESSION, this);
        this.leak = LeakDetector.track(this, describe());
    }

    @Override
    protected String describe() {
        return "SslSession@" + Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    protected void deallocate() {
        try {
            exData.free(this);
        } finally {
            shared.releaseOne();
            if (leak != null) {
                leak.close();
            }
        }
    }

    @Override
    public boolean isResumable() {
        ensureAlive();
        return !notResumable && engineSession.isResumable();
    }

    /** Marks it bad: never offered or accepted again, and gone from the provider's own caches. */
    void markNotResumable() {
        synchronized (shared) {
            if (notResumable) {
                return;
            }
            notResumable = true;
        }
        shared.invalidateOne();
    }

    boolean notResumable() {
        return notResumable;
    }

    byte[] idRef() {
        return id;
    }

    byte[] idContextRef() {
        return idContext;
    }

    /** @return expiry, seconds since the epoch (OpenSSL's {@code calc_timeout}) */
    long expiry() {
        long t = time + timeout;
        return t < time ? Long.MAX_VALUE : t;
    }

    @Override
    public byte[] id() {
        ensureAlive();
        return id.clone();
    }

    @Override
    public byte[] idContext() {
        ensureAlive();
        return idContext.clone();
    }

    @Override
    public long time() {
        ensureAlive();
        return time;
    }

    @Override
    public long timeout() {
        ensureAlive();
        return timeout;
    }

    @Override
    public void setTimeout(long seconds) {
        ensureAlive();
        if (seconds <= 0) {
            throw new IllegalArgumentException("timeout must be > 0 seconds: " + seconds);
        }
        this.timeout = seconds;
        resortInCache();
    }

    /** Sets the time without re-sorting; only for its cache, under that cache's lock. */
    void timeRaw(long seconds) {
        this.time = seconds;
    }

    void setTime(long seconds) {
        this.time = seconds;
        resortInCache();
    }

    /**
     * Makes {@code c} the owner unless another cache holds the session (under {@code c}'s lock; the
     * owner is cleared under the holder's lock when it lets the session go).
     *
     * @return whether {@code c} owns it now
     */
    boolean claimOwner(SessionCacheImpl c) {
        return OWNER.compareAndSet(this, (SessionCacheImpl) null, c);
    }

    /**
     * The field is written before {@link #owner} is read, and {@code add} writes {@code owner}
     * before reading the expiry (both volatile): so either this sees the cache and re-sorts, or the
     * cache's add sees the new value.
     */
    private void resortInCache() {
        SessionCacheImpl c = owner;
        if (c != null) {
            c.resort(this);
        }
    }

    @Override
    public ProtocolVersion protocol() {
        ensureAlive();
        return protocol;
    }

    @Override
    public String cipherSuite() {
        ensureAlive();
        return cipherSuite;
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        ensureAlive();
        return peerCertificates;
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public <T> void setExData(ExDataIndex<T> index, T value) {
        ensureAlive();
        synchronized (exData) {
            exData.set(index, value);
        }
    }

    @Override
    public <T> T getExData(ExDataIndex<T> index) {
        ensureAlive();
        synchronized (exData) {
            return exData.get(index);
        }
    }

    @Override
    public byte[] toBytes() throws SslException {
        ensureAlive();
        byte[] inner = engineSession.export();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.writeInt(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeUTF(providerId);
            out.writeLong(time);
            out.writeLong(timeout);
            out.writeShort(idContext.length);
            out.write(idContext);
            out.writeInt(inner.length);
            out.write(inner);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }

    static SessionImpl fromBytes(byte[] bytes, SslContext context) throws SslException {
        if (bytes == null) {
            throw new NullPointerException("bytes must not be null");
        }
        if (!(context instanceof ContextImpl)) {
            throw new IllegalArgumentException("context must be an sslkit context");
        }
        ContextImpl ctx = (ContextImpl) context;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new SslException(SslReason.BAD_VALUE, "not a serialized sslkit session (bad magic)");
            }
            int v = in.readUnsignedShort();
            if (v != FORMAT_VERSION) {
                throw new SslException(SslReason.BAD_VALUE, "serialized session format version " + v + " is not supported (expected " + FORMAT_VERSION + ")");
            }
            String pid = in.readUTF();
            if (!pid.equals(ctx.providerId())) {
                throw new SslException(SslReason.BAD_VALUE, "serialized session belongs to provider '" + pid + "', the context uses '" + ctx.providerId() + "'");
            }
            long time = in.readLong();
            long timeout = in.readLong();
            byte[] sidCtx = new byte[in.readUnsignedShort()];
            in.readFully(sidCtx);
            int n = in.readInt();
            if (n < 0 || n > bytes.length) {
                throw new SslException(SslReason.BAD_VALUE, "serialized session is truncated or corrupt");
            }
            byte[] inner = new byte[n];
            in.readFully(inner);
            TlsProvider p = ctx.provider;
            EngineSession es = p.importSession(inner);
            return new SessionImpl(es, pid, sidCtx, time, timeout);
        } catch (IOException e) {
            if (e instanceof SslException) {
                throw (SslException) e;
            }
            throw new SslException(SslReason.BAD_VALUE, "serialized session is truncated or corrupt", e);
        }
    }

    @Override
    public String toString() {
        return describe() + "[" + protocol + ", " + cipherSuite + (notResumable ? ", not resumable" : "") + ", refCnt " + refCnt() + "]";
    }

    /**
     * One provider session and the core sessions over it. The provider is told to invalidate it when
     * every core session over it is marked non-resumable, and to release it when the last one is
     * freed, but not while it is {@linkplain #open open}: a TLS 1.3 client connection may still
     * receive tickets for it (OpenSSL marks the handshake's own session non-resumable at the end of
     * the handshake and then makes a new session per ticket).
     */
    static final class Shared {
        private static final System.Logger LOG = System.getLogger("dev.sslkit");
        final EngineSession es;
        private int live;
        private int valid;
        private boolean open;
        private boolean invalidated;
        private boolean released;

        Shared(EngineSession es, boolean open) {
            this.es = es;
            this.open = open;
        }

        synchronized void retain() {
            live++;
            valid++;
        }

        void invalidateOne() {
            synchronized (this) {
                valid--;
                if (valid > 0 || open || invalidated) {
                    return;
                }
                invalidated = true;
            }
            invalidate();
        }

        void releaseOne() {
            synchronized (this) {
                live--;
                if (live > 0 || open || released) {
                    return;
                }
                released = true;
            }
            release();
        }

        /** The connection will add no more sessions over it: apply what was deferred. */
        void close() {
            boolean inv;
            boolean rel;
            synchronized (this) {
                if (!open) {
                    return;
                }
                open = false;
                inv = valid <= 0 && !invalidated;
                invalidated |= inv;
                rel = live <= 0 && !released;
                released |= rel;
            }
            if (inv) {
                invalidate();
            }
            if (rel) {
                release();
            }
        }

        private void invalidate() {
            try {
                es.invalidate();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "provider failed to invalidate a session", e);
            }
        }

        private void release() {
            try {
                es.release();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "provider failed to release a session", e);
            }
        }
    }
}
