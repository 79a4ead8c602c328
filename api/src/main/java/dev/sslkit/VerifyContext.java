package dev.sslkit;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a {@link VerifyCallback} sees for one certificate of the peer's chain: OpenSSL's
 * {@code X509_STORE_CTX} as far as the callback reads it.
 */
public interface VerifyContext {
    /** @return the depth of the certificate being checked (0 = the peer's own certificate); {@code X509_STORE_CTX_get_error_depth} */
    int errorDepth();

    /** @return the certificate being checked; {@code X509_STORE_CTX_get_current_cert} */
    X509Certificate currentCertificate();

    /**
     * @return the chain being verified, leaf first, up to and including the trust anchor, so that
     *         {@code chain().get(errorDepth())} is the current certificate ({@code X509_STORE_CTX_get0_chain})
     */
    List<X509Certificate> chain();

    /** @return the X509 error code at this depth ({@code X509_V_OK} = 0 when fine); {@code X509_STORE_CTX_get_error} */
    int error();

    /** @return the text for {@link #error()}, e.g. {@code certificate has expired} */
    String errorString();

    /** @return the connection being verified */
    Ssl ssl();
}
