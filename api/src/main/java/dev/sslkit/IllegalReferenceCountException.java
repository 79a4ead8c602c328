package dev.sslkit;

/**
 * Thrown when a reference-counted object ({@link SslContext}, {@link Ssl}, {@link SslSession},
 * {@link Bio}) is used after its last reference was freed, freed past zero, or up-referenced after
 * it was freed. The message names the object and the numbers, e.g.
 * {@code Ssl@1f2e freed: refCnt 0, decrement 1}.
 *
 * <p>OpenSSL leaves these cases undefined (a double {@code SSL_free} is a use-after-free); sslkit
 * always detects them (requirements R1, R3, R4).
 */
public class IllegalReferenceCountException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int refCnt;
    private final int delta;

    /**
     * @param what   the object, e.g. {@code Ssl@1f2e}
     * @param refCnt the reference count found
     * @param delta  the change attempted: +1 for an up-ref, -1 for a free, 0 for a use
     */
    public IllegalReferenceCountException(String what, int refCnt, int delta) {
        super(message(what, refCnt, delta));
        this.refCnt = refCnt;
        this.delta = delta;
    }

    private static String message(String what, int refCnt, int delta) {
        if (delta > 0) {
            return what + " freed: refCnt " + refCnt + ", increment " + delta + " (up-ref of a freed object never resurrects it)";
        }
        if (delta < 0) {
            return what + " freed: refCnt " + refCnt + ", decrement " + (-delta) + " (freed more times than referenced)";
        }
        return what + " freed: refCnt " + refCnt + " (used after its last free)";
    }

    /** @return the reference count the object had when the misuse was detected (0: freed) */
    public int refCnt() {
        return refCnt;
    }

    /** @return the attempted change: +1 up-ref, -1 free, 0 plain use */
    public int delta() {
        return delta;
    }
}
