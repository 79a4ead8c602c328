package dev.sslkit.spi;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Core's verification of the peer's chain: trust anchors (shared with the context), verify mode,
 * callback, depth, {@code X509_VERIFY_PARAM} (host, IP, time, purpose), DANE, max cert list and the
 * security level. A provider's trust manager calls it and does no checks of its own.
 */
public interface PeerVerifier {
    /**
     * @param chain    the peer's chain, leaf first
     * @param authType the key exchange / signature type as JSSE names it
     * @throws CertificateException if the chain is refused; its message says why
     */
    void verify(java.security.cert.X509Certificate[] chain, String authType) throws CertificateException;

    /** @return the certificates whose subjects a server names in its CertificateRequest (client CA list) */
    X509Certificate[] acceptedIssuers();
}
