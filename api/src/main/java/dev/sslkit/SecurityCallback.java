package dev.sslkit;

/**
 * The security callback ({@code SSL_set_security_callback}): decides whether an algorithm or key
 * of a given strength is allowed, instead of the level's built-in rule.
 */
@FunctionalInterface
public interface SecurityCallback {
    /**
     * @param ssl       the connection
     * @param operation what is checked: {@code "signature"}, {@code "key"}, {@code "cipher"}, {@code "version"}
     * @param bits      the security bits of the item (0 when unknown)
     * @param algorithm the algorithm's name as the JDK spells it
     * @param level     the security level in force
     * @return whether it is allowed
     */
    boolean allowed(Ssl ssl, String operation, int bits, String algorithm, int level);
}
