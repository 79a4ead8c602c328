package dev.sslkit.spi;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.SslException;

import java.security.cert.X509Certificate;
import java.util.List;

/** A provider's handle on one negotiated session; core wraps it in an {@code SslSession}. */
public interface EngineSession {
    /** @return the session id (may be empty for TLS 1.3) */
    byte[] id();

    /** @return the protocol version */
    ProtocolVersion protocol();

    /** @return the cipher suite's IANA name */
    String cipherSuite();

    /** @return the peer's chain, leaf first, or empty */
    List<X509Certificate> peerCertificates();

    /** @return the creation time, epoch milliseconds */
    long creationTimeMillis();

    /** @return whether the provider could still resume it (e.g. a TLS 1.3 client session has a ticket) */
    boolean isResumable();

    /** Removes it from every cache of the provider, so it is never resumed again (RFC 2246 rule). */
    void invalidate();

    /**
     * Called once when sslkit's last reference to the session goes ({@code SSL_SESSION_free} at
     * zero): nothing in sslkit can offer it any more, so a provider may drop what it keeps for it
     * (cache entries keyed only for this session). The default keeps everything.
     */
    default void release() {
    }

    /** @return provider bytes for {@link TlsProvider#importSession(byte[])} @throws SslException if it cannot export */
    default byte[] export() throws SslException {
        throw new SslException(dev.sslkit.SslReason.BAD_VALUE, "this provider cannot export sessions");
    }
}
