/**
 * sslkit's implementation: reference counting, new/dup/free/clear, settings inheritance, the
 * session cache, BIOs, the engine driver, peer verification, and provider discovery. Exports
 * nothing: applications use {@code dev.sslkit.api}, which finds this module as a service.
 */
module dev.sslkit.core {
    requires transitive dev.sslkit.api;
    requires static com.google.auto.service;

    provides dev.sslkit.spi.SslkitRuntime with dev.sslkit.core.CoreRuntime;

    uses dev.sslkit.spi.TlsProvider;
}
