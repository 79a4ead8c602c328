package dev.sslkit.provider.jsse;

import dev.sslkit.SslException;
import dev.sslkit.provider.sslengine.CipherSuites;
import dev.sslkit.SslMethod;
import dev.sslkit.SslReason;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.TlsEngine;
import dev.sslkit.provider.sslengine.EngineDispatch;
import dev.sslkit.provider.sslengine.SslEngineContext;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * One {@code SslContext}'s JSSE state: a SunJSSE {@link SSLContext} whose key and trust managers
 * dispatch to the {@link EngineSpec} of the engine JSSE names in each call
 * ({@link EngineDispatch#byEngine}: SunJSSE passes the engine {@code createSSLEngine} returned, and
 * keeps {@code Object}'s identity {@code equals}/{@code hashCode}).
 */
final class JsseContext extends SslEngineContext {
    /** Generous: sessions are managed by sslkit's cache; JSSE's only has to keep them resumable. */
    static final int SESSION_CACHE_SIZE = 1 << 16;

    /** Counter for synthetic client session keys, shared by all contexts so that keys never collide. */
    private static final AtomicLong CLIENT_KEYS = new AtomicLong();

    private final SslMethod method;
    private final Map<String, String[]> suiteCache = new ConcurrentHashMap<>();

    private JsseContext(SslMethod method, SSLContext sslContext) throws GeneralSecurityException {
        super(JsseProvider.ID, sslContext, EngineDispatch.byEngine(JsseProvider.ID), () -> SSLContext.getInstance("TLS", "SunJSSE"));
        this.method = method;
        sessionCacheSize(SESSION_CACHE_SIZE);
    }

    /** {@code SSL_CTX_new}'s provider part: a SunJSSE {@link SSLContext} with dispatching managers. */
    static JsseContext create(SslMethod method) throws SslException {
        try {
            return new JsseContext(method, SSLContext.getInstance("TLS", "SunJSSE"));
        } catch (GeneralSecurityException e) {
            throw new SslException(SslReason.PROVIDER_ERROR, "jsse: cannot make a SunJSSE SSLContext: " + e.getMessage(), e);
        }
    }

    SslMethod method() {
        return method;
    }

    @Override
    protected TlsEngine createEngine(EngineSpec spec) throws SslException {
        return JsseEngine.create(this, spec);
    }

    /** @return a fresh synthetic client session key */
    static ClientKey newClientKey() {
        long n = CLIENT_KEYS.incrementAndGet();
        return new ClientKey("sslkit-session-" + n + ".invalid", (int) (n % 65535) + 1);
    }

    /** @return the enabled suites for these lists (parsed once per distinct pair) */
    String[] cipherSuites(String cipherList, String cipherSuites) throws SslException {
        String key = cipherList + '\u0000' + cipherSuites;
        String[] cached = suiteCache.get(key);
        if (cached != null) {
            return cached;
        }
        List<String> t13 = cipherSuites == null ? JsseProvider.Jdk.DEFAULT_TLS13_SUITES
                : CipherSuites.parseCiphersuites(cipherSuites, JsseProvider.Jdk.SUPPORTED_SUITES);
        List<String> t12 = cipherList == null ? JsseProvider.Jdk.DEFAULT_TLS12_SUITES
                : CipherSuites.parseCipherList(cipherList, JsseProvider.Jdk.SUPPORTED_SUITES);
        String[] all = new String[t13.size() + t12.size()];
        int i = 0;
        for (String s : t13) {
            all[i++] = s;
        }
        for (String s : t12) {
            all[i++] = s;
        }
        if (suiteCache.size() < 64) {
            suiteCache.put(key, all);
        }
        return all;
    }

    @Override
    public void free() {
        super.free();
        suiteCache.clear();
    }
}
