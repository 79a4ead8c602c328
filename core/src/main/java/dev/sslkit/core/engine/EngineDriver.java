package dev.sslkit.core.engine;

import dev.sslkit.InfoCallback;
import dev.sslkit.Ssl;
import dev.sslkit.SslException;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.core.bio.CoreBio;
import dev.sslkit.spi.TlsEngine;
import dev.sslkit.spi.TlsEngine.EngineResult;
import dev.sslkit.spi.TlsEngine.HandshakeState;
import dev.sslkit.spi.TlsEngine.Status;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The engine driver: pumps one connection's records between a {@link TlsEngine} and the BIOs'
 * zero-copy windows, and runs OpenSSL's handshake, {@code SSL_read}, {@code SSL_write} and
 * {@code SSL_shutdown} over them. It knows nothing of settings, sessions or the cache: what it needs
 * from the connection it asks its {@link Host}; what a finished handshake or a failure means beyond
 * the records is the host's to decide.
 *
 * <p>The write path: {@code write} → the write BIO's window → {@code engine.wrap} → {@code writeDone},
 * no copy and no allocation per record; a private buffer only when the BIO cannot hold one record. The
 * read path mirrors it ({@code readWindow} → {@code unwrap} → {@code readDone}), assembling a record in
 * a private buffer only when the read BIO is smaller than the record.
 *
 * <p>Not thread-safe: one thread at a time, as {@code Ssl} itself.
 */
public final class EngineDriver {
    private static final System.Logger LOG = System.getLogger("dev.sslkit");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    /** A TLS record header: type, version, 16-bit length. */
    public static final int RECORD_HEADER = 5;

    /** Where the connection is, as OpenSSL's {@code SSL_in_before}/{@code SSL_in_init}/{@code SSL_is_init_finished}. */
    public enum Phase {
        /** no handshake step yet */
        BEFORE,
        /** the first handshake is running */
        HANDSHAKING,
        /** the first handshake finished */
        ESTABLISHED,
        /** a fatal error: no more I/O */
        FAILED
    }

    /** What the driver needs from the connection it drives. Called on the driving thread. */
    public interface Host {
        /** @return the read BIO (set before the handshake starts) */
        CoreBio rbio();

        /** @return the write BIO */
        CoreBio wbio();

        /** @return the connection's name for messages */
        String describe();

        /** @return whether the connection is a server */
        boolean server();

        /** @param mode a mode  @return whether it is set ({@code SSL_get_mode}) */
        boolean hasMode(SslMode mode);

        /** @param option an option  @return whether it is set ({@code SSL_get_options}) */
        boolean hasOption(SslOption option);

        /** @return the negotiated protocol version once established, else {@code null} (for the record gate) */
        dev.sslkit.ProtocolVersion negotiatedVersion();

        /**
         * The peer started a post-handshake exchange (issue 9 item 3).
         *
         * @return {@code null} if it is no renegotiation (TLS 1.3 key update, or no TLS 1.2 session);
         *         {@code TRUE} if allowed (the host reported and counted it); {@code FALSE} if refused
         *         ({@code SSL_OP_NO_RENEGOTIATION}: the driver closes the connection)
         */
        Boolean peerRenegotiation();

        /** @return whether {@code SSL_set_quiet_shutdown} is on */
        boolean quietShutdown();

        /**
         * The first handshake step: the host makes the engine, {@link EngineDriver#attach attaches}
         * it and {@link EngineDriver#begin begins} it.
         *
         * @throws SslException if no engine can be made or started
         */
        void startHandshake() throws SslException;

        /** The info callback ({@code SSL_set_info_callback}). @param where event  @param ret value */
        void info(int where, int ret);

        /**
         * The first handshake finished in the engine; the phase is still {@link Phase#HANDSHAKING}.
         * The host may refuse it by throwing (the connection then fails).
         *
         * @param engine the engine
         * @throws SslException to refuse the handshake
         */
        void handshakeFinishing(TlsEngine engine) throws SslException;

        /**
         * The first handshake finished and the phase is {@link Phase#ESTABLISHED}.
         *
         * @param engine the engine
         * @throws SslException on a fatal error
         */
        void handshakeFinished(TlsEngine engine) throws SslException;

        /**
         * A record without application data was processed after the handshake (it may have been a
         * NewSessionTicket).
         *
         * @throws SslException on a fatal error
         */
        void postHandshakeRecord() throws SslException;

        /**
         * The connection just failed (phase {@link Phase#FAILED}; the fatal alert, if any, was sent).
         *
         * @param failure the error
         */
        void failed(SslException failure);
    }

    private final Host host;
    private TlsEngine engine;
    private Phase phase = Phase.BEFORE;
    private int shutdown;
    private boolean shutdownReturnedZero;
    private boolean renegotiating;
    private SslException failure;
    /** The records between the engine and the BIOs, and the plaintext not yet read. */
    private final RecordPump pump;
    /** byte[] write retry state (OpenSSL's wnum). */
    private byte[] wpendBuf;
    private int wpendOff;
    private int wpendDone;
    // read(byte[])/write(byte[]) wrap the caller's array once and reuse the wrapper while the array is the
    // same, so the array forms allocate nothing per call (a ByteBuffer is 48 bytes); holds the last array
    private ByteBuffer readArray;
    private ByteBuffer writeArray;

    /** @param host the connection this driver works for */
    public EngineDriver(Host host) {
        this.host = Objects.requireNonNull(host, "host must not be null");
        this.pump = new RecordPump(host);
    }

    // ---- state ---------------------------------------------------------------------------------

    /** @return the phase */
    public Phase phase() {
        return phase;
    }

    /** @return the engine, or {@code null} before the first handshake step */
    public TlsEngine engine() {
        return engine;
    }

    /** @return {@code SSL_get_shutdown} */
    public int shutdownFlags() {
        return shutdown;
    }

    /** @param flags {@code SSL_set_shutdown} */
    public void shutdownFlags(int flags) {
        shutdown = flags;
    }

    /** @return whether a renegotiation or post-handshake exchange is in progress */
    public boolean renegotiating() {
        return renegotiating;
    }

    /** @return plaintext bytes already decrypted and not read ({@code SSL_pending}) */
    public int pending() {
        return pump.pending();
    }

    /** The BIOs changed ({@code SSL_set_bio}): the fast paths are tried again. */
    public void bioChanged() {
        pump.bioChanged();
    }

    /**
     * The first handshake step: takes over {@code e} (freed by {@link #reset()} or {@link #free()});
     * the phase becomes {@link Phase#HANDSHAKING}. Call {@link #begin()} next.
     *
     * @param e the new engine
     */
    public void attach(TlsEngine e) {
        engine = Objects.requireNonNull(e, "engine must not be null");
        pump.engine(e);
        phase = Phase.HANDSHAKING;
    }

    /** Starts the engine's handshake. @throws SslException if it cannot (the connection has failed) */
    public void begin() throws SslException {
        try {
            engine.beginHandshake();
        } catch (SslException e) {
            throw fail(e);
        }
    }

    /** Starts a renegotiation (the host checked that one is allowed). @throws SslException if it cannot start */
    public void renegotiate() throws SslException {
        try {
            engine.beginHandshake();
        } catch (SslException e) {
            throw fail(e);
        }
        renegotiating = true;
    }

    /** Frees the engine and forgets the connection state ({@code SSL_clear}); buffers are kept for reuse. */
    public void reset() {
        free();
        phase = Phase.BEFORE;
        shutdown = 0;
        shutdownReturnedZero = false;
        renegotiating = false;
        failure = null;
        wpendBuf = null;
        pump.reset();
    }

    /** Frees the engine, if any, now. */
    public void free() {
        TlsEngine e = engine;
        engine = null;
        pump.engine(null);
        if (e != null) {
            e.free();
        }
    }

    /** @return the error for I/O on a connection that failed earlier */
    public SslException failedBefore() {
        return new SslException(failure.reasons(), host.describe() + " failed earlier and cannot be used for I/O: "
                + failure.getMessage() + " (free it, or clear() it for a new connection)", failure);
    }

    // ---- handshake ------------------------------------------------------------------------------

    /**
     * {@code SSL_do_handshake}: the first step asks the host for the engine; then the handshake loop.
     *
     * @return 1, {@link Ssl#WANT_READ} or {@link Ssl#WANT_WRITE}
     * @throws SslException on a fatal error
     */
    public int handshake() throws SslException {
        switch (phase) {
            case ESTABLISHED:
                if (renegotiating) {
                    return handshakeLoop();
                }
                return flushOutQuietly() ? 1 : Ssl.WANT_WRITE;
            case FAILED:
                throw failedBefore();
            case BEFORE:
                host.startHandshake();
                return handshakeLoop();
            default:
                return handshakeLoop();
        }
    }

    private int handshakeLoop() throws SslException {
        pump.loopGuard.reset();
        try {
            for (;;) {
                if (!pump.flushOut()) {
                    return Ssl.WANT_WRITE;
                }
                if (phase == Phase.ESTABLISHED && !renegotiating) {
                    return 1;
                }
                HandshakeState hs = engine.handshakeState();
                switch (hs) {
                    case NEED_TASK:
                        runTasks();
                        break;
                    case NEED_WRAP: {
                        EngineResult r = pump.wrapOnce(EMPTY);
                        if (r == null) {
                            return Ssl.WANT_WRITE;
                        }
                        pump.loopGuard.turn(-1, r.consumed, r.produced, "the handshake");
                        if (r.status == Status.CLOSED && r.handshakeState != HandshakeState.FINISHED) {
                            throw closedDuringHandshake();
                        }
                        if (r.handshakeState == HandshakeState.FINISHED) {
                            handshakeFinished();
                        }
                        break;
                    }
                    case NEED_UNWRAP:
                    case NEED_UNWRAP_AGAIN: {
                        EngineResult r = pump.unwrapOnce(pump.openAppIn());
                        pump.closeAppIn();
                        if (r.status == Status.BUFFER_UNDERFLOW) {
                            if (pump.inputExhausted()) {
                                throw eof(true);
                            }
                            if (!host.rbio().isBlocking()) {
                                return Ssl.WANT_READ;
                            }
                        } else if (r.status == Status.CLOSED) {
                            throw closedDuringHandshake();
                        } else if (r.status == Status.BUFFER_OVERFLOW) {
                            pump.growAppIn();
                        }
                        if (r.handshakeState == HandshakeState.FINISHED) {
                            handshakeFinished();
                        }
                        break;
                    }
                    default: // NOT_HANDSHAKING or FINISHED
                        handshakeFinished();
                        break;
                }
            }
        } catch (SslException e) {
            throw phase == Phase.FAILED ? e : fail(e);
        } catch (IOException e) {
            throw fail(new SslException(SslReason.SYSCALL, "transport error during the handshake: " + e.getMessage(), e));
        }
    }

    private void handshakeFinished() throws SslException {
        if (renegotiating) {
            renegotiating = false;
            host.info(InfoCallback.HANDSHAKE_DONE, 1);
            return;
        }
        if (phase == Phase.ESTABLISHED) {
            return;
        }
        host.handshakeFinishing(engine);
        phase = Phase.ESTABLISHED;
        host.handshakeFinished(engine);
    }

    /**
     * Issue 9 item 3: {@code SSL_OP_NO_RENEGOTIATION} and the peer started one. OpenSSL answers a
     * warning no_renegotiation and goes on, which no provider engine can do once it took the hello,
     * so the engine closes its outbound side (the peer's renegotiation ends) and the connection fails
     * with {@code SSL_R_NO_RENEGOTIATION}.
     */
    private void refuseRenegotiation() throws SslException, IOException {
        engine.closeOutbound();
        for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
            EngineResult w = pump.wrapOnce(EMPTY);
            if (w == null || w.produced == 0) {
                break;
            }
        }
        pump.markAlertWritten();
        throw new SslException(SslReason.NO_RENEGOTIATION, "the peer started a renegotiation and"
                + " SslOption.NO_RENEGOTIATION is set; the connection is closed");
    }

    private static SslException closedDuringHandshake() {
        return new SslException(SslReason.CLOSED_DURING_HANDSHAKE, "the peer closed the connection during the handshake");
    }

    private SslException eof(boolean inHandshake) {
        return new SslException(SslReason.UNEXPECTED_EOF_WHILE_READING, "the transport reached end of stream "
                + (inHandshake ? "during the handshake" : "without close_notify") + " (read BIO " + host.rbio() + ")");
    }

    private void runTasks() {
        Runnable t;
        while ((t = engine.delegatedTask()) != null) {
            t.run();
        }
    }

    /**
     * Marks the connection failed, gives the provider's fatal alert a chance to reach the peer and
     * tells the host; a second failure changes nothing.
     *
     * @param e the error
     * @return {@code e}, to throw
     */
    public SslException fail(SslException e) {
        if (phase == Phase.FAILED) {
            return e;
        }
        boolean wasEstablished = phase == Phase.ESTABLISHED;
        phase = Phase.FAILED;
        failure = e;
        try {
            if (engine != null && !pump.alertWritten()) {
                for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                    EngineResult r = pump.wrapOnce(EMPTY);
                    if (r == null || r.produced == 0) {
                        break;
                    }
                }
            }
            pump.flushOut();
        } catch (IOException | RuntimeException ignored) {
            // the transport is gone; the failure itself is what matters
        }
        host.failed(e);
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, host.describe() + (wasEstablished ? " failed: " : " handshake failed: ")
                    + e.getMessage());
        }
        return e;
    }

    // ---- application data ---------------------------------------------------------------------

    /**
     * {@code SSL_read} into an array (the wrapper is reused while the array is the same).
     *
     * @param b array  @param off offset  @param len length
     * @return bytes read, {@link Ssl#WANT_READ}, {@link Ssl#WANT_WRITE} or {@link Ssl#ZERO_RETURN}
     * @throws SslException on a fatal error
     */
    public int read(byte[] b, int off, int len) throws SslException {
        ByteBuffer w = readArray;
        if (w == null || w.array() != b) {
            w = ByteBuffer.wrap(b);
            readArray = w;
        }
        w.limit(off + len).position(off);
        return read(w);
    }

    /**
     * {@code SSL_read}, running the handshake first if it has not finished.
     *
     * @param dst where the plaintext goes
     * @return bytes read, {@link Ssl#WANT_READ}, {@link Ssl#WANT_WRITE} or {@link Ssl#ZERO_RETURN}
     * @throws SslException on a fatal error
     */
    public int read(ByteBuffer dst) throws SslException {
        if (phase != Phase.ESTABLISHED) {
            int r = handshake();
            if (r != 1) {
                return r;
            }
        }
        if (pump.pending() > 0) {
            return pump.drain(dst);
        }
        if (renegotiating) {
            int r = handshakeLoop();
            if (r != 1) {
                return r;
            }
        }
        if ((shutdown & Ssl.RECEIVED_SHUTDOWN) != 0) {
            return Ssl.ZERO_RETURN;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        pump.loopGuard.reset();
        try {
            boolean overflowed = false;
            for (;;) {
                boolean direct = !overflowed && dst.remaining() >= engine.applicationBufferSize();
                EngineResult r = pump.unwrapOnce(direct ? dst : pump.openAppIn());
                if (!direct) {
                    pump.closeAppIn();
                }
                switch (r.status) {
                    case OK:
                        if (r.handshakeState == HandshakeState.NEED_TASK) {
                            runTasks();
                        }
                        HandshakeState hs = engine.handshakeState();
                        if (hs != HandshakeState.NOT_HANDSHAKING && hs != HandshakeState.FINISHED) {
                            // a post-handshake exchange the peer started (renegotiation, key update)
                            int produced = r.produced;
                            if (!renegotiating && Boolean.FALSE.equals(host.peerRenegotiation())) {
                                refuseRenegotiation();
                            }
                            renegotiating = true;
                            int hr = handshakeLoop();
                            if (produced > 0) {
                                return direct ? produced : pump.drain(dst);
                            }
                            if (hr != 1) {
                                return hr;
                            }
                            continue;
                        }
                        if (r.produced > 0) {
                            return direct ? r.produced : pump.drain(dst);
                        }
                        if (r.consumed == 0) {
                            continue; // nothing happened: read again (blocking) or underflow next time
                        }
                        host.postHandshakeRecord(); // maybe a NewSessionTicket
                        if (!host.hasMode(SslMode.AUTO_RETRY) && !host.rbio().isBlocking()) {
                            return Ssl.WANT_READ; // a non-application record was processed
                        }
                        continue;
                    case BUFFER_UNDERFLOW:
                        if (pump.inputExhausted()) {
                            if (host.hasOption(SslOption.IGNORE_UNEXPECTED_EOF)) {
                                shutdown |= Ssl.RECEIVED_SHUTDOWN;
                                return Ssl.ZERO_RETURN;
                            }
                            throw eof(false);
                        }
                        if (!host.rbio().isBlocking()) {
                            return Ssl.WANT_READ;
                        }
                        continue;
                    case BUFFER_OVERFLOW:
                        if (direct) {
                            overflowed = true;
                        } else {
                            pump.growAppIn();
                        }
                        continue;
                    case CLOSED:
                    default:
                        shutdown |= Ssl.RECEIVED_SHUTDOWN;
                        host.info(InfoCallback.READ_ALERT, (1 << 8));
                        if (pump.pending() > 0) {
                            return pump.drain(dst);
                        }
                        return Ssl.ZERO_RETURN;
                }
            }
        } catch (SslException e) {
            throw fail(e);
        } catch (IOException e) {
            throw fail(new SslException(SslReason.SYSCALL, "transport error while reading: " + e.getMessage(), e));
        }
    }

    /**
     * {@code SSL_write} of an array, with OpenSSL's retry rule: a write that returned {@code WANT_*}
     * is retried with the same buffer unless {@link SslMode#ACCEPT_MOVING_WRITE_BUFFER} is set.
     *
     * @param b array  @param off offset  @param len length
     * @return bytes written (all of them unless {@link SslMode#ENABLE_PARTIAL_WRITE}), or {@code WANT_*}
     * @throws SslException on a fatal error or a bad retry
     */
    public int write(byte[] b, int off, int len) throws SslException {
        int done = 0;
        if (wpendBuf != null) {
            if (!host.hasMode(SslMode.ACCEPT_MOVING_WRITE_BUFFER) && (b != wpendBuf || off != wpendOff)) {
                throw new SslException(SslReason.BAD_WRITE_RETRY, host.describe() + ": a write that returned WANT_WRITE must be "
                        + "retried with the same buffer (or set SslMode.ACCEPT_MOVING_WRITE_BUFFER)");
            }
            if (len < wpendDone) {
                throw new SslException(SslReason.BAD_WRITE_RETRY, host.describe() + ": the retried write is shorter ("
                        + len + ") than what was already sent (" + wpendDone + ")");
            }
            done = wpendDone;
        }
        ByteBuffer src = writeArray;
        if (src == null || src.array() != b) {
            src = ByteBuffer.wrap(b);
            writeArray = src;
        }
        src.limit(off + len).position(off + done);
        int r = write(src);
        if (r == Ssl.WANT_READ || r == Ssl.WANT_WRITE) {
            wpendBuf = b;
            wpendOff = off;
            wpendDone = len - src.remaining();
            return r;
        }
        wpendBuf = null;
        return host.hasMode(SslMode.ENABLE_PARTIAL_WRITE) ? done + r : len;
    }

    /**
     * {@code SSL_write}, running the handshake first if it has not finished.
     *
     * @param src the plaintext
     * @return bytes written, or {@code WANT_*}
     * @throws SslException on a fatal error, or after close_notify was sent
     */
    public int write(ByteBuffer src) throws SslException {
        if (phase != Phase.ESTABLISHED) {
            int r = handshake();
            if (r != 1) {
                return r;
            }
        }
        if ((shutdown & Ssl.SENT_SHUTDOWN) != 0) {
            throw new SslException(SslReason.PROTOCOL_IS_SHUTDOWN, host.describe() + ": cannot write after shutdown() sent close_notify");
        }
        if (renegotiating) {
            int r = handshakeLoop();
            if (r != 1) {
                return r;
            }
        }
        if (!src.hasRemaining()) {
            // a retry after WANT_WRITE: send what is still pending
            return flushOutQuietly() ? 0 : Ssl.WANT_WRITE;
        }
        boolean partial = host.hasMode(SslMode.ENABLE_PARTIAL_WRITE);
        int total = 0;
        try {
            while (src.hasRemaining()) {
                EngineResult r = pump.wrapOnce(src);
                if (r == null) {
                    return total > 0 && partial ? total : Ssl.WANT_WRITE;
                }
                if (r.status == Status.CLOSED) {
                    throw new SslException(SslReason.PROTOCOL_IS_SHUTDOWN, host.describe() + ": the engine's outbound side is closed");
                }
                total += r.consumed;
                if (r.handshakeState == HandshakeState.NEED_TASK) {
                    runTasks();
                }
                if (partial && r.consumed > 0) {
                    break;
                }
            }
            if (!pump.flushOut()) {
                return partial && total > 0 ? total : Ssl.WANT_WRITE;
            }
            return total;
        } catch (SslException e) {
            throw fail(e);
        } catch (IOException e) {
            throw fail(new SslException(SslReason.SYSCALL, "transport error while writing: " + e.getMessage(), e));
        }
    }

    /**
     * {@code SSL_shutdown}: quiet shutdown, or close_notify out, then (on later calls) the peer's.
     *
     * @return 0 (sent, not received), 1 (both), or {@code WANT_*}
     * @throws SslException before the handshake finished, after a failure, or on a fatal error
     */
    public int shutdown() throws SslException {
        if (host.quietShutdown()) {
            shutdown = Ssl.SENT_SHUTDOWN | Ssl.RECEIVED_SHUTDOWN;
            return 1;
        }
        if (phase == Phase.FAILED) {
            throw failedBefore();
        }
        if (phase != Phase.ESTABLISHED) {
            throw new SslException(SslReason.SHUTDOWN_WHILE_IN_INIT, host.describe()
                    + ": shutdown() before the handshake finished (SSL_R_SHUTDOWN_WHILE_IN_INIT)");
        }
        try {
            if ((shutdown & Ssl.SENT_SHUTDOWN) == 0) {
                shutdown |= Ssl.SENT_SHUTDOWN;
                engine.closeOutbound();
                host.info(InfoCallback.WRITE_ALERT, (1 << 8));
            }
            while (!engine.isOutboundDone()) {
                EngineResult r = pump.wrapOnce(EMPTY);
                if (r == null) {
                    return Ssl.WANT_WRITE;
                }
                if (r.produced == 0) {
                    break;
                }
            }
            if (!pump.flushOut()) {
                return Ssl.WANT_WRITE;
            }
            if ((shutdown & Ssl.RECEIVED_SHUTDOWN) != 0) {
                return 1;
            }
            if (!shutdownReturnedZero) {
                shutdownReturnedZero = true;
                return 0;
            }
            // later calls wait for the peer's close_notify, discarding application data
            pump.loopGuard.reset();
            for (;;) {
                EngineResult r = pump.unwrapOnce(pump.openAppIn());
                pump.closeAppIn();
                pump.discardPlaintext();
                if (r.status == Status.OK && r.consumed > 0) {
                    host.postHandshakeRecord(); // OpenSSL's SSL_shutdown processes NewSessionTickets on its way
                }
                if (r.status == Status.CLOSED || engine.isInboundDone()) {
                    shutdown |= Ssl.RECEIVED_SHUTDOWN;
                    host.info(InfoCallback.READ_ALERT, (1 << 8));
                    return 1;
                }
                if (r.status == Status.BUFFER_UNDERFLOW) {
                    if (pump.inputExhausted()) {
                        throw eof(false);
                    }
                    if (!host.rbio().isBlocking()) {
                        return Ssl.WANT_READ;
                    }
                } else if (r.status == Status.BUFFER_OVERFLOW) {
                    pump.growAppIn();
                }
            }
        } catch (SslException e) {
            throw fail(e);
        } catch (IOException e) {
            throw fail(new SslException(SslReason.SYSCALL, "transport error during shutdown: " + e.getMessage(), e));
        }
    }

    private boolean flushOutQuietly() throws SslException {
        try {
            return pump.flushOut();
        } catch (IOException e) {
            throw fail(new SslException(SslReason.SYSCALL, "transport error: " + e.getMessage(), e));
        }
    }
}
