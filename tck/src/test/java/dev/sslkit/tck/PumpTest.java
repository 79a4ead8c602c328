package dev.sslkit.tck;

import dev.sslkit.BioPair;
import dev.sslkit.Ssl;
import dev.sslkit.SslException;
import dev.sslkit.tck.FakeTls.Conn;
import dev.sslkit.tck.FakeTls.Fault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Pump} over test doubles ({@link FakeTls}), since core cannot run yet. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PumpTest {
    Conn client = new Conn(false, Fault.NONE);
    Conn server = new Conn(true, Fault.NONE);
    Ssl c = FakeTls.ssl(client);
    Ssl s = FakeTls.ssl(server);

    private void join(int capacity) {
        BioPair pair = FakeTls.pair(capacity);
        Pump.connect(c, s, pair);
        assertSame(pair.first(), c.rbio());
        assertSame(pair.first(), c.wbio());
        assertSame(pair.second(), s.rbio());
    }

    @Test
    void handshakeRunsUntilBothReturnOne() throws Exception {
        join(17 * 1024);
        int rounds = Pump.handshake(c, s);
        assertTrue(c.isInitFinished() && s.isInitFinished());
        assertEquals(2, rounds);
        int clientCalls = client.calls;
        assertEquals(2, clientCalls, "a side that returned 1 is not called again");
    }

    @Test
    void handshakeOrderDoesNotMatter() throws Exception {
        join(17 * 1024);
        Pump.handshake(s, c);
        assertTrue(c.isInitFinished() && s.isInitFinished());
    }

    @Test
    void handshakeThatCanNeverWriteFailsNamingWantWrite() throws Exception {
        join(50); // the server's HELLO_BACK record (63 bytes) never fits
        AssertionError e = assertThrows(AssertionError.class, () -> Pump.handshake(c, s));
        assertTrue(e.getMessage().contains("server last doHandshake returned WANT_WRITE"), e.getMessage());
    }

    @Test
    void stalledHandshakeFailsNamingEachSidesLastStatus() {
        server = new Conn(true, Fault.SILENT_SERVER);
        s = FakeTls.ssl(server);
        join(17 * 1024);
        AssertionError e = assertThrows(AssertionError.class, () -> Pump.handshake(c, s, 5));
        String m = e.getMessage();
        assertTrue(m.startsWith("handshake made no progress for 5 rounds"), m);
        assertTrue(m.contains("client last doHandshake returned WANT_READ [rbio pending 0"), m);
        assertTrue(m.contains("server last doHandshake returned WANT_READ [rbio pending 43"), m);
        assertTrue(server.calls < 10, "bounded: " + server.calls);
    }

    @Test
    void fatalErrorPropagatesWithTheSideThatThrew() {
        server = new Conn(true, Fault.FAIL_ON_HELLO);
        s = FakeTls.ssl(server);
        join(17 * 1024);
        SslException e = assertThrows(SslException.class, () -> Pump.handshake(c, s));
        assertTrue(e.getMessage().contains("fake handshake failure"));
        assertEquals(1, e.getSuppressed().length);
        assertTrue(e.getSuppressed()[0].getMessage().startsWith("server threw from doHandshake in round 1"),
                e.getSuppressed()[0].getMessage());
    }

    @Test
    void missingBiosAreReported() {
        AssertionError e = assertThrows(AssertionError.class, () -> Pump.handshake(c, s));
        assertTrue(e.getMessage().contains("client has no read BIO"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pump.handshake(c, c));
        assertThrows(IllegalArgumentException.class, () -> Pump.handshake(c, s, 0));
    }

    @Test
    void sendDeliversBothWays() throws Exception {
        join(17 * 1024);
        Pump.handshake(c, s);
        Pump.exchange(c, s, "ping".getBytes(StandardCharsets.UTF_8), "pong".getBytes(StandardCharsets.UTF_8));
        Pump.send(c, s, new byte[0]);
    }

    @Test
    void sendMovesMessagesLargerThanThePairBuffer() throws Exception {
        join(4096);
        Pump.handshake(c, s);
        byte[] big = new byte[300_000];
        new Random(1).nextBytes(big);
        Pump.send(s, c, big);
        Pump.send(c, s, big);
    }

    @Test
    void sendFailsWhenTheReceiverSeesCloseNotify() throws Exception {
        join(17 * 1024);
        Pump.handshake(c, s);
        // a close_notify from the client already waits in front of the data
        c.wbio().write(java.nio.ByteBuffer.wrap(new byte[] {FakeTls.CLOSE, 0, 0}));
        AssertionError e = assertThrows(AssertionError.class, () -> Pump.send(c, s, new byte[] {1}));
        assertTrue(e.getMessage().contains("ZERO_RETURN"), e.getMessage());
    }

    @Test
    void sendFailsWhenNothingArrives() throws Exception {
        join(17 * 1024);
        Pump.handshake(c, s);
        // the sender's record sits in a BIO nobody reads: fake a receiver that reads from elsewhere
        Conn deaf = new Conn(true, Fault.NONE);
        deaf.rbio = FakeTls.pair(10).first();
        deaf.wbio = deaf.rbio;
        AssertionError e = assertThrows(AssertionError.class, () -> Pump.send(c, FakeTls.ssl(deaf), new byte[5000], 4));
        assertTrue(e.getMessage().startsWith("send of 5000 bytes (5000 written, 0 received) made no progress"), e.getMessage());
    }

    @Test
    void shutdownCompletesBothWays() throws Exception {
        join(17 * 1024);
        Pump.handshake(c, s);
        Pump.send(c, s, new byte[] {42});
        assertEquals(2, Pump.shutdown(c, s));
        assertTrue(client.sentClose && client.gotClose && server.sentClose && server.gotClose);
    }

    @Test
    void statusNames() {
        assertEquals("WANT_READ", Pump.statusName(Ssl.WANT_READ));
        assertEquals("WANT_WRITE", Pump.statusName(Ssl.WANT_WRITE));
        assertEquals("ZERO_RETURN", Pump.statusName(Ssl.ZERO_RETURN));
        assertEquals("1", Pump.statusName(1));
    }
}
