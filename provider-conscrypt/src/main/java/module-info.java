/**
 * Conscrypt (Google's BoringSSL for Java) as the sslkit provider {@code conscrypt}. Exports nothing:
 * it only {@code provides} a {@link dev.sslkit.spi.TlsProvider}. {@code org.conscrypt} is an
 * automatic module (its jar has no descriptor), so it opens all its packages; this module reads
 * two package-private fields and one native method of it to free an engine's native {@code SSL}
 * deterministically and to ask BoringSSL's {@code SSL_session_reused}.
 */
module dev.sslkit.provider.conscrypt {
    requires dev.sslkit.api;
    requires dev.sslkit.provider.sslengine;
    requires org.conscrypt;
    requires static com.google.auto.service;

    provides dev.sslkit.spi.TlsProvider with dev.sslkit.provider.conscrypt.ConscryptProvider;
}
