package dev.sslkit.bench.work;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * A raw {@link SSLEngine} side (JSSE or Conscrypt), the usual wrap/unwrap/task loop.
 *
 * <p>Buffers: the transport buffers and the scratch buffer handshake records are unwrapped into belong
 * to the factory and are reused by every connection (issue 13, item 1), as sslkit's context-level state
 * is; a side allocates nothing of its own.
 *
 * <p>{@link #close()} does what sslkit's {@code Ssl.free()} does to the same engine (issue 13, item 2):
 * JSSE {@code closeOutbound()} (and {@code closeInbound()} only when the inbound side is done, as SunJSSE
 * invalidates the session otherwise); Conscrypt {@code closeOutbound()}, {@code closeInbound()} and the
 * pending close_notify wrapped out and dropped, which is when Conscrypt releases the native {@code SSL}
 * at once instead of leaving it to its finalizer.
 */
final class EngineSide extends RawSide {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Scratch size: at least any engine's application buffer size (JSSE 16,384 + 5, Conscrypt 16,709). */
    static final int SCRATCH = 32 * 1024;
    final SSLEngine engine;
    private final boolean conscrypt;
    private final ByteBuffer scratch;

    /**
     * @param scratch a buffer of at least {@link #SCRATCH} bytes, shared by the factory's sides (only
     *                ever holding handshake output that is dropped)
     */
    EngineSide(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer scratch) throws SSLException {
        super(in, out);
        this.engine = engine;
        this.conscrypt = engine.getClass().getName().startsWith("org.conscrypt");
        this.scratch = scratch;
        engine.beginHandshake();
    }

    private void note(SSLEngineResult r) {
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            done = true;
        }
    }

    @Override
    boolean step() throws SSLException {
        boolean progress = false;
        for (;;) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK: {
                    Runnable t;
                    while ((t = engine.getDelegatedTask()) != null) {
                        t.run();
                    }
                    progress = true;
                    break;
                }
                case NEED_WRAP: {
                    SSLEngineResult r = engine.wrap(EMPTY, out);
                    note(r);
                    if (!done) {
                        handshakeBytesOut += r.bytesProduced();
                    }
                    if (r.getStatus() != Status.OK) {
                        if (r.getStatus() == Status.CLOSED) {
                            throw new SSLException("engine closed during the handshake");
                        }
                        return progress;
                    }
                    progress = true;
                    break;
                }
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN: {
                    in.flip();
                    SSLEngineResult r;
                    scratch.clear();
                    try {
                        r = engine.unwrap(in, scratch);
                    } finally {
                        in.compact();
                    }
                    note(r);
                    if (r.getStatus() == Status.CLOSED) {
                        throw new SSLException("engine closed during the handshake");
                    }
                    if (r.getStatus() == Status.BUFFER_UNDERFLOW
                            || (r.bytesConsumed() == 0 && r.bytesProduced() == 0 && r.getHandshakeStatus() == hs)) {
                        return progress;
                    }
                    progress = true;
                    break;
                }
                default:
                    if (hs == HandshakeStatus.NOT_HANDSHAKING) {
                        done = true;
                    }
                    return progress;
            }
        }
    }

    @Override
    int write(ByteBuffer src) throws SSLException {
        int n = 0;
        while (src.hasRemaining()) {
            SSLEngineResult r = engine.wrap(src, out);
            if (r.getStatus() != Status.OK) {
                throw new SSLException("wrap: " + r);
            }
            n += r.bytesConsumed();
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK || r.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                step();
            }
        }
        return n;
    }

    @Override
    int read(ByteBuffer dst) throws SSLException {
        int n = 0;
        in.flip();
        try {
            while (in.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(in, dst);
                n += r.bytesProduced();
                if (r.getStatus() != Status.OK) {
                    if (r.getStatus() == Status.CLOSED) {
                        throw new SSLException("close_notify during transfer");
                    }
                    break;
                }
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK || r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    in.compact();
                    try {
                        step();
                    } finally {
                        in.flip();
                    }
                }
                if (r.bytesConsumed() == 0) {
                    break;
                }
            }
        } finally {
            in.compact();
        }
        return n;
    }

    @Override
    void close() {
        try {
            engine.closeOutbound();
            if (conscrypt) {
                engine.closeInbound();
                // the close_notify Conscrypt queued: wrapped out and dropped (the peer is gone), which frees the native SSL
                for (int i = 0; i < 8 && !engine.isOutboundDone(); i++) {
                    out.clear();
                    if (engine.wrap(EMPTY, out).bytesProduced() == 0) {
                        break;
                    }
                }
            } else if (engine.isInboundDone()) {
                engine.closeInbound();
            }
        } catch (SSLException e) {
            throw new IllegalStateException("raw engine close failed: " + e.getMessage(), e);
        }
    }
}
