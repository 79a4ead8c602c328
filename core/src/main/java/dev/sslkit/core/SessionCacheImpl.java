package dev.sslkit.core;

import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.SslSession;
import dev.sslkit.SslSessionCache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A context's session cache with OpenSSL 3's semantics: a hash by session id plus a list ordered by
 * expiry (not LRU); when full, the entries that expire first are evicted before inserting, so a new
 * session always survives; evicted and removed sessions are marked non-resumable.
 */
final class SessionCacheImpl implements SslSessionCache {
    private final Map<Object, SessionImpl> byId = new HashMap<>();
    /*
     * Ordered by the expiry captured when the entry was linked or re-sorted (SessionImpl.sortKey),
     * never by the live time/timeout fields: a setTimeout racing an add can then only leave an entry
     * briefly out of order, never make the TreeSet lose it.
     */
    private final TreeSet<SessionImpl> byExpiry = new TreeSet<>(
            Comparator.comparingLong((SessionImpl s) -> s.sortKey).thenComparingLong(s -> s.seq));
    private long nextSeq;
    private volatile int mode = SERVER;
    private volatile long size = DEFAULT_SIZE;
    private final SslContext owner;
    private volatile NewSessionCallback newCb;
    private volatile RemoveSessionCallback removeCb;
    private volatile GetSessionCallback getCb;

    SessionCacheImpl(SslContext owner) {
        this.owner = owner;
    }

    final AtomicLong connect = new AtomicLong();
    final AtomicLong connectGood = new AtomicLong();
    final AtomicLong connectRenegotiate = new AtomicLong();
    final AtomicLong accept = new AtomicLong();
    final AtomicLong acceptGood = new AtomicLong();
    final AtomicLong acceptRenegotiate = new AtomicLong();
    final AtomicLong hits = new AtomicLong();
    final AtomicLong cbHits = new AtomicLong();
    final AtomicLong misses = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong cacheFull = new AtomicLong();

    /** Key by id bytes; sessions without an id are keyed by identity. */
    private static Object key(SessionImpl s) {
        byte[] id = s.idRef();
        return id.length == 0 ? s : new IdKey(id);
    }

    private record IdKey(byte[] id) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdKey && Arrays.equals(id, ((IdKey) o).id);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id);
        }
    }

    @Override
    public int setMode(int m) {
        int prev = mode;
        mode = m;
        return prev;
    }

    @Override
    public int mode() {
        return mode;
    }

    @Override
    public long setSize(long s) {
        if (s < 0) {
            throw new IllegalArgumentException("cache size must be >= 0 (0 = unlimited): " + s);
        }
        long prev = size;
        size = s;
        return prev;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean add(SslSession session) {
        SessionImpl s = impl(session);
        List<SessionImpl> removed = new ArrayList<>();
        List<SessionImpl> released = new ArrayList<>();
        boolean added;
        synchronized (this) {
            Object k = key(s);
            SessionImpl old = byId.get(k);
            if ((mode & UPDATE_TIME) != 0) {
                // SSL_SESS_CACHE_UPDATE_TIME: time = now, expiry recomputed, re-sorted (even when already cached)
                if (old == s) {
                    byExpiry.remove(s);
                }
                s.timeRaw(System.currentTimeMillis() / 1000);
                if (old == s) {
                    s.seq = nextSeq++;
                    s.sortKey = s.expiry();
                    byExpiry.add(s);
                }
            }
            if (old == s) {
                return false; // OpenSSL: the same object again returns 0 (its extra reference is dropped)
            }
            s.upRef();
            if (old != null) {
                // a different object with the same id replaces it silently (no remove callback)
                unlink(k, old);
                released.add(old);
            } else if (size > 0) {
                while (byId.size() >= size && !byExpiry.isEmpty()) {
                    SessionImpl victim = byExpiry.first();
                    unlink(key(victim), victim);
                    cacheFull.incrementAndGet();
                    victim.markNotResumable();
                    removed.add(victim);
                }
            }
            s.seq = nextSeq++;
            s.owner = this; // published before the expiry is read: see SessionImpl.setTimeout
            s.sortKey = s.expiry();
            byId.put(k, s);
            byExpiry.add(s);
            added = true;
        }
        for (SessionImpl r : removed) {
            onRemoved(r);
            r.free();
        }
        for (SessionImpl r : released) {
            r.free();
        }
        return added;
    }

    @Override
    public boolean remove(SslSession session) {
        SessionImpl s = impl(session);
        boolean present;
        synchronized (this) {
            Object k = key(s);
            present = byId.get(k) == s;
            if (present) {
                unlink(k, s);
            }
        }
        s.markNotResumable();
        onRemoved(s);
        if (present) {
            s.free();
        }
        return present;
    }

    @Override
    public void flush(long epochSeconds) {
        List<SessionImpl> removed = new ArrayList<>();
        synchronized (this) {
            while (!byExpiry.isEmpty()) {
                SessionImpl s = byExpiry.first();
                if (epochSeconds != 0 && epochSeconds <= s.expiry()) {
                    break;
                }
                unlink(key(s), s);
                s.markNotResumable();
                removed.add(s);
            }
        }
        for (SessionImpl s : removed) {
            onRemoved(s);
            s.free();
        }
    }

    /** Finds a cached session by id (server-side lookup); returns it with a new reference, or null. */
    SessionImpl lookup(byte[] id) {
        if (id == null || id.length == 0) {
            return null;
        }
        synchronized (this) {
            SessionImpl s = byId.get(new IdKey(id));
            if (s != null) {
                s.upRef();
            }
            return s;
        }
    }

    boolean contains(SessionImpl s) {
        synchronized (this) {
            return byId.get(key(s)) == s;
        }
    }

    /** Re-sorts a cached session whose time or timeout changes. */
    void resort(SessionImpl s) {
        synchronized (this) {
            if (s.owner == this && byExpiry.remove(s)) {
                // SSL_SESSION_set_timeout: SSL_SESSION_list_remove + SSL_SESSION_list_add, so among equal
                // expiries it now counts as the newest
                s.seq = nextSeq++;
                s.sortKey = s.expiry();
                byExpiry.add(s);
            }
        }
    }

    private void unlink(Object k, SessionImpl s) {
        byId.remove(k);
        byExpiry.remove(s);
        s.owner = null;
    }

    /**
     * The remove callback, called outside the lock (so it may use the cache) and before the cache's
     * reference goes. OpenSSL skips sessions without an id (it never caches them); sslkit caches
     * id-less sessions (some providers' TLS 1.3 and ticket sessions have none), so it tells the
     * callback about them too.
     */
    void onRemoved(SessionImpl s) {
        RemoveSessionCallback cb = removeCb;
        if (cb != null) {
            try {
                cb.onRemoveSession(owner, s);
            } catch (RuntimeException e) {
                System.getLogger("dev.sslkit").log(System.Logger.Level.WARNING, "session remove callback threw; ignored", e);
            }
        }
    }

    boolean hasRemoveCallback() {
        return removeCb != null;
    }

    @Override
    public void setNewSessionCallback(NewSessionCallback cb) {
        newCb = cb;
    }

    @Override
    public void setRemoveSessionCallback(RemoveSessionCallback cb) {
        removeCb = cb;
    }

    @Override
    public void setGetSessionCallback(GetSessionCallback cb) {
        getCb = cb;
    }

    /** {@code new_session_cb}: the callback gets its own reference, kept only if it says so. */
    void notifyNew(Ssl ssl, SessionImpl s) {
        NewSessionCallback cb = newCb;
        if (cb == null) {
            return;
        }
        s.upRef();
        boolean keep = false;
        try {
            keep = cb.onNewSession(ssl, s);
        } catch (RuntimeException e) {
            System.getLogger("dev.sslkit").log(System.Logger.Level.WARNING, "new-session callback threw; ignored", e);
        }
        if (!keep) {
            s.free();
        }
    }

    /**
     * A server's lookup, as OpenSSL 3.0's {@code lookup_sess_in_cache} + {@code ssl_get_prev_session}:
     * the internal cache unless NO_INTERNAL_LOOKUP (nothing found counts a miss), then the get
     * callback (a session marked not resumable is ignored, and freed if the callback handed over its
     * reference; otherwise cb_hit counts and the session is stored unless NO_INTERNAL_STORE — before
     * any of the checks below, as OpenSSL does). Then: a session of another id context is treated as
     * a miss without counting; a server that verifies clients and has no id context fails the
     * handshake (fatal, checked before the timeout as in OpenSSL); an expired session counts a
     * timeout and is removed from the cache.
     *
     * @return the session with a reference for the caller, or {@code null}
     * @throws SslException {@code SESSION_ID_CONTEXT_UNINITIALIZED} as described
     */
    SessionImpl findForServer(Ssl ssl, byte[] id, byte[] sidCtx, boolean verifyPeer, long now) throws SslException {
        if (id == null || id.length == 0) {
            return null;
        }
        int m = mode;
        SessionImpl s = null;
        if ((m & NO_INTERNAL_LOOKUP) == 0) {
            s = lookup(id);
            if (s == null) {
                misses.incrementAndGet();
            }
        }
        if (s == null) {
            GetSessionCallback cb = getCb;
            if (cb != null) {
                boolean[] copy = {true};
                SslSession got = cb.getSession(ssl, id.clone(), copy);
                if (got != null) {
                    SessionImpl g = impl(got);
                    if (g.notResumable()) {
                        if (!copy[0]) {
                            g.free();
                        }
                        return null;
                    }
                    cbHits.incrementAndGet();
                    if (copy[0]) {
                        g.upRef();
                    }
                    s = g;
                    if ((m & NO_INTERNAL_STORE) == 0) {
                        add(s);
                    }
                }
            }
        }
        if (s == null) {
            return null;
        }
        byte[] mine = sidCtx == null ? new byte[0] : sidCtx;
        if (!Arrays.equals(s.idContextRef(), mine)) {
            s.free(); // "we don't want to use it in this context": a miss, not counted
            return null;
        }
        if (verifyPeer && mine.length == 0) {
            s.free();
            // deliberately fatal, as OpenSSL (SSL_R_SESSION_ID_CONTEXT_UNINITIALIZED)
            throw new SslException(SslReason.SESSION_ID_CONTEXT_UNINITIALIZED, ssl + ": the server verifies clients but has "
                    + "no session id context, so it cannot tell whose session this is (set Setting.SESSION_ID_CONTEXT)");
        }
        if (now > s.expiry()) {
            timeouts.incrementAndGet();
            remove(s);
            s.free();
            return null;
        }
        return s;
    }

    /** @return whether the hash and the expiry list hold exactly the same entries, in order (for tests) */
    boolean consistent() {
        synchronized (this) {
            if (byId.size() != byExpiry.size()) {
                return false;
            }
            long last = Long.MIN_VALUE;
            for (SessionImpl s : byExpiry) {
                if (s.owner != this || byId.get(key(s)) != s || s.sortKey < last || s.sortKey != s.expiry()) {
                    return false;
                }
                last = s.sortKey;
            }
            return true;
        }
    }

    /** @return the cached sessions, earliest expiry first (for tests) */
    List<SessionImpl> inExpiryOrder() {
        synchronized (this) {
            return new ArrayList<>(byExpiry);
        }
    }

    @Override
    public int number() {
        synchronized (this) {
            return byId.size();
        }
    }

    @Override
    public Stats stats() {
        return new Stats(number(), connect.get(), connectGood.get(), connectRenegotiate.get(), accept.get(), acceptGood.get(),
                acceptRenegotiate.get(), hits.get(), cbHits.get(), misses.get(), timeouts.get(), cacheFull.get());
    }

    private static SessionImpl impl(SslSession s) {
        if (s == null) {
            throw new NullPointerException("session must not be null");
        }
        if (!(s instanceof SessionImpl)) {
            throw new IllegalArgumentException("session must be an sslkit session, not " + s.getClass().getName());
        }
        return (SessionImpl) s;
    }
}
