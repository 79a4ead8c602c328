package dev.sslkit;

import java.util.Objects;

/**
 * One entry of OpenSSL's error stack: the library, a reason code and its text. sslkit uses
 * OpenSSL's own codes where OpenSSL has one ({@code SSL_R_*}, {@code X509_V_ERR_*}) and library
 * {@code "sslkit"} for its own conditions (unknown provider, unsupported setting, ...).
 *
 * <p>{@link #toString()} prints the OpenSSL format:
 * {@code error:0A000086:SSL routines::certificate verify failed}.
 *
 * @param library the library: {@code "SSL routines"}, {@code "X509 routines"}, {@code "BIO routines"},
 *                {@code "system library"} or {@code "sslkit"}
 * @param code    the reason code
 * @param reason  the text
 */
public record SslReason(String library, int code, String reason) {

    /** OpenSSL's library code for libssl in packed error codes. */
    private static final int LIB_SSL = 20;

    public SslReason {
        Objects.requireNonNull(library, "library must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
    }

    /** {@code SSL_R_NULL_SSL_CTX}: {@code SSL_new(NULL)}. */
    public static final SslReason NULL_SSL_CTX = ssl(195, "null ssl ctx passed");
    /** {@code SSL_R_UNINITIALIZED}: I/O before a role (connect/accept state) or a BIO was set. */
    public static final SslReason UNINITIALIZED = ssl(276, "uninitialized");
    /** {@code SSL_R_NO_METHOD_SPECIFIED}. */
    public static final SslReason NO_METHOD_SPECIFIED = ssl(188, "no method specified");
    /** {@code SSL_R_BIO_NOT_SET}: handshake or I/O without {@code SSL_set_bio}. */
    public static final SslReason BIO_NOT_SET = ssl(128, "bio not set");
    /** {@code SSL_R_PROTOCOL_IS_SHUTDOWN}: write after close_notify was sent. */
    public static final SslReason PROTOCOL_IS_SHUTDOWN = ssl(207, "protocol is shutdown");
    /** {@code SSL_R_CERTIFICATE_VERIFY_FAILED}. */
    public static final SslReason CERTIFICATE_VERIFY_FAILED = ssl(134, "certificate verify failed");
    /** {@code SSL_R_NO_SHARED_CIPHER}. */
    public static final SslReason NO_SHARED_CIPHER = ssl(193, "no shared cipher");
    /** {@code SSL_R_UNSUPPORTED_PROTOCOL}. */
    public static final SslReason UNSUPPORTED_PROTOCOL = ssl(258, "unsupported protocol");
    /** {@code SSL_R_WRONG_VERSION_NUMBER}: the peer's bytes are not a TLS record. */
    public static final SslReason WRONG_VERSION_NUMBER = ssl(267, "wrong version number");
    /** {@code SSL_R_RECORD_LAYER_FAILURE}: a record could not be decrypted or parsed. */
    public static final SslReason RECORD_LAYER_FAILURE = ssl(313, "record layer failure");
    /** {@code SSL_R_PACKET_LENGTH_TOO_LONG}: an oversized record. */
    public static final SslReason PACKET_LENGTH_TOO_LONG = ssl(198, "packet length too long");
    /** {@code SSL_R_UNEXPECTED_EOF_WHILE_READING}: the transport closed without close_notify. */
    public static final SslReason UNEXPECTED_EOF_WHILE_READING = ssl(294, "unexpected eof while reading");
    /** {@code SSL_R_SESSION_ID_CONTEXT_UNINITIALIZED}. */
    public static final SslReason SESSION_ID_CONTEXT_UNINITIALIZED = ssl(277, "session id context uninitialized");
    /** {@code SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG}. */
    public static final SslReason SESSION_ID_CONTEXT_TOO_LONG = ssl(273, "ssl session id context too long");
    /** {@code SSL_R_BAD_LENGTH}. */
    public static final SslReason BAD_LENGTH = ssl(271, "bad length");
    /** {@code SSL_R_BAD_WRITE_RETRY}: a write retried with a different buffer without ACCEPT_MOVING_WRITE_BUFFER. */
    public static final SslReason BAD_WRITE_RETRY = ssl(127, "bad write retry");
    /** {@code SSL_R_NO_CIPHER_MATCH}: a cipher list selected nothing. */
    public static final SslReason NO_CIPHER_MATCH = ssl(185, "no cipher match");
    /** {@code SSL_R_INVALID_SESSION_ID}. */
    public static final SslReason INVALID_SESSION_ID = ssl(999, "invalid session id");
    /** {@code SSL_R_SSL_HANDSHAKE_FAILURE}: a failure the provider reported without a finer reason. */
    public static final SslReason HANDSHAKE_FAILURE = ssl(229, "ssl handshake failure");
    /** {@code ERR_R_INTERNAL_ERROR} within libssl: a state that cannot be reset (e.g. clear during renegotiation). */
    public static final SslReason INTERNAL_ERROR = ssl(0xC0103, "internal error");
    /** {@code SSL_R_SSL_NEGATIVE_LENGTH} / bad argument. */
    public static final SslReason BAD_VALUE = ssl(384, "bad value");
    /** {@code SSL_R_CONNECTION_TYPE_NOT_SET}: a handshake before {@code SSL_set_connect_state}/{@code SSL_set_accept_state}. */
    public static final SslReason CONNECTION_TYPE_NOT_SET = ssl(144, "connection type not set");
    /** {@code SSL_R_SHUTDOWN_WHILE_IN_INIT}: {@code SSL_shutdown} before the handshake finished. */
    public static final SslReason SHUTDOWN_WHILE_IN_INIT = ssl(407, "shutdown while in init");
    /** {@code SSL_R_RENEGOTIATE_WHILE_NOT_ESTABLISHED}-like: {@code SSL_renegotiate} on a connection without a finished handshake. */
    public static final SslReason RENEGOTIATE_WHILE_NOT_ESTABLISHED = ssl(373, "renegotiate while not established");
    /** {@code SSL_R_WRONG_SSL_VERSION}: e.g. a renegotiation asked of a TLS 1.3 connection. */
    public static final SslReason WRONG_SSL_VERSION = ssl(116, "wrong ssl version");
    /** {@code SSL_R_NO_RENEGOTIATION}: renegotiation refused (option, provider, or peer). */
    public static final SslReason NO_RENEGOTIATION = ssl(339, "no renegotiation");
    /** {@code SSL_R_SSL_SESSION_ID_CALLBACK_FAILED}: the session id generator returned failure. */
    public static final SslReason SESSION_ID_CALLBACK_FAILED = ssl(301, "ssl session id callback failed");
    /** {@code SSL_R_SSL_SESSION_ID_HAS_BAD_LENGTH}: the session id generator gave a bad length. */
    public static final SslReason SESSION_ID_HAS_BAD_LENGTH = ssl(303, "ssl session id has bad length");
    /** {@code SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE}: a server requiring a client certificate got none. */
    public static final SslReason PEER_DID_NOT_RETURN_A_CERTIFICATE = ssl(199, "peer did not return a certificate");
    /** {@code SSL_R_NO_APPLICATION_PROTOCOL}: no ALPN protocol in common. */
    public static final SslReason NO_APPLICATION_PROTOCOL = ssl(235, "no application protocol");
    /** {@code SSL_R_NO_PROTOCOLS_AVAILABLE}: the protocol range leaves no version the provider supports. */
    public static final SslReason NO_PROTOCOLS_AVAILABLE = ssl(191, "no protocols available");
    /** {@code SSL_R_ENCRYPTED_LENGTH_TOO_LONG}: a record header announcing more than TLS allows. */
    public static final SslReason ENCRYPTED_LENGTH_TOO_LONG = ssl(150, "encrypted length too long");
    /** {@code SSL_R_HTTP_REQUEST}: the peer spoke HTTP to a TLS server. */
    public static final SslReason HTTP_REQUEST = ssl(156, "http request");
    /** {@code SSL_R_HTTPS_PROXY_REQUEST}: the peer sent an HTTP CONNECT to a TLS server. */
    public static final SslReason HTTPS_PROXY_REQUEST = ssl(155, "https proxy request");
    /** The peer's close_notify arrived during the handshake (OpenSSL reports the received alert). */
    public static final SslReason CLOSED_DURING_HANDSHAKE = alert(0, true);
    /** {@code BIO_R_BROKEN_PIPE} and other transport errors; the cause carries the {@link java.io.IOException}. */
    public static final SslReason SYSCALL = new SslReason("system library", 0, "transport error");

    /** No provider with the requested id is on the module path or classpath. */
    public static final SslReason UNKNOWN_PROVIDER = sslkit(1, "unknown TLS provider");
    /** The requested provider is present but cannot run here (e.g. Conscrypt's native library did not load). */
    public static final SslReason PROVIDER_UNAVAILABLE = sslkit(2, "TLS provider unavailable");
    /** The chosen provider cannot honour a setting; the message names setting and provider. */
    public static final SslReason SETTING_NOT_SUPPORTED = sslkit(3, "setting not supported by provider");
    /** A setting's value is invalid; the message names the setting. */
    public static final SslReason BAD_SETTING = sslkit(4, "invalid setting value");
    /** Two providers on the module path or classpath have the same id: discovery fails, naming both. */
    public static final SslReason DUPLICATE_PROVIDER = sslkit(6, "duplicate TLS provider id");
    /** The provider failed in a way it did not describe further; the cause carries its exception. */
    public static final SslReason PROVIDER_ERROR = sslkit(5, "provider error");

    /** @param code an OpenSSL {@code SSL_R_*} reason code  @param text its text  @return a libssl reason */
    public static SslReason ssl(int code, String text) {
        return new SslReason("SSL routines", code, text);
    }

    /** @param code an sslkit reason code  @param text its text  @return an sslkit reason */
    public static SslReason sslkit(int code, String text) {
        return new SslReason("sslkit", code, text);
    }

    /**
     * The TLS alert a provider sent or received, as OpenSSL reports it
     * ({@code SSL_R_SSLV3_ALERT_*} / {@code SSL_R_TLSV1_ALERT_*}, code 1000 + alert).
     *
     * @param alert    the alert description (e.g. 42 bad_certificate)
     * @param received whether it came from the peer
     * @return the reason
     */
    public static SslReason alert(int alert, boolean received) {
        return ssl(1000 + alert, (received ? "received alert " : "sent alert ") + alertName(alert) + " (" + alert + ")");
    }

    /** @param alert a TLS alert description  @return its RFC 8446 name */
    public static String alertName(int alert) {
        switch (alert) {
            case 0: return "close_notify";
            case 10: return "unexpected_message";
            case 20: return "bad_record_mac";
            case 22: return "record_overflow";
            case 40: return "handshake_failure";
            case 42: return "bad_certificate";
            case 43: return "unsupported_certificate";
            case 44: return "certificate_revoked";
            case 45: return "certificate_expired";
            case 46: return "certificate_unknown";
            case 47: return "illegal_parameter";
            case 48: return "unknown_ca";
            case 49: return "access_denied";
            case 50: return "decode_error";
            case 51: return "decrypt_error";
            case 70: return "protocol_version";
            case 71: return "insufficient_security";
            case 80: return "internal_error";
            case 86: return "inappropriate_fallback";
            case 90: return "user_canceled";
            case 109: return "missing_extension";
            case 110: return "unsupported_extension";
            case 112: return "unrecognized_name";
            case 116: return "certificate_required";
            case 120: return "no_application_protocol";
            default: return "alert_" + alert;
        }
    }

    /**
     * The same library and code with a finer text, for a provider that names the cause of a catalogued
     * reason itself (e.g. BoringSSL's reason name under {@link #HANDSHAKE_FAILURE}).
     *
     * @param text the text
     * @return a reason with this library and code
     */
    public SslReason withText(String text) {
        return new SslReason(library, code, text);
    }

    /** @return OpenSSL's error line, e.g. {@code error:0A000086:SSL routines::certificate verify failed} */
    @Override
    public String toString() {
        if ("SSL routines".equals(library)) {
            return String.format("error:%08X:%s::%s", (LIB_SSL << 23) | (code & 0x7FFFFF), library, reason);
        }
        return String.format("error:%08X:%s::%s", code, library, reason);
    }
}
