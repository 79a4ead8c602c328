package dev.sslkit.spi;

import dev.sslkit.SslException;

import java.nio.ByteBuffer;

/**
 * One connection's TLS engine, with {@code javax.net.ssl.SSLEngine}'s shape: core pumps records
 * through {@link #wrap} and {@link #unwrap} and owns all buffering and BIO I/O. Calls come from one
 * thread at a time.
 *
 * <p>Hot path: {@code wrap} and {@code unwrap} return the engine's own {@link EngineResult} object,
 * refilled on each call, so that no allocation is added per record.
 */
public interface TlsEngine {

    /** Handshake progress, as {@code SSLEngineResult.HandshakeStatus}. */
    enum HandshakeState {
        /** no handshake in progress */
        NOT_HANDSHAKING,
        /** the handshake just finished (only in a result) */
        FINISHED,
        /** run {@link #delegatedTask()} */
        NEED_TASK,
        /** call {@link #wrap} */
        NEED_WRAP,
        /** call {@link #unwrap} (needs input) */
        NEED_UNWRAP,
        /** call {@link #unwrap} again without new input */
        NEED_UNWRAP_AGAIN
    }

    /** Outcome of an operation, as {@code SSLEngineResult.Status}. */
    enum Status {
        /** done */
        OK,
        /** not enough input for a whole record */
        BUFFER_UNDERFLOW,
        /** not enough room in the destination */
        BUFFER_OVERFLOW,
        /** this direction is closed */
        CLOSED
    }

    /** The reusable result of one {@code wrap}/{@code unwrap}. */
    final class EngineResult {
        /** the outcome */
        public Status status;
        /** the handshake state after the call (may be {@link HandshakeState#FINISHED}) */
        public HandshakeState handshakeState;
        /** bytes consumed from the source */
        public int consumed;
        /** bytes produced into the destination */
        public int produced;

        /**
         * @param s the status  @param h the handshake state  @param c consumed  @param p produced
         * @return this
         */
        public EngineResult set(Status s, HandshakeState h, int c, int p) {
            this.status = s;
            this.handshakeState = h;
            this.consumed = c;
            this.produced = p;
            return this;
        }
    }

    /** Starts the handshake. @throws SslException if it cannot start */
    void beginHandshake() throws SslException;

    /** @param src application data  @param dst network bytes out  @return the result @throws SslException on a fatal error (an alert was produced if possible) */
    EngineResult wrap(ByteBuffer src, ByteBuffer dst) throws SslException;

    /** @param src network bytes in  @param dst application data out  @return the result @throws SslException on a fatal error */
    EngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SslException;

    /** @return the handshake state now */
    HandshakeState handshakeState();

    /** @return a task to run, or {@code null} */
    Runnable delegatedTask();

    /** Queues close_notify; {@link #wrap} then produces it. */
    void closeOutbound();

    /** @return whether close_notify (or a fatal alert) has been wrapped */
    boolean isOutboundDone();

    /** @return whether the peer's close_notify was unwrapped */
    boolean isInboundDone();

    /** @return the largest record this engine produces or accepts, in bytes */
    int packetBufferSize();

    /** @return the largest plaintext one record yields */
    int applicationBufferSize();

    /** @return the negotiated session after the handshake, or {@code null} */
    EngineSession session();

    /**
     * @return the provider's own account of whether the last handshake resumed a session, or
     *         {@code null} if the provider exposes none (core then infers it from whether the
     *         provider selected keys / verified the peer, which a resumed handshake skips)
     */
    Boolean sessionReused();

    /**
     * A TLS 1.3 client's count of NewSessionTicket messages processed since its first handshake
     * finished. OpenSSL makes one session per ticket and gives each to the cache and the new-session
     * callback; core does the same, asking after each record that carried no application data.
     * The default, {@code -1}, means the provider cannot tell tickets apart: core then reports the
     * connection's session once, when the provider says it became resumable.
     *
     * @return the count, or {@code -1}
     */
    default int ticketsReceived() {
        return -1;
    }

    /** @return the negotiated ALPN protocol, or {@code null} */
    String alpnSelected();

    /** Releases everything the engine holds (native memory, descriptors) now; called once. */
    void free();
}
