package dev.sslkit.core.bio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * OpenSSL's memory BIO, {@code BIO_new(BIO_s_mem())}: writes append to a growable buffer, reads
 * consume from it. An empty memory BIO answers "retry" ({@code 0}), as OpenSSL's does by default
 * ({@code BIO_set_mem_eof_return(b, -1)}); it reports end of stream ({@code -1}) only after
 * {@link #shutdownOutput()} and once every buffered byte was read.
 *
 * <p>The bytes live in one linear {@link ByteBuffer} (heap by default, direct on request) with read
 * and write indices; the unread tail is moved to the front when a writer needs room, so
 * {@link #readWindow(int)} always exposes every buffered byte contiguously. The windows are the same
 * two buffer objects on every call (new ones only when the buffer grows).
 *
 * <p>Thread safety: none; one thread at a time, like OpenSSL's.
 */
public final class MemoryBio extends CoreBio {
    /** Initial capacity of {@link #MemoryBio()}; the buffer doubles as needed. */
    public static final int DEFAULT_CAPACITY = 4096;

    private final LinearBuffer buffer;
    private boolean outputShutdown;

    /** {@code BIO_new(BIO_s_mem())}: an empty heap memory BIO, reference count 1. */
    public MemoryBio() {
        this(DEFAULT_CAPACITY, false);
    }

    /**
     * {@code BIO_new(BIO_s_mem())} with a choice of buffer.
     *
     * @param direct whether the buffer is a direct {@link ByteBuffer}
     */
    public MemoryBio(boolean direct) {
        this(DEFAULT_CAPACITY, direct);
    }

    /**
     * {@code BIO_new(BIO_s_mem())} with an initial capacity.
     *
     * @param initialCapacity bytes allocated up front (the buffer grows beyond it)
     * @param direct          whether the buffer is a direct {@link ByteBuffer}
     * @throws IllegalArgumentException if {@code initialCapacity} is negative
     */
    public MemoryBio(int initialCapacity, boolean direct) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must not be negative: " + initialCapacity);
        }
        this.buffer = new LinearBuffer(initialCapacity, LinearBuffer.MAX_CAPACITY, direct);
    }

    /**
     * {@code BIO_read} on a memory BIO. Never blocks.
     *
     * @param dst where to put the bytes
     * @return bytes read; 0 if empty (retry) or {@code dst} has no room; -1 if empty after
     *         {@link #shutdownOutput()}
     * @throws IllegalStateException if a read window is open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public int read(ByteBuffer dst) {
        ensureAlive();
        Objects.requireNonNull(dst, "dst must not be null");
        if (buffer.readWindowOpen()) {
            throw new IllegalStateException("read while a read window is open");
        }
        if (buffer.readable() == 0) {
            return outputShutdown ? -1 : 0;
        }
        return buffer.read(dst);
    }

    /**
     * {@code BIO_write} on a memory BIO: takes every byte of {@code src}, growing the buffer.
     *
     * @param src the bytes
     * @return bytes taken ({@code src.remaining()}, 0 if none)
     * @throws IOException after {@link #shutdownOutput()}
     * @throws IllegalStateException if a write window is open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        ensureAlive();
        Objects.requireNonNull(src, "src must not be null");
        ensureOutputOpen();
        return buffer.write(src, Integer.MAX_VALUE);
    }

    /**
     * {@code BIO_pending} / {@code BIO_ctrl_pending}.
     *
     * @return the buffered bytes (committed writes not yet read)
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public int pending() {
        ensureAlive();
        return buffer.readable();
    }

    /**
     * {@code BIO_ctrl_get_write_guarantee}: a memory BIO is unbounded.
     *
     * @return {@code Integer.MAX_VALUE}, or 0 after {@link #shutdownOutput()}
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public int writeGuarantee() {
        ensureAlive();
        return outputShutdown ? 0 : Integer.MAX_VALUE;
    }

    /**
     * Marks end of stream (OpenSSL: {@code BIO_set_mem_eof_return(b, 0)} once the writer is done): once
     * the buffered bytes are read, {@link #read} returns -1 and {@link #isEof()} is true; later writes
     * fail. Idempotent.
     *
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public void shutdownOutput() {
        ensureAlive();
        outputShutdown = true;
    }

    /**
     * Opens the read window on every buffered byte (contiguous). Never blocks; {@code need} is not
     * waited for.
     *
     * @param need ignored beyond validation (a memory BIO cannot wait for bytes)
     * @return the window, position..limit = the buffered bytes
     * @throws IllegalArgumentException if {@code need} is negative
     * @throws IllegalStateException if a read window is already open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public ByteBuffer readWindow(int need) {
        ensureAlive();
        if (need < 0) {
            throw new IllegalArgumentException("need must not be negative: " + need);
        }
        return buffer.openRead();
    }

    /**
     * Closes the read window; the bytes before its position are consumed ({@code BIO_read} without a
     * copy).
     *
     * @param window the buffer {@link #readWindow} returned
     * @throws IllegalArgumentException if {@code window} is not that buffer or its position is outside
     *                                  the window
     * @throws IllegalStateException if no read window is open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public void readDone(ByteBuffer window) {
        ensureAlive();
        Objects.requireNonNull(window, "window must not be null");
        buffer.closeRead(window);
    }

    /**
     * Opens the write window with at least {@code min} free contiguous bytes, compacting or growing
     * the buffer as needed ({@code BIO_write} without a copy).
     *
     * @param min the room needed
     * @return the window; {@code null} only if {@code min} cannot fit in any Java buffer
     * @throws IOException after {@link #shutdownOutput()}
     * @throws IllegalArgumentException if {@code min} is negative
     * @throws IllegalStateException if a write window is already open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public ByteBuffer writeWindow(int min) throws IOException {
        ensureAlive();
        if (min < 0) {
            throw new IllegalArgumentException("min must not be negative: " + min);
        }
        ensureOutputOpen();
        return buffer.openWrite(min);
    }

    /**
     * Closes the write window; the bytes before its position become readable.
     *
     * @param window the buffer {@link #writeWindow} returned
     * @throws IllegalArgumentException if {@code window} is not that buffer or its position is outside
     *                                  the window
     * @throws IllegalStateException if no write window is open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public void writeDone(ByteBuffer window) {
        ensureAlive();
        Objects.requireNonNull(window, "window must not be null");
        buffer.closeWrite(window);
    }

    /**
     * @return whether no byte beyond those buffered will arrive ({@link CoreBio#inputEnded()})
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public boolean inputEnded() {
        ensureAlive();
        return outputShutdown;
    }

    /**
     * @return whether {@link #shutdownOutput()} was called and every byte was read (OpenSSL's
     *         {@code BIO_eof})
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public boolean isEof() {
        ensureAlive();
        return outputShutdown && buffer.readable() == 0;
    }

    /**
     * @return {@code false}: a memory BIO never blocks
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public boolean isBlocking() {
        ensureAlive();
        return false;
    }

    /** @return the current buffer capacity in bytes (grows, never shrinks) */
    int capacity() {
        return buffer.capacity();
    }

    private void ensureOutputOpen() throws IOException {
        if (outputShutdown) {
            throw new IOException(describe() + ": write after shutdownOutput");
        }
    }

    @Override
    protected void deallocate() {
        buffer.abandonRead();
        buffer.abandonWrite();
    }

    @Override
    protected String describe() {
        return "Bio@" + Integer.toHexString(System.identityHashCode(this)) + "[mem]";
    }

    /** @return e.g. {@code Bio@1c2d[mem, 12 buffered]}; never throws, also after free */
    @Override
    public String toString() {
        String id = "Bio@" + Integer.toHexString(System.identityHashCode(this));
        if (!isAlive()) {
            return id + "[mem, freed]";
        }
        return id + "[mem, " + buffer.readable() + " buffered" + (outputShutdown ? ", eof" : "") + "]";
    }
}
