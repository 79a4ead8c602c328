package dev.sslkit.provider.bc;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;

/** Turns bctls failures into {@link SslException}s with OpenSSL's reasons ({@code ERR_get_error} order). */
final class Errors {
    private Errors() {
    }

    /** Marker text bctls never uses: a cipher suite could not be selected (set by {@link BcServer}). */
    static final String NO_SHARED_CIPHER = "sslkit: no shared cipher";

    /**
     * @param e          what bctls threw
     * @param badHeader  whether the record that failed did not look like TLS at all
     * @param tooLong    whether the record was longer than TLS allows
     * @return the exception to raise
     */
    static SslException map(Throwable e, boolean badHeader, boolean tooLong) {
        List<SslReason> reasons = new ArrayList<>(3);
        String detail;
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof SslException) {
                reasons.addAll(((SslException) c).reasons()); // a callback's own reason comes first
                break;
            }
        }
        if (badHeader) {
            reasons.add(SslReason.WRONG_VERSION_NUMBER);
        }
        if (tooLong) {
            reasons.add(SslReason.PACKET_LENGTH_TOO_LONG);
        }
        if (e instanceof TlsFatalAlertReceived) {
            short d = ((TlsFatalAlertReceived) e).getAlertDescription();
            reasons.add(SslReason.alert(d, true));
            detail = "the peer sent a fatal " + SslReason.alertName(d) + " alert";
        } else if (e instanceof TlsFatalAlert) {
            short d = ((TlsFatalAlert) e).getAlertDescription();
            Throwable cause = e.getCause();
            if (cause instanceof CertificateException) {
                reasons.add(SslReason.CERTIFICATE_VERIFY_FAILED);
            } else if ((e.getMessage() != null && e.getMessage().contains(NO_SHARED_CIPHER)) || (d == AlertDescription.handshake_failure
                    && e.getMessage() != null && e.getMessage().contains("cipher suite"))) {
                reasons.add(SslReason.NO_SHARED_CIPHER);
            } else if (d == AlertDescription.protocol_version) {
                reasons.add(SslReason.UNSUPPORTED_PROTOCOL);
            } else if (d == AlertDescription.bad_record_mac) {
                reasons.add(SslReason.RECORD_LAYER_FAILURE);
            } else if (d == AlertDescription.record_overflow && !tooLong) {
                reasons.add(SslReason.PACKET_LENGTH_TOO_LONG);
            }
            reasons.add(SslReason.alert(d, false));
            detail = "sent a fatal " + SslReason.alertName(d) + " alert"
                    + (cause instanceof CertificateException ? ": " + cause.getMessage()
                    : e.getMessage() != null && !e.getMessage().equals(AlertDescription.getText(d)) ? ": " + e.getMessage() : "")
                    + (cause != null && !(cause instanceof CertificateException) ? " (" + cause + ")" : "");
        } else {
            reasons.add(SslReason.HANDSHAKE_FAILURE);
            detail = "bctls failed: " + e;
        }
        return new SslException(reasons, detail, e);
    }
}
