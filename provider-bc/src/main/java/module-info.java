/**
 * Bouncy Castle's TLS (bctls, low-level {@code org.bouncycastle.tls} protocol) as the sslkit provider
 * {@code bc}. Exports nothing; provides {@link dev.sslkit.spi.TlsProvider}.
 */
module dev.sslkit.provider.bc {
    requires dev.sslkit.api;
    requires org.bouncycastle.tls;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;
    requires static com.google.auto.service;

    provides dev.sslkit.spi.TlsProvider with dev.sslkit.provider.bc.BcProvider;
}
