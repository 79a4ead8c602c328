/**
 * The provider contract. A TLS provider implements {@link dev.sslkit.spi.TlsProvider} and registers
 * it with {@code provides dev.sslkit.spi.TlsProvider with ...} (module path) and
 * {@code @AutoService(TlsProvider.class)} (classpath). sslkit's core drives the provider's
 * {@link dev.sslkit.spi.TlsEngine} over BIOs and implements lifecycle, settings inheritance,
 * verification and the session cache itself; the provider only supplies the TLS engine and declares
 * what it can honour in its {@link dev.sslkit.spi.Capabilities}.
 *
 * <p>{@link dev.sslkit.spi.SslkitRuntime} is the binding between the api and core; only core
 * implements it.
 */
package dev.sslkit.spi;
