package dev.sslkit.provider.sslengine;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.spi.EngineEvents;

import java.security.cert.CertificateException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * SPI support for SSLEngine-based providers: the provider-neutral part of turning an engine's
 * {@link SSLException} into an {@link SslException} with OpenSSL-style reasons (what
 * {@code ERR_get_error} would report) and reporting the alert it implies to the connection's
 * {@link EngineEvents} ({@code SSL_set_info_callback}'s alerts). Which reason and alert a provider's
 * message means stays the provider's.
 *
 * <p>Thread safety: stateless; safe for concurrent use.
 */
public final class SslEngineErrors {

    /**
     * TLS alert descriptions to their codes, as SunJSSE ({@code sun.security.ssl.Alert}) and BoringSSL
     * (its {@code SSLV3_ALERT_*} / {@code TLSV1_ALERT_*} reason names, lower case) spell them.
     */
    private static final Map<String, Integer> ALERTS = Map.ofEntries(
            Map.entry("close_notify", 0), Map.entry("unexpected_message", 10), Map.entry("bad_record_mac", 20),
            Map.entry("decryption_failed", 21), Map.entry("record_overflow", 22), Map.entry("decompression_failure", 30),
            Map.entry("handshake_failure", 40), Map.entry("no_certificate", 41), Map.entry("bad_certificate", 42),
            Map.entry("unsupported_certificate", 43), Map.entry("certificate_revoked", 44),
            Map.entry("certificate_expired", 45), Map.entry("certificate_unknown", 46),
            Map.entry("illegal_parameter", 47), Map.entry("unknown_ca", 48), Map.entry("access_denied", 49),
            Map.entry("decode_error", 50), Map.entry("decrypt_error", 51), Map.entry("export_restriction", 60),
            Map.entry("protocol_version", 70), Map.entry("insufficient_security", 71), Map.entry("internal_error", 80),
            Map.entry("inappropriate_fallback", 86), Map.entry("user_canceled", 90), Map.entry("user_cancelled", 90),
            Map.entry("no_renegotiation", 100), Map.entry("missing_extension", 109),
            Map.entry("unsupported_extension", 110), Map.entry("certificate_unobtainable", 111),
            Map.entry("unrecognized_name", 112), Map.entry("bad_certificate_status_response", 113),
            Map.entry("bad_certificate_hash_value", 114), Map.entry("unknown_psk_identity", 115),
            Map.entry("certificate_required", 116), Map.entry("no_application_protocol", 120),
            Map.entry("ech_required", 121));

    private SslEngineErrors() {
    }

    /**
     * @param name a TLS alert description in lower case, e.g. {@code bad_certificate}
     *             (both {@code user_canceled} and BoringSSL's {@code user_cancelled})
     * @return its code ({@code SSL_alert_desc_string}'s inverse), or {@code null} if unknown
     */
    public static Integer alertCode(String name) {
        return name == null ? null : ALERTS.get(name);
    }

    /**
     * @param e an exception
     * @return the messages of {@code e} and its causes, each followed by {@code " | "}
     */
    public static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                sb.append(t.getMessage()).append(" | ");
            }
        }
        return sb.toString();
    }

    /**
     * @param e      an exception
     * @param target an exception
     * @return whether {@code target} is {@code e} or one of its causes
     */
    public static boolean inChain(Throwable e, Throwable target) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t == target) {
                return true;
            }
        }
        return false;
    }

    /**
     * The peer's fatal alert: reports it as received and returns the failure.
     *
     * @param code    the alert's code
     * @param message the exception's message
     * @param e       the engine's exception (the cause)
     * @param events  the connection's events
     * @return the exception, reason {@code SSL_R_SSLV3_ALERT_*} / {@code SSL_R_TLSV1_ALERT_*} for {@code code}
     */
    public static SslException peerAlert(int code, String message, SSLException e, EngineEvents events) {
        events.alert(false, true, code);
        return new SslException(SslReason.alert(code, true), message, e);
    }

    /**
     * The connection's verifier refused the peer's chain: reports the fatal alert sent and returns
     * the failure.
     *
     * @param providerId the provider's id, for the message
     * @param refused    the verifier's exception
     * @param alert      the alert the provider sends for it
     * @param e          the engine's exception (the cause)
     * @param events     the connection's events
     * @return the exception, reasons {@code SSL_R_CERTIFICATE_VERIFY_FAILED} and the alert sent
     */
    public static SslException certificateRejected(String providerId, CertificateException refused, int alert,
            SSLException e, EngineEvents events) {
        events.alert(true, true, alert);
        return new SslException(List.of(SslReason.CERTIFICATE_VERIFY_FAILED, SslReason.alert(alert, false)),
                providerId + ": peer certificate rejected: " + refused.getMessage(), e);
    }

    /**
     * A local failure: reports the fatal alert sent, if known, and returns the failure.
     *
     * @param reason  the reason
     * @param alert   the alert the provider sends for it, or a negative number when not known
     * @param message the exception's message
     * @param e       the engine's exception (the cause)
     * @param events  the connection's events
     * @return the exception, with {@code reason} and, if known, the alert sent
     */
    public static SslException localFailure(SslReason reason, int alert, String message, SSLException e,
            EngineEvents events) {
        if (alert < 0) {
            return new SslException(reason, message, e);
        }
        events.alert(true, true, alert);
        return new SslException(List.of(reason, SslReason.alert(alert, false)), message, e);
    }
}
