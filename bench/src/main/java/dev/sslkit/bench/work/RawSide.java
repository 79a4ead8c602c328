package dev.sslkit.bench.work;

import java.nio.ByteBuffer;

/**
 * One side of a raw pair: reads records from {@code in} (the peer's output, kept in write mode) and
 * appends records to {@code out}.
 */
abstract class RawSide {
    final ByteBuffer in;
    final ByteBuffer out;
    /** Set when this side's handshake has finished. */
    boolean done;
    /** Record bytes this side wrote during its current handshake (how resumption is recognised). */
    long handshakeBytesOut;

    RawSide(ByteBuffer in, ByteBuffer out) {
        this.in = in;
        this.out = out;
    }

    /**
     * Moves the handshake on with the input there is; writes what is due.
     *
     * @return whether anything moved
     */
    abstract boolean step() throws Exception;

    /** Encrypts all of {@code src} into {@code out}; returns bytes consumed. */
    abstract int write(ByteBuffer src) throws Exception;

    /** Decrypts what {@code in} holds into {@code dst}; returns bytes produced (0 if none). */
    abstract int read(ByteBuffer dst) throws Exception;

    /** Releases the engine (no close_notify). */
    abstract void close();
}
