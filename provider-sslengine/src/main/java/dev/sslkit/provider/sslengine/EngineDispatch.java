package dev.sslkit.provider.sslengine;

import dev.sslkit.CertifiedKey;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * SPI support for SSLEngine-based providers: one {@code SslContext}'s key and trust managers
 * ({@link #keyManager()}, {@link #trustManager()}, given to {@link SSLContext#init}) that forward
 * each call to the {@link dev.sslkit.spi.EngineSpec#keySelector()} and
 * {@link dev.sslkit.spi.EngineSpec#verifier()} of the connection it is about — OpenSSL's
 * {@code SSL_CTX_set_cert_cb} and {@code SSL_CTX_set_verify} callbacks. They select and check
 * nothing themselves.
 *
 * <p>How the connection is found is the provider's choice:
 * <ul>
 *   <li>{@link #byEngine}: by the {@link SSLEngine} the manager is given, for providers that pass
 *       the engine {@code createSSLEngine} returned (SunJSSE). Engines are registered when made and
 *       removed when freed; the map is an identity map as long as the engine keeps
 *       {@code Object}'s {@code equals}/{@code hashCode}.
 *   <li>{@link #byThread}: the connection whose {@code beginHandshake}, {@code wrap} or
 *       {@code unwrap} runs on the calling thread, for providers that pass some other engine object
 *       and call the managers synchronously (Conscrypt).
 * </ul>
 * Either way, {@code getAcceptedIssuers()} (asked without an engine when a server writes its
 * CertificateRequest) is answered for the connection running on the calling thread.
 *
 * <p>Key selections are registered under aliases unique to the selection ({@code sslkit-N}),
 * because the provider resolves an alias with {@code getCertificateChain} / {@code getPrivateKey},
 * which carry no engine; they are released when the connection is freed.
 *
 * <p>Thread safety: safe for concurrent use.
 */
public final class EngineDispatch {
    /** The connection whose call into its engine runs on this thread (innermost first). */
    static final ThreadLocal<SslEngineTlsEngine> CURRENT = new ThreadLocal<>();

    private final String providerId;
    private final boolean byThread;
    private final Map<SSLEngine, SslEngineTlsEngine> engines = new ConcurrentHashMap<>();
    private final Map<String, CertifiedKey> aliases = new ConcurrentHashMap<>();
    private final AtomicLong aliasCounter = new AtomicLong();
    private final X509ExtendedKeyManager keyManager = new DispatchingKeyManager(this);
    private final X509ExtendedTrustManager trustManager = new DispatchingTrustManager(this);

    private EngineDispatch(String providerId, boolean byThread) {
        this.providerId = Objects.requireNonNull(providerId, "providerId must not be null");
        this.byThread = byThread;
    }

    /**
     * Dispatch by the {@link SSLEngine} the provider passes to its key and trust managers.
     *
     * @param providerId the provider's id, for messages
     * @return a new dispatch for one context
     * @throws NullPointerException if {@code providerId} is null
     */
    public static EngineDispatch byEngine(String providerId) {
        return new EngineDispatch(providerId, false);
    }

    /**
     * Dispatch to the connection running on the calling thread.
     *
     * @param providerId the provider's id, for messages
     * @return a new dispatch for one context
     * @throws NullPointerException if {@code providerId} is null
     */
    public static EngineDispatch byThread(String providerId) {
        return new EngineDispatch(providerId, true);
    }

    /** @return the key manager to give the context's {@link SSLContext} */
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /** @return the trust manager to give the context's {@link SSLContext} */
    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /** Forgets every connection and key selection ({@code SSL_CTX_free}'s part). */
    public void clear() {
        engines.clear();
        aliases.clear();
    }

    /** @return how many live connections are registered (for tests and diagnostics) */
    public int registeredEngines() {
        return engines.size();
    }

    /** @return how many key selections are registered (for tests and diagnostics) */
    public int registeredKeys() {
        return aliases.size();
    }

    // ---- package-private: the managers and the engine base ----------------------------------

    String providerId() {
        return providerId;
    }

    boolean isByThread() {
        return byThread;
    }

    void add(SslEngineTlsEngine e) {
        if (!byThread) {
            engines.put(e.engine, e);
        }
    }

    void remove(SslEngineTlsEngine e) {
        if (!byThread) {
            engines.remove(e.engine);
        }
    }

    /** @return the connection a manager call is about, or {@code null} */
    SslEngineTlsEngine lookup(SSLEngine engine) {
        if (byThread) {
            return CURRENT.get();
        }
        return engine == null ? null : engines.get(engine);
    }

    String register(CertifiedKey key) {
        String alias = "sslkit-" + aliasCounter.incrementAndGet();
        aliases.put(alias, key);
        return alias;
    }

    CertifiedKey key(String alias) {
        return alias == null ? null : aliases.get(alias);
    }

    void release(String alias) {
        aliases.remove(alias);
    }
}
