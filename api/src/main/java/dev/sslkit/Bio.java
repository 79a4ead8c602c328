package dev.sslkit;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * OpenSSL's {@code BIO}: the byte transport under a connection. Make one with {@link #newMemory()}
 * ({@code BIO_s_mem}), {@link #newPair(int, int)} ({@code BIO_new_bio_pair}), {@link #newSocket}
 * ({@code BIO_new_socket}) or {@link #newChannel} (a non-blocking NIO channel), then give it to
 * {@link Ssl#setBio(Bio, Bio)}, which takes over one reference per role.
 *
 * <p>Reads and writes never block on memory BIOs and BIO pairs: {@code 0} means "nothing now, retry"
 * (OpenSSL's {@code BIO_should_retry}). Socket BIOs block; channel BIOs follow the channel's mode.
 *
 * <p>Thread safety: a BIO pair may be written from one thread and read from another; otherwise a BIO
 * is used by one thread at a time.
 */
public interface Bio extends RefCounted {

    /** @return a new, empty memory BIO ({@code BIO_new(BIO_s_mem())}), reference count 1 */
    static Bio newMemory() {
        return Sslkit.runtime().newMemoryBio();
    }

    /**
     * {@code BIO_new_bio_pair}: two connected BIOs; bytes written to one are read from the other.
     *
     * @param bufferSize1 bytes the first BIO can hold for the second to read (0: 17 KiB default)
     * @param bufferSize2 bytes the second can hold for the first (0: 17 KiB default)
     * @return the pair, each end with reference count 1
     */
    static BioPair newPair(int bufferSize1, int bufferSize2) {
        return Sslkit.runtime().newBioPair(bufferSize1, bufferSize2);
    }

    /**
     * {@code BIO_new_socket(fd, close_flag)}: a blocking BIO over a connected socket.
     *
     * @param socket    the socket
     * @param closeFlag whether the last free closes the socket ({@code BIO_CLOSE})
     * @return the BIO
     */
    static Bio newSocket(Socket socket, boolean closeFlag) {
        return Sslkit.runtime().newSocketBio(socket, closeFlag);
    }

    /**
     * A BIO over a connected NIO channel; non-blocking if the channel is.
     *
     * @param channel   the channel
     * @param closeFlag whether the last free closes the channel
     * @return the BIO
     */
    static Bio newChannel(SocketChannel channel, boolean closeFlag) {
        return Sslkit.runtime().newChannelBio(channel, closeFlag);
    }

    /** Null-tolerant free: {@code BIO_free(NULL)} does nothing. @param bio the BIO or {@code null} */
    static void free(Bio bio) {
        if (bio != null) {
            bio.free();
        }
    }

    /**
     * {@code BIO_read}.
     *
     * @param dst where to put the bytes
     * @return bytes read (&gt;0); 0 when nothing is there now (retry later); -1 at end of stream
     * @throws IOException on a transport error
     * @throws IllegalReferenceCountException if freed
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * {@code BIO_write}.
     *
     * @param src the bytes
     * @return bytes taken (&gt;0); 0 when full now (retry later)
     * @throws IOException on a transport error or if the other end was freed (pair)
     * @throws IllegalReferenceCountException if freed
     */
    int write(ByteBuffer src) throws IOException;

    /** @param b bytes  @param off offset  @param len length  @return as {@link #read(ByteBuffer)} @throws IOException on a transport error */
    default int read(byte[] b, int off, int len) throws IOException {
        return read(ByteBuffer.wrap(b, off, len));
    }

    /** @param b bytes  @param off offset  @param len length  @return as {@link #write(ByteBuffer)} @throws IOException on a transport error */
    default int write(byte[] b, int off, int len) throws IOException {
        return write(ByteBuffer.wrap(b, off, len));
    }

    /** @return bytes readable now without blocking ({@code BIO_pending} / {@code BIO_ctrl_pending}) */
    int pending();

    /** @return bytes this BIO can accept now ({@code BIO_ctrl_get_write_guarantee}); {@code Integer.MAX_VALUE} if unbounded */
    int writeGuarantee();

    /**
     * {@code BIO_shutdown_wr} for pairs / half-close for sockets: the reader of the other side sees
     * end of stream once it has read what was written.
     *
     * @throws IOException on a transport error
     */
    void shutdownOutput() throws IOException;

    /** @return a short description, e.g. {@code Bio@1c2d[pair, 0/17408]} */
    @Override
    String toString();
}
