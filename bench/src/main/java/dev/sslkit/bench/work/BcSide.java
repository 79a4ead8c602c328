package dev.sslkit.bench.work;

import org.bouncycastle.tls.TlsProtocol;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A raw bctls side: the non-blocking {@code TlsClientProtocol} / {@code TlsServerProtocol}
 * ({@code offerInput}, {@code readOutput}, {@code writeApplicationData}, {@code readInput}). bctls
 * takes input and application data as {@code byte[]} only, so direct buffers are copied through a
 * scratch array (the factory's, reused by every connection): that copy is part of what raw bctls costs
 * with direct buffers.
 */
final class BcSide extends RawSide {
    final TlsProtocol protocol;
    private final BooleanSupplier finished;
    private final byte[] scratch;

    /** Whether the peer object saw notifyHandshakeComplete. */
    interface BooleanSupplier {
        boolean get();
    }

    BcSide(TlsProtocol protocol, BooleanSupplier finished, ByteBuffer in, ByteBuffer out, byte[] scratch) throws IOException {
        super(in, out);
        this.scratch = scratch;
        this.protocol = protocol;
        this.finished = finished;
        drain();
    }

    private boolean offer() throws IOException {
        in.flip();
        try {
            int n = in.remaining();
            if (n == 0) {
                return false;
            }
            if (in.hasArray()) {
                protocol.offerInput(in.array(), in.arrayOffset() + in.position(), n);
            } else {
                in.get(scratch, 0, n);
                protocol.offerInput(scratch, 0, n);
            }
            in.position(in.limit());
            return true;
        } finally {
            in.compact();
        }
    }

    private boolean drain() {
        int n = protocol.getAvailableOutputBytes();
        if (n == 0) {
            return false;
        }
        protocol.readOutput(out, n);
        if (!done) {
            handshakeBytesOut += n;
        }
        return true;
    }

    @Override
    boolean step() throws IOException {
        boolean progress = offer();
        progress |= drain();
        if (finished.get()) {
            done = true;
        }
        return progress;
    }

    @Override
    int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (src.hasArray()) {
            protocol.writeApplicationData(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            src.get(scratch, 0, n);
            protocol.writeApplicationData(scratch, 0, n);
        }
        drain();
        return n;
    }

    @Override
    int read(ByteBuffer dst) throws IOException {
        offer();
        drain();
        int n = Math.min(protocol.getAvailableInputBytes(), dst.remaining());
        if (n > 0) {
            protocol.readInput(dst, n);
        }
        return n;
    }

    @Override
    void close() {
        // a non-blocking bctls protocol holds no native or OS resource; dropping it is its free()
    }
}
