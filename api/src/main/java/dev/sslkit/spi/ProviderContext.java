package dev.sslkit.spi;

import dev.sslkit.SslException;

/** A provider's state for one {@code SslContext}; freed when the context is released. */
public interface ProviderContext {
    /**
     * Makes the engine for one connection, when its handshake starts.
     *
     * @param spec the connection's role, settings and core hooks
     * @return a new engine
     * @throws SslException if a setting cannot be applied
     */
    TlsEngine newEngine(EngineSpec spec) throws SslException;

    /**
     * Attaches (or, with {@code null}, detaches) the context's session store, for a provider whose
     * capabilities declare {@code Setting.SESSION_STORE} while its own server cache decides
     * resumption: its server then puts new sessions into the store and looks offered ids up there
     * when its cache does not have them. Providers whose server asks core
     * ({@link Capabilities#serverCacheControlledByCore()}) need nothing: core consults the store.
     * Core calls this only for providers that declare the setting; the default does nothing.
     *
     * @param store core's fault-tolerant view of the store, or {@code null}
     */
    default void attachSessionStore(SessionStoreAccess store) {
    }

    /**
     * A session was removed from the fleet's store (by any instance): the provider drops it from its
     * own server cache, so it is not resumed here either. The default does nothing (right for
     * providers whose server resumes only what core's cache returns).
     *
     * @param idContext the session id context
     * @param id        the session id
     */
    default void sessionRemovedElsewhere(byte[] idContext, byte[] id) {
    }

    /** Releases the provider's resources; called once, when the context is released. */
    void free();
}
