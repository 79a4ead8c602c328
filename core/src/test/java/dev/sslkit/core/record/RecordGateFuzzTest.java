package dev.sslkit.core.record;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.SslException;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 fuzzing: any bytes at the read position give the record gate a verdict without throwing,
 * leave the buffer untouched, and refuse exactly the TLS headers over the RFC limit.
 *
 * <p>Regression mode (the normal test run) replays {@code src/test/resources/.../RecordGateFuzzTestInputs/}.
 * A longer run: {@code JAZZER_FUZZ=1 mvn -B -pl core -am test -Dtest=RecordGateFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=5m} (see the README, "Fuzzing").
 */
class RecordGateFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void headerVerdicts(byte[] data) {
        for (ProtocolVersion v : new ProtocolVersion[] {null, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3}) {
            for (boolean server : new boolean[] {true, false}) {
                RecordGate g = new RecordGate();
                ByteBuffer in = ByteBuffer.wrap(data).asReadOnlyBuffer();
                SslException e = g.check(in, v, server);
                assertEquals(0, in.position(), "the gate only looks");
                if (data.length >= 5 && (data[0] & 0xff) >= 20 && (data[0] & 0xff) <= 24 && data[1] == 3) {
                    int len = ((data[3] & 0xff) << 8) | (data[4] & 0xff);
                    int max = v == ProtocolVersion.TLS1_3 ? RecordGate.MAX_TLS13_CIPHERTEXT : RecordGate.MAX_TLS12_CIPHERTEXT;
                    assertEquals(len > max, e != null, "refused exactly over the limit");
                    if (e != null) {
                        assertTrue(g.alertDue(), "first record: the plaintext alert is due");
                    }
                }
                if (e != null) {
                    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
                }
            }
        }
    }
}
