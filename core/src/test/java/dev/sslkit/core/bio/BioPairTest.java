package dev.sslkit.core.bio;

import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static dev.sslkit.core.bio.MemoryBioTest.seq;
import static dev.sslkit.core.bio.MemoryBioTest.take;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class BioPairTest {

    private static BioPairImpl.End end(Bio bio) {
        return (BioPairImpl.End) bio;
    }

    private static byte[] read(Bio bio, int max) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(max);
        int n = bio.read(dst);
        byte[] out = new byte[Math.max(n, 0)];
        dst.flip();
        dst.get(out);
        return out;
    }

    @Test
    void bytesWrittenToOneEndAreReadFromTheOther() throws IOException {
        BioPair pair = BioPairImpl.newPair(0, 0);
        Bio a = pair.first();
        Bio b = pair.second();
        assertNotSame(a, b);
        assertEquals(4, a.write(ByteBuffer.wrap(seq(1, 4))));
        assertEquals(0, a.pending(), "own writes are not readable at the same end");
        assertEquals(4, b.pending());
        assertArrayEquals(seq(1, 4), read(b, 10));

        assertEquals(3, b.write(ByteBuffer.wrap(seq(50, 3))));
        assertEquals(3, a.pending());
        assertArrayEquals(seq(50, 3), read(a, 10));
        assertEquals(0, a.read(ByteBuffer.allocate(1)), "empty: retry, not EOF");
        a.free();
        b.free();
    }

    @Test
    void zeroSizeMeansSeventeenKibPerDirection() {
        BioPair pair = BioPairImpl.newPair(0, 100);
        assertEquals(17 * 1024, pair.first().writeGuarantee());
        assertEquals(100, pair.second().writeGuarantee());
        assertThrows(IllegalArgumentException.class, () -> BioPairImpl.newPair(-1, 0));
        pair.first().free();
        pair.second().free();
    }

    @Test
    void boundedCapacityTakesWhatFitsThenRetry() throws IOException {
        BioPair pair = BioPairImpl.newPair(16, 0);
        Bio a = pair.first();
        Bio b = pair.second();
        ByteBuffer src = ByteBuffer.wrap(seq(0, 20));
        assertEquals(16, a.write(src), "takes what fits");
        assertEquals(4, src.remaining());
        assertEquals(0, a.writeGuarantee());
        assertEquals(0, a.write(src), "full: 0 means retry");
        assertEquals(4, src.remaining());

        assertArrayEquals(seq(0, 10), read(b, 10));
        assertEquals(10, a.writeGuarantee(), "guarantee = free space after the peer read");
        assertEquals(4, a.write(src));
        assertArrayEquals(seq(10, 10), read(b, 100));
        a.free();
        b.free();
    }

    @Test
    void writeWindowIsNullWhenThereIsNotTheRoom() throws IOException {
        BioPair pair = BioPairImpl.newPair(16, 0);
        BioPairImpl.End a = end(pair.first());
        Bio b = pair.second();
        a.write(ByteBuffer.wrap(seq(0, 16)));
        assertNull(a.writeWindow(1), "full");
        read(b, 5);
        assertNull(a.writeWindow(6), "only 5 free");
        ByteBuffer w = a.writeWindow(5);
        assertNotNull(w);
        assertEquals(5, w.remaining());
        w.put(seq(16, 5));
        a.writeDone(w);
        assertArrayEquals(seq(5, 16), read(b, 100));
        assertThrows(IllegalArgumentException.class, () -> a.writeWindow(17), "can never fit");
        a.free();
        b.free();
    }

    @Test
    void readWindowIsContiguousAfterWrapAroundCompaction() throws IOException {
        BioPair pair = BioPairImpl.newPair(16, 0);
        BioPairImpl.End a = end(pair.first());
        BioPairImpl.End b = end(pair.second());
        a.write(ByteBuffer.wrap(seq(0, 12)));
        ByteBuffer r = b.readWindow(0);
        assertArrayEquals(seq(0, 10), take(r, 10));
        b.readDone(r);                       // 2 left at offsets 10..11; tail holds 4

        ByteBuffer w = a.writeWindow(12);    // needs the front: compaction
        assertNotNull(w);
        w.put(seq(12, 12));
        a.writeDone(w);
        assertEquals(2, a.writeGuarantee());

        ByteBuffer r2 = b.readWindow(14);
        assertEquals(14, r2.remaining(), "all buffered bytes in one piece");
        assertArrayEquals(seq(10, 14), take(r2, 14));
        b.readDone(r2);
        assertEquals(0, b.pending());
        a.free();
        b.free();
    }

    @Test
    void writerDoesNotMoveBytesUnderThePeersOpenReadWindow() throws IOException {
        BioPair pair = BioPairImpl.newPair(16, 0);
        BioPairImpl.End a = end(pair.first());
        BioPairImpl.End b = end(pair.second());
        a.write(ByteBuffer.wrap(seq(0, 12)));
        assertArrayEquals(seq(0, 6), read(b, 6));        // r = 6, w = 12
        ByteBuffer r = b.readWindow(0);
        assertArrayEquals(seq(6, 2), take(r, 2));        // consumed in the window, not yet done
        assertEquals(4, a.writeGuarantee(), "only the tail while the window is open");
        assertNull(a.writeWindow(5), "compaction would move the window's bytes");
        assertEquals(4, a.write(ByteBuffer.wrap(seq(12, 10))));
        assertArrayEquals(seq(8, 4), take(r, 4), "window bytes unchanged");
        b.readDone(r);
        assertEquals(4, b.pending());
        assertEquals(12, a.writeGuarantee(), "compaction allowed again");
        assertArrayEquals(seq(12, 4), read(b, 100));
        a.free();
        b.free();
    }

    @Test
    void shutdownOutputGivesThePeerEofAfterDraining() throws IOException {
        BioPair pair = BioPairImpl.newPair(0, 0);
        BioPairImpl.End a = end(pair.first());
        BioPairImpl.End b = end(pair.second());
        a.write(ByteBuffer.wrap(seq(0, 3)));
        a.shutdownOutput();
        assertFalse(b.isEof());
        assertArrayEquals(seq(0, 3), read(b, 10));
        assertTrue(b.isEof());
        assertEquals(-1, b.read(ByteBuffer.allocate(1)));
        assertThrows(IOException.class, () -> a.write(ByteBuffer.wrap(seq(0, 1))));
        assertEquals(0, a.writeGuarantee());
        // the other direction is unaffected
        assertEquals(2, b.write(ByteBuffer.wrap(seq(7, 2))));
        assertArrayEquals(seq(7, 2), read(a, 10));
        assertEquals(0, a.read(ByteBuffer.allocate(1)));
        a.free();
        b.free();
    }

    @Test
    void freeingOneEndGivesTheOtherBufferedBytesThenEofAndFailsItsWrites() throws IOException {
        BioPair pair = BioPairImpl.newPair(0, 0);
        BioPairImpl.End a = end(pair.first());
        BioPairImpl.End b = end(pair.second());
        a.write(ByteBuffer.wrap(seq(0, 5)));
        a.free();
        assertEquals(5, b.pending());
        assertArrayEquals(seq(0, 5), read(b, 3 + 2));
        assertEquals(-1, b.read(ByteBuffer.allocate(1)));
        assertTrue(b.isEof());
        IOException e = assertThrows(IOException.class, () -> b.write(ByteBuffer.wrap(seq(0, 1))));
        assertTrue(e.getMessage().contains("peer BIO freed"), e.getMessage());
        assertThrows(IOException.class, () -> b.writeWindow(1));
        assertEquals(0, b.writeGuarantee());
        assertEquals(1, b.refCnt(), "the surviving end keeps its own reference");
        b.free();
    }

    @Test
    void peerFreedWhileAWriteWindowIsOpenFailsWriteDone() throws IOException {
        BioPair pair = BioPairImpl.newPair(0, 0);
        BioPairImpl.End a = end(pair.first());
        BioPairImpl.End b = end(pair.second());
        ByteBuffer w = a.writeWindow(4);
        w.put(seq(0, 4));
        b.free();
        IOException e = assertThrows(IOException.class, () -> a.writeDone(w));
        assertTrue(e.getMessage().contains("peer BIO freed"));
        a.free();
    }

    @Test
    void eachEndIsSeparatelyReferenceCounted() throws IOException {
        BioPair pair = BioPairImpl.newPair(0, 0);
        Bio a = pair.first();
        Bio b = pair.second();
        assertEquals(1, a.refCnt());
        assertEquals(1, b.refCnt());
        assertTrue(a.upRef()); // R1
        assertEquals(2, a.refCnt());
        assertEquals(1, b.refCnt());
        a.free();
        assertEquals(1, a.write(ByteBuffer.wrap(seq(0, 1))), "one reference left: still paired");
        assertArrayEquals(seq(0, 1), read(b, 1));
        a.free();
        b.free();
    }

    @Test
    void useAfterFreeAndDoubleFreeR3NameTheEnd() {
        BioPair pair = BioPairImpl.newPair(0, 0);
        Bio a = pair.first();
        a.free();
        IllegalReferenceCountException use =
                assertThrows(IllegalReferenceCountException.class, () -> a.read(ByteBuffer.allocate(1)));
        assertTrue(use.getMessage().matches("Bio@[0-9a-f]+\\[pair 1] freed: refCnt 0 .*"), use.getMessage());
        assertThrows(IllegalReferenceCountException.class, () -> a.write(ByteBuffer.allocate(1)));
        assertThrows(IllegalReferenceCountException.class, () -> end(a).readWindow(0));
        assertThrows(IllegalReferenceCountException.class, () -> end(a).writeWindow(0));
        assertThrows(IllegalReferenceCountException.class, a::pending);
        IllegalReferenceCountException twice = assertThrows(IllegalReferenceCountException.class, a::free);
        assertEquals(-1, twice.delta());
        assertThrows(IllegalReferenceCountException.class, a::upRef); // R1: no resurrection
        assertEquals(0, a.refCnt());
        assertTrue(a.toString().contains("freed"));
        Bio.free(null); // R3: free of null does nothing
        pair.second().free();
    }

    @Test
    void toStringShowsBothDirections() throws IOException {
        BioPair pair = BioPairImpl.newPair(0, 32);
        pair.first().write(ByteBuffer.wrap(seq(0, 5)));
        assertTrue(pair.first().toString().matches("Bio@[0-9a-f]+\\[pair 1, out 5/17408, in 0/32]"),
                pair.first().toString());
        pair.first().free();
        pair.second().free();
    }

    /** One thread writes (through windows and plain writes), another reads; every byte arrives in order. */
    @Test
    void concurrentWriterAndReaderThroughASmallPair() throws Exception {
        BioPair pair = BioPairImpl.newPair(1000, 0); // small: the 333-byte writes force compactions
        BioPairImpl.End a = end(pair.first());
        BioPairImpl.End b = end(pair.second());
        int total = 300_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
                CRC32 crc = new CRC32();
                byte[] chunk = new byte[333];
                int sent = 0;
                try {
                    while (sent < total) {
                        int n = Math.min(chunk.length, total - sent);
                        for (int i = 0; i < n; i++) {
                            chunk[i] = (byte) ((sent + i) * 31);
                        }
                        if ((sent / n) % 2 == 0) {
                            ByteBuffer w = a.writeWindow(n);
                            if (w == null) {
                                Thread.yield();
                                continue;
                            }
                            w.put(chunk, 0, n);
                            a.writeDone(w);
                        } else {
                            ByteBuffer src = ByteBuffer.wrap(chunk, 0, n);
                            while (src.hasRemaining()) {
                                if (a.write(src) == 0) {
                                        Thread.yield();
                                }
                            }
                        }
                        crc.update(chunk, 0, n);
                        sent += n;
                    }
                    a.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                return crc.getValue();
            }, pool);
            CompletableFuture<long[]> reader = CompletableFuture.supplyAsync(() -> {
                CRC32 crc = new CRC32();
                long got = 0;
                byte[] tmp = new byte[512];
                boolean useWindow = false;
                while (true) {
                    useWindow = !useWindow;
                    if (useWindow) {
                        ByteBuffer r = b.readWindow(0);
                        int n = Math.min(r.remaining(), tmp.length);
                        r.get(tmp, 0, n);
                        b.readDone(r);
                        crc.update(tmp, 0, n);
                        got += n;
                        if (n == 0) {
                            if (b.isEof()) {
                                break;
                            }
                            Thread.yield();
                        }
                    } else {
                        int n = b.read(ByteBuffer.wrap(tmp));
                        if (n < 0) {
                            break;
                        }
                        if (n == 0) {
                            Thread.yield();
                        }
                        crc.update(tmp, 0, n);
                        got += n;
                    }
                }
                return new long[] {crc.getValue(), got};
            }, pool);
            long sentCrc = writer.get(8, TimeUnit.SECONDS);
            long[] received = reader.get(8, TimeUnit.SECONDS);
            assertEquals(total, received[1]);
            assertEquals(sentCrc, received[0]);
        } finally {
            pool.shutdownNow();
        }
        a.free();
        b.free();
    }
}
