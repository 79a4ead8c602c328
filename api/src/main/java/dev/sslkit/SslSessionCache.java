package dev.sslkit;

/**
 * The session cache of a context ({@code SSL_CTX_set_session_cache_mode} and friends), with
 * OpenSSL 3's semantics: entries ordered by expiry, evict-before-insert when full, periodic flush
 * of expired entries, statistics. Shared by every connection of the context.
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
public interface SslSessionCache {
    /** {@code SSL_SESS_CACHE_OFF} */
    int OFF = 0x0;
    /** {@code SSL_SESS_CACHE_CLIENT} */
    int CLIENT = 0x1;
    /** {@code SSL_SESS_CACHE_SERVER} (the default) */
    int SERVER = 0x2;
    /** {@code SSL_SESS_CACHE_BOTH} */
    int BOTH = CLIENT | SERVER;
    /** {@code SSL_SESS_CACHE_NO_AUTO_CLEAR} */
    int NO_AUTO_CLEAR = 0x80;
    /** {@code SSL_SESS_CACHE_NO_INTERNAL_LOOKUP} */
    int NO_INTERNAL_LOOKUP = 0x100;
    /** {@code SSL_SESS_CACHE_NO_INTERNAL_STORE} */
    int NO_INTERNAL_STORE = 0x200;
    /** {@code SSL_SESS_CACHE_NO_INTERNAL} */
    int NO_INTERNAL = NO_INTERNAL_LOOKUP | NO_INTERNAL_STORE;
    /** {@code SSL_SESS_CACHE_UPDATE_TIME} */
    int UPDATE_TIME = 0x400;
    /** {@code SSL_SESSION_CACHE_MAX_SIZE_DEFAULT} */
    long DEFAULT_SIZE = 20480;

    /** @param mode the new mode bits  @return the previous mode */
    int setMode(int mode);

    /** @return the mode bits */
    int mode();

    /** @param size the maximum number of entries, 0 = unlimited  @return the previous size */
    long setSize(long size);

    /** @return the maximum number of entries */
    long size();

    /**
     * {@code SSL_CTX_add_session}. When full, the entries that expire first are evicted before the
     * insert (marked not resumable, remove callback, {@code cache_full}), so the new session always
     * stays. Another cached object with the same id is replaced silently. The same object again is
     * relinked as OpenSSL does: among entries of equal expiry it becomes the newest (evicted last).
     * With {@link #UPDATE_TIME} the session's time is set to now. Thread-safe.
     *
     * @param session the session
     * @return {@code true} for a new entry, {@code false} when the same object was already cached
     * @throws IllegalStateException if another context's cache holds the session (a session is in one
     *         cache at a time)
     */
    boolean add(SslSession session);

    /**
     * {@code SSL_CTX_remove_session}: removes the session, marks it non-resumable and calls the
     * remove callback, whether or not it was cached.
     *
     * @param session the session
     * @return whether it was cached
     */
    boolean remove(SslSession session);

    /** {@code SSL_CTX_flush_sessions_ex}: removes sessions expired at {@code epochSeconds} (0: all). @param epochSeconds the time */
    void flush(long epochSeconds);

    /** @return {@code SSL_CTX_sess_number}: the number of cached sessions */
    int number();

    /** @return a snapshot of the statistics */
    Stats stats();

    /**
     * {@code SSL_CTX_sess_set_new_cb}: called when a handshake made a new session (a TLS 1.3 client:
     * per ticket), with a reference for the callback.
     *
     * @param cb the callback, or {@code null} for none
     */
    void setNewSessionCallback(NewSessionCallback cb);

    /**
     * {@code SSL_CTX_sess_set_remove_cb}: called when a session leaves the cache or is found bad
     * (removal, eviction, expiry flush, RFC 2246 rule, a fatal alert), whether or not it was cached —
     * but not when another object with the same id replaces it in {@link #add}. No reference is passed.
     *
     * @param cb the callback, or {@code null} for none
     */
    void setRemoveSessionCallback(RemoveSessionCallback cb);

    /**
     * {@code SSL_CTX_sess_set_get_cb}: a server's lookup of a session id the internal cache does not
     * have (or any id, with {@link #NO_INTERNAL_LOOKUP}); called even when the mode is {@link #OFF}.
     * A session it returns is counted in {@code cb_hits} and stored in the internal cache (unless
     * {@link #NO_INTERNAL_STORE}) before its id context and timeout are checked, as OpenSSL does.
     * Only for providers whose server lets sslkit decide which session to resume
     * ({@code Capabilities.serverCacheControlledByCore()}, see the capability matrix); other
     * providers' servers never call it.
     *
     * @param cb the callback, or {@code null} for none
     */
    void setGetSessionCallback(GetSessionCallback cb);

    /** {@code new_session_cb}. */
    @FunctionalInterface
    interface NewSessionCallback {
        /**
         * @param ssl     the connection
         * @param session the new session, with one reference for the callback
         * @return {@code true} to keep that reference (free it later), {@code false} to let sslkit drop it
         */
        boolean onNewSession(Ssl ssl, SslSession session);
    }

    /** {@code remove_session_cb}. */
    @FunctionalInterface
    interface RemoveSessionCallback {
        /**
         * Must not free the session (no reference is passed); may call the cache again.
         *
         * @param context the context whose cache it was in
         * @param session the session, now not resumable
         */
        void onRemoveSession(SslContext context, SslSession session);
    }

    /** {@code get_session_cb}. */
    @FunctionalInterface
    interface GetSessionCallback {
        /**
         * @param ssl  the server connection
         * @param id   the session id the client offered
         * @param copy {@code copy[0]} is {@code true} on entry: sslkit then takes its own reference on
         *             the returned session; set it to {@code false} to hand over one of yours instead
         * @return the session, or {@code null}; a session that is not resumable is ignored (and freed
         *         if {@code copy[0]} was false)
         */
        SslSession getSession(Ssl ssl, byte[] id, boolean[] copy);
    }

    /**
     * The statistics of {@code SSL_CTX_sess_*}.
     *
     * @param number             {@code SSL_CTX_sess_number}
     * @param connect            client handshakes started
     * @param connectGood        client handshakes finished
     * @param connectRenegotiate client renegotiations started
     * @param accept             server handshakes started
     * @param acceptGood         server handshakes finished
     * @param acceptRenegotiate  server renegotiations started
     * @param hits               sessions reused (server: resumed; client: the session set was resumed)
     * @param cbHits             sessions found through the get callback or the {@link SessionStore}
     * @param misses             server: internal lookups that found nothing (only counted by providers
     *                           whose server asks core); client: offered sessions the server did not resume
     * @param timeouts           sessions found expired
     * @param cacheFull          sessions evicted because the cache was full
     * @param storeErrors        operations on the context's {@link SessionStore} that failed: a lookup
     *                           that failed, timed out or returned bytes that do not decode (each gave a
     *                           full handshake), or a put or remove that failed (no OpenSSL equivalent)
     */
    record Stats(long number, long connect, long connectGood, long connectRenegotiate, long accept, long acceptGood,
                 long acceptRenegotiate, long hits, long cbHits, long misses, long timeouts, long cacheFull, long storeErrors) {
        /**
         * The statistics without a session store (source compatibility with the twelve-field form).
         *
         * @param number             see above
         * @param connect            see above
         * @param connectGood        see above
         * @param connectRenegotiate see above
         * @param accept             see above
         * @param acceptGood         see above
         * @param acceptRenegotiate  see above
         * @param hits               see above
         * @param cbHits             see above
         * @param misses             see above
         * @param timeouts           see above
         * @param cacheFull          see above
         */
        public Stats(long number, long connect, long connectGood, long connectRenegotiate, long accept, long acceptGood,
                     long acceptRenegotiate, long hits, long cbHits, long misses, long timeouts, long cacheFull) {
            this(number, connect, connectGood, connectRenegotiate, accept, acceptGood, acceptRenegotiate, hits, cbHits,
                    misses, timeouts, cacheFull, 0);
        }
    }
}
