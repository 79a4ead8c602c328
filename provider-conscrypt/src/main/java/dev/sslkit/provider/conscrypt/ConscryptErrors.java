package dev.sslkit.provider.conscrypt;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.spi.EngineEvents;

import java.security.cert.CertificateException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Maps Conscrypt's {@link SSLException}s to OpenSSL-style reasons, and reports the alerts they imply.
 *
 * <p>Conscrypt puts BoringSSL's error queue in its messages
 * ({@code error:10000410:SSL routines:OPENSSL_internal:SSLV3_ALERT_HANDSHAKE_FAILURE}). BoringSSL's
 * reason names are OpenSSL's {@code SSL_R_*} names, so most map one to one. A received alert is
 * named there ({@code SSLV3_ALERT_*} / {@code TLSV1_ALERT_*}); for a local failure the alert BoringSSL
 * sends is the one its source uses for that reason, reported only where it is certain.
 */
final class ConscryptErrors {
    private static final Pattern BORINGSSL = Pattern.compile("OPENSSL_internal:([A-Z0-9_]+)");
    private static final Pattern ALERT = Pattern.compile("(?:SSLV3|TLSV1)_ALERT_([A-Z0-9_]+)");

    /** Alert names (as in BoringSSL's reason names, lower case) to their codes. */
    private static final Map<String, Integer> ALERTS = Map.ofEntries(
            Map.entry("close_notify", 0), Map.entry("unexpected_message", 10), Map.entry("bad_record_mac", 20),
            Map.entry("decryption_failed", 21), Map.entry("record_overflow", 22), Map.entry("decompression_failure", 30),
            Map.entry("handshake_failure", 40), Map.entry("no_certificate", 41), Map.entry("bad_certificate", 42),
            Map.entry("unsupported_certificate", 43), Map.entry("certificate_revoked", 44),
            Map.entry("certificate_expired", 45), Map.entry("certificate_unknown", 46),
            Map.entry("illegal_parameter", 47), Map.entry("unknown_ca", 48), Map.entry("access_denied", 49),
            Map.entry("decode_error", 50), Map.entry("decrypt_error", 51), Map.entry("export_restriction", 60),
            Map.entry("protocol_version", 70), Map.entry("insufficient_security", 71), Map.entry("internal_error", 80),
            Map.entry("inappropriate_fallback", 86), Map.entry("user_cancelled", 90), Map.entry("no_renegotiation", 100),
            Map.entry("missing_extension", 109), Map.entry("unsupported_extension", 110),
            Map.entry("certificate_unobtainable", 111), Map.entry("unrecognized_name", 112),
            Map.entry("bad_certificate_status_response", 113), Map.entry("bad_certificate_hash_value", 114),
            Map.entry("unknown_psk_identity", 115), Map.entry("certificate_required", 116),
            Map.entry("no_application_protocol", 120), Map.entry("ech_required", 121));

    /** {@code SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE}. */
    static final SslReason PEER_DID_NOT_RETURN_A_CERTIFICATE = SslReason.ssl(199, "peer did not return a certificate");
    /** {@code SSL_R_NO_APPLICATION_PROTOCOL}. */
    static final SslReason NO_APPLICATION_PROTOCOL = SslReason.ssl(235, "no application protocol");

    private ConscryptErrors() {
    }

    static SslException map(ConscryptTlsEngine engine, SSLException e, EngineEvents events) {
        String all = messages(e);
        String detail = "conscrypt: " + firstLine(e.getMessage());
        // 1. the peer's fatal alert
        Matcher am = ALERT.matcher(all);
        if (am.find()) {
            String name = am.group(1).toLowerCase(java.util.Locale.ROOT);
            Integer code = ALERTS.get(name);
            if (code != null) {
                events.alert(false, true, code);
                return new SslException(SslReason.alert(code, true), "conscrypt: the peer sent fatal alert " + name
                        + " (" + detail + ")", e);
            }
        }
        // 2. our verifier refused the peer's chain (BoringSSL: CERTIFICATE_VERIFY_FAILED, alert certificate_unknown)
        CertificateException refused = engine.verifyFailure;
        if (refused != null) {
            events.alert(true, true, 46);
            return new SslException(List.of(SslReason.CERTIFICATE_VERIFY_FAILED, SslReason.alert(46, false)),
                    "conscrypt: peer certificate rejected: " + refused.getMessage(), e);
        }
        // 3. Conscrypt's own record-header check (before BoringSSL sees the bytes; nothing is sent)
        if (all.contains("Unable to parse TLS packet header")) {
            return new SslException(SslReason.WRONG_VERSION_NUMBER, detail + " (the peer's bytes are not a TLS record)", e);
        }
        // 4. BoringSSL's reason for a local failure
        Matcher bm = BORINGSSL.matcher(all);
        String r = bm.find() ? bm.group(1) : "";
        SslReason reason;
        int alert;
        switch (r) {
            case "WRONG_VERSION_NUMBER":
                reason = SslReason.WRONG_VERSION_NUMBER;
                alert = 70;
                break;
            case "UNSUPPORTED_PROTOCOL":
                reason = SslReason.UNSUPPORTED_PROTOCOL;
                alert = 70;
                break;
            case "DECRYPTION_FAILED_OR_BAD_RECORD_MAC":
            case "DECRYPTION_FAILED":
                reason = SslReason.RECORD_LAYER_FAILURE;
                alert = 20;
                break;
            case "ENCRYPTED_LENGTH_TOO_LONG":
            case "DATA_LENGTH_TOO_LONG":
            case "RECORD_TOO_LARGE":
                reason = SslReason.PACKET_LENGTH_TOO_LONG;
                alert = 22;
                break;
            case "EXCESSIVE_MESSAGE_SIZE":
                reason = SslReason.PACKET_LENGTH_TOO_LONG;
                alert = 47;
                break;
            case "NO_SHARED_CIPHER":
            case "NO_SHARED_GROUP":
                reason = SslReason.NO_SHARED_CIPHER;
                alert = 40;
                break;
            case "CERTIFICATE_VERIFY_FAILED":
                reason = SslReason.CERTIFICATE_VERIFY_FAILED;
                alert = 46;
                break;
            case "PEER_DID_NOT_RETURN_A_CERTIFICATE":
                reason = PEER_DID_NOT_RETURN_A_CERTIFICATE;
                alert = "TLSv1.3".equals(engine.protocolName()) ? 116 : 40;
                break;
            case "NO_APPLICATION_PROTOCOL":
                reason = NO_APPLICATION_PROTOCOL;
                alert = 120;
                break;
            case "":
                reason = SslReason.HANDSHAKE_FAILURE;
                alert = -1;
                break;
            default:
                // BoringSSL's reason names are OpenSSL's: keep the name as the reason text
                reason = SslReason.ssl(SslReason.HANDSHAKE_FAILURE.code(), r.toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                alert = -1;
                break;
        }
        if (alert < 0) {
            return new SslException(reason, detail, e);
        }
        events.alert(true, true, alert);
        return new SslException(List.of(reason, SslReason.alert(alert, false)), detail, e);
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "(no message)";
        }
        return m.replace('\n', ' ');
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                sb.append(t.getMessage()).append(" | ");
            }
        }
        return sb.toString();
    }
}
