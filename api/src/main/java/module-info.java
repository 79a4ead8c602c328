/**
 * sslkit's public contract: OpenSSL's connection objects ({@code SSL_CTX}, {@code SSL},
 * {@code SSL_SESSION}, {@code BIO}) with OpenSSL's lifecycle, over pluggable TLS providers.
 *
 * <p>Applications compile against this module alone. The implementation ({@code dev.sslkit.core})
 * and the providers are found at run time with {@link java.util.ServiceLoader}.
 */
module dev.sslkit.api {
    exports dev.sslkit;
    exports dev.sslkit.spi;

    uses dev.sslkit.spi.SslkitRuntime;
}
