package dev.sslkit.core;

import dev.sslkit.SslSessionCache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenSSL's {@code SSL_CTX_sess_*} counters of one context. They change only through the methods
 * below, each named after the event OpenSSL counts; the handshake-side events are counted by
 * {@link HandshakeOutcome}, the lookup-side ones by {@link SessionCacheImpl}. Thread-safe.
 */
final class CacheStatistics {
    private final AtomicLong connect = new AtomicLong();
    private final AtomicLong connectGood = new AtomicLong();
    private final AtomicLong connectRenegotiate = new AtomicLong();
    private final AtomicLong accept = new AtomicLong();
    private final AtomicLong acceptGood = new AtomicLong();
    private final AtomicLong acceptRenegotiate = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong cbHits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong cacheFull = new AtomicLong();
    private final AtomicLong storeErrors = new AtomicLong();

    /** A session store operation failed (issue 16). */
    void storeError() {
        storeErrors.incrementAndGet();
    }

    /** {@code SSL_CTX_sess_connect} / {@code _accept}: a handshake started. @param server the role */
    void handshakeStarted(boolean server) {
        (server ? accept : connect).incrementAndGet();
    }

    /** {@code SSL_CTX_sess_connect_renegotiate} / {@code _accept_renegotiate}. @param server the role */
    void renegotiationStarted(boolean server) {
        (server ? acceptRenegotiate : connectRenegotiate).incrementAndGet();
    }

    /** {@code SSL_CTX_sess_connect_good} / {@code _accept_good}. @param server the role */
    void handshakeGood(boolean server) {
        (server ? acceptGood : connectGood).incrementAndGet();
    }

    /**
     * @param server the role
     * @return whether the good-handshake count before this one ends in 0xff: OpenSSL's auto-flush on
     *         every 256th good handshake
     */
    boolean flushDue(boolean server) {
        return ((server ? acceptGood : connectGood).get() & 0xff) == 0xff;
    }

    /** {@code SSL_CTX_sess_hits}: a session was resumed. */
    void hit() {
        hits.incrementAndGet();
    }

    /** {@code SSL_CTX_sess_misses}: a server's internal lookup failed, or a client's offer was declined. */
    void miss() {
        misses.incrementAndGet();
    }

    /** {@code SSL_CTX_sess_cb_hits}: the get-session callback supplied the session. */
    void callbackHit() {
        cbHits.incrementAndGet();
    }

    /** {@code SSL_CTX_sess_timeouts}: a looked-up session had expired. */
    void timeout() {
        timeouts.incrementAndGet();
    }

    /** {@code SSL_CTX_sess_cache_full}: a session was evicted to make room. */
    void cacheFull() {
        cacheFull.incrementAndGet();
    }

    /** @param number the sessions in the cache now  @return the figures */
    SslSessionCache.Stats snapshot(int number) {
        return new SslSessionCache.Stats(number, connect.get(), connectGood.get(), connectRenegotiate.get(), accept.get(),
                acceptGood.get(), acceptRenegotiate.get(), hits.get(), cbHits.get(), misses.get(), timeouts.get(), cacheFull.get(), storeErrors.get());
    }
}
