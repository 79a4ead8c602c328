package dev.sslkit.core.bio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * One linear byte buffer with a read index {@code r} and a write index {@code w}: bytes
 * {@code [r, w)} are buffered, {@code [w, capacity)} is free. The unread tail is moved to the front
 * (compaction) only when a writer needs more contiguous room than the tail has, so a reader always
 * sees every buffered byte in one piece. Growable up to {@code maxCapacity}.
 *
 * <p>The indices live in int fields; the backing buffer's own position/limit are scratch. Windows are
 * two views made once per backing buffer ({@code readView}, {@code writeView}) whose position/limit
 * are set on each open, so the steady path allocates nothing.
 *
 * <p>Hazards the code guards against:
 * <ul>
 * <li>while a read window is open, buffered bytes never move (no compaction; growth keeps offsets),
 *     because the driver is reading them through the window;</li>
 * <li>while a write window is open, no other write path runs, and the indices are not reset on
 *     drain (the window's offsets must stay valid).</li>
 * </ul>
 *
 * <p>Not thread-safe: callers lock (the BIO pair) or confine to one thread.
 */
final class LinearBuffer {
    /** The largest array size the JVM reliably allocates. */
    static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private final boolean direct;
    private final int maxCapacity;

    private ByteBuffer buf;
    private ByteBuffer readView;
    private ByteBuffer writeView;
    private int r;
    private int w;

    private ByteBuffer readWin;     // the window handed out by openRead, null when closed
    private int readWinLimit;
    private ByteBuffer writeWin;    // the window handed out by openWrite, null when closed
    private int writeWinLimit;

    LinearBuffer(int initialCapacity, int maxCapacity, boolean direct) {
        if (initialCapacity < 0 || maxCapacity < initialCapacity || maxCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("bad capacity: initial " + initialCapacity + ", max " + maxCapacity);
        }
        this.direct = direct;
        this.maxCapacity = maxCapacity;
        install(allocate(initialCapacity));
    }

    private ByteBuffer allocate(int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    private void install(ByteBuffer b) {
        buf = b;
        readView = b.duplicate();
        writeView = b.duplicate();
    }

    int capacity() {
        return buf.capacity();
    }

    int maxCapacity() {
        return maxCapacity;
    }

    boolean isDirect() {
        return direct;
    }

    /** @return buffered bytes {@code w - r} */
    int readable() {
        return w - r;
    }

    boolean readWindowOpen() {
        return readWin != null;
    }

    boolean writeWindowOpen() {
        return writeWin != null;
    }

    /**
     * @return the bytes a write could take now without growing: the tail, plus the consumed head
     *         when compaction is allowed (no read window open)
     */
    int writableWithoutGrowth() {
        return readWin == null ? capacity() - (w - r) : capacity() - w;
    }

    /**
     * Makes at least {@code min} contiguous free bytes at {@code w}: uses the tail, else compacts (if
     * no read window is open), else grows (if allowed).
     *
     * @return whether the room is there now
     */
    boolean ensureWritable(int min) {
        int cap = buf.capacity();
        if (cap - w >= min) {
            return true;
        }
        int used = w - r;
        if (readWin == null && cap - used >= min) {
            compact();
            return true;
        }
        // Growth: with a read window open the buffered bytes keep their offsets.
        long needed = readWin == null ? (long) used + min : (long) w + min;
        if (needed > maxCapacity) {
            return false;
        }
        int newCap = (int) Math.min(maxCapacity, Math.max(needed, 2L * cap));
        ByteBuffer nb = allocate(newCap);
        if (readWin == null) {
            nb.put(0, buf, r, used);
            r = 0;
            w = used;
        } else {
            nb.put(r, buf, r, used);
        }
        install(nb);
        return true;
    }

    private void compact() {
        int used = w - r;
        if (r == 0) {
            return;
        }
        if (used > 0) {
            buf.limit(w).position(r);
            buf.compact(); // specified for overlapping moves
        }
        r = 0;
        w = used;
    }

    /** Resets the indices when drained, unless a window's offsets must stay valid. */
    private void resetIfDrained() {
        if (r == w && writeWin == null && readWin == null) {
            r = 0;
            w = 0;
        }
    }

    // ---- windows ---------------------------------------------------------------------------

    ByteBuffer openRead() {
        if (readWin != null) {
            throw new IllegalStateException("a read window is already open; call readDone first");
        }
        ByteBuffer v = readView;
        v.limit(w).position(r);
        readWin = v;
        readWinLimit = w;
        return v;
    }

    void closeRead(ByteBuffer window) {
        if (readWin == null) {
            throw new IllegalStateException("no read window is open");
        }
        if (window != readWin) {
            throw new IllegalArgumentException("window is not the buffer readWindow returned");
        }
        int p = window.position();
        if (p < r || p > readWinLimit) {
            throw new IllegalArgumentException("read window position " + p + " outside [" + r + ", " + readWinLimit + "]");
        }
        r = p;
        readWin = null;
        resetIfDrained();
    }

    /** @return the write window with at least {@code min} free bytes, or null if there is not the room */
    ByteBuffer openWrite(int min) {
        if (writeWin != null) {
            throw new IllegalStateException("a write window is already open; call writeDone first");
        }
        if (!ensureWritable(min)) {
            return null;
        }
        ByteBuffer v = writeView;
        int cap = v.capacity();
        v.limit(cap).position(w);
        writeWin = v;
        writeWinLimit = cap;
        return v;
    }

    void closeWrite(ByteBuffer window) {
        if (writeWin == null) {
            throw new IllegalStateException("no write window is open");
        }
        if (window != writeWin) {
            throw new IllegalArgumentException("window is not the buffer writeWindow returned");
        }
        int p = window.position();
        if (p < w || p > writeWinLimit) {
            throw new IllegalArgumentException("write window position " + p + " outside [" + w + ", " + writeWinLimit + "]");
        }
        w = p;
        writeWin = null;
    }

    /** Forgets an open read window (its owner was released). */
    void abandonRead() {
        readWin = null;
    }

    /** Forgets an open write window (its owner was released); its bytes are not committed. */
    void abandonWrite() {
        writeWin = null;
    }

    // ---- copying paths -------------------------------------------------------------------

    /** Copies up to {@code dst.remaining()} buffered bytes into {@code dst}. @return bytes copied */
    int read(ByteBuffer dst) {
        if (readWin != null) {
            throw new IllegalStateException("read while a read window is open");
        }
        int n = Math.min(w - r, dst.remaining());
        if (n > 0) {
            int p = dst.position();
            dst.put(p, buf, r, n);
            dst.position(p + n);
            r += n;
            resetIfDrained();
        }
        return n;
    }

    /**
     * Copies up to {@code max} bytes of {@code src} in, making room (compact/grow) as allowed.
     *
     * @return bytes taken (0 when there is no room)
     */
    int write(ByteBuffer src, int max) {
        if (writeWin != null) {
            throw new IllegalStateException("write while a write window is open");
        }
        int n = Math.min(src.remaining(), max);
        if (n <= 0) {
            return 0;
        }
        if (!ensureWritable(n)) {
            // bounded: take what fits after compaction
            if (readWin == null) {
                compact();
            }
            n = Math.min(n, buf.capacity() - w);
            if (n <= 0) {
                return 0;
            }
        }
        int p = src.position();
        buf.put(w, src, p, n);
        src.position(p + n);
        w += n;
        return n;
    }

    // ---- transport paths (socket / channel BIOs) -----------------------------------------------

    /** One {@code in.read} into the free tail (heap buffers only). @return as InputStream.read */
    int fillFrom(InputStream in) throws IOException {
        int room = buf.capacity() - w;
        int n = in.read(buf.array(), buf.arrayOffset() + w, room);
        if (n > 0) {
            w += n;
        }
        return n;
    }

    /** One {@code ch.read} into the free tail. @return as ReadableByteChannel.read */
    int fillFrom(ReadableByteChannel ch) throws IOException {
        if (writeWin != null) {
            throw new IllegalStateException("fill while a write window is open");
        }
        ByteBuffer v = writeView;
        v.limit(v.capacity()).position(w);
        int n = ch.read(v);
        if (n > 0) {
            w += n;
        }
        return n;
    }

    /** Writes every buffered byte to {@code out} (heap buffers only) and empties the buffer. */
    void drainTo(OutputStream out) throws IOException {
        int n = w - r;
        int from = r;
        r = w;
        resetIfDrained();
        if (n > 0) {
            out.write(buf.array(), buf.arrayOffset() + from, n);
        }
    }

    /** One {@code ch.write} of the buffered bytes. @return bytes written */
    int drainTo(WritableByteChannel ch) throws IOException {
        if (readWin != null) {
            throw new IllegalStateException("drain while a read window is open");
        }
        if (w == r) {
            return 0;
        }
        ByteBuffer v = readView;
        v.limit(w).position(r);
        int n = ch.write(v);
        r += n;
        resetIfDrained();
        return n;
    }

    @Override
    public String toString() {
        return (w - r) + "/" + buf.capacity();
    }
}
