package dev.sslkit;

/**
 * The verify callback of {@code SSL_set_verify(ssl, mode, callback)}: called for every certificate
 * of the peer's chain from the deepest to the peer's own (depth 0), with the outcome of the normal
 * checks at that depth. Returning {@code false} fails the handshake with
 * {@code certificate verify failed}; returning {@code true} accepts despite a failed check.
 *
 * <p>sslkit calls it on every provider, from its own trust-manager layer.
 */
@FunctionalInterface
public interface VerifyCallback {
    /**
     * @param preverifyOk whether the certificate passed the checks at this depth
     * @param ctx         the certificate, depth and error
     * @return whether to continue
     */
    boolean verify(boolean preverifyOk, VerifyContext ctx);
}
