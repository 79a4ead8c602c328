package dev.sslkit.bench.work;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/** A raw {@link SSLEngine} side (JSSE or Conscrypt), the usual wrap/unwrap/task loop. */
final class EngineSide extends RawSide {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    final SSLEngine engine;
    private final ByteBuffer scratch;

    EngineSide(SSLEngine engine, ByteBuffer in, ByteBuffer out) throws SSLException {
        super(in, out);
        this.engine = engine;
        this.scratch = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
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
                    try {
                        r = engine.unwrap(in, scratch);
                    } finally {
                        in.compact();
                    }
                    scratch.clear();
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
        engine.closeOutbound();
    }
}
