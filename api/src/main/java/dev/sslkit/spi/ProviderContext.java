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

    /** Releases the provider's resources; called once, when the context is released. */
    void free();
}
