package dev.sslkit;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A server session store shared by several server instances (a fleet behind a load balancer): the
 * shape of OpenSSL's external session cache, {@code SSL_CTX_sess_set_new_cb} ({@link #put}),
 * {@code SSL_CTX_sess_set_remove_cb} ({@link #remove}) and {@code SSL_CTX_sess_set_get_cb}
 * ({@link #get}) over {@code i2d_SSL_SESSION}/{@code d2i_SSL_SESSION} bytes, keyed by session id
 * and namespaced by the session id context ({@code SSL_CTX_set_session_id_context}).
 *
 * <p>Set one on a server context with {@code ctx.set(Setting.SESSION_STORE, store)}: the context's
 * session cache then uses it beside its in-process cache. New server sessions are put (with the
 * session timeout as time-to-live), a server looks an id up in the store when its in-process cache
 * does not have it, and every removal the cache makes (RFC 2246 bad sessions, evictions, expiry
 * flushes, {@link SslSessionCache#remove}) deletes the entry for every instance; the other
 * instances hear of it through {@link #subscribeRemovals} and drop their in-process copies. A
 * context's own teardown ({@code SSL_CTX_free}) does <em>not</em> delete the fleet's sessions.
 * Providers that cannot take part refuse the setting with {@code SETTING_NOT_SUPPORTED} (see the
 * capability matrix).
 *
 * <p>Faults never reach the application: a lookup that fails, completes exceptionally, returns
 * bytes that do not decode, or takes longer than {@link #lookupDeadline()} gives a full handshake;
 * sslkit counts it in {@link SslSessionCache.Stats#storeErrors()} and logs once per burst of
 * failures through {@link System.Logger} (logger {@code dev.sslkit.store}).
 *
 * <p>The bytes are sslkit's or the provider's serialized session, which hold the master secret: an
 * implementation that keeps them outside the process must protect them (the Redis store seals them
 * with AES-GCM). Thread safety: implementations must be safe for concurrent use; the methods are
 * called on handshake threads and must not block beyond starting the operation.
 */
public interface SessionStore {

    /**
     * {@code get_session_cb}: finds a session by id.
     *
     * @param idContext the session id context (possibly empty), the namespace
     * @param id        the session id the client offered (not empty)
     * @return a stage completing with the stored bytes, or {@code null} when there are none
     */
    CompletionStage<byte[]> get(byte[] idContext, byte[] id);

    /**
     * {@code new_session_cb}: stores a new session, replacing an entry of the same key.
     *
     * @param idContext the session id context (possibly empty)
     * @param id        the session id (not empty)
     * @param session   the serialized session
     * @param ttl       how long the entry lives: the session's remaining timeout
     * @return a stage completing when stored
     */
    CompletionStage<Void> put(byte[] idContext, byte[] id, byte[] session, Duration ttl);

    /**
     * {@code remove_session_cb}: deletes a session for every instance and tells the other
     * instances' {@linkplain #subscribeRemovals subscribers}.
     *
     * @param idContext the session id context (possibly empty)
     * @param id        the session id (not empty)
     * @return a stage completing when deleted
     */
    CompletionStage<Void> remove(byte[] idContext, byte[] id);

    /**
     * Subscribes to removals made by any instance (this one included), so an instance drops the
     * in-process copies of a session another instance removed.
     *
     * @param listener called with the id context and id of each removed session, on a thread of the
     *                 store's; must not block
     * @return closes the subscription
     */
    AutoCloseable subscribeRemovals(RemovalListener listener);

    /**
     * @return how long a handshake waits for {@link #get}; past it the handshake goes on as a full
     *         handshake and the lookup counts as a store error. Default 5 ms.
     */
    default Duration lookupDeadline() {
        return Duration.ofMillis(5);
    }

    /** A removal somewhere in the fleet. */
    @FunctionalInterface
    interface RemovalListener {
        /**
         * @param idContext the session id context
         * @param id        the session id
         */
        void removed(byte[] idContext, byte[] id);
    }
}
