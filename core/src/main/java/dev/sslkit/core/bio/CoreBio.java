package dev.sslkit.core.bio;

import dev.sslkit.Bio;
import dev.sslkit.core.RefCnt;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Base of every BIO core makes. Besides the public {@link Bio} calls, it gives the engine driver
 * zero-copy windows on its buffers, so a record goes from the provider's {@code wrap} straight into
 * the BIO's buffer and from there straight into the peer's {@code unwrap}, as with a raw
 * {@code SSLEngine} loop.
 *
 * <p>Window protocol (one window open at a time per direction; no allocation per call):
 * <ol>
 * <li>{@link #readWindow(int)} returns a buffer whose position..limit are the buffered readable
 *     bytes (contiguous); the driver lets the engine consume from it, then calls
 *     {@link #readDone(ByteBuffer)}, which takes the consumed bytes (the window's new position).</li>
 * <li>{@link #writeWindow(int)} returns a buffer whose position..limit is free contiguous space of at
 *     least the asked size, or {@code null} if there is not that much room now; the driver lets the
 *     engine produce into it, then calls {@link #writeDone(ByteBuffer)}, which commits the bytes
 *     (and, for a socket BIO, sends them).</li>
 * </ol>
 */
public abstract class CoreBio extends RefCnt implements Bio {

    /**
     * Opens the read window.
     *
     * @param need bytes the driver needs in one contiguous piece (e.g. a whole record). A blocking
     *             BIO reads from its transport until it has that many or reaches end of stream; a
     *             non-blocking BIO returns what it has now.
     * @return the window (position..limit readable; may be empty)
     * @throws IOException on a transport error
     */
    public abstract ByteBuffer readWindow(int need) throws IOException;

    /**
     * Closes the read window, consuming the bytes before its position.
     *
     * @param window the buffer {@link #readWindow} returned
     */
    public abstract void readDone(ByteBuffer window);

    /**
     * Opens the write window.
     *
     * @param min the room needed, in bytes
     * @return a window with position..limit free (at least {@code min}), or {@code null} if there is
     *         not that much room now (the driver then buffers and reports WANT_WRITE)
     * @throws IOException on a transport error, or if the reading end is gone
     */
    public abstract ByteBuffer writeWindow(int min) throws IOException;

    /**
     * Closes the write window, committing the bytes before its position.
     *
     * @param window the buffer {@link #writeWindow} returned
     * @throws IOException on a transport error (socket BIOs send here)
     */
    public abstract void writeDone(ByteBuffer window) throws IOException;

    /** @return whether the read side has reached end of stream and holds no more bytes */
    public abstract boolean isEof();

    /**
     * Whether the transport will deliver no byte beyond those already buffered: the socket or channel
     * read end of stream, the memory BIO was marked with {@link #shutdownOutput()} (OpenSSL's
     * {@code BIO_set_mem_eof_return(b, 0)}), the pair's peer shut down or was freed. Unlike
     * {@link #isEof()} it does not wait for the buffered bytes to be consumed, so the engine driver
     * can tell "a partial record and nothing more will come" (OpenSSL's
     * {@code SSL_R_UNEXPECTED_EOF_WHILE_READING}) from "wait for the rest" (issue 9 item 1).
     *
     * <p>Blocking BIOs learn about end of stream only while reading: the driver asks after a
     * {@link #readWindow(int)} that wanted more than was buffered, which read until end of stream.
     *
     * @return whether the input side has ended (bytes may still be buffered)
     */
    public abstract boolean inputEnded();

    /** @return whether reads may block (socket BIOs, blocking channels) */
    public abstract boolean isBlocking();

    /**
     * {@code BIO_flush}: sends bytes a non-blocking transport could not take in {@link #writeDone}.
     *
     * @return whether nothing remains pending
     * @throws IOException on a transport error
     */
    public boolean flush() throws IOException {
        return true;
    }

    /** @return {@code BIO_wpending}: bytes committed but not yet sent (0 for BIOs that never hold any) */
    public int pendingWrite() {
        return 0;
    }
}
