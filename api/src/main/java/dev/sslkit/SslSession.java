package dev.sslkit;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * OpenSSL's {@code SSL_SESSION}: the resumable state of a finished handshake. Reference counted and
 * shared by the connections that use it and by the context's {@linkplain SslSessionCache cache}.
 *
 * <p>Obtain one with {@link Ssl#get1Session()} (your own reference: free it) or borrow one with
 * {@link Ssl#getSession()} (valid while the connection holds it). Offer it on a new connection with
 * {@link Ssl#setSession(SslSession)}.
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
public interface SslSession extends RefCounted, ExDataHolder {

    /**
     * {@code d2i_SSL_SESSION}: a session from {@link #toBytes()} output, for external caches.
     *
     * @param bytes   the serialized session
     * @param context the context (and so the provider) it will be used with
     * @return a new session, reference count 1
     * @throws SslException with {@link SslReason#BAD_VALUE} if the bytes are not a session of this
     *         format version or belong to another provider
     */
    static SslSession fromBytes(byte[] bytes, SslContext context) throws SslException {
        return Sslkit.runtime().sessionFromBytes(bytes, context);
    }

    /** Null-tolerant free ({@code SSL_SESSION_free(NULL)}). @param session the session or {@code null} */
    static void free(SslSession session) {
        if (session != null) {
            session.free();
        }
    }

    /** @return {@code SSL_SESSION_is_resumable}: not marked bad, and has an id or ticket */
    boolean isResumable();

    /** @return {@code SSL_SESSION_get_id}: the session id (may be empty for TLS 1.3 tickets) */
    byte[] id();

    /** @return {@code SSL_SESSION_get0_id_context} */
    byte[] idContext();

    /** @return {@code SSL_SESSION_get_time}: creation time, seconds since the epoch */
    long time();

    /** @return {@code SSL_SESSION_get_timeout}: lifetime in seconds */
    long timeout();

    /**
     * {@code SSL_SESSION_set_timeout}; a cached session is re-sorted in its cache.
     *
     * @param seconds the new lifetime, &gt; 0
     */
    void setTimeout(long seconds);

    /** @return {@code SSL_SESSION_get_protocol_version} */
    ProtocolVersion protocol();

    /** @return the cipher suite's IANA name ({@code SSL_SESSION_get0_cipher}) */
    String cipherSuite();

    /** @return the peer's certificate chain, leaf first; empty if none ({@code SSL_SESSION_get0_peer}) */
    List<X509Certificate> peerCertificates();

    /** @return the id of the provider that made it */
    String providerId();

    /**
     * {@code i2d_SSL_SESSION}: bytes for an external cache, with a format version tag. Only sessions
     * the provider can export can be serialized.
     *
     * @return the bytes
     * @throws SslException if the provider cannot export this session
     */
    byte[] toBytes() throws SslException;
}
