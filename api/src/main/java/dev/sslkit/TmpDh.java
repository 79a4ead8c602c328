package dev.sslkit;

import java.math.BigInteger;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Ephemeral finite-field Diffie-Hellman settings for TLS 1.2 DHE suites: fixed parameters
 * ({@code SSL_set_tmp_dh}), a callback choosing them by key length ({@code SSL_set_tmp_dh_callback}),
 * or automatic RFC 7919 groups ({@code SSL_set_dh_auto}). One value holds one of the three.
 */
public final class TmpDh {
    private final BigInteger p;
    private final BigInteger g;
    private final IntFunction<BigInteger[]> callback;
    private final boolean auto;

    private TmpDh(BigInteger p, BigInteger g, IntFunction<BigInteger[]> callback, boolean auto) {
        this.p = p;
        this.g = g;
        this.callback = callback;
        this.auto = auto;
    }

    /** @return {@code SSL_set_dh_auto(ssl, 1)}: the provider picks an RFC 7919 group */
    public static TmpDh auto() {
        return new TmpDh(null, null, null, true);
    }

    /**
     * @param p the prime (at least 2048 bits at security level 2)
     * @param g the generator
     * @return {@code SSL_set_tmp_dh(ssl, dh)}
     */
    public static TmpDh params(BigInteger p, BigInteger g) {
        Objects.requireNonNull(p, "p must not be null");
        Objects.requireNonNull(g, "g must not be null");
        return new TmpDh(p, g, null, false);
    }

    /**
     * @param callback given the key length in bits, returns {@code {p, g}}
     * @return {@code SSL_set_tmp_dh_callback(ssl, cb)}
     */
    public static TmpDh callback(IntFunction<BigInteger[]> callback) {
        return new TmpDh(null, null, Objects.requireNonNull(callback, "callback must not be null"), false);
    }

    /** @return whether this is automatic group selection */
    public boolean isAuto() {
        return auto;
    }

    /** @return the fixed prime, or {@code null} */
    public BigInteger p() {
        return p;
    }

    /** @return the fixed generator, or {@code null} */
    public BigInteger g() {
        return g;
    }

    /** @return the callback, or {@code null} */
    public IntFunction<BigInteger[]> callback() {
        return callback;
    }

    @Override
    public String toString() {
        return auto ? "TmpDh[auto]" : callback != null ? "TmpDh[callback]" : "TmpDh[" + p.bitLength() + "-bit p]";
    }
}
