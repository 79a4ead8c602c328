package dev.sslkit.tck;

import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hostile peers (issue 9): a peer that sends part of a record and then closes its side. OpenSSL 3.0
 * fails such a connection with {@code SSL_R_UNEXPECTED_EOF_WHILE_READING}; sslkit must too, on every
 * provider and transport, in both roles, during and after the handshake, at once and without burning
 * CPU (before the fix the driver re-read the socket BIO's end of stream in a loop at 100 % CPU, and
 * memory BIOs and BIO pairs answered {@code WANT_READ} for ever).
 *
 * <p>The peer is an sslkit connection of the other role on memory BIOs whose bytes the test carries
 * to the connection under test over the transport, so it can cut a real record (a ClientHello, a
 * ServerHello flight, an application data record) after any number of bytes. Over sockets and
 * channels the connection under test runs in its own thread; the test measures that thread's CPU time
 * ({@link ThreadMXBean}) from the moment the peer's FIN is sent until the call fails.
 */
@Requirement({"issue9-1"})
public abstract class AbstractHostilePeerTck extends AbstractTck {

    /** Where the cut falls. */
    public enum Stage {
        /** in the first flight the connection under test reads (ClientHello / ServerHello flight) */
        HANDSHAKE,
        /** in an application data record after a completed handshake */
        APPLICATION
    }

    /** How the connection under test is attached. */
    public enum Transport {
        /** {@link Bio#newSocket}, blocking, own thread */
        SOCKET,
        /** {@link Bio#newChannel} over a blocking {@link SocketChannel}, own thread */
        CHANNEL,
        /** two {@link Bio#newMemory()} BIOs; the peer's EOF is {@code shutdownOutput()} (BIO_set_mem_eof_return 0) */
        MEMORY,
        /** one end of {@link Bio#newPair}; the peer's EOF is the other end's {@code shutdownOutput()} */
        PAIR
    }

    /** Cut lengths: 1 byte, the bare header, into the body, and the whole record less one byte (-1). */
    private static final int[] CUTS = {1, 5, 40, -1};
    /**
     * A first-flight record length every provider and OpenSSL wait for. (OpenSSL 3.0 and BoringSSL
     * already refuse 2^14 + 2048 there, their read buffer being a little smaller; sslkit's own gate
     * refuses only what the RFC forbids.)
     */
    private static final int LEGAL_FIRST_FLIGHT = (1 << 14) + 256;
    /** Most CPU the failing thread may spend between the peer's FIN and its exception. */
    private static final long CPU_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** The connection under test must fail this soon after the peer's FIN. */
    private static final long WALL_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(1);

    static Stream<Arguments> cases(Transport... transports) {
        List<Arguments> out = new ArrayList<>();
        for (Transport t : transports) {
            for (ProtocolVersion v : new ProtocolVersion[] {ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3}) {
                for (boolean server : new boolean[] {true, false}) {
                    for (Stage st : Stage.values()) {
                        for (int cut : cutsFor(t)) {
                            out.add(Arguments.of(t, v, server, st, cut));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    /** Every cut over sockets; the other transports share the loops, so fewer cuts keep the run short. */
    private static int[] cutsFor(Transport t) {
        switch (t) {
            case SOCKET:
                return CUTS;
            case CHANNEL:
                return new int[] {1, -1};
            default:
                return new int[] {1, 5, -1};
        }
    }

    static Stream<Arguments> streamCases() {
        return cases(Transport.SOCKET, Transport.CHANNEL);
    }

    static Stream<Arguments> memoryCases() {
        return cases(Transport.MEMORY, Transport.PAIR);
    }

    /**
     * Issue 9 item 1 over real loopback sockets and blocking channels: the connection under test
     * fails with "unexpected eof while reading" within a second of the FIN, spending little CPU.
     */
    @ParameterizedTest(name = "{0} {1} server={2}, cut in {3} after {4}")
    @MethodSource("streamCases")
    void partialRecordThenFinOverStreams(Transport t, ProtocolVersion v, boolean utServer, Stage stage, int cut)
            throws Exception {
        assumeProtocol(v);
        Ssl ut = track(newSsl(utServer, v));
        Ssl peer = track(newSsl(!utServer, v));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isCurrentThreadCpuTimeSupported(), "the JVM measures no thread CPU time");
        try (Wire w = Wire.open(t)) {
            Bio b = t == Transport.SOCKET ? Bio.newSocket(w.utSocket, false) : Bio.newChannel(w.utChannel, false);
            ut.setBio(b, b);
            Worker worker = Worker.start(ut, mx);
            RawPeer rp = new RawPeer(peer, w.raw);
            byte[] record;
            if (stage == Stage.HANDSHAKE) {
                record = utServer ? rp.firstFlight() : rp.answerClientHello();
            } else {
                rp.handshake();
                record = rp.applicationRecord();
            }
            rp.send(record, cutLength(cut, record.length));
            // the thread is blocked in a read now (or about to be): its CPU time from here on is the spin, if any
            worker.mark();
            w.raw.shutdownOutput();
            assertEof(worker.outcome(w, "the peer's FIN"));
        }
    }

    /**
     * Issue 9 item 2 over loopback sockets: a record header announcing more than TLS allows fails the
     * connection at once (no body is ever sent, the socket stays open), with OpenSSL's
     * {@code SSL_R_PACKET_LENGTH_TOO_LONG} (TLS 1.3 after the handshake:
     * {@code SSL_R_ENCRYPTED_LENGTH_TOO_LONG}). In the first flight the peer reads the fatal
     * {@code record_overflow} alert back from the wire ({@code 15 03 03 00 02 02 16}, as OpenSSL
     * 3.0 sends it); a header of 2^14 + 256 bytes is legal and is waited for.
     */
    @ParameterizedTest(name = "{0} server={1} {2} {3}")
    @MethodSource("oversizedCases")
    void oversizedRecordHeaderIsRefusedAtOnce(ProtocolVersion v, boolean utServer, Stage stage, boolean atLimit)
            throws Exception {
        assumeProtocol(v);
        Ssl ut = track(newSsl(utServer, v));
        Ssl peer = track(newSsl(!utServer, v));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Wire w = Wire.open(Transport.SOCKET)) {
            Bio b = Bio.newSocket(w.utSocket, false);
            ut.setBio(b, b);
            Worker worker = Worker.start(ut, mx);
            RawPeer rp = new RawPeer(peer, w.raw);
            int type;
            if (stage == Stage.HANDSHAKE) {
                if (!utServer) {
                    rp.receiveFromUt(); // the ClientHello
                }
                type = 22;
            } else {
                rp.handshake();
                type = 23;
            }
            int max = stage == Stage.APPLICATION && v == ProtocolVersion.TLS1_3 ? (1 << 14) + 256 : (1 << 14) + 2048;
            int len = atLimit ? LEGAL_FIRST_FLIGHT : max + 1;
            byte[] header = {(byte) type, 3, 3, (byte) (len >> 8), (byte) len};
            worker.mark();
            rp.send(header, header.length);
            if (atLimit) {
                // legal: the connection waits for the body; the FIN then ends it as item 1 says
                Thread.sleep(50);
                assertTrue(worker.thread.isAlive(), "a legal header is waited for");
                w.raw.shutdownOutput();
                assertEof(worker.outcome(w, "the FIN"));
                return;
            }
            Throwable th = worker.outcome(w, "the oversized header");
            assertInstanceOf(SslException.class, th, () -> "expected SslException, got " + th);
            SslException e = (SslException) th;
            assertOneLine(e);
            SslReason expected = stage == Stage.APPLICATION && v == ProtocolVersion.TLS1_3
                    ? SslReason.ssl(150, "encrypted length too long") : SslReason.PACKET_LENGTH_TOO_LONG;
            assertTrue(e.hasReason(expected), () -> "expected " + expected + ": " + e.getMessage());
            if (stage == Stage.HANDSHAKE) {
                byte[] alert = rp.rin.readNBytes(7);
                assertEquals("15030300020216", hex(alert), "the fatal record_overflow alert on the wire");
                assertTrue(e.hasReason(SslReason.alert(22, false)), e.getMessage());
            }
        }
    }

    /**
     * Issue 9 item 4: a first record that is not TLS fails as OpenSSL 3.0 fails it, on every
     * provider and in both roles: {@code SSL_R_HTTP_REQUEST} for an HTTP request to a server,
     * {@code SSL_R_WRONG_VERSION_NUMBER} otherwise, and no alert on the wire (OpenSSL sends none;
     * JSSE used to answer internal_error). The peer reads end of stream, not an alert.
     */
    @ParameterizedTest(name = "server={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void nonTlsInputFailsWithoutAlert(boolean utServer) throws Exception {
        Ssl ut = track(newSsl(utServer, null));
        Ssl peer = track(newSsl(!utServer, null));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Wire w = Wire.open(Transport.SOCKET)) {
            Bio b = Bio.newSocket(w.utSocket, false);
            ut.setBio(b, b);
            Worker worker = Worker.start(ut, mx);
            RawPeer rp = new RawPeer(peer, w.raw);
            byte[] junk = utf8(utServer ? "GET / HTTP/1.1\r\nHost: x\r\n\r\n" : "HTTP/1.1 400 Bad Request\r\n\r\n");
            if (!utServer) {
                rp.receiveFromUt(); // the ClientHello
            }
            worker.mark();
            rp.send(junk, junk.length);
            Throwable th = worker.outcome(w, "the non-TLS bytes");
            assertInstanceOf(SslException.class, th, () -> "expected SslException, got " + th);
            SslException e = (SslException) th;
            assertOneLine(e);
            SslReason expected = utServer ? SslReason.ssl(156, "http request") : SslReason.WRONG_VERSION_NUMBER;
            assertTrue(e.hasReason(expected), () -> "expected " + expected + ": " + e.getMessage());
            assertTrue(e.reasons().stream().noneMatch(r -> r.reason().startsWith("sent alert")), e.getMessage());
            w.utSocket.close();
            assertEquals(-1, rp.rin.read(), "no alert on the wire (OpenSSL 3.0 sends none)");
        }
    }

    /**
     * Issue 9 item 3, OpenSSL 3.0's default: a server allows client-initiated TLS 1.2 renegotiation
     * and its info callback reports each one with {@code HANDSHAKE_START} and {@code HANDSHAKE_DONE}
     * (before, a peer-initiated renegotiation reported only DONE).
     */
    @org.junit.jupiter.api.Test
    void clientRenegotiationIsAllowedByDefaultAndReported() throws Exception {
        assumeTrue(caps().renegotiation(), providerId() + " declares no renegotiation");
        assumeProtocol(ProtocolVersion.TLS1_2);
        SslContext sctx = only(serverContext(), ProtocolVersion.TLS1_2);
        int[] starts = new int[1];
        int[] dones = new int[1];
        sctx.set(dev.sslkit.Setting.INFO_CALLBACK, (ssl, where, ret) -> {
            if ((where & dev.sslkit.InfoCallback.HANDSHAKE_START) != 0) starts[0]++;
            if ((where & dev.sslkit.InfoCallback.HANDSHAKE_DONE) != 0) dones[0]++;
        });
        Conn c = connect(only(clientContext(), ProtocolVersion.TLS1_2), sctx);
        handshake(c.client, c.server);
        for (int i = 0; i < 3; i++) {
            c.client.renegotiate();
            transfer(c.client, c.server, utf8("across renegotiation " + i));
            transfer(c.server, c.client, utf8("and back " + i));
        }
        assertEquals(4, starts[0], "HANDSHAKE_START: the first handshake and 3 renegotiations");
        assertEquals(4, dones[0], "HANDSHAKE_DONE: the first handshake and 3 renegotiations");
        assertEquals(3, sctx.sessionCache().stats().acceptRenegotiate(), "SSL_CTX_sess_accept_renegotiate");
    }

    /**
     * Issue 9 item 3: a server with {@code NO_RENEGOTIATION} does not renegotiate: the first client
     * renegotiation ends the connection with {@code SSL_R_NO_RENEGOTIATION} (a flood of them is
     * impossible), and no second handshake is ever reported done. (Before, only a JVM-wide property
     * stopped JSSE.)
     */
    @org.junit.jupiter.api.Test
    void noRenegotiationStopsTheFirstClientRenegotiation() throws Exception {
        assumeTrue(caps().renegotiation(), providerId() + " declares no renegotiation");
        assumeProtocol(ProtocolVersion.TLS1_2);
        SslContext sctx = only(serverContext(), ProtocolVersion.TLS1_2);
        sctx.set(dev.sslkit.Setting.OPTIONS, java.util.EnumSet.of(dev.sslkit.SslOption.NO_RENEGOTIATION));
        int[] dones = new int[1];
        sctx.set(dev.sslkit.Setting.INFO_CALLBACK, (ssl, where, ret) -> {
            if ((where & dev.sslkit.InfoCallback.HANDSHAKE_DONE) != 0) dones[0]++;
        });
        Conn c = connect(only(clientContext(), ProtocolVersion.TLS1_2), sctx);
        handshake(c.client, c.server);
        c.client.renegotiate();
        assertThrows(SslException.class, () -> transfer(c.client, c.server, utf8("renegotiate, please")));
        byte[] buf = new byte[64];
        SslException e = assertThrows(SslException.class, () -> c.server.read(buf, 0, buf.length));
        assertTrue(e.hasReason(SslReason.ssl(339, "no renegotiation")), e.getMessage());
        assertOneLine(e);
        assertEquals(1, dones[0], "only the first handshake finished");

    }

    static Stream<Arguments> oversizedCases() {
        List<Arguments> out = new ArrayList<>();
        for (ProtocolVersion v : new ProtocolVersion[] {ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3}) {
            for (boolean server : new boolean[] {true, false}) {
                for (Stage st : Stage.values()) {
                    out.add(Arguments.of(v, server, st, false));
                }
                out.add(Arguments.of(v, server, Stage.HANDSHAKE, true));
            }
        }
        return out.stream();
    }

    /**
     * Issue 9 item 1 over memory BIOs and BIO pairs: once the peer's end of stream is visible
     * ({@code BIO_set_mem_eof_return(b, 0)} / the pair's {@code BIO_shutdown_wr}), the partial record
     * fails the call instead of {@code WANT_READ} for ever.
     */
    @ParameterizedTest(name = "{0} {1} server={2}, cut in {3} after {4}")
    @MethodSource("memoryCases")
    void partialRecordThenEofOverMemory(Transport t, ProtocolVersion v, boolean utServer, Stage stage, int cut)
            throws Exception {
        assumeProtocol(v);
        Ssl ut = track(newSsl(utServer, v));
        Ssl peer = track(newSsl(!utServer, v));
        Bio utIn;
        Bio utOut;
        Bio toUt;
        Bio fromUt;
        if (t == Transport.MEMORY) {
            utIn = Bio.newMemory();
            utOut = Bio.newMemory();
            ut.setBio(utIn, utOut);
            toUt = utIn;
            fromUt = utOut;
        } else {
            BioPair pair = Bio.newPair(0, 0);
            ut.setBio(pair.first(), pair.first());
            toUt = track(pair.second());
            fromUt = pair.second();
        }
        MemoryPeer mp = new MemoryPeer(ut, peer, toUt, fromUt);
        byte[] record;
        if (stage == Stage.HANDSHAKE) {
            record = utServer ? mp.firstFlight() : mp.answerClientHello();
        } else {
            mp.handshake();
            record = mp.applicationRecord();
        }
        int n = cutLength(cut, record.length);
        write(toUt, record, n);
        // without the EOF the partial record is only "not yet": WANT_READ is right
        assertEquals(Ssl.WANT_READ, mp.step(stage), "a partial record without EOF waits for the rest");
        toUt.shutdownOutput();
        SslException e = assertThrows(SslException.class, () -> mp.step(stage),
                "a partial record followed by EOF must fail, not answer WANT_READ for ever");
        assertEof(e);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    /** The connection under test in its own thread: its handshake, then one read; records how it ended. */
    private static final class Worker {
        final Thread thread;
        private final ThreadMXBean mx;
        private final CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        private volatile long endCpu;
        private volatile long endWall;
        private long cpuAtMark = -1;
        private long wallAtMark;

        private Worker(Ssl ut, ThreadMXBean mx) {
            this.mx = mx;
            this.thread = new Thread(() -> {
                Throwable th;
                try {
                    int r = ut.doHandshake();
                    if (r != 1) {
                        th = new AssertionError("blocking handshake returned " + r);
                    } else {
                        byte[] buf = new byte[4096];
                        r = ut.read(buf, 0, buf.length);
                        th = new AssertionError("read returned " + r + " instead of failing");
                    }
                } catch (Throwable e) {
                    th = e;
                }
                endWall = System.nanoTime();
                endCpu = mx.getCurrentThreadCpuTime();
                outcome.complete(th);
            }, "hostile-peer-under-test");
            thread.setDaemon(true);
        }

        static Worker start(Ssl ut, ThreadMXBean mx) {
            Worker w = new Worker(ut, mx);
            w.thread.start();
            return w;
        }

        /** The moment the hostile bytes go out: CPU time and wall time from here on are the budget's. */
        void mark() {
            cpuAtMark = mx.isThreadCpuTimeSupported() ? mx.getThreadCpuTime(thread.getId()) : -1;
            wallAtMark = System.nanoTime();
        }

        /** @return how the connection under test ended, asserting it ended fast and without spinning */
        Throwable outcome(Wire w, String after) throws Exception {
            Throwable th;
            try {
                th = outcome.get(WALL_BUDGET_NANOS + TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                w.close(); // unblocks (or ends the spin of) the worker so the next case starts clean
                thread.join(5000);
                throw new AssertionError("the connection under test had not failed " + (WALL_BUDGET_NANOS / 1_000_000 + 500)
                        + " ms after " + after + " (issue 9: spin or hang)");
            }
            long wall = endWall - wallAtMark;
            assertTrue(wall < WALL_BUDGET_NANOS, "failed " + wall / 1_000_000 + " ms after " + after);
            if (cpuAtMark >= 0) {
                long cpu = endCpu - cpuAtMark;
                assertTrue(cpu < CPU_BUDGET_NANOS, "the thread spent " + cpu / 1_000_000 + " ms of CPU between "
                        + after + " and its exception (budget " + CPU_BUDGET_NANOS / 1_000_000 + " ms)");
            }
            return th;
        }
    }

    private void assumeProtocol(ProtocolVersion v) {
        assumeTrue(caps().protocols().contains(v), providerId() + " declares no " + v);
    }

    private Ssl newSsl(boolean server, ProtocolVersion v) throws SslException {
        SslContext ctx = server ? serverContext() : clientContext();
        if (v != null) {
            only(ctx, v);
        }
        Ssl s = ctx.newSsl();
        if (server) {
            s.setAcceptState();
        } else {
            s.setHostName("localhost");
            s.setConnectState();
        }
        return s;
    }

    private static int cutLength(int cut, int recordLength) {
        int n = cut < 0 ? recordLength + cut : Math.min(cut, recordLength - 1);
        assertTrue(n > 0 && n < recordLength, "cut " + n + " of " + recordLength);
        return n;
    }

    private static void assertEof(Throwable th) {
        assertNotNull(th);
        assertInstanceOf(SslException.class, th, () -> "expected SslException, got " + th);
        SslException e = (SslException) th;
        assertOneLine(e);
        assertTrue(e.hasReason(SslReason.UNEXPECTED_EOF_WHILE_READING),
                () -> "expected OpenSSL's SSL_R_UNEXPECTED_EOF_WHILE_READING, got: " + e.getMessage());
    }

    /** Issue 9 item 5: the text is one line for people; a provider's detail is the cause. */
    private static void assertOneLine(SslException e) {
        String m = e.getMessage();
        assertTrue(!m.contains("\n") && !m.contains("\r"), () -> "one line: " + m);
        assertTrue(!m.matches("(?s).*\\bssl=0x[0-9a-fA-F]+.*"), () -> "no native pointer: " + m);
    }

    private static void write(Bio to, byte[] b, int n) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(b, 0, n);
        while (src.hasRemaining()) {
            assertTrue(to.write(src) > 0, "BIO takes the bytes");
        }
    }

    private static byte[] drain(Bio b) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int n;
        while ((n = b.read(buf.clear())) > 0) {
            out.write(buf.array(), 0, n);
        }
        return out.toByteArray();
    }

    /** @return the first whole TLS record in {@code b} */
    private static byte[] firstRecord(byte[] b) {
        assertTrue(b.length >= 5, "a record header");
        int len = 5 + (((b[3] & 0xff) << 8) | (b[4] & 0xff));
        assertTrue(b.length >= len, "a whole record");
        return Arrays.copyOf(b, len);
    }

    /** The peer on memory BIOs: its bytes go out (and come in) as the test decides. */
    private abstract static class Peer {
        final Ssl peer;
        final Bio in = Bio.newMemory();
        final Bio out = Bio.newMemory();

        Peer(Ssl peer) {
            this.peer = peer;
            peer.setBio(in, out);
        }

        /** @return the peer client's ClientHello record (the connection under test is the server) */
        byte[] firstFlight() throws Exception {
            assertEquals(Ssl.WANT_READ, peer.doHandshake());
            return firstRecord(drain(out));
        }

        /** @return the peer server's first record, answering the ClientHello of the connection under test */
        byte[] answerClientHello() throws Exception {
            byte[] hello = receiveFromUt();
            write(in, hello, hello.length);
            assertEquals(Ssl.WANT_READ, peer.doHandshake());
            return firstRecord(drain(out));
        }

        /** @return one application data record from the peer after the handshake */
        byte[] applicationRecord() throws Exception {
            byte[] pending = drain(out); // e.g. TLS 1.3 tickets written after the handshake returned 1
            if (pending.length > 0) {
                deliver(pending);
                settle();
            }
            byte[] msg = new byte[300];
            Arrays.fill(msg, (byte) 'x');
            assertEquals(msg.length, peer.write(msg, 0, msg.length));
            return firstRecord(drain(out));
        }

        abstract byte[] receiveFromUt() throws Exception;

        /** Lets the connection under test take what was delivered so far (non-blocking transports). */
        void settle() throws Exception {
        }

        abstract void deliver(byte[] b) throws Exception;
    }

    /** The peer over a raw loopback socket; the connection under test runs in its own thread. */
    private static final class RawPeer extends Peer {
        private final Socket raw;
        final InputStream rin;

        RawPeer(Ssl peer, Socket raw) throws IOException {
            super(peer);
            this.raw = raw;
            raw.setSoTimeout(10_000);
            this.rin = raw.getInputStream();
        }

        @Override
        byte[] receiveFromUt() throws IOException {
            byte[] h = rin.readNBytes(5);
            assertEquals(5, h.length, "a record header from the connection under test");
            int len = ((h[3] & 0xff) << 8) | (h[4] & 0xff);
            byte[] body = rin.readNBytes(len);
            assertEquals(len, body.length);
            byte[] rec = Arrays.copyOf(h, 5 + len);
            System.arraycopy(body, 0, rec, 5, len);
            return rec;
        }

        @Override
        void deliver(byte[] b) throws IOException {
            raw.getOutputStream().write(b);
            raw.getOutputStream().flush();
        }

        void send(byte[] b, int n) throws IOException {
            raw.getOutputStream().write(b, 0, n);
            raw.getOutputStream().flush();
        }

        /** Runs the peer's handshake against the connection under test (in its thread) over the socket. */
        void handshake() throws Exception {
            byte[] buf = new byte[64 * 1024];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (;;) {
                int r = peer.doHandshake();
                byte[] o = drain(out);
                if (o.length > 0) {
                    deliver(o);
                }
                if (r == 1) {
                    return;
                }
                assertEquals(Ssl.WANT_READ, r, "peer handshake");
                assertTrue(System.nanoTime() < deadline, "peer handshake in time");
                int n = rin.read(buf);
                assertTrue(n > 0, "the connection under test closed during the handshake");
                write(in, buf, n);
            }
        }
    }

    /** The peer on memory BIOs next to a connection under test on memory BIOs or a pair, one thread. */
    private static final class MemoryPeer extends Peer {
        private final Ssl ut;
        private final Bio toUt;
        private final Bio fromUt;

        MemoryPeer(Ssl ut, Ssl peer, Bio toUt, Bio fromUt) {
            super(peer);
            this.ut = ut;
            this.toUt = toUt;
            this.fromUt = fromUt;
        }

        @Override
        byte[] receiveFromUt() throws Exception {
            assertEquals(Ssl.WANT_READ, ut.doHandshake(), "the client under test sends its ClientHello");
            return firstRecord(drain(fromUt));
        }

        @Override
        void deliver(byte[] b) throws IOException {
            write(toUt, b, b.length);
        }

        @Override
        void settle() throws Exception {
            for (int i = 0; i < 20 && ut.rbio().pending() > 0; i++) {
                assertEquals(Ssl.WANT_READ, step(Stage.APPLICATION), "post-handshake records carry no data");
            }
            assertEquals(0, ut.rbio().pending(), "the connection under test read the post-handshake records");
        }

        /** One call on the connection under test: the handshake, or a read after it. */
        int step(Stage stage) throws SslException {
            if (stage == Stage.HANDSHAKE) {
                return ut.doHandshake();
            }
            byte[] buf = new byte[4096];
            return ut.read(buf, 0, buf.length);
        }

        void handshake() throws Exception {
            int ru = 0;
            int rp = 0;
            for (int i = 0; i < 100 && (ru != 1 || rp != 1); i++) {
                if (ru != 1) {
                    ru = ut.doHandshake();
                }
                byte[] b = drain(fromUt);
                write(in, b, b.length);
                if (rp != 1) {
                    rp = peer.doHandshake();
                }
                b = drain(out);
                deliver(b);
            }
            assertEquals(1, ru, "handshake of the connection under test");
            assertEquals(1, rp, "handshake of the peer");
            // the under-test side may have written its last flight (e.g. TLS 1.3 tickets): give it to the peer
            byte[] b = drain(fromUt);
            write(in, b, b.length);
        }
    }

    /** A connected loopback pair: the connection under test's end and the raw peer's socket. */
    private static final class Wire implements AutoCloseable {
        Socket utSocket;
        SocketChannel utChannel;
        Socket raw;
        private ServerSocket ss;
        private ServerSocketChannel ssc;

        static Wire open(Transport t) throws IOException {
            Wire w = new Wire();
            InetAddress lo = InetAddress.getLoopbackAddress();
            try {
                if (t == Transport.SOCKET) {
                    w.ss = new ServerSocket(0, 1, lo);
                    w.raw = new Socket(lo, w.ss.getLocalPort());
                    w.utSocket = w.ss.accept();
                } else {
                    w.ssc = ServerSocketChannel.open();
                    w.ssc.bind(new InetSocketAddress(lo, 0));
                    w.raw = new Socket(lo, ((InetSocketAddress) w.ssc.getLocalAddress()).getPort());
                    w.utChannel = w.ssc.accept();
                    w.utChannel.configureBlocking(true);
                }
            } catch (IOException | RuntimeException e) {
                w.close();
                throw e;
            }
            return w;
        }

        @Override
        public void close() throws IOException {
            for (java.io.Closeable c : new java.io.Closeable[] {utSocket, utChannel, raw, ss, ssc}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // best effort: the test's outcome is already decided
                    }
                }
            }
        }
    }
}
