package dev.sslkit;

/**
 * The result codes of {@code SSL_get_error}, for the non-exception outcomes of handshake, read,
 * write and shutdown. Fatal errors are thrown as {@link SslException} instead.
 */
public enum SslError {
    /** {@code SSL_ERROR_NONE}: the call succeeded. */
    NONE,
    /** {@code SSL_ERROR_ZERO_RETURN}: the peer sent close_notify; no more data will come. */
    ZERO_RETURN,
    /** {@code SSL_ERROR_WANT_READ}: more bytes must arrive in the read BIO; call again then. */
    WANT_READ,
    /** {@code SSL_ERROR_WANT_WRITE}: the write BIO is full; drain it and call again. */
    WANT_WRITE
}
