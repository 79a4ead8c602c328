package dev.sslkit.core.bio;

import dev.sslkit.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class MemoryBioTest {

    static byte[] seq(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    static byte[] take(ByteBuffer window, int n) {
        byte[] b = new byte[n];
        window.get(b);
        return b;
    }

    static byte[] readAll(MemoryBio bio) {
        ByteBuffer dst = ByteBuffer.allocate(bio.pending());
        bio.read(dst);
        return dst.array();
    }

    @Test
    void writeThenReadConsumesInOrder() throws IOException {
        MemoryBio bio = new MemoryBio();
        assertEquals(5, bio.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(6, bio.write(ByteBuffer.wrap(" world".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(11, bio.pending());

        byte[] out = new byte[7];
        assertEquals(7, bio.read(out, 0, 7));
        assertEquals("hello w", new String(out, StandardCharsets.US_ASCII));
        assertEquals(4, bio.pending());
        ByteBuffer rest = ByteBuffer.allocate(100);
        assertEquals(4, bio.read(rest));
        assertEquals("orld", new String(rest.array(), 0, 4, StandardCharsets.US_ASCII));
        assertEquals(0, bio.pending());
        bio.free();
    }

    @Test
    void emptyMeansRetryNotEof() {
        MemoryBio bio = new MemoryBio();
        assertEquals(0, bio.read(ByteBuffer.allocate(10)), "OpenSSL's mem BIO: empty is retry by default");
        assertFalse(bio.isEof());
        assertFalse(bio.isBlocking());
        assertEquals(Integer.MAX_VALUE, bio.writeGuarantee());
        bio.free();
    }

    @Test
    void shutdownOutputGivesEofOnlyAfterDrain() throws IOException {
        MemoryBio bio = new MemoryBio();
        bio.write(ByteBuffer.wrap(seq(0, 3)));
        bio.shutdownOutput();
        assertFalse(bio.isEof(), "bytes still buffered");
        ByteBuffer dst = ByteBuffer.allocate(2);
        assertEquals(2, bio.read(dst));
        dst.clear();
        assertEquals(1, bio.read(dst));
        assertTrue(bio.isEof());
        assertEquals(-1, bio.read(ByteBuffer.allocate(1)));
        assertEquals(0, bio.writeGuarantee());
        IOException e = assertThrows(IOException.class, () -> bio.write(ByteBuffer.wrap(seq(0, 1))));
        assertTrue(e.getMessage().contains("shutdownOutput"), e.getMessage());
        assertThrows(IOException.class, () -> bio.writeWindow(1));
        bio.shutdownOutput(); // idempotent
        bio.free();
    }

    @Test
    void growsBeyondInitialCapacityKeepingOrder() throws IOException {
        MemoryBio bio = new MemoryBio(8, false);
        byte[] all = seq(0, 100_000);
        for (int off = 0; off < all.length; off += 777) {
            int n = Math.min(777, all.length - off);
            assertEquals(n, bio.write(ByteBuffer.wrap(all, off, n)));
        }
        assertEquals(all.length, bio.pending());
        assertTrue(bio.capacity() >= all.length);
        ByteBuffer w = bio.readWindow(all.length);
        assertEquals(all.length, w.remaining(), "every buffered byte in one contiguous window");
        assertArrayEquals(all, take(w, all.length));
        bio.readDone(w);
        assertEquals(0, bio.pending());
        bio.free();
    }

    @Test
    void writeWindowCompactsInsteadOfGrowing() throws IOException {
        MemoryBio bio = new MemoryBio(16, false);
        bio.write(ByteBuffer.wrap(seq(0, 12)));
        // consume 10 through a window, leaving it mid-way (position 10 of 12)
        ByteBuffer r = bio.readWindow(0);
        assertEquals(12, r.remaining());
        take(r, 10);
        bio.readDone(r);
        assertEquals(2, bio.pending());

        // tail has 4 bytes, 8 are asked: the 2 unread bytes must move to the front, no growth
        ByteBuffer w = bio.writeWindow(8);
        assertTrue(w.remaining() >= 8);
        w.put(seq(12, 8));
        bio.writeDone(w);
        assertEquals(16, bio.capacity(), "compacted, not grown");

        ByteBuffer r2 = bio.readWindow(10);
        assertEquals(10, r2.remaining());
        assertArrayEquals(seq(10, 10), take(r2, 10));
        bio.readDone(r2);
        bio.free();
    }

    @Test
    void bytesUnderAnOpenReadWindowNeverMove() throws IOException {
        MemoryBio bio = new MemoryBio(16, false);
        bio.write(ByteBuffer.wrap(seq(0, 12)));
        assertEquals(6, bio.read(ByteBuffer.allocate(6)));   // r = 6, w = 12
        ByteBuffer r = bio.readWindow(0);
        assertArrayEquals(seq(6, 2), take(r, 2));             // window left mid-way

        // Tail 4 < 8 but compaction would make room: it must not, the window shows those bytes.
        assertEquals(8, bio.write(ByteBuffer.wrap(seq(12, 8))));
        assertArrayEquals(seq(8, 4), take(r, 4), "window still shows its bytes after the write");
        bio.readDone(r);

        ByteBuffer r2 = bio.readWindow(0);
        assertEquals(8, r2.remaining());
        assertArrayEquals(seq(12, 8), take(r2, 8));
        bio.readDone(r2);
        assertEquals(0, bio.pending());
        bio.free();
    }

    @Test
    void windowsAreTheSameObjectsOnTheSteadyPath() throws IOException {
        MemoryBio bio = new MemoryBio(64, true);
        ByteBuffer w1 = bio.writeWindow(10);
        assertTrue(w1.isDirect());
        w1.put(seq(0, 10));
        bio.writeDone(w1);
        ByteBuffer r1 = bio.readWindow(10);
        r1.position(r1.limit());
        bio.readDone(r1);
        ByteBuffer w2 = bio.writeWindow(10);
        bio.writeDone(w2);
        ByteBuffer r2 = bio.readWindow(0);
        bio.readDone(r2);
        assertSame(w1, w2);
        assertSame(r1, r2);
        bio.free();
    }

    @Test
    void windowMisuseIsRejected() throws IOException {
        MemoryBio bio = new MemoryBio();
        ByteBuffer r = bio.readWindow(0);
        assertThrows(IllegalStateException.class, () -> bio.readWindow(0));
        assertThrows(IllegalStateException.class, () -> bio.read(ByteBuffer.allocate(1)));
        assertThrows(IllegalArgumentException.class, () -> bio.readDone(ByteBuffer.allocate(1)));
        bio.readDone(r);
        assertThrows(IllegalStateException.class, () -> bio.readDone(r));

        ByteBuffer w = bio.writeWindow(4);
        assertThrows(IllegalStateException.class, () -> bio.write(ByteBuffer.allocate(1)));
        w.put((byte) 1);
        bio.writeDone(w);
        assertEquals(1, bio.pending());
        assertThrows(IllegalArgumentException.class, () -> bio.readWindow(-1));
        assertThrows(IllegalArgumentException.class, () -> bio.writeWindow(-1));
        bio.free();
    }

    @Test
    void nullArgumentsAreRejectedWithTheirName() {
        MemoryBio bio = new MemoryBio();
        NullPointerException e = assertThrows(NullPointerException.class, () -> bio.read((ByteBuffer) null));
        assertEquals("dst must not be null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> bio.write((ByteBuffer) null));
        assertEquals("src must not be null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> bio.readDone(null));
        assertEquals("window must not be null", e.getMessage());
        bio.free();
    }

    @Test
    void refCountR1UpRefAddsOneAndFreeReleasesAtZero() throws IOException {
        MemoryBio bio = new MemoryBio();
        assertEquals(1, bio.refCnt());
        assertTrue(bio.upRef());
        assertEquals(2, bio.refCnt());
        bio.free();
        assertEquals(1, bio.refCnt());
        assertEquals(3, bio.write(ByteBuffer.wrap(seq(0, 3))), "still usable with one reference");
        bio.free();
        assertEquals(0, bio.refCnt());
    }

    @Test
    void useAfterFreeR3ThrowsNamingTheBio() {
        MemoryBio bio = new MemoryBio();
        bio.free();
        IllegalReferenceCountException e =
                assertThrows(IllegalReferenceCountException.class, () -> bio.read(ByteBuffer.allocate(1)));
        assertTrue(e.getMessage().matches("Bio@[0-9a-f]+\\[mem] freed: refCnt 0 .*"), e.getMessage());
        assertEquals(0, e.delta());
        assertThrows(IllegalReferenceCountException.class, () -> bio.write(ByteBuffer.allocate(1)));
        assertThrows(IllegalReferenceCountException.class, bio::pending);
        assertThrows(IllegalReferenceCountException.class, bio::writeGuarantee);
        assertThrows(IllegalReferenceCountException.class, bio::shutdownOutput);
        assertThrows(IllegalReferenceCountException.class, () -> bio.readWindow(0));
        assertThrows(IllegalReferenceCountException.class, () -> bio.writeWindow(0));
        assertThrows(IllegalReferenceCountException.class, bio::isEof);
        assertThrows(IllegalReferenceCountException.class, bio::isBlocking);
        assertTrue(bio.toString().contains("freed"), "toString never throws");
    }

    @Test
    void doubleFreeR3AndUpRefAfterFreeR1AreDetected() {
        MemoryBio bio = new MemoryBio();
        bio.free();
        IllegalReferenceCountException twice = assertThrows(IllegalReferenceCountException.class, bio::free);
        assertEquals(-1, twice.delta());
        IllegalReferenceCountException up = assertThrows(IllegalReferenceCountException.class, bio::upRef);
        assertEquals(1, up.delta());
        assertEquals(0, bio.refCnt(), "R1: never resurrected");
    }

    @Test
    void freeWithAWindowOpenDoesNotLeaveItUsable() throws IOException {
        MemoryBio bio = new MemoryBio();
        ByteBuffer w = bio.writeWindow(4);
        bio.free();
        assertThrows(IllegalReferenceCountException.class, () -> bio.writeDone(w));
    }

    @Test
    void toStringShowsKindAndBufferedBytes() throws IOException {
        MemoryBio bio = new MemoryBio();
        bio.write(ByteBuffer.wrap(seq(0, 12)));
        assertTrue(bio.toString().matches("Bio@[0-9a-f]+\\[mem, 12 buffered]"), bio.toString());
        assertNotNull(bio.toString());
        bio.free();
    }
}
