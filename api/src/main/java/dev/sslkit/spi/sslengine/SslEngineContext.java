package dev.sslkit.spi.sslengine;

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
    private final String providerId;
    private final SSLContext sslContext;
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
        this.providerId = Objects.requireNonNull(providerId, "providerId must not be null");
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext must not be null");
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch must not be null");
        sslContext.init(new KeyManager[] {dispatch.keyManager()}, new TrustManager[] {dispatch.trustManager()}, null);
    }

    /**
     * Sizes both of the provider's session caches ({@code SSL_CTX_sess_set_cache_size}).
     *
     * @param size the number of sessions per side
     */
    protected final void sessionCacheSize(int size) {
        for (SSLSessionContext sc : new SSLSessionContext[] {sslContext.getClientSessionContext(),
                sslContext.getServerSessionContext()}) {
            sc.setSessionCacheSize(size);
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
        appliedTimeout = seconds;
    }

    /** {@code SSL_CTX_free}'s provider part: refuses new engines and forgets every registration. */
    @Override
    public void free() {
        freed = true;
        dispatch.clear();
    }
}
