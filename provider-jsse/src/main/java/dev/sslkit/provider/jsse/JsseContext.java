package dev.sslkit.provider.jsse;

import dev.sslkit.CertifiedKey;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.spi.CipherSuites;
import dev.sslkit.SslMethod;
import dev.sslkit.SslReason;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.ProviderContext;
import dev.sslkit.spi.TlsEngine;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One {@code SslContext}'s JSSE state: a SunJSSE {@link SSLContext} whose key and trust managers
 * dispatch to the {@link EngineSpec} of the engine JSSE names in each call.
 *
 * <p>Engines are registered by their {@link SSLEngine} object when made and removed when freed
 * (SunJSSE's engine keeps {@code Object}'s identity {@code equals}/{@code hashCode}, so a
 * concurrent hash map is an identity map here). Key selections get aliases unique to the selection
 * ({@code sslkit-N}), because JSSE resolves the alias with {@code getCertificateChain} /
 * {@code getPrivateKey}, which carry no engine.
 */
final class JsseContext implements ProviderContext {
    /** Generous: sessions are managed by sslkit's cache; JSSE's only has to keep them resumable. */
    static final int SESSION_CACHE_SIZE = 1 << 16;

    /** Counter for synthetic client session keys, shared by all contexts so that keys never collide. */
    private static final AtomicLong CLIENT_KEYS = new AtomicLong();

    /**
     * The engine whose handshake runs on this thread: JSSE asks {@code getAcceptedIssuers()} without
     * an engine when it writes a CertificateRequest (a server asking for client certificates).
     */
    static final ThreadLocal<JsseEngine> CURRENT = new ThreadLocal<>();

    private final SslMethod method;
    private final SSLContext sslContext;
    final Map<SSLEngine, JsseEngine> engines = new ConcurrentHashMap<>();
    final Map<String, CertifiedKey> aliases = new ConcurrentHashMap<>();
    private final AtomicLong aliasCounter = new AtomicLong();
    private final Map<String, String[]> suiteCache = new ConcurrentHashMap<>();
    private volatile long appliedTimeout = -1;
    private volatile boolean freed;

    JsseContext(SslMethod method) throws SslException {
        this.method = method;
        try {
            sslContext = SSLContext.getInstance("TLS", "SunJSSE");
            sslContext.init(new KeyManager[] {new DispatchingKeyManager()},
                    new TrustManager[] {new DispatchingTrustManager()}, null);
        } catch (GeneralSecurityException e) {
            throw new SslException(SslReason.PROVIDER_ERROR, "jsse: cannot make a SunJSSE SSLContext: " + e.getMessage(), e);
        }
        for (SSLSessionContext sc : new SSLSessionContext[] {sslContext.getClientSessionContext(),
                sslContext.getServerSessionContext()}) {
            sc.setSessionCacheSize(SESSION_CACHE_SIZE);
        }
    }

    SSLContext sslContext() {
        return sslContext;
    }

    SslMethod method() {
        return method;
    }

    @Override
    public TlsEngine newEngine(EngineSpec spec) throws SslException {
        if (freed) {
            throw new IllegalStateException("jsse provider context already freed");
        }
        applySessionTimeout(spec.get(Setting.SESSION_TIMEOUT));
        return new JsseEngine(this, spec);
    }

    /**
     * Applies the context's {@code SSL_CTX_set_timeout} to JSSE's caches, so that JSSE stops
     * resuming a session when sslkit's cache times it out. JSSE checks its caches' current timeout
     * against each session's creation time.
     */
    private void applySessionTimeout(Long seconds) {
        if (seconds == null || seconds == appliedTimeout) {
            return;
        }
        int t = (int) Math.min(Integer.MAX_VALUE, seconds);
        sslContext.getClientSessionContext().setSessionTimeout(t);
        sslContext.getServerSessionContext().setSessionTimeout(t);
        appliedTimeout = seconds;
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

    String register(CertifiedKey key) {
        String alias = "sslkit-" + aliasCounter.incrementAndGet();
        aliases.put(alias, key);
        return alias;
    }

    @Override
    public void free() {
        freed = true;
        engines.clear();
        aliases.clear();
        suiteCache.clear();
    }

    private JsseEngine lookup(SSLEngine engine) {
        return engine == null ? null : engines.get(engine);
    }

    /** Dispatches key selection to the connection's {@code KeySelector}. */
    private final class DispatchingKeyManager extends X509ExtendedKeyManager {
        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            JsseEngine e = lookup(engine);
            return e == null || keyType == null ? null : e.selectKey(new String[] {keyType}, issuers);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            JsseEngine e = lookup(engine);
            return e == null || keyType == null ? null : e.selectKey(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            CertifiedKey k = alias == null ? null : aliases.get(alias);
            return k == null ? null : k.chain().toArray(new X509Certificate[0]);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            CertifiedKey k = alias == null ? null : aliases.get(alias);
            return k == null ? null : k.privateKey();
        }

        // sslkit drives engines only: there is no connection to select for without one.
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /** Dispatches verification to the connection's {@code PeerVerifier}; checks nothing itself. */
    private final class DispatchingTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            verify(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            verify(chain, authType, engine);
        }

        private void verify(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            JsseEngine e = lookup(engine);
            if (e == null) {
                throw new CertificateException("jsse: no sslkit connection for this SSLEngine (already freed?)");
            }
            e.verifyPeer(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            JsseEngine e = CURRENT.get();
            return e == null ? new X509Certificate[0] : e.acceptedIssuers();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("jsse: sslkit verifies SSLEngine connections only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("jsse: sslkit verifies SSLEngine connections only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("jsse: sslkit verifies SSLEngine connections only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("jsse: sslkit verifies SSLEngine connections only");
        }
    }
}
