package dev.sslkit.bench.work;

import java.nio.ByteBuffer;

/**
 * A client and a server joined in memory, driven from one thread by the same loop whatever is
 * underneath (sslkit connections over a BIO pair, or raw engines over two byte buffers).
 *
 * <p>Thread safety: none.
 */
public interface Pair extends AutoCloseable {
    /**
     * Steps client then server until both have finished the handshake.
     *
     * @throws Exception a failure of either side, or {@link IllegalStateException} if it stalls
     */
    void handshake() throws Exception;

    /**
     * Writes all of {@code src} on the client and reads it on the server into {@code dst} (cleared
     * first), interleaving writes and reads.
     *
     * @param src application bytes (position to limit), consumed
     * @param dst the server's read buffer
     * @throws Exception a failure of either side, or {@link IllegalStateException} if it stalls
     */
    void send(ByteBuffer src, ByteBuffer dst) throws Exception;

    /**
     * {@link #send} through the array forms ({@code Ssl.write(byte[], int, int)} / {@code Ssl.read(byte[], int, int)}),
     * for sslkit pairs only (the raw engines take buffers).
     *
     * @param src application bytes, all written
     * @param dst the server's read array (reused from the start whenever full)
     * @throws Exception a failure of either side, or {@link IllegalStateException} if it stalls
     * @throws UnsupportedOperationException for raw pairs
     */
    default void sendArray(byte[] src, byte[] dst) throws Exception {
        throw new UnsupportedOperationException("raw engines take ByteBuffers");
    }

    /**
     * Writes all of {@code src} on the server and reads it on the client (priming TLS 1.3 tickets).
     *
     * @param src application bytes
     * @param dst the client's read buffer
     * @throws Exception a failure of either side
     */
    void sendBack(ByteBuffer src, ByteBuffer dst) throws Exception;

    /** @return the negotiated cipher suite (OpenSSL's or IANA's name) */
    String cipherSuite();

    /** @return whether the last handshake resumed a session (the provider's own signal where there is one) */
    boolean resumed();

    /** Frees both sides; no close_notify. */
    @Override
    void close();

    /** Loop bound: rounds without progress before a loop gives up. */
    int MAX_IDLE = 64;
}
