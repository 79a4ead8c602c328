package dev.sslkit.core.bio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * OpenSSL's {@code BIO_new_socket(fd, close_flag)}: a blocking BIO over a connected
 * {@link Socket}'s streams.
 *
 * <p>Reads go through an internal buffer of {@link #BUFFER_SIZE} bytes (two of the largest TLS
 * records JSSE produces, plus headroom) that reads ahead what the socket has, like OpenSSL's
 * {@code read_ahead}; {@link #readWindow(int)} blocks until the asked number of bytes is buffered
 * contiguously or the peer closes. Writes are sent and flushed at once: {@link #write} sends all of
 * its bytes, {@link #writeDone} sends what the window received.
 *
 * <p>Thread safety: one thread at a time per direction (one reader and one writer may run at once:
 * the directions share no state).
 */
public final class SocketBio extends CoreBio {
    private static final System.Logger LOG = System.getLogger(SocketBio.class.getName());

    /** The largest TLS record JSSE reports ({@code SSLSession.getPacketBufferSize()}). */
    static final int MAX_RECORD = 16709;
    /** Size of each internal buffer: two maximal records plus headroom. */
    public static final int BUFFER_SIZE = 2 * MAX_RECORD + 1024;

    private final Socket socket;
    private final boolean closeFlag;
    private final InputStream in;
    private final OutputStream out;
    private final LinearBuffer readBuffer = new LinearBuffer(BUFFER_SIZE, BUFFER_SIZE, false);
    private final LinearBuffer writeBuffer = new LinearBuffer(BUFFER_SIZE, BUFFER_SIZE, false);
    private boolean inputEof;
    private volatile boolean outputShutdown;

    /**
     * {@code BIO_new_socket(fd, close_flag)}.
     *
     * @param socket    a connected socket
     * @param closeFlag whether the last {@link #free()} closes the socket ({@code BIO_CLOSE}); with
     *                  {@code false} ({@code BIO_NOCLOSE}) the socket stays open and usable
     * @throws NullPointerException     if {@code socket} is null
     * @throws IllegalArgumentException if the socket is not connected or already closed
     * @throws UncheckedIOException     if the socket's streams cannot be obtained
     */
    public SocketBio(Socket socket, boolean closeFlag) {
        this.socket = Objects.requireNonNull(socket, "socket must not be null");
        if (!socket.isConnected() || socket.isClosed()) {
            throw new IllegalArgumentException("socket must be connected and open: " + socket);
        }
        this.closeFlag = closeFlag;
        try {
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use socket " + socket, e);
        }
    }

    /**
     * {@code BIO_read} on a socket BIO: returns buffered bytes, or blocks until the socket has some.
     *
     * @param dst where to put the bytes
     * @return bytes read; 0 only if {@code dst} has no room; -1 at end of stream
     * @throws IOException on a socket error
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
            if (inputEof || !fill()) {
                return -1;
            }
        }
        return readBuffer.read(dst);
    }

    /**
     * {@code BIO_write} on a socket BIO: blocks until every byte of {@code src} is sent, then flushes.
     *
     * @param src the bytes
     * @return {@code src.remaining()} as it was (0 if empty)
     * @throws IOException on a socket error or after {@link #shutdownOutput()}
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
        int n = src.remaining();
        if (n == 0) {
            return 0;
        }
        if (src.hasArray()) {
            out.write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            while (src.hasRemaining()) {
                writeBuffer.write(src, BUFFER_SIZE);
                writeBuffer.drainTo(out);
            }
        }
        out.flush();
        return n;
    }

    /**
     * {@code BIO_pending} on a socket BIO.
     *
     * @return bytes already read ahead into the internal buffer (readable without blocking); the
     *         socket's own receive buffer is not counted
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public int pending() {
        ensureAlive();
        return readBuffer.readable();
    }

    /**
     * {@code BIO_ctrl_get_write_guarantee}: a blocking write takes every byte.
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
     * Half-close ({@code shutdown(fd, SHUT_WR)}): the peer reads end of stream after the bytes sent
     * so far. Later writes fail. Idempotent.
     *
     * @throws IOException on a socket error
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public void shutdownOutput() throws IOException {
        ensureAlive();
        if (outputShutdown) {
            return;
        }
        outputShutdown = true;
        if (!socket.isOutputShutdown()) {
            socket.shutdownOutput();
        }
    }

    /**
     * Opens the read window, first blocking on the socket until {@code need} bytes are buffered
     * contiguously or the peer closed (then the window holds what arrived, possibly fewer, and
     * {@link #isEof()} turns true once they are consumed). {@code need == 0} returns what is buffered
     * without blocking.
     *
     * @param need bytes wanted in one piece, at most {@link #BUFFER_SIZE}
     * @return the window, position..limit = every buffered byte
     * @throws IOException on a socket error
     * @throws IllegalArgumentException if {@code need} is negative or larger than {@link #BUFFER_SIZE}
     * @throws IllegalStateException if a read window is already open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public ByteBuffer readWindow(int need) throws IOException {
        ensureAlive();
        if (need < 0 || need > BUFFER_SIZE) {
            throw new IllegalArgumentException("need must be in [0, " + BUFFER_SIZE + "]: " + need);
        }
        if (readBuffer.readWindowOpen()) {
            throw new IllegalStateException("a read window is already open; call readDone first");
        }
        while (readBuffer.readable() < need && !inputEof) {
            readBuffer.ensureWritable(need - readBuffer.readable()); // compacts; need <= capacity
            if (!fill()) {
                break;
            }
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
     * Opens the write window on the internal send buffer (empty between sends).
     *
     * @param min the room needed, at most {@link #BUFFER_SIZE}
     * @return the window (never {@code null}: the buffer is emptied by every send)
     * @throws IOException after {@link #shutdownOutput()}
     * @throws IllegalArgumentException if {@code min} is negative or larger than {@link #BUFFER_SIZE}
     * @throws IllegalStateException if a write window is already open
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public ByteBuffer writeWindow(int min) throws IOException {
        ensureAlive();
        if (min < 0 || min > BUFFER_SIZE) {
            throw new IllegalArgumentException("min must be in [0, " + BUFFER_SIZE + "]: " + min);
        }
        ensureOutputOpen();
        return writeBuffer.openWrite(min);
    }

    /**
     * Closes the write window and sends the bytes before its position, blocking until they are
     * written and flushed.
     *
     * @param window the buffer {@link #writeWindow} returned
     * @throws IOException on a socket error
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
        if (writeBuffer.readable() > 0) {
            writeBuffer.drainTo(out);
            out.flush();
        }
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
     * @return {@code true}: socket BIOs block
     * @throws dev.sslkit.IllegalReferenceCountException if freed
     */
    @Override
    public boolean isBlocking() {
        ensureAlive();
        return true;
    }

    /** @return the socket ({@code BIO_get_fd}) @throws dev.sslkit.IllegalReferenceCountException if freed */
    public Socket socket() {
        ensureAlive();
        return socket;
    }

    /** One blocking read from the socket into the buffer's free tail. @return false at end of stream */
    private boolean fill() throws IOException {
        if (readBuffer.capacity() - readBuffer.readable() == 0) {
            return true; // full: nothing to read into (cannot happen for need <= capacity)
        }
        readBuffer.ensureWritable(1);
        int n = readBuffer.fillFrom(in);
        if (n < 0) {
            inputEof = true;
            return false;
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
                socket.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> describe() + ": closing the socket failed", e);
            }
        }
    }

    @Override
    protected String describe() {
        return "Bio@" + Integer.toHexString(System.identityHashCode(this)) + "[socket]";
    }

    /** @return e.g. {@code Bio@1c2d[socket, 12 buffered, /127.0.0.1:4433]}; never throws */
    @Override
    public String toString() {
        String id = "Bio@" + Integer.toHexString(System.identityHashCode(this));
        if (!isAlive()) {
            return id + "[socket, freed]";
        }
        return id + "[socket, " + readBuffer.readable() + " buffered, " + socket.getRemoteSocketAddress()
                + (inputEof ? ", eof" : "") + "]";
    }
}
