package dev.sslkit.bridge;

import dev.sslkit.CertifiedKey;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;
import dev.sslkit.Sslkit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * What one initialised {@code SSLContext} shares with its engines: the sslkit context for each role
 * (two for a provider context, the same one for a {@linkplain SslkitSsl#asSSLContext view}), the trust
 * decision, the client session cache keyed by peer host and port (JSSE's rule), and the default
 * parameters. Released by a {@link Cleaner} when the {@code SSLContext} becomes unreachable; engines
 * still open keep their own references on the sslkit contexts (N2).
 *
 * <p>Thread safety: immutable but for the client session map, which is guarded by its own lock.
 */
final class BridgeContext {
    static final Cleaner CLEANER = Cleaner.create();
    private static final System.Logger LOG = System.getLogger("dev.sslkit.bridge");

    /** TLS 1.3 suites by IANA name. */
    static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");
    /** The suites the bridge reports as supported and enabled: sslkit's defaults on every backend. */
    static final List<String> DEFAULT_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final String[] KEY_TYPES = {"RSA", "EC", "EdDSA", "Ed25519", "Ed448", "RSASSA-PSS"};
    static final byte[] SESSION_ID_CONTEXT = "sslkit-bridge".getBytes(StandardCharsets.US_ASCII);

    final SslContext client;
    final SslContext server;
    final String providerId;
    /** A trust manager sslkit cannot translate into trust anchors: asked at depth 0 of every peer chain. */
    final X509TrustManager customTrust;
    /** The highest protocol a client enables by default ({@code SSLContext.getInstance("TLSv1.2")}: 1.2). */
    final ProtocolVersion clientMax;
    final List<String> supportedProtocols;
    final boolean view;

    private final Object lock = new Object();
    private final LinkedHashMap<String, SslSession> clientSessions = new LinkedHashMap<>(16, 0.75f, true);
    private int clientCacheSize = 20480;
    private boolean released;
    private final SessionContextView clientCtx = new SessionContextView(false);
    private final SessionContextView serverCtx = new SessionContextView(true);

    private BridgeContext(SslContext client, SslContext server, X509TrustManager customTrust, ProtocolVersion clientMax, boolean view) {
        this.client = client;
        this.server = server;
        this.providerId = client.providerId();
        this.customTrust = customTrust;
        this.clientMax = clientMax;
        this.view = view;
        List<String> protos = new ArrayList<>();
        try {
            for (ProtocolVersion v : Sslkit.capabilities(providerId).protocols()) {
                protos.add(v.protocolName());
            }
        } catch (SslException e) {
            protos.addAll(List.of("TLSv1.2", "TLSv1.3"));
        }
        this.supportedProtocols = List.copyOf(protos);
    }

    /** A provider context: new sslkit contexts on the configured backend, material from the JCA arrays. */
    static BridgeContext create(String protocol, KeyManager[] km, TrustManager[] tm, Object owner) throws KeyManagementException {
        String id = Sslkit.configuredProviderId();
        SslContext c = null;
        SslContext s = null;
        try {
            c = SslContext.newContext(SslMethod.TLS_CLIENT, id);
            s = SslContext.newContext(SslMethod.TLS_SERVER, id);
            s.set(Setting.SESSION_ID_CONTEXT, SESSION_ID_CONTEXT);
            X509KeyManager x509km = first(km, X509KeyManager.class);
            if (x509km != null) {
                List<CertifiedKey> serverKeys = keys(x509km, true);
                if (!serverKeys.isEmpty()) {
                    s.set(Setting.CERTIFICATES, serverKeys);
                }
                List<CertifiedKey> clientKeys = keys(x509km, false);
                if (!clientKeys.isEmpty()) {
                    c.set(Setting.CERTIFICATES, clientKeys);
                }
            }
            X509TrustManager x509tm = first(tm, X509TrustManager.class);
            if (x509tm == null) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                x509tm = first(tmf.getTrustManagers(), X509TrustManager.class);
            }
            X509TrustManager custom = null;
            if (isJdkPkix(x509tm)) {
                List<X509Certificate> anchors = Arrays.asList(x509tm.getAcceptedIssuers());
                c.setTrustAnchors(anchors);
                s.setTrustAnchors(anchors);
            } else {
                custom = x509tm;
            }
            ProtocolVersion max = protocol.equals("TLSv1.2") ? ProtocolVersion.TLS1_2 : null;
            BridgeContext b = new BridgeContext(c, s, custom, max, false);
            CLEANER.register(owner, b::release);
            LOG.log(System.Logger.Level.DEBUG, () -> "sslkit bridge: SSLContext " + protocol + " on backend " + id);
            return b;
        } catch (SslException | java.security.GeneralSecurityException | RuntimeException e) {
            SslContext.free(c);
            SslContext.free(s);
            KeyManagementException x = new KeyManagementException("sslkit: cannot initialise SSLContext " + protocol
                    + " on backend '" + id + "': " + e.getMessage());
            x.initCause(e);
            throw x;
        }
    }

    /** A view of a configured sslkit context; takes one reference on it, released when the view is unreachable. */
    static BridgeContext view(SslContext ctx, Object owner) {
        if (!ctx.upRef()) {
            throw new IllegalStateException("sslkit: the SslContext was freed: " + ctx);
        }
        BridgeContext b = new BridgeContext(ctx, ctx, null, null, true);
        CLEANER.register(owner, b::release);
        return b;
    }

    private static boolean isJdkPkix(X509TrustManager tm) {
        // SunJSSE's PKIX/SunX509 trust manager: a pure anchor set sslkit verifies with its own X509 rules.
        return tm.getClass().getName().equals("sun.security.ssl.X509TrustManagerImpl");
    }

    private static <T> T first(Object[] arr, Class<T> type) {
        if (arr == null) {
            return null;
        }
        for (Object o : arr) {
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
        return null;
    }

    private static List<CertifiedKey> keys(X509KeyManager km, boolean server) {
        Set<String> aliases = new LinkedHashSet<>();
        for (String type : KEY_TYPES) {
            String[] a = server ? km.getServerAliases(type, null) : km.getClientAliases(type, null);
            if (a != null) {
                aliases.addAll(Arrays.asList(a));
            }
        }
        List<CertifiedKey> out = new ArrayList<>();
        for (String alias : aliases) {
            PrivateKey k = km.getPrivateKey(alias);
            X509Certificate[] chain = km.getCertificateChain(alias);
            if (k != null && chain != null && chain.length > 0) {
                out.add(new CertifiedKey(k, List.of(chain)));
            }
        }
        return out;
    }

    SslContext context(boolean clientMode) {
        return clientMode ? client : server;
    }

    private void release() {
        List<SslSession> drop;
        synchronized (lock) {
            released = true;
            drop = new ArrayList<>(clientSessions.values());
            clientSessions.clear();
        }
        drop.forEach(s -> s.free());
        client.free();
        if (server != client) {
            server.free();
        }
    }

    // ---- client sessions by peer ------------------------------------------------------------------------

    /** @return the cached session for host:port with a new reference for the caller, or {@code null} */
    SslSession clientSession(String key) {
        synchronized (lock) {
            SslSession s = clientSessions.get(key);
            if (s == null) {
                return null;
            }
            if (!s.isResumable() || expired(s)) {
                clientSessions.remove(key);
                s.free();
                return null;
            }
            return s.upRef() ? s : null;
        }
    }

    private static boolean expired(SslSession s) {
        return System.currentTimeMillis() / 1000 >= s.time() + s.timeout();
    }

    /** Stores a session for host:port, taking over the caller's reference. */
    void storeClientSession(String key, SslSession s) {
        SslSession old;
        synchronized (lock) {
            if (released || clientCacheSize == 0) {
                old = s;
            } else {
                old = clientSessions.put(key, s);
                while (clientCacheSize > 0 && clientSessions.size() > clientCacheSize) {
                    Map.Entry<String, SslSession> eldest = clientSessions.entrySet().iterator().next();
                    clientSessions.remove(eldest.getKey());
                    eldest.getValue().free();
                }
            }
        }
        if (old != null && old != s) {
            old.free();
        } else if (old == s && released) {
            s.free();
        }
    }

    void removeClientSession(String key) {
        SslSession s;
        synchronized (lock) {
            s = clientSessions.remove(key);
        }
        if (s != null) {
            client.sessionCache().remove(s);
            s.free();
        }
    }

    void removeClientSession(SslSession s) {
        synchronized (lock) {
            clientSessions.values().removeIf(x -> {
                if (x == s) {
                    x.free();
                    return true;
                }
                return false;
            });
        }
    }

    SSLSessionContext clientSessionContext() {
        return clientCtx;
    }

    SSLSessionContext serverSessionContext() {
        return serverCtx;
    }

    // ---- parameters -------------------------------------------------------------------------------------

    SSLParameters defaultParameters() {
        SSLParameters p = new SSLParameters(DEFAULT_SUITES.toArray(String[]::new), defaultProtocols(true));
        return p;
    }

    String[] defaultProtocols(boolean clientMode) {
        List<String> l = new ArrayList<>();
        for (String name : supportedProtocols) {
            ProtocolVersion v = ProtocolVersion.ofName(name);
            if (v.compareTo(ProtocolVersion.TLS1_2) >= 0 && (!clientMode || clientMax == null || v.compareTo(clientMax) <= 0)) {
                l.add(name);
            }
        }
        Collections.reverse(l);
        return l.toArray(String[]::new);
    }

    SSLParameters supportedParameters() {
        return new SSLParameters(DEFAULT_SUITES.toArray(String[]::new), supportedProtocols.toArray(String[]::new));
    }

    /**
     * {@code SSLSessionContext} over the sslkit session cache (server) or the bridge's by-peer map (client).
     * Timeout and size go to {@code SSL_CTX_set_timeout} / {@code SSL_CTX_sess_set_cache_size}.
     */
    private final class SessionContextView implements SSLSessionContext {
        private final boolean serverSide;

        SessionContextView(boolean serverSide) {
            this.serverSide = serverSide;
        }

        @Override
        public SSLSession getSession(byte[] sessionId) {
            if (serverSide || sessionId == null) {
                return null; // sslkit's server cache is looked up by the handshake, not enumerated
            }
            synchronized (lock) {
                for (Map.Entry<String, SslSession> e : clientSessions.entrySet()) {
                    if (Arrays.equals(e.getValue().id(), sessionId) && e.getValue().upRef()) {
                        return BridgeSession.cached(BridgeContext.this, e.getKey(), e.getValue());
                    }
                }
            }
            return null;
        }

        @Override
        public Enumeration<byte[]> getIds() {
            List<byte[]> ids = new ArrayList<>();
            if (!serverSide) {
                synchronized (lock) {
                    for (SslSession s : clientSessions.values()) {
                        ids.add(s.id());
                    }
                }
            }
            java.util.Iterator<byte[]> it = ids.iterator();
            return new Enumeration<>() {
                @Override
                public boolean hasMoreElements() {
                    return it.hasNext();
                }

                @Override
                public byte[] nextElement() {
                    if (!it.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return it.next();
                }
            };
        }

        @Override
        public void setSessionTimeout(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("session timeout must be >= 0: " + seconds);
            }
            try {
                // 0 means "no limit" in JSSE; sslkit's timeouts are finite: one day per the JDK's own default.
                context(!serverSide).set(Setting.SESSION_TIMEOUT, seconds == 0 ? 86400L : (long) seconds);
            } catch (SslException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        @Override
        public int getSessionTimeout() {
            return (int) Math.min(Integer.MAX_VALUE, context(!serverSide).get(Setting.SESSION_TIMEOUT));
        }

        @Override
        public void setSessionCacheSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("session cache size must be >= 0: " + size);
            }
            if (serverSide) {
                server.sessionCache().setSize(size);
            } else {
                synchronized (lock) {
                    clientCacheSize = size == 0 ? Integer.MAX_VALUE : size;
                }
            }
        }

        @Override
        public int getSessionCacheSize() {
            if (serverSide) {
                return (int) Math.min(Integer.MAX_VALUE, server.sessionCache().size());
            }
            synchronized (lock) {
                return clientCacheSize == Integer.MAX_VALUE ? 0 : clientCacheSize;
            }
        }
    }
}
