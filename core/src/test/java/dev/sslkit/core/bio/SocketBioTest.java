package dev.sslkit.core.bio;

import dev.sslkit.IllegalReferenceCountException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.sslkit.core.bio.MemoryBioTest.seq;
import static dev.sslkit.core.bio.MemoryBioTest.take;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class SocketBioTest {
    private ServerSocket server;
    private Socket local;   // the BIO's socket
    private Socket peer;    // the other side, driven raw

    @BeforeEach
    void connect() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        server = new ServerSocket(0, 1, loopback);
        local = new Socket();
        local.connect(new InetSocketAddress(loopback, server.getLocalPort()), 5000);
        peer = server.accept();
        peer.setSoTimeout(5000);
        local.setSoTimeout(5000); // a broken BIO fails the test instead of hanging it
    }

    @AfterEach
    void close() throws IOException {
        peer.close();
        local.close();
        server.close();
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "peer got fewer bytes than sent");
        return b;
    }

    @Test
    void readWindowBlocksUntilNeedBytesArriveInSmallPieces() throws Exception {
        SocketBio bio = new SocketBio(local, true);
        int pieces = 10;
        int pieceSize = 30;
        CountDownLatch firstRead = new CountDownLatch(1);
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = peer.getOutputStream();
                for (int i = 0; i < pieces; i++) {
                    out.write(seq(i * pieceSize, pieceSize));
                    out.flush();
                    if (i == 0) {
                        firstRead.await(5, TimeUnit.SECONDS);
                    }
                    Thread.sleep(2); // separate TCP segments
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        // The first piece on its own: readWindow(need) must not return it alone.
        ByteBuffer first = bio.readWindow(pieceSize);
        assertEquals(pieceSize, first.remaining());
        bio.readDone(first); // consume nothing
        firstRead.countDown();

        ByteBuffer w = bio.readWindow(pieces * pieceSize);
        assertEquals(pieces * pieceSize, w.remaining(), "gathered every piece into one window");
        assertArrayEquals(seq(0, pieces * pieceSize), take(w, pieces * pieceSize));
        bio.readDone(w);
        sender.get(5, TimeUnit.SECONDS);
        assertEquals(0, bio.pending());
        assertTrue(bio.isBlocking());
        bio.free();
        assertTrue(local.isClosed(), "closeFlag true closes the socket");
    }

    @Test
    void readWindowAtEndOfStreamReturnsWhatArrived() throws IOException {
        SocketBio bio = new SocketBio(local, false);
        peer.getOutputStream().write(seq(0, 7));
        peer.shutdownOutput();
        ByteBuffer w = bio.readWindow(100);
        assertEquals(7, w.remaining());
        assertFalse(bio.isEof(), "bytes still buffered");
        take(w, 7);
        bio.readDone(w);
        assertTrue(bio.isEof());
        assertEquals(-1, bio.read(ByteBuffer.allocate(1)));
        bio.free();
    }

    @Test
    void publicReadAndWriteOverTheSameBuffers() throws IOException {
        SocketBio bio = new SocketBio(local, false);
        assertEquals(5, bio.write(ByteBuffer.wrap(seq(0, 5))));
        ByteBuffer direct = ByteBuffer.allocateDirect(100_000);
        direct.put(seq(5, 100_000)).flip();
        assertEquals(100_000, bio.write(direct), "blocking write sends everything, direct source too");
        CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
            try {
                return readFully(peer.getInputStream(), 100_005);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] b = got.join();
        assertArrayEquals(seq(0, 100_005), b);

        peer.getOutputStream().write(seq(9, 20));
        ByteBuffer dst = ByteBuffer.allocate(8);
        assertEquals(8, bio.read(dst), "blocks for the first bytes, then copies what fits");
        assertArrayEquals(seq(9, 8), dst.array());
        ByteBuffer w = bio.readWindow(12);
        assertArrayEquals(seq(17, 12), take(w, 12), "window continues where read stopped");
        bio.readDone(w);
        bio.free();
    }

    @Test
    void writeWindowSendsOnWriteDone() throws IOException {
        SocketBio bio = new SocketBio(local, false);
        ByteBuffer w = bio.writeWindow(16709);
        assertTrue(w.remaining() >= 16709);
        w.put(seq(3, 1000));
        bio.writeDone(w);
        assertArrayEquals(seq(3, 1000), readFully(peer.getInputStream(), 1000));
        assertThrows(IllegalArgumentException.class, () -> bio.writeWindow(SocketBio.BUFFER_SIZE + 1));
        assertThrows(IllegalArgumentException.class, () -> bio.readWindow(SocketBio.BUFFER_SIZE + 1));
        bio.free();
    }

    @Test
    void shutdownOutputHalfCloses() throws IOException {
        SocketBio bio = new SocketBio(local, false);
        bio.write(ByteBuffer.wrap(seq(0, 3)));
        bio.shutdownOutput();
        InputStream in = peer.getInputStream();
        assertArrayEquals(seq(0, 3), readFully(in, 3));
        assertEquals(-1, in.read());
        assertThrows(IOException.class, () -> bio.write(ByteBuffer.wrap(seq(0, 1))));
        // reading still works after the half-close
        peer.getOutputStream().write(seq(40, 2));
        assertArrayEquals(seq(40, 2), take(bio.readWindow(2), 2));
        bio.free();
    }

    @Test
    void closeFlagFalseLeavesTheSocketOpenAndUsable() throws IOException {
        SocketBio bio = new SocketBio(local, false);
        bio.free();
        assertFalse(local.isClosed(), "BIO_NOCLOSE");
        local.getOutputStream().write(seq(0, 2));
        assertArrayEquals(seq(0, 2), readFully(peer.getInputStream(), 2));
    }

    @Test
    void useAfterFreeR3AndArgumentChecks() throws IOException {
        assertThrows(NullPointerException.class, () -> new SocketBio(null, true));
        Socket unconnected = new Socket();
        assertThrows(IllegalArgumentException.class, () -> new SocketBio(unconnected, true));
        unconnected.close();

        SocketBio bio = new SocketBio(local, false);
        NullPointerException npe = assertThrows(NullPointerException.class, () -> bio.read((ByteBuffer) null));
        assertEquals("dst must not be null", npe.getMessage());
        bio.free();
        IllegalReferenceCountException e =
                assertThrows(IllegalReferenceCountException.class, () -> bio.readWindow(1));
        assertTrue(e.getMessage().matches("Bio@[0-9a-f]+\\[socket] freed: .*"), e.getMessage());
        assertThrows(IllegalReferenceCountException.class, () -> bio.write(ByteBuffer.allocate(1)));
        assertThrows(IllegalReferenceCountException.class, bio::shutdownOutput);
        assertThrows(IllegalReferenceCountException.class, bio::free);
        assertTrue(bio.toString().contains("freed"));
    }
}
