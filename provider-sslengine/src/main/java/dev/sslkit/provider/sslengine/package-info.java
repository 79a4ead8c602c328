/**
 * SPI support for providers built on {@link javax.net.ssl.SSLEngine} (sslkit's {@code jsse} and
 * {@code conscrypt}): the provider-neutral part of putting one {@code SSLEngine} behind
 * {@link dev.sslkit.spi.TlsEngine} (OpenSSL's {@code SSL}), dispatching an {@code SSLContext}'s
 * key and trust managers to the connection being handshaken (OpenSSL's certificate and verify
 * callbacks), and mapping the engines' {@link javax.net.ssl.SSLException}s to OpenSSL-style reasons.
 *
 * <p>Applications never use this package; a provider that does depends on this module and the api
 * (never on core). Everything here depends on {@code java.base} and the api alone. OpenSSL's
 * cipher strings ({@link dev.sslkit.provider.sslengine.CipherSuites}) live here too: only these
 * providers parse them.
 */
package dev.sslkit.provider.sslengine;
