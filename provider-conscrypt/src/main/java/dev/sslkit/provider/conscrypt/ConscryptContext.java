package dev.sslkit.provider.conscrypt;

import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslReason;
import dev.sslkit.provider.sslengine.CipherSuites;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.TlsEngine;
import dev.sslkit.provider.sslengine.EngineDispatch;
import dev.sslkit.provider.sslengine.SslEngineContext;
import org.conscrypt.Conscrypt;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * One {@code SslContext}'s Conscrypt state ({@code SSL_CTX}): a Conscrypt {@link SSLContext} whose
 * key and trust managers dispatch to the connection being handshaken.
 *
 * <p>Dispatch ({@link EngineDispatch#byThread}): Conscrypt calls {@code chooseEngineServerAlias} /
 * {@code checkServerTrusted} with its inner {@code org.conscrypt.ConscryptEngine}, not the
 * {@code Java8EngineWrapper} that {@code createSSLEngine} returned, so an identity map of the engines
 * we hold would never match. Every such call happens synchronously inside {@code beginHandshake},
 * {@code wrap} or {@code unwrap} on the calling thread (Conscrypt has no delegated tasks), so the
 * engine running on this thread (set around those calls) is the one asked about. The trust manager is
 * not Conscrypt's {@code TrustManagerImpl}, so Conscrypt's hostname verifier never runs
 * ({@code Conscrypt.setHostnameVerifier} applies to that class only): core checks host names.
 *
 * <p>Caches: Conscrypt's own caches hold the native sessions sslkit resumes. They are bounded
 * ({@code -Dsslkit.conscrypt.sessionCacheSize}, default {@value #DEFAULT_CACHE_SIZE} per side; Conscrypt's
 * defaults are 10 client / 100 server) and evict oldest first; sslkit's cache decides what is
 * offered, Conscrypt's only has to keep it resumable. The native {@code SSL_CTX} of each cache is
 * freed by Conscrypt's finalizer: Conscrypt has no API to free it earlier.
 */
final class ConscryptContext extends SslEngineContext {
    static final int DEFAULT_CACHE_SIZE = 1024;
    static final int CACHE_SIZE = Integer.getInteger("sslkit.conscrypt.sessionCacheSize", DEFAULT_CACHE_SIZE);

    /** Synthetic client session keys, shared by all contexts so that keys never collide. */
    private static final AtomicLong CLIENT_KEYS = new AtomicLong();

    private final SslMethod method;
    private final Map<String, String[]> suiteCache = new ConcurrentHashMap<>();

    private ConscryptContext(SslMethod method, SSLContext sslContext) throws GeneralSecurityException {
        super(ConscryptProvider.ID, sslContext, EngineDispatch.byThread(ConscryptProvider.ID), () -> SSLContext.getInstance("TLS", Holder.PROVIDER));
        this.method = method;
    }

    /** {@code SSL_CTX_new}'s provider part: a Conscrypt {@link SSLContext} with dispatching managers. */
    static ConscryptContext create(SslMethod method) throws SslException {
        ConscryptContext c;
        try {
            c = new ConscryptContext(method, SSLContext.getInstance("TLS", Holder.PROVIDER));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SslException(SslReason.PROVIDER_ERROR, "conscrypt: cannot make an SSLContext: " + e.getMessage(), e);
        }
        c.sessionCacheSize(CACHE_SIZE);
        return c;
    }

    /** {@code SSL_set_cipher_list} against Conscrypt's TLS 1.2 suites (TLS 1.3 suites are always on). */
    static List<String> parseCipherList(String cipherList) throws SslException {
        Suites suites = suites();
        return CipherSuites.parseCipherList(cipherList, suites == null ? Set.of() : suites.supported);
    }

    SslMethod method() {
        return method;
    }

    @Override
    protected TlsEngine createEngine(EngineSpec spec) throws SslException {
        return ConscryptTlsEngine.create(this, spec);
    }

    /**
     * @return a fresh synthetic client key. Conscrypt looks client sessions up by
     *         ({@code getHostname()}, {@code getPeerPort()}); the host is the SNI name when one is set,
     *         so the port alone makes the key unique.
     */
    static ClientKey newClientKey() {
        long n = CLIENT_KEYS.incrementAndGet();
        return new ClientKey("sslkit-session-" + n + ".invalid", (int) (n % Integer.MAX_VALUE) + 1);
    }

    /**
     * @param key a client key
     * @return how many sessions Conscrypt's client cache holds under it (for TLS 1.3: unused
     *         tickets). Conscrypt has no public lookup by host and port: its map is read directly
     *         ({@link Natives#cachedSessions}), or, where that is not possible, the cache's ids are walked.
     */
    int cachedClientSessions(ClientKey key) {
        javax.net.ssl.SSLSessionContext sc = sslContext().getClientSessionContext();
        String host = key.cacheHost;
        int direct = Natives.cachedSessions(sc, host != null ? host : key.host, key.port);
        if (direct >= 0) {
            return direct;
        }
        int n = 0;
        for (java.util.Enumeration<byte[]> ids = sc.getIds(); ids.hasMoreElements();) {
            javax.net.ssl.SSLSession s = sc.getSession(ids.nextElement());
            if (s != null && s.getPeerPort() == key.port) { // ports are unique per key; the host is not always kept
                n++;
            }
        }
        return n;
    }

    /** @return the TLS 1.2 suites to enable for a {@code cipher_list} (parsed once per distinct list) */
    String[] cipherSuites(String cipherList) throws SslException {
        String[] cached = suiteCache.get(cipherList);
        if (cached != null) {
            return cached;
        }
        String[] s = parseCipherList(cipherList).toArray(new String[0]);
        if (suiteCache.size() < 64) {
            suiteCache.put(cipherList, s);
        }
        return s;
    }

    @Override
    public void free() {
        super.free();
        suiteCache.clear();
    }

    /** Conscrypt's TLS 1.2 suites. */
    static final class Suites {
        final Set<String> supported;
        final List<String> defaults;

        Suites(Set<String> supported, List<String> defaults) {
            this.supported = supported;
            this.defaults = defaults;
        }
    }

    /** @return Conscrypt's suites, or {@code null} when its native library cannot load */
    static Suites suites() {
        try {
            return SuitesHolder.SUITES;
        } catch (Throwable t) { // NoClassDefFoundError / ExceptionInInitializerError: no native library
            return null;
        }
    }

    /** Loaded on first use only: needs the native library. */
    private static final class Holder {
        static final Provider PROVIDER = Conscrypt.newProvider();
    }

    private static final class SuitesHolder {
        static final Suites SUITES;

        static {
            try {
                SSLContext c = SSLContext.getInstance("TLS", Holder.PROVIDER);
                c.init(null, null, null);
                List<String> defaults = new ArrayList<>();
                for (String s : c.getDefaultSSLParameters().getCipherSuites()) {
                    if (!CipherSuites.tls13Suites().contains(s) && !s.startsWith("TLS_EMPTY_")) {
                        defaults.add(s);
                    }
                }
                SUITES = new Suites(Set.of(c.getSupportedSSLParameters().getCipherSuites()), List.copyOf(defaults));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("conscrypt: no TLS SSLContext", e);
            }
        }
    }
}
