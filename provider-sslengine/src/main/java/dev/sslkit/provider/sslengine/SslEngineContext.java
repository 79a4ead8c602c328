package dev.sslkit.provider.sslengine;

import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.ProviderContext;
import dev.sslkit.spi.TlsEngine;

import java.security.KeyManagementException;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

/**
 * SPI support for SSLEngine-based providers: one {@code SslContext}'s provider state
 * ({@code SSL_CTX}) as a {@link SSLContext} initialised with an {@link EngineDispatch}'s key and
 * trust managers. It applies the context's {@code SSL_CTX_set_timeout} to the provider's session
 * caches before each new engine, so that the provider stops resuming a session when sslkit's cache
 * times it out, and refuses new engines once freed.
 *
 * <p>Thread safety: safe for concurrent use.
 */
public abstract class SslEngineContext implements ProviderContext {
    /** Makes another, uninitialised {@link SSLContext} of the same provider. */
    @FunctionalInterface
    public interface Factory {
        /** @return a new provider context @throws java.security.GeneralSecurityException if the provider refuses */
        SSLContext create() throws java.security.GeneralSecurityException;
    }

    private final String providerId;
    private final SSLContext sslContext;
    private final Factory factory;
    /**
     * Server contexts per session id context: an {@code SSLEngine} provider's server cache belongs to
     * its {@code SSLContext}, so servers of different id contexts get different ones and never resume
     * each other's sessions ({@code SSL_set_session_id_context}).
     */
    private final java.util.concurrent.ConcurrentHashMap<String, SSLContext> byIdContext = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int cacheSize = -1;
    private final EngineDispatch dispatch;
    private volatile long appliedTimeout = -1;
    private volatile boolean freed;

    /**
     * Initialises {@code sslContext} with the dispatch's managers ({@code SSL_CTX_new}'s provider part).
     *
     * @param providerId the provider's id, for messages
     * @param sslContext the provider's context, not yet initialised
     * @param dispatch   how its managers find the connection
     * @throws KeyManagementException if the provider refuses to initialise it
     * @throws NullPointerException   if an argument is null
     */
    protected SslEngineContext(String providerId, SSLContext sslContext, EngineDispatch dispatch)
            throws KeyManagementException {
        this(providerId, sslContext, dispatch, null);
    }

    /**
     * As {@link #SslEngineContext(String, SSLContext, EngineDispatch)}, with a factory for the server
     * contexts of other session id contexts.
     *
     * @param providerId the provider's id, for messages
     * @param sslContext the provider's context, not yet initialised
     * @param dispatch   how its managers find the connection
     * @param factory    makes more contexts of the provider, or {@code null} to use one for every id context
     * @throws KeyManagementException if the provider refuses to initialise it
     */
    protected SslEngineContext(String providerId, SSLContext sslContext, EngineDispatch dispatch, Factory factory)
            throws KeyManagementException {
        this.providerId = Objects.requireNonNull(providerId, "providerId must not be null");
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext must not be null");
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch must not be null");
        this.factory = factory;
        sslContext.init(new KeyManager[] {dispatch.keyManager()}, new TrustManager[] {dispatch.trustManager()}, null);
    }

    /**
     * @param spec a connection
     * @return the provider context its engine comes from: for a server with a session id context,
     *         one of its own (made on first use), so sessions never cross id contexts
     * @throws SslException if the provider refuses to make one
     */
    public final SSLContext sslContext(EngineSpec spec) throws SslException {
        byte[] sid = spec.clientMode() || factory == null ? null : spec.get(Setting.SESSION_ID_CONTEXT);
        if (sid == null || sid.length == 0) {
            return sslContext;
        }
        String key = java.util.HexFormat.of().formatHex(sid);
        SSLContext c = byIdContext.get(key);
        if (c != null) {
            return c;
        }
        try {
            SSLContext n = factory.create();
            n.init(new KeyManager[] {dispatch.keyManager()}, new TrustManager[] {dispatch.trustManager()}, null);
            if (cacheSize >= 0) {
                n.getServerSessionContext().setSessionCacheSize(cacheSize);
            }
            if (appliedTimeout >= 0) {
                n.getServerSessionContext().setSessionTimeout((int) Math.min(Integer.MAX_VALUE, appliedTimeout));
            }
            SSLContext prev = byIdContext.putIfAbsent(key, n);
            return prev != null ? prev : n;
        } catch (java.security.GeneralSecurityException e) {
            throw new SslException(dev.sslkit.SslReason.PROVIDER_ERROR, providerId + ": cannot make a context for a "
                    + "session id context: " + e.getMessage(), e);
        }
    }

    /**
     * Sizes both of the provider's session caches ({@code SSL_CTX_sess_set_cache_size}).
     *
     * @param size the number of sessions per side
     */
    protected final void sessionCacheSize(int size) {
        cacheSize = size;
        for (SSLSessionContext sc : new SSLSessionContext[] {sslContext.getClientSessionContext(),
                sslContext.getServerSessionContext()}) {
            sc.setSessionCacheSize(size);
        }
        for (SSLContext c : byIdContext.values()) {
            c.getServerSessionContext().setSessionCacheSize(size);
        }
    }

    /** @return the provider's context */
    public final SSLContext sslContext() {
        return sslContext;
    }

    /** @return the context's dispatch (its counts are for tests and diagnostics) */
    public final EngineDispatch dispatch() {
        return dispatch;
    }

    /**
     * {@code SSL_new}'s provider part: applies the context's session timeout, then
     * {@link #createEngine}.
     *
     * @throws IllegalStateException if this context was freed
     * @throws SslException          as {@link #createEngine}
     */
    @Override
    public final TlsEngine newEngine(EngineSpec spec) throws SslException {
        if (freed) {
            throw new IllegalStateException(providerId + " provider context already freed");
        }
        applySessionTimeout(spec.get(Setting.SESSION_TIMEOUT));
        return createEngine(spec);
    }

    /**
     * @param spec the connection's settings
     * @return a new engine of this context
     * @throws SslException if the settings cannot be honoured or the provider refuses
     */
    protected abstract TlsEngine createEngine(EngineSpec spec) throws SslException;

    /** {@code SSL_CTX_set_timeout} on the provider's caches; they check it against each session's creation time. */
    private void applySessionTimeout(Long seconds) {
        if (seconds == null || seconds == appliedTimeout) {
            return;
        }
        int t = (int) Math.min(Integer.MAX_VALUE, seconds);
        sslContext.getClientSessionContext().setSessionTimeout(t);
        sslContext.getServerSessionContext().setSessionTimeout(t);
        for (SSLContext c : byIdContext.values()) {
            c.getServerSessionContext().setSessionTimeout(t);
        }
        appliedTimeout = seconds;
    }

    /** {@code SSL_CTX_free}'s provider part: refuses new engines and forgets every registration. */
    @Override
    public void free() {
        freed = true;
        dispatch.clear();
        byIdContext.clear();
    }
}
