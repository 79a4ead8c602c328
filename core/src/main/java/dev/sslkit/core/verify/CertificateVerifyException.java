package dev.sslkit.core.verify;

import java.security.cert.CertificateException;

/**
 * The peer's chain was refused: OpenSSL's {@code SSL_R_CERTIFICATE_VERIFY_FAILED} with the
 * {@code X509_V_ERR_*} code and depth that {@code SSL_get_verify_result} and
 * {@code X509_STORE_CTX_get_error_depth} would report. The message reads
 * {@code certificate verify failed: <error string> (X509 error <code> at depth <d>)}.
 */
public final class CertificateVerifyException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final int x509Error;
    private final int depth;

    /**
     * @param x509Error the {@link X509Error} code
     * @param depth     the depth it occurred at (0 = the peer's certificate)
     * @param cause     an exception the verify callback threw, or {@code null}
     */
    public CertificateVerifyException(int x509Error, int depth, Throwable cause) {
        super("certificate verify failed: " + X509Error.text(x509Error) + " (X509 error " + x509Error + " at depth " + depth + ")",
                cause);
        this.x509Error = x509Error;
        this.depth = depth;
    }

    /** @return the {@code X509_V_ERR_*} code */
    public int x509Error() {
        return x509Error;
    }

    /** @return the depth of the failing certificate */
    public int depth() {
        return depth;
    }
}
