package dev.sslkit.core.engine;

import dev.sslkit.SslException;
import dev.sslkit.core.bio.CoreBio;
import dev.sslkit.core.record.LoopGuard;
import dev.sslkit.core.record.RecordGate;
import dev.sslkit.spi.TlsEngine;
import dev.sslkit.spi.TlsEngine.EngineResult;
import dev.sslkit.spi.TlsEngine.Status;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Moves records between a {@link TlsEngine} and the BIOs: {@code wrap} straight into the write BIO's
 * window and {@code unwrap} straight from the read BIO's window (no copy, no allocation per record),
 * with private buffers only for a BIO smaller than one record, and the plaintext a caller's buffer
 * could not take. Not thread-safe.
 */
final class RecordPump {
    private static final int RECORD_HEADER = EngineDriver.RECORD_HEADER;

    private final EngineDriver.Host host;
    private TlsEngine engine;
    /** Outbound bytes the write BIO could not take yet; write mode (bytes in [0, position)). */
    private ByteBuffer netOut;
    /** Plaintext that did not fit the caller's buffer; read mode when non-empty. */
    private ByteBuffer appIn;
    private int needIn = RECORD_HEADER;
    /** Inbound bytes copied out of a read BIO too small to hold a whole record; write mode. */
    private ByteBuffer netIn;
    private boolean slowIn;
    private boolean slowOut;
    /** Fails a driver loop that turns without progress (issue 9 item 1). */
    final LoopGuard loopGuard = new LoopGuard();
    /** Refuses oversized record headers before the engine sees them (issue 9 item 2). */
    private final RecordGate recordGate = new RecordGate();
    /** Core wrote the fatal alert itself: the driver's failure path must not let the engine write more. */
    private boolean alertWritten;

    RecordPump(EngineDriver.Host host) {
        this.host = host;
    }

    void engine(TlsEngine e) {
        engine = e;
    }

    /** @return plaintext bytes decrypted and not yet read */
    int pending() {
        return appIn == null ? 0 : appIn.remaining();
    }

    /** The BIOs changed: the zero-copy paths are tried again. */
    void bioChanged() {
        slowOut = false;
        if (netIn == null || netIn.position() == 0) {
            slowIn = false;
        }
        needIn = RECORD_HEADER;
    }

    /** Forgets buffered bytes (the buffers are kept for reuse). */
    void reset() {
        needIn = RECORD_HEADER;
        recordGate.reset();
        alertWritten = false;
        if (netOut != null) {
            netOut.clear();
        }
        if (netIn != null) {
            netIn.clear();
        }
        if (appIn != null) {
            appIn.clear().flip();
        }
    }

    /** @param dst where pending plaintext goes  @return bytes moved */
    int drain(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), appIn.remaining());
        int lim = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(lim);
        return n;
    }

    /** @return whether core wrote the fatal alert itself (no more engine output then) */
    boolean alertWritten() {
        return alertWritten;
    }

    /** Core closed the connection with the alert the engine wrote on its behalf. */
    void markAlertWritten() {
        alertWritten = true;
    }

    /**
     * Issue 9 item 1: an underflow is final once the read BIO can deliver nothing more (a partial
     * record followed by end of stream), so the loops end instead of spinning or reporting WANT_READ
     * for ever.
     *
     * @return whether no more input will come
     */
    boolean inputExhausted() {
        return LoopGuard.inputExhausted(host.rbio(), slowIn);
    }

    /**
     * Issue 9 items 2 and 4: an oversized record header fails the connection before the engine waits
     * for its body (before any record was accepted the plaintext record_overflow alert goes out
     * first); a first record that is not TLS fails as OpenSSL fails it, without an alert.
     */
    private void gateHeader(ByteBuffer in) throws SslException, IOException {
        SslException over = recordGate.check(in, host.negotiatedVersion(), host.server());
        if (over == null) {
            return;
        }
        if (recordGate.alertDue()) {
            CoreBio wbio = host.wbio();
            ByteBuffer a = ByteBuffer.wrap(RecordGate.plainAlert());
            for (int i = 0; i < 8 && a.hasRemaining() && wbio.write(a) > 0; i++) {
                // a BIO that takes part of 7 bytes takes the rest on the next write
            }
            wbio.flush();
        }
        alertWritten = true;
        throw over;
    }

    /** Drops pending plaintext (a shutdown waiting for close_notify discards application data). */
    void discardPlaintext() {
        appIn.position(appIn.limit());
    }


    /** Wraps one record into the write BIO (zero copy when it has room); {@code null} if blocked. */
    EngineResult wrapOnce(ByteBuffer src) throws IOException {
        if (!flushOut()) {
            return null;
        }
        CoreBio wbio = host.wbio();
        int need = engine.packetBufferSize();
        ByteBuffer w = null;
        if (!slowOut) {
            try {
                w = wbio.writeWindow(need);
            } catch (IllegalArgumentException tooSmall) {
                slowOut = true; // a BIO pair smaller than one record: go through our own buffer
            }
        }
        EngineResult r;
        if (w != null) {
            try {
                r = engine.wrap(src, w);
            } finally {
                wbio.writeDone(w);
            }
        } else {
            if (netOut == null || netOut.capacity() < need) {
                netOut = ByteBuffer.allocate(need);
            }
            r = engine.wrap(src, netOut);
            flushOut();
        }
        return r;
    }

    EngineResult unwrapOnce(ByteBuffer dst) throws IOException, SslException {
        if (slowIn) {
            return unwrapCopying(dst);
        }
        CoreBio rbio = host.rbio();
        ByteBuffer in;
        try {
            in = rbio.readWindow(needIn);
        } catch (IllegalArgumentException tooSmall) {
            slowIn = true; // a record larger than the read BIO can hold: assemble it in our own buffer
            return unwrapCopying(dst);
        }
        EngineResult r;
        int available = in.remaining();
        try {
            gateHeader(in);
            r = engine.unwrap(in, dst);
            needIn = nextNeed(r, in);
        } finally {
            rbio.readDone(in);
        }
        loopGuard.turn(available, r.consumed, r.produced, "reading records");
        if (r.consumed > 0) {
            recordGate.accepted();
        }
        return r;
    }

    /** The slow path: bytes are copied from the read BIO into {@link #netIn} until a record is whole. */
    private EngineResult unwrapCopying(ByteBuffer dst) throws IOException, SslException {
        if (netIn == null) {
            netIn = ByteBuffer.allocate(Math.max(engine.packetBufferSize(), 17 * 1024));
        }
        if (netIn.capacity() < needIn) {
            ByteBuffer n = ByteBuffer.allocate(needIn);
            netIn.flip();
            n.put(netIn);
            netIn = n;
        }
        CoreBio rbio = host.rbio();
        while (netIn.position() < needIn) {
            if (rbio.read(netIn) <= 0) {
                break;
            }
        }
        netIn.flip();
        EngineResult r;
        int available = netIn.remaining();
        try {
            gateHeader(netIn);
            r = engine.unwrap(netIn, dst);
            needIn = nextNeed(r, netIn);
        } finally {
            netIn.compact();
        }
        loopGuard.turn(available, r.consumed, r.produced, "reading records");
        if (r.consumed > 0) {
            recordGate.accepted();
        }
        return r;
    }

    /** After an underflow, the whole record's length from its header (so blocking BIOs read it all). */
    private static int nextNeed(EngineResult r, ByteBuffer in) {
        if (r.status == Status.BUFFER_UNDERFLOW && in.remaining() >= RECORD_HEADER) {
            int p = in.position();
            return RECORD_HEADER + (((in.get(p + 3) & 0xff) << 8) | (in.get(p + 4) & 0xff));
        }
        return RECORD_HEADER;
    }

    /** Moves pending outbound bytes into the write BIO. @return whether none remain */
    boolean flushOut() throws IOException {
        CoreBio wbio = host.wbio();
        ByteBuffer b = netOut;
        if (b == null || b.position() == 0) {
            return wbio.flush();
        }
        if (!wbio.flush()) {
            return false;
        }
        b.flip();
        try {
            while (b.hasRemaining()) {
                if (wbio.write(b) <= 0) {
                    break;
                }
            }
        } finally {
            b.compact();
        }
        return b.position() == 0 && wbio.flush();
    }

    /** Opens {@link #appIn} for the engine to write plaintext after the unread bytes (write mode). */
    ByteBuffer openAppIn() {
        if (appIn == null) {
            appIn = ByteBuffer.allocate(Math.max(engine.applicationBufferSize(), 16 * 1024 + 256));
            appIn.flip();
        }
        appIn.compact();
        return appIn;
    }

    /** Back to read mode after {@link #openAppIn()}. */
    void closeAppIn() {
        appIn.flip();
    }

    /** Doubles {@link #appIn} (read mode in, read mode out). */
    void growAppIn() {
        ByteBuffer n = ByteBuffer.allocate(appIn.capacity() * 2);
        n.put(appIn);
        n.flip();
        appIn = n;
    }
}
