package dev.sslkit.provider.jsse;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.spi.EngineEvents;
import dev.sslkit.provider.sslengine.SslEngineErrors;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
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

    private JsseErrors() {
    }

    /**
     * @param e       SunJSSE's exception
     * @param client  whether the connection is a client
     * @param refused the connection's verifier's refusal, or {@code null}
     * @param events  the connection's events
     * @return the failure, its alerts reported
     */
    static SslException map(SSLException e, boolean client, CertificateException refused, EngineEvents events) {
        String detail = "jsse: " + e.getMessage();
        // 1. the peer's fatal alert
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            Matcher matcher = RECEIVED.matcher(m);
            if (matcher.find()) {
                Integer code = SslEngineErrors.alertCode(matcher.group(1));
                if (code != null) {
                    return SslEngineErrors.peerAlert(code, "jsse: the peer sent fatal alert " + matcher.group(1), e, events);
                }
            }
            if (m.contains("Received fatal close_notify alert") || m.contains("Received close_notify during handshake")) {
                return SslEngineErrors.peerAlert(0, detail, e, events);
            }
        }
        // 2. our verifier refused the peer's chain
        if (refused != null && SslEngineErrors.inChain(e, refused)) {
            return SslEngineErrors.certificateRejected(JsseProvider.ID, refused, client ? certificateAlert(refused) : 46, e, events);
        }
        // 3. local failures JSSE describes in its messages
        String all = SslEngineErrors.messages(e).toLowerCase(Locale.ROOT);
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
            reason = SslReason.PEER_DID_NOT_RETURN_A_CERTIFICATE;
            alert = -1;
        } else if (all.contains("no matching application layer protocol")) {
            reason = SslReason.NO_APPLICATION_PROTOCOL;
            alert = 120;
        } else {
            reason = SslReason.HANDSHAKE_FAILURE;
            alert = -1;
        }
        return SslEngineErrors.localFailure(reason, alert, detail, e, events);
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

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
