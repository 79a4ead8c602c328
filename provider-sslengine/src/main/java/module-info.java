/**
 * Support for sslkit providers built on {@link javax.net.ssl.SSLEngine} ({@code jsse},
 * {@code conscrypt}): the adapter that puts one {@code SSLEngine} behind
 * {@link dev.sslkit.spi.TlsEngine}, the key and trust managers that dispatch to the connection being
 * handshaken, the {@code SSLException} → OpenSSL reason mapping, and OpenSSL's cipher-string parser.
 * Required by those providers only; applications and core never read it.
 */
module dev.sslkit.provider.sslengine {
    requires transitive dev.sslkit.api;

    exports dev.sslkit.provider.sslengine;
}
