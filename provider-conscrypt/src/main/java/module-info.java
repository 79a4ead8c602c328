/** Conscrypt (BoringSSL) as an sslkit provider. Exports nothing. */
module dev.sslkit.provider.conscrypt {
    requires dev.sslkit.api;
    requires static com.google.auto.service;
}
