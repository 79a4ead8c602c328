package dev.sslkit.tck;

import dev.sslkit.Bio;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslError;
import dev.sslkit.SslException;
import dev.sslkit.SslOption;
import dev.sslkit.SslMode;
import dev.sslkit.SslReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.EnumSet;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real handshakes, real bytes and clean shutdowns over every kind of BIO, and bad input. */
public abstract class AbstractHandshakeTck extends AbstractTck {

    private void assumeProtocol(ProtocolVersion v) {
        assumeTrue(caps().protocols().contains(v), providerId() + " declares no " + v);
    }

    /** Two memory BIOs per side, bytes carried by the test as an application would carry them. */
    @ParameterizedTest(name = "memory BIOs {0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void memoryBios(ProtocolVersion v) throws Exception {
        assumeProtocol(v);
        Ssl c = track(only(clientContext(), v).newSsl());
        Ssl s = track(only(serverContext(), v).newSsl());
        c.setHostName("localhost");
        Bio cr = Bio.newMemory();
        Bio cw = Bio.newMemory();
        Bio sr = Bio.newMemory();
        Bio sw = Bio.newMemory();
        c.setBio(cr, cw);
        s.setBio(sr, sw);
        int rc = 0;
        int rs = 0;
        for (int i = 0; i < 100 && (rc != 1 || rs != 1); i++) {
            if (rc != 1) rc = c.doHandshake();
            carry(cw, sr);
            if (rs != 1) rs = s.doHandshake();
            carry(sw, cr);
        }
        assertEquals(1, rc, "client handshake");
        assertEquals(1, rs, "server handshake");
        assertEquals(v, c.version());
        assertEquals(v, s.version());
        byte[] msg = utf8("ping over memory BIOs");
        assertEquals(msg.length, c.write(ByteBuffer.wrap(msg)));
        carry(cw, sr);
        ByteBuffer got = ByteBuffer.allocate(100);
        int n = s.read(got);
        assertEquals(msg.length, n);
        assertArrayEquals(msg, java.util.Arrays.copyOf(got.array(), n));
        assertEquals(Ssl.WANT_READ, s.read(got.clear()), "nothing more: WANT_READ, not an exception");
        assertEquals(SslError.WANT_READ, s.getError(Ssl.WANT_READ));
        byte[] reply = utf8("pong");
        s.write(ByteBuffer.wrap(reply));
        carry(sw, cr);
        got.clear();
        assertEquals(reply.length, readSome(c, got));
        assertEquals(0, c.shutdown());
        carry(cw, sr);
        assertEquals(Ssl.ZERO_RETURN, s.read(got.clear()), "close_notify reads as ZERO_RETURN");
        assertEquals(SslError.ZERO_RETURN, s.getError(Ssl.ZERO_RETURN));
        assertEquals(1, s.shutdown());
        carry(sw, cr);
        assertEquals(1, c.shutdown());
    }

    private static int readSome(Ssl ssl, ByteBuffer dst) throws SslException {
        for (int i = 0; i < 10; i++) {
            int r = ssl.read(dst);
            if (r != Ssl.WANT_READ) {
                return r;
            }
        }
        return Ssl.WANT_READ;
    }

    private static void carry(Bio from, Bio to) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        int n;
        while ((n = from.read(b.clear())) > 0) {
            b.flip();
            while (b.hasRemaining()) {
                assertTrue(to.write(b) > 0, "memory BIO accepts everything");
            }
        }
    }

    /** A BIO pair, a megabyte each way (many records, WANT_WRITE back-pressure), clean shutdown. */
    @ParameterizedTest(name = "BIO pair bulk {0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void bioPairBulk(ProtocolVersion v) throws Exception {
        assumeProtocol(v);
        Conn c = connect(only(clientContext(), v), only(serverContext(), v));
        handshake(c.client, c.server);
        byte[] big = new byte[1 << 20];
        new Random(42).nextBytes(big);
        transfer(c.client, c.server, big);
        transfer(c.server, c.client, big);
        shutdownBoth(c.client, c.server);
    }

    /** Blocking socket BIOs on loopback: the server in its own thread, blocking calls, no WANTs. */
    @ParameterizedTest(name = "socket {0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void blockingSockets(ProtocolVersion v) throws Exception {
        assumeProtocol(v);
        SslContext sctx = only(serverContext(), v);
        SslContext cctx = only(clientContext(), v);
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> server = CompletableFuture.supplyAsync(() -> {
                try (Socket sock = ss.accept()) {
                    Ssl s = sctx.newSsl();
                    try {
                        Bio b = Bio.newSocket(sock, false);
                        s.setBio(b, b);
                        assertEquals(1, s.accept());
                        byte[] buf = new byte[64];
                        int n = s.read(buf, 0, buf.length);
                        s.write(buf, 0, n); // echo
                        assertEquals(Ssl.ZERO_RETURN, s.read(buf, 0, buf.length));
                        assertEquals(1, s.shutdown());
                        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
                    } finally {
                        s.free();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket sock = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                Ssl c = track(cctx.newSsl());
                c.setHostName("localhost");
                Bio b = Bio.newSocket(sock, false);
                c.setBio(b, b);
                assertEquals(1, c.connect());
                assertEquals(v, c.version());
                byte[] msg = utf8("echo me over a socket");
                assertEquals(msg.length, c.write(msg, 0, msg.length));
                byte[] back = new byte[64];
                int n = c.read(back, 0, back.length);
                assertArrayEquals(msg, java.util.Arrays.copyOf(back, n));
                assertEquals(0, c.shutdown());
                assertEquals(1, c.shutdown(), "the second shutdown blocks until the server's close_notify");
            }
            assertEquals("echo me over a socket", server.get(30, TimeUnit.SECONDS));
        }
    }

    /** Non-blocking NIO channels: WANT_READ returned while the peer's bytes are in flight. */
    @Test
    void nonBlockingChannels() throws Exception {
        SslContext sctx = serverContext();
        SslContext cctx = clientContext();
        try (ServerSocketChannel ssc = ServerSocketChannel.open()) {
            ssc.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel cch = SocketChannel.open(ssc.getLocalAddress()); SocketChannel sch = ssc.accept()) {
                cch.configureBlocking(false);
                sch.configureBlocking(false);
                Ssl c = track(cctx.newSsl());
                Ssl s = track(sctx.newSsl());
                c.setHostName("localhost");
                Bio cb = Bio.newChannel(cch, false);
                Bio sb = Bio.newChannel(sch, false);
                c.setBio(cb, cb);
                s.setBio(sb, sb);
                int rc = 0;
                int rs = 0;
                boolean sawWant = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while ((rc != 1 || rs != 1) && System.nanoTime() < deadline) {
                    if (rc != 1) rc = c.doHandshake();
                    if (rs != 1) rs = s.doHandshake();
                    sawWant |= rc == Ssl.WANT_READ || rs == Ssl.WANT_READ;
                    Thread.onSpinWait();
                }
                assertEquals(1, rc);
                assertEquals(1, rs);
                assertTrue(sawWant, "a non-blocking handshake waits for the peer with WANT_READ");
                byte[] msg = utf8("over non-blocking channels");
                assertEquals(msg.length, c.write(ByteBuffer.wrap(msg)));
                ByteBuffer got = ByteBuffer.allocate(100);
                while (got.position() < msg.length && System.nanoTime() < deadline) {
                    int r = s.read(got);
                    assertTrue(r > 0 || r == Ssl.WANT_READ, "read: " + r);
                }
                assertArrayEquals(msg, java.util.Arrays.copyOf(got.array(), msg.length));
            }
        }
    }

    /** Bad input: bytes that are not TLS fail the handshake with a clear reason, without hanging. */
    @Test
    void garbageIsRejected() throws Exception {
        Ssl s = track(serverContext().newSsl());
        Bio in = Bio.newMemory();
        Bio out = Bio.newMemory();
        s.setBio(in, out);
        byte[] http = utf8("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        in.write(ByteBuffer.wrap(http));
        SslException e = assertThrows(SslException.class, s::doHandshake);
        // OpenSSL 3.0: SSL_R_HTTP_REQUEST, no alert (issue 9 item 4; AbstractHostilePeerTck checks the wire)
        assertTrue(e.hasReason(SslReason.ssl(156, "http request")), e.getMessage());
        SslException again = assertThrows(SslException.class, s::doHandshake, "a failed connection stays failed");
        assertTrue(again.getMessage().contains("failed earlier"), again.getMessage());
    }

    /** Bad input: a record longer than TLS allows is refused, not buffered forever. */
    @Test
    void oversizedRecordIsRejected() throws Exception {
        Ssl s = track(serverContext().newSsl());
        Bio in = Bio.newMemory();
        s.setBio(in, Bio.newMemory());
        byte[] rec = new byte[5 + 0x4800];
        rec[0] = 22;
        rec[1] = 3;
        rec[2] = 3;
        rec[3] = 0x48;
        rec[4] = 0x00;
        in.write(ByteBuffer.wrap(rec));
        SslException e = assertThrows(SslException.class, s::doHandshake);
        assertTrue(!e.reasons().isEmpty(), e.getMessage());
    }

    /** Bad input: the transport ends in the middle of a record: unexpected EOF, as OpenSSL 3 reports it. */
    @Test
    void truncatedStreamIsUnexpectedEof() throws Exception {
        Conn c = connect(clientContext(), serverContext());
        handshake(c.client, c.server);
        // the client's side of the pipe closes without close_notify
        c.client.rbio().shutdownOutput();
        SslException e = assertThrows(SslException.class, () -> {
            ByteBuffer b = ByteBuffer.allocate(10);
            for (int i = 0; i < 10; i++) {
                c.server.read(b);
            }
        });
        assertTrue(e.hasReason(SslReason.UNEXPECTED_EOF_WHILE_READING), e.getMessage());
    }

    /** IGNORE_UNEXPECTED_EOF turns that into a clean close. */
    @Test
    void ignoreUnexpectedEof() throws Exception {
        assumeTrue(caps().supports(SslOption.IGNORE_UNEXPECTED_EOF));
        SslContext sctx = serverContext();
        sctx.set(Setting.OPTIONS, EnumSet.of(SslOption.NO_COMPRESSION, SslOption.IGNORE_UNEXPECTED_EOF));
        Conn c = connect(clientContext(), sctx);
        handshake(c.client, c.server);
        c.client.rbio().shutdownOutput();
        ByteBuffer b = ByteBuffer.allocate(10);
        int r = Ssl.WANT_READ;
        for (int i = 0; i < 10 && r == Ssl.WANT_READ; i++) {
            r = c.server.read(b);
        }
        assertEquals(Ssl.ZERO_RETURN, r);
    }

    /** Wrong state: writing after shutdown, shutting down before the handshake. */
    @Test
    void wrongStatesAreClearErrors() throws Exception {
        Conn c = connect(clientContext(), serverContext());
        SslException early = assertThrows(SslException.class, c.client::shutdown);
        assertTrue(early.getMessage().contains("shutdown"), early.getMessage());
        handshake(c.client, c.server);
        c.client.shutdown();
        SslException late = assertThrows(SslException.class, () -> c.client.write(ByteBuffer.wrap(utf8("x"))));
        assertTrue(late.hasReason(SslReason.PROTOCOL_IS_SHUTDOWN), late.getMessage());
        Ssl noBio = track(clientContext().newSsl());
        SslException nb = assertThrows(SslException.class, noBio::doHandshake);
        assertTrue(nb.hasReason(SslReason.BIO_NOT_SET), nb.getMessage());
    }

    /**
     * Issue 11 item 6: {@code Ssl.set} does what its javadoc says. Once the handshake started, a
     * setting the engine was configured with is refused with {@link IllegalStateException} (the
     * value would silently not apply); the ones OpenSSL lets change at any time (mode, options,
     * quiet shutdown, info and msg callbacks, read-ahead) still can.
     */
    @Test
    void settingsTheHandshakeUsedCannotChangeOnceItStarted() throws Exception {
        Conn c = connect(clientContext(), serverContext());
        c.client.set(Setting.VERIFY_DEPTH, 5); // before: fine
        assertEquals(Ssl.WANT_READ, c.client.doHandshake());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.client.set(Setting.VERIFY_DEPTH, 4));
        assertTrue(e.getMessage().contains("verify_depth") && e.getMessage().contains("handshake"), e.getMessage());
        assertEquals(5, c.client.get(Setting.VERIFY_DEPTH), "the refused value was not stored");
        assertThrows(IllegalStateException.class, () -> c.client.setHostName("other.example"));
        handshake(c.client, c.server);
        assertThrows(IllegalStateException.class, () -> c.server.set(Setting.MAX_CERT_LIST, 4096L));
        c.client.set(Setting.QUIET_SHUTDOWN, false);
        c.client.set(Setting.INFO_CALLBACK, null);
        c.client.set(Setting.MODE, EnumSet.of(SslMode.AUTO_RETRY));
        c.client.clear();
        c.client.set(Setting.VERIFY_DEPTH, 4); // clear() returns it to before the handshake
    }

    /** A client refuses a server whose certificate it cannot verify (secure default). */
    @Test
    void clientVerifiesByDefault() throws Exception {
        SslContext untrusting = track(SslContext.newContext(dev.sslkit.SslMethod.TLS_CLIENT, providerId()));
        Conn c = connect(untrusting, serverContext());
        SslException e = assertThrows(SslException.class, () -> handshake(c.client, c.server));
        assertTrue(e.hasReason(SslReason.CERTIFICATE_VERIFY_FAILED) || e.getMessage().contains("certificate"), e.getMessage());
        assertTrue(c.client.verifyResult() != 0 || e.getMessage().contains("verify"), "verify result records the error");
    }

    /** A wrong host name is refused. */
    @Test
    void hostNameIsChecked() throws Exception {
        Conn c = connect(clientContext(), serverContext());
        c.client.setHostName("not-the-server.example");
        SslException e = assertThrows(SslException.class, () -> handshake(c.client, c.server));
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("host")
                || e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("mismatch"), e.getMessage());
    }

}
