/** The JDK's own TLS (SunJSSE) as an sslkit provider; the embedded default. Exports nothing. */
module dev.sslkit.provider.jsse {
    requires dev.sslkit.api;
    requires dev.sslkit.provider.sslengine;
    requires static com.google.auto.service;

    provides dev.sslkit.spi.TlsProvider with dev.sslkit.provider.jsse.JsseProvider;
}
