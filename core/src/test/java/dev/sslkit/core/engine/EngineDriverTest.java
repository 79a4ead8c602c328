package dev.sslkit.core.engine;

import dev.sslkit.BioPair;
import dev.sslkit.InfoCallback;
import dev.sslkit.Ssl;
import dev.sslkit.SslException;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.core.bio.BioPairImpl;
import dev.sslkit.core.bio.CoreBio;
import dev.sslkit.spi.TlsEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 item 1: the engine driver on its own, against a fake {@link TlsEngine} over a real BIO
 * pair — no provider, no session, no cache on the path. Each test proves one rule of the record pump,
 * the handshake loop, read/write/shutdown over the BIO windows, or the failure path.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EngineDriverTest {
    /** One side: a driver, its fake engine, and what the host saw. */
    static final class Side implements EngineDriver.Host {
        final boolean client;
        final CoreBio bio;
        final EngineDriver driver = new EngineDriver(this);
        final FakeEngine engine;
        final Set<SslMode> modes = EnumSet.noneOf(SslMode.class);
        final Set<SslOption> options = EnumSet.noneOf(SslOption.class);
        final List<String> events = new ArrayList<>();
        int finishing;
        int finished;
        int postHandshake;
        final List<SslException> failures = new ArrayList<>();

        Side(boolean client, CoreBio bio) {
            this.client = client;
            this.bio = bio;
            this.engine = new FakeEngine(client);
        }

        @Override public CoreBio rbio() { return bio; }
        @Override public CoreBio wbio() { return bio; }
        @Override public String describe() { return client ? "client" : "server"; }
        @Override public boolean server() { return !client; }
        @Override public boolean hasMode(SslMode mode) { return modes.contains(mode); }
        @Override public boolean hasOption(SslOption option) { return options.contains(option); }
        @Override public boolean quietShutdown() { return false; }
        @Override public dev.sslkit.ProtocolVersion negotiatedVersion() {
            return driver.phase() == EngineDriver.Phase.ESTABLISHED ? dev.sslkit.ProtocolVersion.TLS1_2 : null;
        }
        @Override public Boolean peerRenegotiation() { return null; }

        @Override
        public void startHandshake() throws SslException {
            driver.attach(engine);
            events.add("start");
            driver.begin();
        }

        @Override public void info(int where, int ret) { events.add(where + ":" + ret); }

        @Override
        public void handshakeFinishing(TlsEngine e) {
            assertEquals(EngineDriver.Phase.HANDSHAKING, driver.phase(), "finishing comes before the phase changes");
            finishing++;
        }

        @Override
        public void handshakeFinished(TlsEngine e) {
            assertEquals(EngineDriver.Phase.ESTABLISHED, driver.phase());
            finished++;
        }

        @Override public void postHandshakeRecord() { postHandshake++; }

        @Override
        public void failed(SslException failure) {
            assertEquals(EngineDriver.Phase.FAILED, driver.phase());
            failures.add(failure);
        }
    }

    private BioPair pair;
    private Side client;
    private Side server;

    private void connect(int bioSize) throws SslException {
        pair = BioPairImpl.newPair(bioSize, bioSize);
        client = new Side(true, (CoreBio) pair.first());
        server = new Side(false, (CoreBio) pair.second());
        int rc = 0;
        int rs = 0;
        for (int i = 0; i < 20 && (rc != 1 || rs != 1); i++) {
            rc = client.driver.handshake();
            rs = server.driver.handshake();
        }
        assertEquals(1, rc, "client handshake");
        assertEquals(1, rs, "server handshake");
    }

    @AfterEach
    void free() {
        if (pair != null) {
            if (pair.first().refCnt() > 0) {
                pair.first().free();
            }
            if (pair.second().refCnt() > 0) {
                pair.second().free();
            }
        }
    }

    @Test
    void handshakeCallsTheHostOnceAtEachStepAndDataFlowsBothWays() throws SslException {
        connect(0);
        for (Side s : List.of(client, server)) {
            assertEquals(1, s.finishing);
            assertEquals(1, s.finished);
            assertEquals(1, s.engine.begun);
            assertEquals(EngineDriver.Phase.ESTABLISHED, s.driver.phase());
            assertEquals("start", s.events.get(0));
        }
        assertEquals(1, client.driver.handshake(), "a finished handshake returns 1 again");
        assertEquals(1, client.finished, "and does not finish twice");

        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        assertEquals(4, client.driver.write(ping, 0, 4));
        byte[] in = new byte[64];
        assertEquals(4, server.driver.read(in, 0, in.length));
        assertEquals("ping", new String(in, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(4, server.driver.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII))));
        ByteBuffer dst = ByteBuffer.allocate(64);
        assertEquals(4, client.driver.read(dst));
        assertEquals(Ssl.WANT_READ, client.driver.read(dst.clear()), "nothing more: WANT_READ on a non-blocking BIO");
    }

    @Test
    void clientWaitsForTheServerWithWantRead() throws SslException {
        pair = BioPairImpl.newPair(0, 0);
        client = new Side(true, (CoreBio) pair.first());
        assertEquals(Ssl.WANT_READ, client.driver.handshake());
        assertEquals(EngineDriver.Phase.HANDSHAKING, client.driver.phase());
        assertEquals(10, pair.second().pending(), "the HELLO record is in the BIO for the server");
    }

    @Test
    void plaintextThatDoesNotFitTheCallersBufferStaysPending() throws SslException {
        connect(0);
        byte[] data = new byte[100];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        assertEquals(100, client.driver.write(data, 0, data.length));
        byte[] got = new byte[100];
        assertEquals(10, server.driver.read(got, 0, 10));
        assertEquals(90, server.driver.pending(), "SSL_pending: the rest of the record");
        int off = 10;
        while (off < 100) {
            off += server.driver.read(got, off, Math.min(25, 100 - off));
        }
        assertArrayEquals(data, got);
        assertEquals(0, server.driver.pending());
    }

    @Test
    void aBioPairSmallerThanTheEnginesPacketSizeGoesThroughTheDriversOwnBuffer() throws SslException {
        connect(64); // no write window of packetBufferSize() fits: records are wrapped into the driver's buffer
        byte[] one = new byte[50];
        byte[] two = new byte[50];
        java.util.Arrays.fill(one, (byte) 1);
        java.util.Arrays.fill(two, (byte) 2);
        assertEquals(50, client.driver.write(one, 0, 50), "55 bytes fit the pair");
        assertEquals(Ssl.WANT_WRITE, client.driver.write(two, 0, 50), "9 of the next 55 fit; the rest waits in the driver");
        byte[] got = new byte[50];
        assertEquals(50, server.driver.read(got, 0, 50));
        assertArrayEquals(one, got);
        assertEquals(50, client.driver.write(two, 0, 50), "the retry with the same buffer sends the rest");
        assertEquals(50, server.driver.read(got, 0, 50));
        assertArrayEquals(two, got);
    }

    @Test
    void aRetriedWriteMustUseTheSameBuffer() throws SslException {
        connect(64);
        byte[] data = new byte[50];
        assertEquals(50, client.driver.write(data, 0, data.length));
        assertEquals(Ssl.WANT_WRITE, client.driver.write(data, 0, data.length));
        SslException e = assertThrows(SslException.class, () -> client.driver.write(new byte[50], 0, 50));
        assertTrue(e.hasReason(SslReason.BAD_WRITE_RETRY), e.getMessage());
        client.modes.add(SslMode.ACCEPT_MOVING_WRITE_BUFFER);
        assertEquals(Ssl.WANT_WRITE, client.driver.write(data.clone(), 0, 50), "allowed with ACCEPT_MOVING_WRITE_BUFFER");
    }

    @Test
    void shutdownSendsCloseNotifyThenWaitsForThePeers() throws SslException {
        connect(0);
        assertEquals(0, client.driver.shutdown(), "sent, not yet received");
        assertEquals(Ssl.SENT_SHUTDOWN, client.driver.shutdownFlags());
        assertEquals(Ssl.ZERO_RETURN, server.driver.read(ByteBuffer.allocate(16)));
        assertEquals(Ssl.RECEIVED_SHUTDOWN, server.driver.shutdownFlags());
        assertTrue(server.events.contains(InfoCallback.READ_ALERT + ":" + (1 << 8)), server.events.toString());
        assertEquals(1, server.driver.shutdown(), "the server had received close_notify: done");
        assertEquals(1, client.driver.shutdown(), "the client now receives the server's");
        SslException e = assertThrows(SslException.class, () -> client.driver.write(ByteBuffer.wrap(new byte[1])));
        assertTrue(e.hasReason(SslReason.PROTOCOL_IS_SHUTDOWN), e.getMessage());
    }

    @Test
    void shutdownBeforeTheHandshakeIsRefused() {
        pair = BioPairImpl.newPair(0, 0);
        client = new Side(true, (CoreBio) pair.first());
        SslException e = assertThrows(SslException.class, () -> client.driver.shutdown());
        assertTrue(e.hasReason(SslReason.SHUTDOWN_WHILE_IN_INIT), e.getMessage());
    }

    @Test
    void endOfStreamWithoutCloseNotifyFailsOnceAndForAll() throws SslException {
        connect(0);
        server.bio.free(); // the transport goes away without close_notify
        SslException e = assertThrows(SslException.class, () -> client.driver.read(ByteBuffer.allocate(16)));
        assertTrue(e.hasReason(SslReason.UNEXPECTED_EOF_WHILE_READING), e.getMessage());
        assertEquals(EngineDriver.Phase.FAILED, client.driver.phase());
        assertEquals(1, client.failures.size(), "the host hears of the failure once");
        SslException again = assertThrows(SslException.class, () -> client.driver.handshake());
        assertTrue(again.getMessage().contains("failed earlier"), again.getMessage());
        assertEquals(1, client.failures.size());
    }

    @Test
    void ignoreUnexpectedEofTurnsEndOfStreamIntoZeroReturn() throws SslException {
        connect(0);
        client.options.add(SslOption.IGNORE_UNEXPECTED_EOF);
        server.bio.free();
        assertEquals(Ssl.ZERO_RETURN, client.driver.read(ByteBuffer.allocate(16)));
        assertEquals(Ssl.RECEIVED_SHUTDOWN, client.driver.shutdownFlags());
    }

    @Test
    void aFatalEngineErrorSendsTheAlertBeforeFailing() throws Exception {
        connect(0);
        // a record the server's engine rejects
        ByteBuffer bad = ByteBuffer.wrap(new byte[] {(byte) FakeEngine.GARBAGE, 3, 3, 0, 1, 0});
        assertEquals(6, client.bio.write(bad));
        SslException e = assertThrows(SslException.class, () -> server.driver.read(ByteBuffer.allocate(16)));
        assertTrue(e.hasReason(SslReason.alert(10, false)), e.getMessage());
        assertEquals(1, server.failures.size());
        assertTrue(server.engine.isOutboundDone(), "the fatal alert was wrapped");
        ByteBuffer alert = ByteBuffer.allocate(16);
        assertEquals(7, client.bio.read(alert), "and reached the peer's BIO");
        assertEquals(FakeEngine.ALERT, alert.get(0));
        assertEquals(2, alert.get(5), "fatal");
    }

    @Test
    void resetFreesTheEngineAndStartsOver() throws SslException {
        connect(0);
        client.driver.reset();
        assertTrue(client.engine.freed);
        assertEquals(EngineDriver.Phase.BEFORE, client.driver.phase());
        assertEquals(0, client.driver.shutdownFlags());
        assertEquals(0, client.driver.pending());
    }
}
