package dev.sslkit.provider.conscrypt;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 9 item 5: Conscrypt's failures read as one clean line; the raw text stays in the cause. */
class ConscryptErrorsTest {
    /** The shape Conscrypt 2.5 gives a received alert (pointer, two lines, BoringSSL source path). */
    private static final String RAW = "Read error: ssl=0x7f3a2c0b1e48: Failure in SSL library, usually a protocol error\n"
            + "error:10000416:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_UNKNOWN "
            + "(external/boringssl/src/ssl/tls_record.cc:592 0x7f3a2c0d4c98:0x00000001)";

    @Test
    void receivedAlertIsOneCleanLineWithTheRawTextAsCause() {
        SSLHandshakeException raw = new SSLHandshakeException(RAW);
        List<Integer> alerts = new ArrayList<>();
        SslException e = ConscryptErrors.map(null, raw, null, new dev.sslkit.spi.EngineEvents() {
            @Override
            public void alert(boolean sent, boolean fatal, int description) {
                alerts.add(description);
            }

            @Override
            public void message(boolean sent, int version, int contentType, byte[] bytes) {
            }
        });
        String m = e.getMessage();
        assertTrue(e.hasReason(SslReason.alert(46, true)), m);
        assertEquals(List.of(46), alerts);
        assertFalse(m.contains("\n"), m);
        assertFalse(m.contains("0x"), m);
        assertFalse(m.contains(".cc:"), m);
        assertTrue(m.contains("certificate_unknown"), m);
        assertTrue(m.contains("SSLV3_ALERT_CERTIFICATE_UNKNOWN"), m);
        assertSame(raw, e.getCause(), "the provider's detail is the cause");
    }

    @Test
    void cleanKeepsReasonNamesAndDropsPointersAndPaths() {
        assertEquals("Read error: Failure in SSL library, usually a protocol error "
                + "error:10000416:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_UNKNOWN", ConscryptErrors.clean(RAW));
        assertEquals("(no message)", ConscryptErrors.clean(null));
    }
}
