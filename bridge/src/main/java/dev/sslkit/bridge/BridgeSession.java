package dev.sslkit.bridge;

import dev.sslkit.SslSession;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSessionBindingEvent;
import javax.net.ssl.SSLSessionBindingListener;
import javax.net.ssl.SSLSessionContext;
import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code SSLSession} over an sslkit {@link SslSession} ({@code SSL_SESSION}): id, protocol, suite, peer
 * chain, times, {@link #invalidate()} ({@code SSL_CTX_remove_session}). It holds one reference on the
 * sslkit session, released by a {@link java.lang.ref.Cleaner} when the view becomes unreachable (the
 * JDK API has no free). Before a handshake finishes the engine hands out a view without an sslkit
 * session, as SunJSSE's "null session" ({@code SSL_NULL_WITH_NULL_NULL}).
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
final class BridgeSession extends ExtendedSSLSession {
    static final int PACKET_BUFFER_SIZE = 16709;
    static final int APPLICATION_BUFFER_SIZE = 16384;
    private static final String[] SIG_ALGS = {"ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384", "ecdsa_secp521r1_sha512",
            "ed25519", "ed448", "rsa_pss_rsae_sha256", "rsa_pss_rsae_sha384", "rsa_pss_rsae_sha512",
            "rsa_pss_pss_sha256", "rsa_pss_pss_sha384", "rsa_pss_pss_sha512", "rsa_pkcs1_sha256", "rsa_pkcs1_sha384",
            "rsa_pkcs1_sha512"};

    private final BridgeContext bridge;
    private final boolean serverSide;
    private final SslSession session; // owned reference, or null
    private final byte[] id;
    private final String protocol;
    private final String suite;
    private final X509Certificate[] peer;
    private final X509Certificate[] local;
    private final String peerHost;
    private final int peerPort;
    private final List<SNIServerName> requested;
    private final long created;
    private volatile long lastAccessed;
    private volatile boolean invalid;
    private final boolean reused;
    private volatile String alpn;
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    BridgeSession(BridgeContext bridge, boolean serverSide, SslSession owned, String protocol, String suite,
                  List<X509Certificate> peer, X509Certificate[] local, String peerHost, int peerPort,
                  List<SNIServerName> requested, boolean reused) {
        this.reused = reused;
        this.bridge = bridge;
        this.serverSide = serverSide;
        this.session = owned;
        this.id = owned == null ? new byte[0] : owned.id();
        this.protocol = protocol;
        this.suite = suite;
        this.peer = peer == null ? new X509Certificate[0] : peer.toArray(X509Certificate[]::new);
        this.local = local;
        this.peerHost = peerHost;
        this.peerPort = peerPort;
        this.requested = requested == null ? List.of() : List.copyOf(requested);
        this.created = owned == null ? System.currentTimeMillis() : owned.time() * 1000;
        this.lastAccessed = System.currentTimeMillis();
        if (owned != null) {
            BridgeContext.CLEANER.register(this, () -> owned.free());
        }
    }

    /** The "null session" before a handshake. */
    static BridgeSession none(BridgeContext bridge, boolean serverSide, String host, int port) {
        return new BridgeSession(bridge, serverSide, null, "NONE", "SSL_NULL_WITH_NULL_NULL", null, null, host, port, null, false);
    }

    /** A view of a client-cache entry; takes over the caller's reference. */
    static BridgeSession cached(BridgeContext bridge, String key, SslSession s) {
        int colon = key.lastIndexOf(':');
        return new BridgeSession(bridge, false, s, s.protocol().protocolName(), s.cipherSuite(), s.peerCertificates(),
                null, key.substring(0, colon), Integer.parseInt(key.substring(colon + 1)), null, false);
    }

    /** @return whether the handshake that made this view resumed a session ({@code SSL_session_reused}) */
    boolean reused() {
        return reused;
    }

    /** @return the ALPN protocol negotiated ("" for none), or {@code null} before the handshake */
    String alpn() {
        return alpn;
    }

    void alpn(String a) {
        alpn = a;
    }

    String backend() {
        return bridge.providerId;
    }

    SslSession sslkitSession() {
        return session;
    }

    @Override
    public byte[] getId() {
        return id.clone();
    }

    @Override
    public SSLSessionContext getSessionContext() {
        return serverSide ? bridge.serverSessionContext() : bridge.clientSessionContext();
    }

    @Override
    public long getCreationTime() {
        return created;
    }

    @Override
    public long getLastAccessedTime() {
        return lastAccessed;
    }

    void accessed() {
        lastAccessed = System.currentTimeMillis();
    }

    /** {@code SSL_CTX_remove_session}: the session can no longer be resumed, by this JVM's clients or servers. */
    @Override
    public void invalidate() {
        invalid = true;
        if (session != null) {
            bridge.context(!serverSide).sessionCache().remove(session);
            if (!serverSide) {
                bridge.removeClientSession(session);
            }
        }
        if (!serverSide && peerHost != null && peerPort > 0) {
            // TLS 1.3: the cached entry is the newest ticket's session, not this one; it goes too
            bridge.removeClientSession(peerHost + ":" + peerPort);
        }
    }

    @Override
    public boolean isValid() {
        return !invalid && session != null && session.isResumable();
    }

    @Override
    public void putValue(String name, Object value) {
        if (name == null || value == null) {
            throw new IllegalArgumentException("name and value must not be null");
        }
        Object old = values.put(name, value);
        if (old instanceof SSLSessionBindingListener) {
            ((SSLSessionBindingListener) old).valueUnbound(new SSLSessionBindingEvent(this, name));
        }
        if (value instanceof SSLSessionBindingListener) {
            ((SSLSessionBindingListener) value).valueBound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public Object getValue(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        return values.get(name);
    }

    @Override
    public void removeValue(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        Object old = values.remove(name);
        if (old instanceof SSLSessionBindingListener) {
            ((SSLSessionBindingListener) old).valueUnbound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public String[] getValueNames() {
        return values.keySet().toArray(String[]::new);
    }

    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        if (peer.length == 0) {
            throw new SSLPeerUnverifiedException("peer not authenticated");
        }
        return peer.clone();
    }

    @Override
    public Certificate[] getLocalCertificates() {
        return local == null ? null : local.clone();
    }

    @Override
    @SuppressWarnings("removal")
    public javax.security.cert.X509Certificate[] getPeerCertificateChain() throws SSLPeerUnverifiedException {
        throw new UnsupportedOperationException("sslkit: javax.security.cert is deprecated; use getPeerCertificates()");
    }

    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        if (peer.length == 0) {
            throw new SSLPeerUnverifiedException("peer not authenticated");
        }
        return peer[0].getSubjectX500Principal();
    }

    @Override
    public Principal getLocalPrincipal() {
        return local == null || local.length == 0 ? null : local[0].getSubjectX500Principal();
    }

    @Override
    public String getCipherSuite() {
        return suite;
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public String getPeerHost() {
        return peerHost;
    }

    @Override
    public int getPeerPort() {
        return peerPort;
    }

    @Override
    public int getPacketBufferSize() {
        return PACKET_BUFFER_SIZE;
    }

    @Override
    public int getApplicationBufferSize() {
        return APPLICATION_BUFFER_SIZE;
    }

    @Override
    public String[] getLocalSupportedSignatureAlgorithms() {
        return SIG_ALGS.clone();
    }

    @Override
    public String[] getPeerSupportedSignatureAlgorithms() {
        return SIG_ALGS.clone();
    }

    @Override
    public List<SNIServerName> getRequestedServerNames() {
        return requested;
    }

    @Override
    public String toString() {
        return "sslkit.BridgeSession[" + protocol + ", " + suite + ", backend " + bridge.providerId + "]";
    }
}
