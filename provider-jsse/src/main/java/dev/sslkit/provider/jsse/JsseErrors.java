package dev.sslkit.provider.jsse;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.spi.EngineEvents;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.net.ssl.SSLException;

/**
 * Maps SunJSSE's exceptions to OpenSSL-style reasons, and reports the alerts they imply.
 *
 * <p>JSSE's exceptions carry no alert code: a received alert is parsed from its fixed message
 * ({@code "Received fatal alert: bad_certificate"}); for local failures the alert JSSE sends is the
 * one its source uses for that failure in JDK 17 to 25, reported only where those agree (and tested
 * where the alert can be seen on the wire).
 */
final class JsseErrors {
    private static final Pattern RECEIVED = Pattern.compile("Received fatal alert: ([a-z_0-9]+)");

    /** SunJSSE's alert descriptions ({@code sun.security.ssl.Alert}) to their codes. */
    private static final Map<String, Integer> ALERTS = Map.ofEntries(
            Map.entry("close_notify", 0), Map.entry("unexpected_message", 10), Map.entry("bad_record_mac", 20),
            Map.entry("decryption_failed", 21), Map.entry("record_overflow", 22), Map.entry("decompression_failure", 30),
            Map.entry("handshake_failure", 40), Map.entry("no_certificate", 41), Map.entry("bad_certificate", 42),
            Map.entry("unsupported_certificate", 43), Map.entry("certificate_revoked", 44),
            Map.entry("certificate_expired", 45), Map.entry("certificate_unknown", 46),
            Map.entry("illegal_parameter", 47), Map.entry("unknown_ca", 48), Map.entry("access_denied", 49),
            Map.entry("decode_error", 50), Map.entry("decrypt_error", 51), Map.entry("export_restriction", 60),
            Map.entry("protocol_version", 70), Map.entry("insufficient_security", 71), Map.entry("internal_error", 80),
            Map.entry("inappropriate_fallback", 86), Map.entry("user_canceled", 90), Map.entry("no_renegotiation", 100),
            Map.entry("missing_extension", 109), Map.entry("unsupported_extension", 110),
            Map.entry("certificate_unobtainable", 111), Map.entry("unrecognized_name", 112),
            Map.entry("bad_certificate_status_response", 113), Map.entry("bad_certificate_hash_value", 114),
            Map.entry("unknown_psk_identity", 115), Map.entry("certificate_required", 116),
            Map.entry("no_application_protocol", 120));

    /** {@code SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE}. */
    static final SslReason PEER_DID_NOT_RETURN_A_CERTIFICATE = SslReason.ssl(199, "peer did not return a certificate");
    /** {@code SSL_R_NO_APPLICATION_PROTOCOL}. */
    static final SslReason NO_APPLICATION_PROTOCOL = SslReason.ssl(235, "no application protocol");

    private JsseErrors() {
    }

    static SslException map(JsseEngine engine, SSLException e, EngineEvents events) {
        String detail = "jsse: " + e.getMessage();
        // 1. the peer's fatal alert
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            Matcher matcher = RECEIVED.matcher(m);
            if (matcher.find()) {
                Integer code = ALERTS.get(matcher.group(1));
                if (code != null) {
                    events.alert(false, true, code);
                    return new SslException(SslReason.alert(code, true), "jsse: the peer sent fatal alert " + matcher.group(1), e);
                }
            }
            if (m.contains("Received fatal close_notify alert") || m.contains("Received close_notify during handshake")) {
                events.alert(false, true, 0);
                return new SslException(SslReason.alert(0, true), detail, e);
            }
        }
        // 2. our verifier refused the peer's chain
        CertificateException refused = engine.verifyFailure;
        if (refused != null && inChain(e, refused)) {
            int alert = engine.client ? certificateAlert(refused) : 46;
            events.alert(true, true, alert);
            return new SslException(List.of(SslReason.CERTIFICATE_VERIFY_FAILED, SslReason.alert(alert, false)),
                    "jsse: peer certificate rejected: " + refused.getMessage(), e);
        }
        // 3. local failures JSSE describes in its messages
        String all = messages(e);
        SslReason reason;
        int alert;
        if (all.contains("unsupported or unrecognized ssl message") || all.contains("unrecognized ssl message")
                || all.contains("unrecognized record version") || all.contains("ssl v2.0 servers are not supported")) {
            reason = SslReason.WRONG_VERSION_NUMBER;
            alert = 80; // SSLEngineImpl turns the record layer's SSLException into internal_error
        } else if (hasCause(e, AEADBadTagException.class) || hasCause(e, BadPaddingException.class)
                || all.contains("bad record mac")) {
            reason = SslReason.RECORD_LAYER_FAILURE;
            alert = hasCause(e, AEADBadTagException.class) ? 20 : -1;
        } else if (all.contains("input record too big") || all.contains("bad input record size")) {
            reason = SslReason.PACKET_LENGTH_TOO_LONG;
            alert = 10;
        } else if (all.contains("record_overflow") || all.contains("record overflow") || all.contains("too large")) {
            reason = SslReason.PACKET_LENGTH_TOO_LONG;
            alert = 22;
        } else if (all.contains("no cipher suites in common") || all.contains("no available authentication scheme")) {
            reason = SslReason.NO_SHARED_CIPHER;
            alert = 40;
        } else if (all.contains("protocol version") || all.contains("not accepted by server preferences")
                || all.contains("not accepted by client preferences")) {
            reason = SslReason.UNSUPPORTED_PROTOCOL;
            alert = 70;
        } else if (all.contains("no appropriate protocol")) {
            reason = SslReason.UNSUPPORTED_PROTOCOL;
            alert = -1;
        } else if (all.contains("empty client certificate chain")) {
            // JDK 17 sends bad_certificate, later JDKs handshake_failure / certificate_required: not reported
            reason = PEER_DID_NOT_RETURN_A_CERTIFICATE;
            alert = -1;
        } else if (all.contains("no matching application layer protocol")) {
            reason = NO_APPLICATION_PROTOCOL;
            alert = 120;
        } else {
            reason = SslReason.HANDSHAKE_FAILURE;
            alert = -1;
        }
        if (alert < 0) {
            return new SslException(reason, detail, e);
        }
        events.alert(true, true, alert);
        return new SslException(List.of(reason, SslReason.alert(alert, false)), detail, e);
    }

    /** The alert SunJSSE's client sends for a refused server chain ({@code CertificateMessage.getCertificateAlert}). */
    static int certificateAlert(CertificateException ce) {
        if (ce.getCause() instanceof CertPathValidatorException) {
            CertPathValidatorException.Reason r = ((CertPathValidatorException) ce.getCause()).getReason();
            if (r == CertPathValidatorException.BasicReason.REVOKED) {
                return 44;
            } else if (r == CertPathValidatorException.BasicReason.EXPIRED) {
                return 45;
            } else if (r == CertPathValidatorException.BasicReason.INVALID_SIGNATURE
                    || r == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return 42;
            } else if (r == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
                return 43;
            }
        }
        return 46;
    }

    private static boolean inChain(Throwable e, Throwable target) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t == target) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                sb.append(t.getMessage().toLowerCase(Locale.ROOT)).append(" | ");
            }
        }
        return sb.toString();
    }
}
