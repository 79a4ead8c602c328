package dev.sslkit.core.bio;

import dev.sslkit.BioPair;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * OpenSSL's {@code BIO_new_bio_pair(&bio1, size1, &bio2, size2)}: two connected BIOs, each direction a
 * bounded linear buffer whose capacity is fixed at creation (17 KiB when 0 is given, as OpenSSL's
 * default). Bytes written to one end are read from the other. Writes take what fits and return 0
 * ("retry") when the buffer is full; reads return 0 when it is empty.
 *
 * <p>Each end is its own reference-counted object (count 1 each). When one end is freed the other
 * reads what was buffered for it and then end of stream, and its writes fail with
 * {@link IOException} ("peer BIO freed") — OpenSSL's {@code BIO_R_UNPAIRED}, turned into a clear
 * error.
 *
 * <p>Thread safety: one end may be written from one thread while the other end is read from another
 * (each direction is guarded by its own lock). A read window stays valid while the writer appends:
 * bytes under an open read window are never moved.
 */
public final class BioPairImpl {
    /** The size used when 0 is given: 17 KiB, OpenSSL's default. */
    public static final int DEFAULT_SIZE = 17 * 1024;

    private BioPairImpl() {
    }

    /**
     * {@code BIO_new_bio_pair(&bio1, size1, &bio2, size2)} with heap buffers.
     *
     * @param size1 bytes {@code first} can hold for {@code second} to read (0: {@link #DEFAULT_SIZE})
     * @param size2 bytes {@code second} can hold for {@code first} to read (0: {@link #DEFAULT_SIZE})
     * @return the two ends, reference count 1 each
     * @throws IllegalArgumentException if a size is negative
     */
    public static BioPair newPair(int size1, int size2) {
        return newPair(size1, size2, false);
    }

    /**
     * {@code BIO_new_bio_pair(&bio1, size1, &bio2, size2)}.
     *
     * @param size1  bytes {@code first} can hold for {@code second} to read (0: {@link #DEFAULT_SIZE})
     * @param size2  bytes {@code second} can hold for {@code first} to read (0: {@link #DEFAULT_SIZE})
     * @param direct whether the buffers are direct {@link ByteBuffer}s
     * @return the two ends ({@link End}), reference count 1 each
     * @throws IllegalArgumentException if a size is negative
     */
    public static BioPair newPair(int size1, int size2, boolean direct) {
        Pipe oneToTwo = new Pipe(size(size1, "size1"), direct);
        Pipe twoToOne = new Pipe(size(size2, "size2"), direct);
        End first = new End(oneToTwo, twoToOne, "1");
        End second = new End(twoToOne, oneToTwo, "2");
        return new BioPair(first, second);
    }

    private static int size(int size, String name) {
        if (size < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + size);
        }
        return size == 0 ? DEFAULT_SIZE : size;
    }

    /** One direction: the bounded buffer plus the writer's and reader's states. Guarded by itself. */
    private static final class Pipe {
        final LinearBuffer buffer;
        boolean writerShutdown;
        boolean writerFreed;
        boolean readerFreed;

        Pipe(int capacity, boolean direct) {
            this.buffer = new LinearBuffer(capacity, capacity, direct);
        }

        boolean writerGone() {
            return writerShutdown || writerFreed;
        }
    }

    /**
     * One end of a BIO pair ({@code BIO_s_bio}). Writes go to the buffer its peer reads; reads come
     * from the buffer its peer writes.
     */
    public static final class End extends CoreBio {
        private final Pipe out;
        private final Pipe in;
        private final String which;

        private End(Pipe out, Pipe in, String which) {
            this.out = out;
            this.in = in;
            this.which = which;
        }

        /**
         * {@code BIO_read} on one end of a pair. Never blocks.
         *
         * @param dst where to put the bytes
         * @return bytes read; 0 if nothing is buffered (retry) or {@code dst} has no room; -1 once the
         *         peer shut its output down or was freed and every byte was read
         * @throws IllegalStateException if a read window is open
         * @throws dev.sslkit.IllegalReferenceCountException if freed
         */
        @Override
        public int read(ByteBuffer dst) {
            ensureAlive();
            Objects.requireNonNull(dst, "dst must not be null");
            synchronized (in) {
                if (in.buffer.readWindowOpen()) {
                    throw new IllegalStateException("read while a read window is open");
                }
                if (in.buffer.readable() == 0) {
                    return in.writerGone() ? -1 : 0;
                }
                return in.buffer.read(dst);
            }
        }

        /**
         * {@code BIO_write} on one end of a pair: takes what fits in the bounded buffer.
         *
         * @param src the bytes
         * @return bytes taken; 0 when the buffer is full (retry once the peer has read)
         * @throws IOException if the peer end was freed, or after {@link #shutdownOutput()}
         * @throws IllegalStateException if a write window is open
         * @throws dev.sslkit.IllegalReferenceCountException if freed
         */
        @Override
        public int write(ByteBuffer src) throws IOException {
            ensureAlive();
            Objects.requireNonNull(src, "src must not be null");
            synchronized (out) {
                ensureWritable();
                return out.buffer.write(src, Integer.MAX_VALUE);
            }
        }

        /**
         * {@code BIO_ctrl_pending}.
         *
         * @return bytes the peer wrote that this end has not read
         * @throws dev.sslkit.IllegalReferenceCountException if freed
         */
        @Override
        public int pending() {
            ensureAlive();
            synchronized (in) {
                return in.buffer.readable();
            }
        }

        /**
         * {@code BIO_ctrl_get_write_guarantee}: the free space of the outgoing buffer, i.e. how many
         * bytes a {@link #write} takes now. While the peer holds a read window open, only the space
         * after the buffered bytes counts (they cannot be moved under the window).
         *
         * @return bytes a write takes now; 0 when full, shut down or the peer was freed
         * @throws dev.sslkit.IllegalReferenceCountException if freed
         */
        @Override
        public int writeGuarantee() {
            ensureAlive();
            synchronized (out) {
                if (out.readerFreed || out.writerShutdown) {
                    return 0;
                }
                return out.buffer.writableWithoutGrowth();
            }
        }

        /**
         * {@code BIO_shutdown_wr}: the peer reads end of stream once it has read every byte written
         * before. Later writes on this end fail. Idempotent.
         *
         * @throws dev.sslkit.IllegalReferenceCountException if freed
         */
        @Override
        public void shutdownOutput() {
            ensureAlive();
            synchronized (out) {
                out.writerShutdown = true;
            }
        }

        /**
         * Opens the read window on every byte the peer wrote and this end has not read (contiguous).
         * Never blocks. The window stays valid while the peer keeps writing.
         *
         * @param need ignored beyond validation (a pair cannot wait for bytes)
         * @return the window
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
            synchronized (in) {
                return in.buffer.openRead();
            }
        }

        /**
         * Closes the read window; the bytes before its position are consumed.
         *
         * @param window the buffer {@link #readWindow} returned
         * @throws IllegalArgumentException if {@code window} is not that buffer or its position is
         *                                  outside the window
         * @throws IllegalStateException if no read window is open
         * @throws dev.sslkit.IllegalReferenceCountException if freed
         */
        @Override
        public void readDone(ByteBuffer window) {
            ensureAlive();
            Objects.requireNonNull(window, "window must not be null");
            synchronized (in) {
                in.buffer.closeRead(window);
            }
        }

        /**
         * Opens the write window: at least {@code min} free contiguous bytes of the outgoing buffer,
         * compacting it first if that makes the room.
         *
         * @param min the room needed
         * @return the window, or {@code null} if that much room cannot be made now (retry after the peer
         *         reads)
         * @throws IOException if the peer end was freed, or after {@link #shutdownOutput()}
         * @throws IllegalArgumentException if {@code min} is negative or larger than the buffer's
         *                                  fixed capacity (it could never fit)
         * @throws IllegalStateException if a write window is already open
         * @throws dev.sslkit.IllegalReferenceCountException if freed
         */
        @Override
        public ByteBuffer writeWindow(int min) throws IOException {
            ensureAlive();
            synchronized (out) {
                if (min < 0 || min > out.buffer.capacity()) {
                    throw new IllegalArgumentException("min must be in [0, " + out.buffer.capacity() + "]: " + min);
                }
                ensureWritable();
                return out.buffer.openWrite(min);
            }
        }

        /**
         * Closes the write window; the bytes before its position become readable by the peer.
         *
         * @param window the buffer {@link #writeWindow} returned
         * @throws IOException if the peer end was freed meanwhile (the window is closed, the bytes are
         *                     lost)
         * @throws IllegalArgumentException if {@code window} is not that buffer or its position is
         *                                  outside the window
         * @throws IllegalStateException if no write window is open
         * @throws dev.sslkit.IllegalReferenceCountException if freed
         */
        @Override
        public void writeDone(ByteBuffer window) throws IOException {
            ensureAlive();
            Objects.requireNonNull(window, "window must not be null");
            synchronized (out) {
                out.buffer.closeWrite(window);
                if (out.readerFreed) {
                    throw new IOException(describe() + ": peer BIO freed");
                }
            }
        }

        /**
         * @return whether the peer shut its output down or was freed ({@link CoreBio#inputEnded()}),
         *         bytes may still be buffered
         * @throws dev.sslkit.IllegalReferenceCountException if freed
         */
        @Override
        public boolean inputEnded() {
            ensureAlive();
            synchronized (in) {
                return in.writerGone();
            }
        }

        /**
         * @return whether the peer shut its output down or was freed and every byte was read
         * @throws dev.sslkit.IllegalReferenceCountException if freed
         */
        @Override
        public boolean isEof() {
            ensureAlive();
            synchronized (in) {
                return in.buffer.readable() == 0 && in.writerGone();
            }
        }

        /**
         * @return {@code false}: a BIO pair never blocks
         * @throws dev.sslkit.IllegalReferenceCountException if freed
         */
        @Override
        public boolean isBlocking() {
            ensureAlive();
            return false;
        }

        /** @return the fixed capacity of the outgoing buffer (this end's size argument) */
        int outCapacity() {
            return out.buffer.capacity();
        }

        private void ensureWritable() throws IOException { // caller holds out
            if (out.readerFreed) {
                throw new IOException(describe() + ": peer BIO freed");
            }
            if (out.writerShutdown) {
                throw new IOException(describe() + ": write after shutdownOutput");
            }
        }

        @Override
        protected void deallocate() {
            synchronized (out) {
                out.writerFreed = true;
                out.buffer.abandonWrite(); // only this end opens windows for writing on out
            }
            synchronized (in) {
                in.readerFreed = true;
                in.buffer.abandonRead(); // the peer may hold a write window on in
            }
        }

        @Override
        protected String describe() {
            return "Bio@" + Integer.toHexString(System.identityHashCode(this)) + "[pair " + which + "]";
        }

        /**
         * @return e.g. {@code Bio@1c2d[pair 1, out 0/17408, in 12/17408]} (buffered/capacity each way);
         *         never throws, also after free
         */
        @Override
        public String toString() {
            String id = "Bio@" + Integer.toHexString(System.identityHashCode(this));
            if (!isAlive()) {
                return id + "[pair " + which + ", freed]";
            }
            String o;
            String i;
            synchronized (out) {
                o = out.buffer.toString();
            }
            synchronized (in) {
                i = in.buffer.toString();
            }
            return id + "[pair " + which + ", out " + o + ", in " + i + "]";
        }
    }
}
