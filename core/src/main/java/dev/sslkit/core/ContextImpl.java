package dev.sslkit.core;

import dev.sslkit.CertifiedKey;
import dev.sslkit.ExDataIndex;
import dev.sslkit.ProviderInfo;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSessionCache;
import dev.sslkit.core.verify.PemKeys;
import dev.sslkit.spi.ProviderContext;
import dev.sslkit.spi.TlsProvider;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code SSL_CTX}. Settings live in an array indexed by {@link Setting#index()}, replaced as a whole
 * on every change (copy on write), so {@code newSsl()} takes a consistent snapshot with one clone.
 */
final class ContextImpl extends RefCnt implements SslContext {
    final TlsProvider provider;
    final ProviderContext pctx;
    private final SslMethod method;
    private volatile Object[] settings;
    /** The trust store, shared by reference with every connection (read at verification time). */
    private volatile List<X509Certificate> trustAnchors = List.of();
    final SessionCacheImpl cache = new SessionCacheImpl(this);
    private final ExData exData;
    private final LeakDetector.Tracker leak;

    ContextImpl(SslMethod method, TlsProvider provider) throws SslException {
        this.method = method;
        this.provider = provider;
        this.settings = new Object[Setting.count()];
        this.pctx = provider.newContext(method);
        this.exData = new ExData(ExDataIndex.Kind.SSL_CTX, this);
        this.leak = LeakDetector.track(this, describe());
    }

    @Override
    protected String describe() {
        return "SslContext@" + Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    protected void deallocate() {
        try {
            cache.detachStore(); // SSL_CTX_free's flush removes this instance's sessions, not the fleet's
            cache.flush(0);
            pctx.free();
            exData.free(this);
        } finally {
            if (leak != null) {
                leak.close();
            }
        }
    }

    Object[] snapshot() {
        return settings.clone();
    }

    List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    @Override
    public Ssl newSsl() throws SslException {
        ensureAlive();
        return new SslImpl(this);
    }

    @Override
    public SslMethod method() {
        return method;
    }

    @Override
    public String providerId() {
        return provider.id();
    }

    @Override
    public ProviderInfo provider() {
        for (ProviderInfo i : ProviderRegistry.get().infos()) {
            if (i.id().equals(provider.id())) {
                return i;
            }
        }
        return new ProviderInfo(provider.id(), provider.version(), true, null, ProviderRegistry.location(provider));
    }

    @Override
    public <T> void set(Setting<T> setting, T value) throws SslException {
        ensureAlive();
        Object v = SettingsCheck.check(provider, setting, value, true);
        synchronized (this) {
            Object[] n = settings.clone();
            n[setting.index()] = v;
            settings = n;
        }
        if (setting == Setting.SESSION_STORE) {
            cache.attachStore((dev.sslkit.SessionStore) v, provider.capabilities().serverCacheControlledByCore(), pctx);
        }
    }

    @Override
    public <T> T get(Setting<T> setting) {
        ensureAlive();
        return value(settings, setting);
    }

    /**
     * {@code SSL_dup}'s copy of the settings it copies; X.509 parameters are merged as OpenSSL's
     * {@code X509_VERIFY_PARAM_inherit} (the context's non-default fields win, flags OR-ed).
     *
     * @param from the connection's settings  @param to the new connection's (the context's snapshot)
     */
    static void copyForDup(Object[] from, Object[] to) {
        for (Setting<?> s : Setting.values()) {
            if (s.copiedByDup()) {
                Object v = from[s.index()];
                if (s == Setting.VERIFY_PARAM && v != null) {
                    Object mine = to[s.index()];
                    v = mine == null ? v : ((dev.sslkit.VerifyParams) mine).inherit((dev.sslkit.VerifyParams) v);
                }
                to[s.index()] = v;
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T value(Object[] settings, Setting<T> setting) {
        Object v = settings[setting.index()];
        if (v == null) {
            return setting.defaultValue();
        }
        return v instanceof byte[] ? (T) ((byte[]) v).clone() : (T) v;
    }

    @Override
    public void setTrustAnchors(Collection<X509Certificate> anchors) {
        ensureAlive();
        List<X509Certificate> l = List.copyOf(anchors);
        trustAnchors = l;
    }

    @Override
    public void setDefaultVerifyPaths() {
        ensureAlive();
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            List<X509Certificate> l = new ArrayList<>();
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager) {
                    l.addAll(List.of(((X509TrustManager) tm).getAcceptedIssuers()));
                }
            }
            trustAnchors = List.copyOf(l);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the JDK's default trust store: " + e.getMessage(), e);
        }
    }

    @Override
    public void usePrivateKeyPem(String pem) throws SslException {
        ensureAlive();
        CertifiedKey k = PemKeys.readCertifiedKey(pem, get(Setting.PASSWORD_CALLBACK));
        List<CertifiedKey> l = new ArrayList<>(get(Setting.CERTIFICATES));
        l.add(k);
        set(Setting.CERTIFICATES, l);
    }

    @Override
    public SslSessionCache sessionCache() {
        ensureAlive();
        return cache;
    }

    @Override
    public <T> void setExData(ExDataIndex<T> index, T value) {
        ensureAlive();
        synchronized (exData) {
            exData.set(index, value);
        }
    }

    @Override
    public <T> T getExData(ExDataIndex<T> index) {
        ensureAlive();
        synchronized (exData) {
            return exData.get(index);
        }
    }

    @Override
    public String toString() {
        return describe() + "[" + method + ", provider " + provider.id() + ", refCnt " + refCnt() + "]";
    }
}
