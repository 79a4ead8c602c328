package dev.sslkit.spi;

/**
 * Core's view of a context's {@link dev.sslkit.SessionStore}, given to a provider whose own server
 * cache decides resumption ({@link Capabilities#serverCacheControlledByCore()} is {@code false}) but
 * can take and give serialized sessions, e.g. Conscrypt's {@code SSLServerSessionCache}. Core
 * enforces the store's lookup deadline, counts every failure in the cache statistics
 * ({@code storeErrors}) and logs once per burst, so these methods never throw and never block past
 * the deadline.
 *
 * <p>Thread safety: safe for concurrent use.
 */
public interface SessionStoreAccess {
    /**
     * @param idContext the session id context the provider's server cache serves (possibly empty)
     * @param id        the session id a client offered
     * @return the provider's bytes put under that key, or {@code null} on a miss, a failure or a
     *         timeout (then the handshake is a full one)
     */
    byte[] get(byte[] idContext, byte[] id);

    /**
     * Stores a new server session of the provider, asynchronously.
     *
     * @param idContext  the session id context (possibly empty)
     * @param id         the session id (ignored when empty)
     * @param bytes      the provider's serialized session
     * @param ttlSeconds its lifetime (the session timeout)
     */
    void put(byte[] idContext, byte[] id, byte[] bytes, long ttlSeconds);
}
