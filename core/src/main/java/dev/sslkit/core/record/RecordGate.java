package dev.sslkit.core.record;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at each inbound record header before the provider's engine sees it (issue 9 item 2): a
 * header announcing more than the protocol allows fails the connection at once with
 * {@code record_overflow}, as OpenSSL's {@code ssl3_get_record} does, instead of letting the engine
 * wait for a body that may never come (JSSE) or misreport it (Conscrypt: "wrong version number").
 *
 * <p>Limits (RFC 5246 §6.2.3, RFC 8446 §5.2): {@code TLSCiphertext.length} at most
 * 2<sup>14</sup> + 2048 ({@link #MAX_TLS12_CIPHERTEXT}); once TLS 1.3 is negotiated at most
 * 2<sup>14</sup> + 256 ({@link #MAX_TLS13_CIPHERTEXT}). Only headers of the TLS content types
 * (change_cipher_spec, alert, handshake, application_data, heartbeat) with major version 3 are
 * judged; anything else is left to the engine, which reports it in its own words (an SSLv2-format
 * ClientHello, plain garbage).
 *
 * <p>The first record must be a TLS record at all: bytes that are not (an HTTP request, a
 * plaintext protocol) fail as OpenSSL 3.0 fails them, with {@code wrong version number} (or
 * {@code http request}) and <em>no</em> alert on the wire, where providers differ (JSSE answers
 * internal_error).
 *
 * <p>The alert: before the connection has accepted any record, no record protection is on, so the
 * gate gives the plaintext fatal {@code record_overflow} record ({@link #plainAlert()}) for the
 * driver to write, as OpenSSL writes {@code 15 03 03 00 02 02 16}. Later, keys belong to the
 * provider's engine, which offers no way to send a chosen alert: the connection fails at once
 * without one, and the exception does not claim an alert was sent.
 *
 * <p>Thread safety: confined to the connection's thread, like the connection.
 */
public final class RecordGate {
    /** Record header length. */
    public static final int HEADER = 5;
    /** RFC 5246: the largest TLSCiphertext.length (2^14 + 2048). */
    public static final int MAX_TLS12_CIPHERTEXT = (1 << 14) + 2048;
    /** RFC 8446: the largest TLSCiphertext.length (2^14 + 256). */
    public static final int MAX_TLS13_CIPHERTEXT = (1 << 14) + 256;
    /** {@code SSL_R_ENCRYPTED_LENGTH_TOO_LONG}: a TLS 1.3 record over 2^14 + 256. */
    public static final SslReason ENCRYPTED_LENGTH_TOO_LONG = SslReason.ENCRYPTED_LENGTH_TOO_LONG;
    /** {@code SSL_R_HTTP_REQUEST}. */
    public static final SslReason HTTP_REQUEST = SslReason.HTTP_REQUEST;
    /** {@code SSL_R_HTTPS_PROXY_REQUEST}. */
    public static final SslReason HTTPS_PROXY_REQUEST = SslReason.HTTPS_PROXY_REQUEST;
    /** TLS alert record_overflow. */
    public static final int RECORD_OVERFLOW = 22;

    private static final byte[] PLAIN_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, RECORD_OVERFLOW};

    private boolean recordAccepted;
    private boolean lastWasOverflow;

    /** Back to a fresh connection ({@code SSL_clear}). */
    public void reset() {
        recordAccepted = false;
        lastWasOverflow = false;
    }

    /** Notes that the engine consumed inbound bytes: record protection may be on from now. */
    public void accepted() {
        recordAccepted = true;
    }

    /**
     * Judges the header at {@code in}'s position, if a whole one is there.
     *
     * @param in         inbound bytes (position..limit), not modified
     * @param negotiated the protocol negotiated, or {@code null} while unknown
     * @param server     whether the connection is a server (HTTP requests are recognised there)
     * @return {@code null} if the header is acceptable (or incomplete, or not a TLS header); else the
     *         failure to report; its reasons include the sent alert when {@link #alertDue()}
     */
    public SslException check(ByteBuffer in, ProtocolVersion negotiated, boolean server) {
        if (in.remaining() < HEADER) {
            return null;
        }
        int p = in.position();
        int type = in.get(p) & 0xff;
        int major = in.get(p + 1) & 0xff;
        if (type < 20 || type > 24 || major != 3) {
            return recordAccepted ? null : notTls(in, p, type, server);
        }
        int len = ((in.get(p + 3) & 0xff) << 8) | (in.get(p + 4) & 0xff);
        boolean tls13 = negotiated == ProtocolVersion.TLS1_3;
        int max = tls13 ? MAX_TLS13_CIPHERTEXT : MAX_TLS12_CIPHERTEXT;
        if (len <= max) {
            return null;
        }
        lastWasOverflow = true;
        List<SslReason> reasons = new ArrayList<>(2);
        reasons.add(tls13 ? ENCRYPTED_LENGTH_TOO_LONG : SslReason.PACKET_LENGTH_TOO_LONG);
        String alert;
        if (!recordAccepted) {
            reasons.add(SslReason.alert(RECORD_OVERFLOW, false));
            alert = "; fatal record_overflow alert sent";
        } else {
            alert = "; no alert sent (the provider's engine holds the record keys)";
        }
        return new SslException(reasons, "the peer's record header announces " + len + " bytes, more than the "
                + max + " " + (tls13 ? "TLS 1.3" : "TLS") + " allows" + alert, null);
    }

    /**
     * The first record is not TLS. OpenSSL 3.0 ({@code ssl3_get_record}) then fails without sending
     * any alert: {@code SSL_R_HTTP_REQUEST} / {@code SSL_R_HTTPS_PROXY_REQUEST} when a server is sent
     * an HTTP request, else {@code SSL_R_WRONG_VERSION_NUMBER}. An SSLv2-format ClientHello (high bit
     * of the first byte set, message type 1) is left to the engine.
     */
    private static SslException notTls(ByteBuffer in, int p, int type, boolean server) {
        if (server && (type & 0x80) != 0 && (in.get(p + 2) & 0xff) == 1) {
            return null;
        }
        if (server) {
            String start = new String(new byte[] {in.get(p), in.get(p + 1), in.get(p + 2), in.get(p + 3), in.get(p + 4)},
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            if (start.startsWith("GET ") || start.startsWith("POST ") || start.startsWith("HEAD ")
                    || start.startsWith("PUT ")) {
                return new SslException(HTTP_REQUEST, "the peer sent an HTTP request, not a TLS record; no alert sent", null);
            }
            if (start.startsWith("CONNE")) {
                return new SslException(HTTPS_PROXY_REQUEST, "the peer sent an HTTP CONNECT request, not a TLS record;"
                        + " no alert sent", null);
            }
        }
        return new SslException(SslReason.WRONG_VERSION_NUMBER, String.format("the peer's first bytes (%02x %02x %02x)"
                + " are not a TLS record header; no alert sent", type, in.get(p + 1) & 0xff, in.get(p + 2) & 0xff), null);
    }

    /**
     * @return whether a failure {@link #check} reports now comes with the plaintext alert
     *         ({@link #plainAlert()}) to write: no record was accepted yet, so no protection is on
     */
    public boolean alertDue() {
        return !recordAccepted && lastWasOverflow;
    }

    /** @return a fresh copy of the plaintext fatal record_overflow alert record */
    public static byte[] plainAlert() {
        return PLAIN_ALERT.clone();
    }
}
