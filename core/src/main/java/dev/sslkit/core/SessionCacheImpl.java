package dev.sslkit.core;

import dev.sslkit.SessionStore;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.SslSession;
import dev.sslkit.SslSessionCache;
import dev.sslkit.spi.ProviderContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A context's session cache with OpenSSL 3's semantics: a hash by session id plus a list ordered by
 * expiry (not LRU); when full, the entries that expire first are evicted before inserting, so a new
 * session always survives; evicted and removed sessions are marked non-resumable.
 *
 * <p>Layout, as OpenSSL's {@code ssl_sess.c}: the hash is a {@link ConcurrentHashMap} from each
 * session's precomputed {@link SessionImpl#cacheKey}; the expiry list is intrusive (the sessions'
 * own {@code prev}/{@code next}), head = latest expiry, tail = earliest. Every change to either is
 * made under this object's monitor (OpenSSL's write lock); a server's lookup by id reads the hash
 * without it (OpenSSL takes only its read lock there). Callbacks, invalidation and the release of
 * the cache's references happen after the monitor is let go, so callbacks may use the cache.
 */
final class SessionCacheImpl implements SslSessionCache {
    /** Changed only under {@code this}; read without it by {@link #lookup} and {@link #contains}. */
    private final ConcurrentHashMap<Object, SessionImpl> byId = new ConcurrentHashMap<>();
    /*
     * The expiry list, guarded by this. Ordered by the expiry captured when the entry was linked or
     * re-sorted (SessionImpl.sortKey), never by the live time/timeout fields: a setTimeout racing an
     * add can then only leave an entry briefly out of order until its resort, never break the list.
     */
    private SessionImpl head;
    private SessionImpl tail;
    /** Entries in the hash (= in the list); written under this. */
    private volatile int count;
    private volatile int mode = SERVER;
    private volatile long size = DEFAULT_SIZE;
    private final SslContext owner;
    private volatile NewSessionCallback newCb;
    private volatile RemoveSessionCallback removeCb;
    private volatile GetSessionCallback getCb;

    SessionCacheImpl(SslContext owner) {
        this.owner = owner;
    }

    /** The statistics ({@code SSL_CTX_sess_*}); changed only through its event methods. */
    final CacheStatistics statistics = new CacheStatistics();

    /** The context's session store link (issue 16), or null. */
    private volatile StoreLink store;
    /** Whether core looks ids up in the store and puts new sessions (the provider's server asks core). */
    private volatile boolean storeByCore;
    private volatile ProviderContext storeProvider;

    /** A session id as a hash key; each session makes its own once (the id never changes). */
    static final class IdKey {
        private final byte[] id;
        private final int hash;

        /** @param id the id bytes, not copied: the caller does not change them */
        IdKey(byte[] id) {
            this.id = id;
            this.hash = Arrays.hashCode(id);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdKey && hash == ((IdKey) o).hash && Arrays.equals(id, ((IdKey) o).id);
        }

        @Override
        public int hashCode() {
            return hash;
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
        boolean updateTime = (mode & UPDATE_TIME) != 0;
        long now = updateTime ? System.currentTimeMillis() / 1000 : 0;
        SessionImpl replaced = null;
        SessionImpl evicted = null; // the usual single eviction, without a list
        List<SessionImpl> moreEvicted = null;
        synchronized (this) {
            SessionImpl old = byId.get(s.cacheKey);
            if (old == s) {
                // OpenSSL: the same object again returns 0 (its extra reference is dropped), but
                // SSL_CTX_add_session still relinks it (SSL_SESSION_list_add), as the newest of its expiry
                unlinkFromList(s);
                if (updateTime) {
                    s.timeRaw(now); // SSL_SESS_CACHE_UPDATE_TIME: time = now, expiry recomputed, re-sorted
                }
                linkInList(s);
                return false;
            }
            s.upRef(); // the cache's reference (throws, changing nothing, for a freed session)
            if (!s.claimOwner(this)) {
                s.free();
                // its list links belong to that cache; OpenSSL would corrupt both lists here
                throw new IllegalStateException(s + " is in another context's session cache; remove it there first "
                        + "(a session is in one cache at a time)");
            }
            if (updateTime) {
                s.timeRaw(now);
            }
            if (old != null) {
                // a different object with the same id replaces it silently (no remove callback)
                unlinkFromList(old);
                old.owner = null;
                replaced = old;
            } else {
                long max = size;
                while (max > 0 && count >= max && tail != null) {
                    SessionImpl victim = tail;
                    unlink(victim);
                    statistics.cacheFull();
                    if (evicted == null) {
                        evicted = victim;
                    } else {
                        if (moreEvicted == null) {
                            moreEvicted = new ArrayList<>();
                        }
                        moreEvicted.add(victim);
                    }
                }
                count++;
            }
            linkInList(s); // reads the expiry after claimOwner published the owner: see SessionImpl.setTimeout
            byId.put(s.cacheKey, s); // replaces 'old' under the equal key
        }
        if (evicted != null) {
            evictedOrFlushed(evicted);
            if (moreEvicted != null) {
                moreEvicted.forEach(this::evictedOrFlushed);
            }
        }
        if (replaced != null) {
            replaced.free();
        }
        return true;
    }

    @Override
    public boolean remove(SslSession session) {
        SessionImpl s = impl(session);
        boolean present;
        synchronized (this) {
            present = s.owner == this; // linked here, which is: byId maps its key to it
            if (present) {
                unlink(s);
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
        List<SessionImpl> removed = null;
        synchronized (this) {
            SessionImpl s;
            while ((s = tail) != null && (epochSeconds == 0 || epochSeconds > s.expiry())) {
                unlink(s);
                if (removed == null) {
                    removed = new ArrayList<>();
                }
                removed.add(s);
            }
        }
        if (removed != null) {
            removed.forEach(this::evictedOrFlushed);
        }
    }

    /** After the lock: marks an evicted or flushed entry, tells the remove callback, drops the cache's reference. */
    private void evictedOrFlushed(SessionImpl s) {
        s.markNotResumable();
        onRemoved(s);
        s.free();
    }

    /**
     * Finds a cached session by id (server-side lookup) without the lock; returns it with a new
     * reference, or null. A session removed meanwhile and already freed by everyone is a miss.
     */
    SessionImpl lookup(byte[] id) {
        if (id == null || id.length == 0) {
            return null;
        }
        SessionImpl s = byId.get(new IdKey(id));
        return s != null && s.tryUpRef() ? s : null;
    }

    boolean contains(SessionImpl s) {
        return byId.get(s.cacheKey) == s;
    }

    /** Re-sorts a cached session whose time or timeout changes. */
    void resort(SessionImpl s) {
        synchronized (this) {
            if (s.owner == this) {
                // SSL_SESSION_set_timeout: SSL_SESSION_list_add (remove + add), so among equal expiries
                // it now counts as the newest
                unlinkFromList(s);
                linkInList(s);
            }
        }
    }

    /** Takes an entry out of the hash and the list; under the lock. */
    private void unlink(SessionImpl s) {
        byId.remove(s.cacheKey);
        unlinkFromList(s);
        s.owner = null;
        count--;
    }

    /**
     * Links {@code s} into the expiry list (OpenSSL's {@code SSL_SESSION_list_add}): before every
     * entry that expires no later, so among equal expiries it is the newest, evicted last. Sessions
     * usually share one timeout, so a new one goes at the head in O(1); one that expires before all
     * goes at the tail in O(1); otherwise the list is walked (as OpenSSL walks it), from whichever end
     * is nearer in expiry. Under the lock.
     */
    private void linkInList(SessionImpl s) {
        long e = s.expiry();
        s.sortKey = e;
        SessionImpl h = head;
        SessionImpl t = tail;
        if (h == null) {
            s.prev = null;
            s.next = null;
            head = s;
            tail = s;
        } else if (e >= h.sortKey) {
            s.prev = null;
            s.next = h;
            h.prev = s;
            head = s;
        } else if (e < t.sortKey) {
            s.prev = t;
            s.next = null;
            t.next = s;
            tail = s;
        } else {
            // t.sortKey <= e < h.sortKey: s goes right after the last entry (from the head) that
            // expires later than e, which is neither null nor the tail
            SessionImpl after;
            if (h.sortKey - e <= e - t.sortKey) {
                after = h;
                while (after.next.sortKey > e) {
                    after = after.next;
                }
            } else {
                after = t.prev;
                while (after.sortKey <= e) {
                    after = after.prev;
                }
            }
            s.prev = after;
            s.next = after.next;
            after.next.prev = s;
            after.next = s;
        }
    }

    private void unlinkFromList(SessionImpl s) {
        SessionImpl p = s.prev;
        SessionImpl n = s.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        s.prev = null;
        s.next = null;
    }

    /**
     * The remove callback, called outside the lock (so it may use the cache) and before the cache's
     * reference goes. OpenSSL skips sessions without an id (it never caches them); sslkit caches
     * id-less sessions (some providers' TLS 1.3 and ticket sessions have none), so it tells the
     * callback about them too.
     */
    void onRemoved(SessionImpl s) {
        notifyRemoveCallback(s);
        StoreLink st = store;
        if (st != null) {
            st.remove(s.idContextRef(), s.id()); // remove_session_cb of the shared store: for every instance
        }
    }

    private void notifyRemoveCallback(SessionImpl s) {
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
        StoreLink st = store;
        if (st != null && storeByCore && ssl.isServer() && s.id().length > 0) {
            storePut(st, s); // new_session_cb of the shared store
        }
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
                statistics.miss();
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
                    statistics.callbackHit();
                    if (copy[0]) {
                        g.upRef();
                    }
                    s = g;
                    if ((m & NO_INTERNAL_STORE) == 0) {
                        try {
                            add(s);
                        } catch (IllegalStateException e) {
                            // held by another context's cache: not stored here, and, as OpenSSL says of
                            // SSL_CTX_add_session at this point, no reason to interrupt the resumption
                        }
                    }
                }
            }
        }
        if (s == null && storeByCore) {
            s = fromStore(id, sidCtx, m);
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
            statistics.timeout();
            remove(s);
            s.free();
            return null;
        }
        return s;
    }

    // ---- the shared session store (issue 16) ------------------------------------------------------

    /**
     * Attaches a session store ({@code Setting.SESSION_STORE}), replacing any earlier one, or detaches
     * with {@code null}. For a provider whose server asks core, core puts new server sessions
     * ({@link #notifyNew}) and looks ids up ({@link #findForServer}); for the others the provider gets
     * the link ({@link ProviderContext#attachSessionStore}). Removals go to the store either way
     * ({@link #onRemoved}), and removals anywhere in the fleet come back through the store's
     * subscription ({@link #removedElsewhere}).
     */
    void attachStore(SessionStore st, boolean byCore, ProviderContext pctx) {
        StoreLink old;
        StoreLink link = st == null ? null : new StoreLink(st, statistics::storeError);
        synchronized (this) {
            old = store;
            storeByCore = byCore;
            storeProvider = pctx;
            store = link;
        }
        if (old != null) {
            old.close();
        }
        if (!byCore && pctx != null) {
            pctx.attachSessionStore(link);
        }
        if (link != null) {
            link.subscribe(this::removedElsewhere);
        }
    }

    /** {@code SSL_CTX_free}: the context's teardown flush must not delete the fleet's sessions. */
    void detachStore() {
        StoreLink old = store;
        store = null;
        if (old != null) {
            old.close();
        }
    }

    private void storePut(StoreLink st, SessionImpl s) {
        byte[] bytes;
        try {
            bytes = s.toBytes();
        } catch (SslException | RuntimeException e) {
            st.undecodable(s.id(), e); // cannot happen for a provider that declares the store; counted if it does
            return;
        }
        st.put(s.idContextRef(), s.id(), bytes, s.expiry() - System.currentTimeMillis() / 1000);
    }

    /**
     * {@code get_session_cb} of the shared store: the bytes under (id context, id), decoded; a
     * session found is counted in {@code cb_hits} and stored in the in-process cache unless
     * {@code NO_INTERNAL_STORE}, as a get-callback session is. Garbage is a store error and a miss.
     */
    private SessionImpl fromStore(byte[] id, byte[] sidCtx, int m) {
        StoreLink st = store;
        if (st == null) {
            return null;
        }
        byte[] ctx = sidCtx == null ? new byte[0] : sidCtx;
        byte[] bytes = st.get(ctx, id);
        if (bytes == null) {
            return null;
        }
        SessionImpl s;
        try {
            s = SessionImpl.fromBytes(bytes, owner);
        } catch (SslException | RuntimeException e) {
            st.undecodable(id, e);
            return null;
        }
        if (!Arrays.equals(s.id(), id) || !Arrays.equals(s.idContextRef(), ctx)) {
            st.undecodable(id, new SslException(SslReason.BAD_VALUE, "the stored session has another id or id context"));
            s.free();
            return null;
        }
        statistics.callbackHit();
        if ((m & NO_INTERNAL_STORE) == 0) {
            try {
                add(s);
            } catch (IllegalStateException e) {
                // cannot happen for a session just decoded; no reason to interrupt the resumption
            }
        }
        return s;
    }

    /**
     * A session was removed somewhere in the fleet (this instance included): drop the in-process
     * copy (not resumable, remove callback, the cache's reference) without deleting in the store
     * again, and let the provider drop its own copy.
     */
    void removedElsewhere(byte[] idContext, byte[] id) {
        SessionImpl s = lookup(id);
        if (s != null) {
            if (Arrays.equals(s.idContextRef(), idContext)) {
                boolean present;
                synchronized (this) {
                    present = s.owner == this;
                    if (present) {
                        unlink(s);
                    }
                }
                s.markNotResumable();
                notifyRemoveCallback(s);
                if (present) {
                    s.free();
                }
            }
            s.free(); // lookup's reference
        }
        ProviderContext p = storeProvider;
        if (p != null && !storeByCore) {
            try {
                p.sessionRemovedElsewhere(idContext.clone(), id.clone());
            } catch (RuntimeException e) {
                System.getLogger("dev.sslkit.store").log(System.Logger.Level.DEBUG, "provider failed to drop a removed session", e);
            }
        }
    }

    /** @return whether the hash and the expiry list hold exactly the same entries, in order (for tests) */
    boolean consistent() {
        synchronized (this) {
            int n = 0;
            long last = Long.MIN_VALUE;
            SessionImpl after = null;
            for (SessionImpl s = tail; s != null; s = s.prev) {
                if (s.owner != this || s.next != after || byId.get(s.cacheKey) != s || s.sortKey < last
                        || s.sortKey != s.expiry()) {
                    return false;
                }
                last = s.sortKey;
                after = s;
                n++;
            }
            return after == head && n == count && n == byId.size();
        }
    }

    /** @return the cached sessions, earliest expiry first (for tests) */
    List<SessionImpl> inExpiryOrder() {
        synchronized (this) {
            List<SessionImpl> l = new ArrayList<>(count);
            for (SessionImpl s = tail; s != null; s = s.prev) {
                l.add(s);
            }
            return l;
        }
    }

    @Override
    public int number() {
        return count;
    }

    @Override
    public Stats stats() {
        return statistics.snapshot(number());
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
