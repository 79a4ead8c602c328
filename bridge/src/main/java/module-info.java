/**
 * sslkit as a {@code java.security.Provider} named {@code sslkit}: {@code SSLContext} {@code TLS},
 * {@code TLSv1.2}, {@code TLSv1.3} and {@code Default}, whose engines and sockets are sslkit connections
 * ({@code Ssl} over memory BIOs) on the TLS provider sslkit selects ({@code -Dsslkit.provider},
 * {@code SSLKIT_PROVIDER}, default {@code jsse}). Exports {@code dev.sslkit.bridge} for the views
 * ({@link dev.sslkit.bridge.SslkitSsl#asSSLContext}) and provides the JCA provider as a service.
 */
module dev.sslkit.bridge {
    requires transitive dev.sslkit.api;
    requires static com.google.auto.service;

    exports dev.sslkit.bridge;

    provides java.security.Provider with dev.sslkit.bridge.SslkitProvider;
}
