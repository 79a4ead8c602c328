package dev.sslkit;

/**
 * Verification flags ({@code SSL_VERIFY_*}) for {@link Setting#VERIFY_MODE}; the empty set is
 * {@code SSL_VERIFY_NONE}. sslkit's default for a client is {@code {PEER}} (OpenSSL's is NONE).
 */
public enum VerifyMode {
    /** {@code SSL_VERIFY_PEER}: client verifies the server; server requests a client certificate. */
    PEER,
    /** {@code SSL_VERIFY_FAIL_IF_NO_PEER_CERT}: server fails the handshake without a client certificate. */
    FAIL_IF_NO_PEER_CERT,
    /** {@code SSL_VERIFY_CLIENT_ONCE}: do not ask again on renegotiation. */
    CLIENT_ONCE,
    /** {@code SSL_VERIFY_POST_HANDSHAKE}: TLS 1.3 post-handshake client authentication. */
    POST_HANDSHAKE
}
