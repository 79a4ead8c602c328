package dev.sslkit;

/**
 * Modes ({@code SSL_MODE_*}) for {@link Setting#MODE}. Modes describe how the connection talks to
 * its caller and its BIOs, so sslkit's core honours them on every provider, except
 * {@link #SEND_FALLBACK_SCSV}, which changes the ClientHello and is a provider capability.
 */
public enum SslMode {
    /**
     * {@code SSL_MODE_ENABLE_PARTIAL_WRITE}: {@link Ssl#write} reports success once one record was
     * written, instead of only when everything was.
     */
    ENABLE_PARTIAL_WRITE,
    /**
     * {@code SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER}: a write retried after WANT_WRITE may pass a
     * different buffer. Without it sslkit, like OpenSSL, rejects a retry whose length shrank.
     */
    ACCEPT_MOVING_WRITE_BUFFER,
    /** {@code SSL_MODE_AUTO_RETRY}: on by default; a read that processed only non-application records retries. */
    AUTO_RETRY,
    /** {@code SSL_MODE_RELEASE_BUFFERS}: drop idle I/O buffers between records. */
    RELEASE_BUFFERS,
    /** {@code SSL_MODE_SEND_FALLBACK_SCSV}: add TLS_FALLBACK_SCSV to the ClientHello. */
    SEND_FALLBACK_SCSV
}
