package dev.sslkit.core.bio;

import dev.sslkit.IllegalReferenceCountException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static dev.sslkit.core.bio.MemoryBioTest.seq;
import static dev.sslkit.core.bio.MemoryBioTest.take;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ChannelBioTest {
    private ServerSocketChannel server;
    private SocketChannel local;   // the BIO's channel, non-blocking
    private SocketChannel peer;    // the other side, blocking, driven raw
    private Selector selector;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        local = SocketChannel.open(server.getLocalAddress());
        peer = server.accept();
        local.configureBlocking(false);
        selector = Selector.open();
    }

    @AfterEach
    void close() throws IOException {
        selector.close();
        peer.close();
        local.close();
        server.close();
    }

    /** Waits (bounded) until the channel is ready for {@code ops}. */
    private void await(int ops) throws IOException {
        SelectionKey key = local.register(selector, ops);
        try {
            assertTrue(selector.select(5000) > 0, "channel never became ready");
            selector.selectedKeys().clear();
        } finally {
            key.cancel();
            selector.selectNow(); // flush the cancelled key
        }
    }

    private void peerSend(byte[] b) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(b);
        while (src.hasRemaining()) {
            peer.write(src);
        }
    }

    private byte[] peerReceive(int n) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(n);
        while (dst.hasRemaining()) {
            assertTrue(peer.read(dst) >= 0, "peer saw EOF early");
        }
        return dst.array();
    }

    @Test
    void nonBlockingReadWindowReturnsAtOnceThenWhatArrived() throws IOException {
        ChannelBio bio = new ChannelBio(local, false);
        assertFalse(bio.isBlocking());
        ByteBuffer empty = bio.readWindow(100);
        assertEquals(0, empty.remaining(), "nothing there: empty window, no blocking");
        bio.readDone(empty);
        assertEquals(0, bio.read(ByteBuffer.allocate(1)), "retry");
        assertTrue(empty.isDirect());

        peerSend(seq(0, 50));
        byte[] all = new byte[50];
        int got = 0;
        while (got < 50) {
            await(SelectionKey.OP_READ);
            ByteBuffer w = bio.readWindow(50 - got);
            int n = w.remaining(); // only the peer's 50 bytes can be there
            w.get(all, got, n);
            bio.readDone(w);
            got += n;
        }
        assertArrayEquals(seq(0, 50), all);
        bio.free();
    }

    @Test
    void readWindowKeepsUnconsumedBytesContiguous() throws IOException {
        ChannelBio bio = new ChannelBio(local, false);
        peerSend(seq(0, 10));
        await(SelectionKey.OP_READ);
        ByteBuffer w = bio.readWindow(10);
        while (w.remaining() < 10) { // the 10 bytes may arrive in two segments
            bio.readDone(w);
            await(SelectionKey.OP_READ);
            w = bio.readWindow(10);
        }
        assertArrayEquals(seq(0, 4), take(w, 4));
        bio.readDone(w);                        // 6 left
        peerSend(seq(10, 5));
        await(SelectionKey.OP_READ);
        w = bio.readWindow(11);
        while (w.remaining() < 11) {
            bio.readDone(w);
            await(SelectionKey.OP_READ);
            w = bio.readWindow(11);
        }
        assertArrayEquals(seq(4, 11), take(w, 11));
        bio.readDone(w);
        bio.free();
    }

    @Test
    void backPressureWriteReturnsZeroAndWindowsKeepPendingBytesInOrder() throws Exception {
        local.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
        peer.setOption(StandardSocketOptions.SO_RCVBUF, 8192);
        ChannelBio bio = new ChannelBio(local, false);
        CRC32 sent = new CRC32();
        long sentBytes = 0;
        byte[] chunk = new byte[4096];
        int k = 0;
        // Fill the kernel buffers until the channel takes nothing.
        while (true) {
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (k * 7 + i);
            }
            ByteBuffer src = ByteBuffer.wrap(chunk);
            int n = bio.write(src);
            sent.update(chunk, 0, n);
            sentBytes += n;
            k++;
            if (n == 0) {
                break;
            }
            assertTrue(sentBytes < 64L << 20, "the channel never pushed back");
        }
        assertEquals(0, bio.writeGuarantee(), "non-blocking: no guarantee");

        // A window's bytes cannot go now: writeDone keeps them pending, in order.
        ByteBuffer w = bio.writeWindow(SocketBio.BUFFER_SIZE - 100);
        assertNotNull(w);
        byte[] rec = seq(1, SocketBio.BUFFER_SIZE - 100);
        w.put(rec);
        bio.writeDone(w);
        sent.update(rec);
        sentBytes += rec.length;
        assertTrue(bio.pendingWrite() > 100, "kept pending: " + bio.pendingWrite());
        assertNull(bio.writeWindow(SocketBio.BUFFER_SIZE - bio.pendingWrite() + 1),
                "pending bytes leave too little room");
        assertEquals(0, bio.write(ByteBuffer.wrap(seq(0, 10))), "plain writes queue behind pending bytes");
        assertFalse(bio.flush());
        bio.shutdownOutput(); // deferred until the pending bytes are out
        assertThrows(IOException.class, () -> bio.write(ByteBuffer.wrap(seq(0, 1))));

        // The peer drains on its own thread; the BIO flushes whenever the channel is writable; the
        // deferred half-close follows the last byte.
        CompletableFuture<long[]> peerReader = CompletableFuture.supplyAsync(() -> {
            CRC32 crc = new CRC32();
            long total = 0;
            ByteBuffer dst = ByteBuffer.allocate(65536);
            try {
                for (int n; (n = peer.read(dst.clear())) >= 0; ) {
                    crc.update(dst.array(), 0, n);
                    total += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new long[] {crc.getValue(), total};
        });
        while (!bio.flush()) {
            await(SelectionKey.OP_WRITE);
        }
        long[] received = peerReader.get(5, TimeUnit.SECONDS);
        assertEquals(0, bio.pendingWrite());
        assertEquals(sentBytes, received[1]);
        assertEquals(sent.getValue(), received[0]);
        bio.free();
    }

    @Test
    void peerCloseIsEofAfterBufferedBytes() throws IOException {
        ChannelBio bio = new ChannelBio(local, false);
        peerSend(seq(0, 3));
        peer.shutdownOutput();
        byte[] got = new byte[3];
        int have = 0;
        while (true) {
            ByteBuffer dst = ByteBuffer.wrap(got, have, 3 - have);
            int n = have < 3 ? bio.read(dst) : bio.read(ByteBuffer.allocate(1));
            if (n < 0) {
                break;
            }
            have += n;
            if (n == 0) {
                await(SelectionKey.OP_READ);
            }
        }
        assertEquals(3, have);
        assertArrayEquals(seq(0, 3), got);
        assertTrue(bio.isEof());
        bio.free();
    }

    @Test
    void blockingModeReadWindowGathersNeedBytes() throws Exception {
        local.configureBlocking(true);
        ChannelBio bio = new ChannelBio(local, false);
        assertTrue(bio.isBlocking());
        assertEquals(Integer.MAX_VALUE, bio.writeGuarantee());
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < 5; i++) {
                    peerSend(seq(i * 20, 20));
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        sender.start();
        ByteBuffer w = bio.readWindow(100);
        assertEquals(100, w.remaining());
        assertArrayEquals(seq(0, 100), take(w, 100));
        bio.readDone(w);
        sender.join(5000);

        ByteBuffer out = bio.writeWindow(10);
        out.put(seq(9, 10));
        bio.writeDone(out);
        assertEquals(0, bio.pendingWrite(), "blocking writeDone sends everything");
        assertArrayEquals(seq(9, 10), peerReceive(10));
        bio.free();
    }

    @Test
    void closeFlagAndUseAfterFreeR3() throws IOException {
        ChannelBio keep = new ChannelBio(local, false);
        keep.free();
        assertTrue(local.isOpen(), "closeFlag false leaves the channel open");

        ChannelBio bio = new ChannelBio(local, true);
        bio.free();
        assertFalse(local.isOpen(), "closeFlag true closes the channel");
        IllegalReferenceCountException e =
                assertThrows(IllegalReferenceCountException.class, () -> bio.read(ByteBuffer.allocate(1)));
        assertTrue(e.getMessage().matches("Bio@[0-9a-f]+\\[channel] freed: .*"), e.getMessage());
        assertThrows(IllegalReferenceCountException.class, bio::flush);
        assertThrows(IllegalReferenceCountException.class, () -> bio.writeWindow(1));
        assertThrows(IllegalReferenceCountException.class, bio::free);
        assertThrows(IllegalReferenceCountException.class, bio::upRef);
        assertThrows(IllegalArgumentException.class, () -> new ChannelBio(local, true), "closed channel");
        assertThrows(NullPointerException.class, () -> new ChannelBio(null, true));
    }
}
