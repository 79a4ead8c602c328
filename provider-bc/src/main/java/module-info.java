/** Bouncy Castle's TLS (bctls) as an sslkit provider. Exports nothing. */
module dev.sslkit.provider.bc {
    requires dev.sslkit.api;
    requires static com.google.auto.service;
}
