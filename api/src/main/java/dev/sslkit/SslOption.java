package dev.sslkit;

/**
 * Options ({@code SSL_OP_*}) for {@link Setting#OPTIONS}. Whether a provider honours an option is
 * part of its declared capabilities; setting an option it cannot honour fails with
 * {@link SslReason#SETTING_NOT_SUPPORTED}.
 */
public enum SslOption {
    /** {@code SSL_OP_NO_TICKET}: no stateless session tickets (TLS 1.2 RFC 5077 / TLS 1.3 stateless). */
    NO_TICKET,
    /** {@code SSL_OP_CIPHER_SERVER_PREFERENCE}: the server's cipher order wins. */
    CIPHER_SERVER_PREFERENCE,
    /** {@code SSL_OP_NO_RENEGOTIATION}: refuse TLS 1.2 renegotiation. */
    NO_RENEGOTIATION,
    /** {@code SSL_OP_NO_COMPRESSION}: no TLS compression (always the case in sslkit's providers). */
    NO_COMPRESSION,
    /** {@code SSL_OP_IGNORE_UNEXPECTED_EOF}: an EOF without close_notify reads as a clean close. */
    IGNORE_UNEXPECTED_EOF,
    /** {@code SSL_OP_ENABLE_MIDDLEBOX_COMPAT}: TLS 1.3 middlebox compatibility mode. */
    ENABLE_MIDDLEBOX_COMPAT,
    /** {@code SSL_OP_NO_EXTENDED_MASTER_SECRET}: do not negotiate RFC 7627 EMS. */
    NO_EXTENDED_MASTER_SECRET,
    /** {@code SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION}. */
    NO_SESSION_RESUMPTION_ON_RENEGOTIATION,
    /** {@code SSL_OP_PRIORITIZE_CHACHA}: prefer ChaCha20 when the client does. */
    PRIORITIZE_CHACHA,
    /** {@code SSL_OP_NO_ANTI_REPLAY}: no TLS 1.3 early-data anti-replay. */
    NO_ANTI_REPLAY
}
