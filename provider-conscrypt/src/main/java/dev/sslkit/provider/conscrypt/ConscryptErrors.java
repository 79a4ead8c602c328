package dev.sslkit.provider.conscrypt;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.spi.EngineEvents;
import dev.sslkit.provider.sslengine.SslEngineErrors;

import java.security.cert.CertificateException;
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

    private ConscryptErrors() {
    }

    /**
     * @param engine  the connection (for the protocol, read only where the alert depends on it)
     * @param e       Conscrypt's exception
     * @param refused the connection's verifier's refusal, or {@code null}
     * @param events  the connection's events
     * @return the failure, its alerts reported
     */
    static SslException map(ConscryptTlsEngine engine, SSLException e, CertificateException refused, EngineEvents events) {
        String all = SslEngineErrors.messages(e);
        String detail = "conscrypt: " + clean(e.getMessage());
        // 1. the peer's fatal alert
        Matcher am = ALERT.matcher(all);
        if (am.find()) {
            String name = am.group(1).toLowerCase(java.util.Locale.ROOT);
            Integer code = SslEngineErrors.alertCode(name);
            if (code != null) {
                return SslEngineErrors.peerAlert(code, "conscrypt: the peer sent fatal alert " + name + " (" + detail + ")",
                        e, events);
            }
        }
        // 2. our verifier refused the peer's chain (BoringSSL: CERTIFICATE_VERIFY_FAILED, alert certificate_unknown)
        if (refused != null) {
            return SslEngineErrors.certificateRejected(ConscryptProvider.ID, refused, 46, e, events);
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
                reason = SslReason.PEER_DID_NOT_RETURN_A_CERTIFICATE;
                alert = "TLSv1.3".equals(engine.protocolName()) ? 116 : 40;
                break;
            case "NO_APPLICATION_PROTOCOL":
                reason = SslReason.NO_APPLICATION_PROTOCOL;
                alert = 120;
                break;
            case "":
                reason = SslReason.HANDSHAKE_FAILURE;
                alert = -1;
                break;
            default:
                // BoringSSL's reason names are OpenSSL's: keep the name as the reason text
                reason = SslReason.HANDSHAKE_FAILURE.withText(r.toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                alert = -1;
                break;
        }
        return SslEngineErrors.localFailure(reason, alert, detail, e, events);
    }

    private static final Pattern NATIVE_POINTER = Pattern.compile("\\s*\\bssl=0x[0-9a-fA-F]+:?");
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\s*\\([^()]*\\.(?:cc|c|h):\\d+[^()]*\\)");
    private static final Pattern ADDRESS = Pattern.compile("\\s*\\b0x[0-9a-fA-F]{6,}(?::0x[0-9a-fA-F]+)?");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /**
     * Issue 9 item 5: Conscrypt's message made fit for people, on one line: the native pointers
     * ({@code ssl=0x7f…}), BoringSSL's source locations ({@code (external/boringssl/src/ssl/…cc:592
     * 0x…:0x…)}) and line breaks go; the reason names stay. The untouched message remains in the
     * cause.
     *
     * @param m Conscrypt's message, may be {@code null}
     * @return one clean line
     */
    static String clean(String m) {
        if (m == null) {
            return "(no message)";
        }
        String s = NATIVE_POINTER.matcher(m).replaceAll("");
        s = SOURCE_LOCATION.matcher(s).replaceAll("");
        s = ADDRESS.matcher(s).replaceAll("");
        s = SPACES.matcher(s).replaceAll(" ").trim();
        return s.isEmpty() ? "(no message)" : s;
    }
}
