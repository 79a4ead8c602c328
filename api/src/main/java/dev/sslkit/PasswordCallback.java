package dev.sslkit;

/**
 * The default password callback ({@code SSL_set_default_passwd_cb}): supplies the password of an
 * encrypted private key when one is loaded with {@link Ssl#usePrivateKeyPem(String)} or
 * {@link SslContext#usePrivateKeyPem(String)}. sslkit honours it on every provider.
 */
@FunctionalInterface
public interface PasswordCallback {
    /**
     * @param forEncryption whether the password will encrypt (always {@code false} when loading)
     * @return the password; {@code null} to fail the load
     */
    char[] password(boolean forEncryption);
}
