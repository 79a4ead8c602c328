package dev.sslkit.core.bio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A BIO over a connected NIO {@link SocketChannel} — OpenSSL's socket BIO ({@code BIO_s_socket})
 * with the descriptor's blocking mode, i.e. non-blocking when the channel is
 * ({@code BIO_set_nbio}). The mode is read from the channel on every call.
 *
 * <p>Both directions go through direct buffers of {@link SocketBio#BUFFER_SIZE} bytes. Non-blocking:
 * {@link #readWindow(int)} does at most one {@code channel.read} and returns what is buffered;
 * {@link #writeDone(ByteBuffer)} writes what the channel takes and keeps the rest pending (the next
 * {@link #writeWindow(int)}, {@link #write} or {@link #flush()} sends it first, so bytes keep their
 * order); {@link #write} returns 0 when the channel takes nothing. A caller that used the write
 * window must call {@link #flush()} (OpenSSL's {@code BIO_flush}) until it returns {@code true}
 * before waiting for the peer. Blocking: reads wait as a socket BIO's do, writes send everything.
 *
 * <p>Thread safety: one thread at a time per direction.
 */
public final class ChannelBio extends CoreBio {
    private static final System.Logger LOG = System.getLogger(ChannelBio.class.getName());

    private final SocketChannel channel;
    private final boolean closeFlag;
    private final LinearBuffer readBuffer = new LinearBuffer(SocketBio.BUFFER_SIZE, SocketBio.BUFFER_SIZE, true);
    private final LinearBuffer writeBuffer = new LinearBuffer(SocketBio.BUFFER_SIZE, SocketBio.BUFFER_SIZE, true);
    private boolean inputEof;
    private boolean outputShutdown;      // shutdownOutput() was called
    private boolean shutdownDone;        // ... and the channel's output is shut (after pending bytes)

    /**
     * A BIO over a connected channel ({@code BIO_new_socket} on its descriptor).
     *
     * @param channel   a connected channel, blocking or not
     * @param closeFlag whether the last {@link #free()} closes the channel ({@code BIO_CLOSE})
     * @throws NullPointerException     if {@code channel} is null
     * @throws IllegalArgumentException if the channel is not open and connected
     */
    public ChannelBio(SocketChannel channel, boolean closeFlag) {
        this.channel = Objects.requireNonNull(channel, "channel must not be null");
        if (!channel.isOpen() || !channel.isConnected()) {
            throw new IllegalArgumentException("channel must be open and connected: " + channel);
        }
        this.closeFlag = closeFlag;
    }

    /**
     * {@code BIO_read}: buffered bytes first; otherwise one {@code channel.read} (which blocks in
     * blocking mode).
     *
     * @param dst where to put the bytes
     * @return bytes read; 0 if none are available now (non-blocking) or {@code dst} has no room; -1
     *         at end of stream
     * @throws IOException on a channel error
     * @throws IllegalStateException if a read window is open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureAlive();
        Objects.requireNonNull(dst, "dst must not be null");
        if (readBuffer.readWindowOpen()) {
            throw new IllegalStateException("read while a read window is open");
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (readBuffer.readable() == 0) {
            if (inputEof) {
                return -1;
            }
            int n = fill();
            if (n < 0) {
                return -1;
            }
            if (n == 0) {
                return 0;
            }
        }
        return readBuffer.read(dst);
    }

    /**
     * {@code BIO_write}. Pending bytes from an earlier {@link #writeDone} go first. Non-blocking:
     * takes what the channel accepts now, 0 if it accepts nothing (or pending bytes remain); nothing
     * is held back, so a 0 means "retry". Blocking: sends everything.
     *
     * @param src the bytes
     * @return bytes taken
     * @throws IOException on a channel error or after {@link #shutdownOutput()}
     * @throws IllegalStateException if a write window is open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        ensureAlive();
        Objects.requireNonNull(src, "src must not be null");
        if (writeBuffer.writeWindowOpen()) {
            throw new IllegalStateException("write while a write window is open");
        }
        ensureOutputOpen();
        if (!flushPending()) {
            return 0;
        }
        int n = 0;
        if (channel.isBlocking()) {
            while (src.hasRemaining()) {
                n += channel.write(src);
            }
            return n;
        }
        return channel.write(src);
    }

    /**
     * {@code BIO_pending}.
     *
     * @return bytes already read from the channel into the internal buffer (readable without waiting)
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public int pending() {
        ensureAlive();
        return readBuffer.readable();
    }

    /**
     * {@code BIO_ctrl_get_write_guarantee}. A blocking write takes everything; for a non-blocking
     * channel the kernel's send buffer is not observable, so, like OpenSSL's socket BIO (which does
     * not implement this control), the guarantee is 0.
     *
     * @return {@code Integer.MAX_VALUE} when blocking; 0 when non-blocking or after
     *         {@link #shutdownOutput()}
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public int writeGuarantee() {
        ensureAlive();
        return !outputShutdown && channel.isBlocking() ? Integer.MAX_VALUE : 0;
    }

    /**
     * Half-close: the peer reads end of stream after every byte written so far, including pending
     * ones. If bytes are still pending (non-blocking), the channel's output is shut down by the
     * {@link #flush()} that sends the last of them. Later writes fail. Idempotent.
     *
     * @throws IOException on a channel error
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public void shutdownOutput() throws IOException {
        ensureAlive();
        outputShutdown = true;
        flushPending();
    }

    /**
     * {@code BIO_flush}: sends pending bytes (those {@link #writeDone} could not send).
     *
     * @return {@code true} when nothing is pending any more (always, in blocking mode)
     * @throws IOException on a channel error
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    public boolean flush() throws IOException {
        ensureAlive();
        return flushPending();
    }

    /**
     * {@code BIO_wpending}.
     *
     * @return bytes committed by {@link #writeDone} and not yet sent
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    public int pendingWrite() {
        ensureAlive();
        return writeBuffer.readable();
    }

    /**
     * Opens the read window. Non-blocking: if fewer than {@code need} (or no) bytes are buffered,
     * one {@code channel.read} into the free space, then the window holds what is buffered (possibly
     * fewer than {@code need}). Blocking: reads until {@code need} bytes are buffered or end of stream.
     *
     * @param need bytes wanted in one piece, at most {@link SocketBio#BUFFER_SIZE}
     * @return the window, position..limit = every buffered byte
     * @throws IOException on a channel error
     * @throws IllegalArgumentException if {@code need} is negative or too large
     * @throws IllegalStateException if a read window is already open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public ByteBuffer readWindow(int need) throws IOException {
        ensureAlive();
        if (need < 0 || need > SocketBio.BUFFER_SIZE) {
            throw new IllegalArgumentException("need must be in [0, " + SocketBio.BUFFER_SIZE + "]: " + need);
        }
        if (readBuffer.readWindowOpen()) {
            throw new IllegalStateException("a read window is already open; call readDone first");
        }
        if (channel.isBlocking()) {
            while (readBuffer.readable() < need && !inputEof) {
                readBuffer.ensureWritable(need - readBuffer.readable());
                fill();
            }
        } else if (readBuffer.readable() < Math.max(need, 1) && !inputEof) {
            readBuffer.ensureWritable(Math.max(need - readBuffer.readable(), 1));
            fill();
        }
        return readBuffer.openRead();
    }

    /**
     * Closes the read window; the bytes before its position are consumed.
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
        readBuffer.closeRead(window);
    }

    /**
     * Opens the write window on the internal send buffer, after trying to send pending bytes.
     *
     * @param min the room needed, at most {@link SocketBio#BUFFER_SIZE}
     * @return the window; {@code null} (non-blocking only) when pending bytes leave less than
     *         {@code min} bytes of room — wait for the channel to be writable, then retry
     * @throws IOException on a channel error or after {@link #shutdownOutput()}
     * @throws IllegalArgumentException if {@code min} is negative or too large
     * @throws IllegalStateException if a write window is already open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public ByteBuffer writeWindow(int min) throws IOException {
        ensureAlive();
        if (min < 0 || min > SocketBio.BUFFER_SIZE) {
            throw new IllegalArgumentException("min must be in [0, " + SocketBio.BUFFER_SIZE + "]: " + min);
        }
        if (writeBuffer.writeWindowOpen()) {
            throw new IllegalStateException("a write window is already open; call writeDone first");
        }
        ensureOutputOpen();
        flushPending();
        return writeBuffer.openWrite(min);
    }

    /**
     * Closes the write window and sends its bytes: all of them in blocking mode; in non-blocking mode
     * what the channel takes now, keeping the rest pending.
     *
     * @param window the buffer {@link #writeWindow} returned
     * @throws IOException on a channel error
     * @throws IllegalArgumentException if {@code window} is not that buffer or its position is outside
     *                                  the window
     * @throws IllegalStateException if no write window is open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public void writeDone(ByteBuffer window) throws IOException {
        ensureAlive();
        Objects.requireNonNull(window, "window must not be null");
        writeBuffer.closeWrite(window);
        flushPending();
    }

    /**
     * @return whether no byte beyond those buffered will arrive ({@link CoreBio#inputEnded()})
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public boolean inputEnded() {
        ensureAlive();
        return inputEof;
    }

    /**
     * @return whether the peer closed its output and every received byte was consumed
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public boolean isEof() {
        ensureAlive();
        return inputEof && readBuffer.readable() == 0;
    }

    /**
     * @return the channel's current mode ({@code !BIO_get_nbio})
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public boolean isBlocking() {
        ensureAlive();
        return channel.isBlocking();
    }

    /** @return the channel ({@code BIO_get_fd}) @throws dev.sslkit.IllegalReferenceCountException if freed */
    public SocketChannel channel() {
        ensureAlive();
        return channel;
    }

    /** One channel read into the buffer's free tail. @return as {@code channel.read} */
    private int fill() throws IOException {
        readBuffer.ensureWritable(1);
        int n = readBuffer.fillFrom(channel);
        if (n < 0) {
            inputEof = true;
        }
        return n;
    }

    /** @return whether nothing is pending afterwards; shuts the output once drained if asked to */
    private boolean flushPending() throws IOException {
        boolean blocking = channel.isBlocking();
        while (writeBuffer.readable() > 0) {
            if (writeBuffer.drainTo(channel) == 0 && !blocking) {
                return false;
            }
        }
        if (outputShutdown && !shutdownDone && !writeBuffer.writeWindowOpen()) {
            shutdownDone = true;
            channel.shutdownOutput();
        }
        return true;
    }

    private void ensureOutputOpen() throws IOException {
        if (outputShutdown) {
            throw new IOException(describe() + ": write after shutdownOutput");
        }
    }

    @Override
    protected void deallocate() {
        readBuffer.abandonRead();
        writeBuffer.abandonWrite();
        if (closeFlag) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> describe() + ": closing the channel failed", e);
            }
        }
    }

    @Override
    protected String describe() {
        return "Bio@" + Integer.toHexString(System.identityHashCode(this)) + "[channel]";
    }

    /** @return e.g. {@code Bio@1c2d[channel, 12 buffered, 0 to send]}; never throws */
    @Override
    public String toString() {
        String id = "Bio@" + Integer.toHexString(System.identityHashCode(this));
        if (!isAlive()) {
            return id + "[channel, freed]";
        }
        return id + "[channel, " + readBuffer.readable() + " buffered, " + writeBuffer.readable() + " to send"
                + (inputEof ? ", eof" : "") + "]";
    }
}
