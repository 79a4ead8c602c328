package dev.sslkit.core.record;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.core.bio.CoreBio;

/**
 * Keeps every engine-driver loop over a BIO honest (issue 9 item 1): each turn must consume or
 * produce bytes, see new bytes in the read BIO, or end. A loop that turns {@link #LIMIT} times in a
 * row without any of that fails with {@code ERR_R_INTERNAL_ERROR} instead of spinning a thread.
 *
 * <p>The driver {@linkplain #reset() resets} the guard when a call (handshake, read, shutdown)
 * begins, so an application that polls a non-blocking BIO after {@code WANT_READ} is never counted;
 * only turns inside one call are. One instance per connection, no allocation per turn.
 *
 * <p>Thread safety: confined to the connection's thread, like the connection.
 */
public final class LoopGuard {
    /**
     * Turns without progress allowed in one call. Legitimate idle turns are few (an output buffer
     * grown, a handshake state changed without bytes), so this is far above them and far below a
     * measurable spin.
     */
    public static final int LIMIT = 64;

    private int idle;
    private int lastAvailable = -1;

    /** Starts counting afresh (a new call into the driver). */
    public void reset() {
        idle = 0;
        lastAvailable = -1;
    }

    /**
     * Records one turn.
     *
     * @param available bytes the engine was offered this turn (-1 for a wrap)
     * @param consumed  bytes it consumed
     * @param produced  bytes it produced
     * @param where     what the loop does, for the message (e.g. "the handshake")
     * @throws SslException after {@link #LIMIT} turns in a row without progress
     */
    public void turn(int available, int consumed, int produced, String where) throws SslException {
        boolean progress = consumed > 0 || produced > 0 || available != lastAvailable;
        lastAvailable = available;
        if (progress) {
            idle = 0;
            return;
        }
        if (++idle >= LIMIT) {
            idle = 0;
            throw new SslException(SslReason.INTERNAL_ERROR, "no progress in " + where + " after " + LIMIT
                    + " turns of the engine (nothing consumed, produced or received)");
        }
    }

    /**
     * Whether an engine's underflow is final: the read BIO will deliver nothing beyond what the
     * engine already saw. On the zero-copy path the engine saw every buffered byte, so it is enough
     * that the transport ended ({@link CoreBio#inputEnded()}); on the copying path bytes may still
     * sit in the BIO, so the BIO must also be empty ({@link CoreBio#isEof()}).
     *
     * @param rbio      the read BIO
     * @param copying   whether the driver copies records out of the BIO into its own buffer
     * @return whether waiting for more input would wait forever (OpenSSL then fails with
     *         {@code SSL_R_UNEXPECTED_EOF_WHILE_READING})
     */
    public static boolean inputExhausted(CoreBio rbio, boolean copying) {
        return copying ? rbio.isEof() : rbio.inputEnded();
    }
}
