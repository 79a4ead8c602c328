package dev.sslkit.spi;

import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;

/**
 * A TLS provider: names itself, says whether it can run here, declares what it honours, and makes
 * one {@link ProviderContext} per {@code SslContext}.
 *
 * <p>Implementations need a public no-argument constructor (for {@link java.util.ServiceLoader}) that
 * does no expensive work and never throws: report trouble through {@link #unavailabilityCause()}.
 */
public interface TlsProvider {

    /** @return the stable id users select it by: lower case, e.g. {@code jsse}, {@code bc}, {@code conscrypt} */
    String id();

    /** @return the version of the TLS library underneath, e.g. the JDK's or bctls's version */
    String version();

    /** @return why this provider cannot run here (e.g. a native library did not load), or {@code null} when it can */
    Throwable unavailabilityCause();

    /** @return whether it can run here */
    default boolean isAvailable() {
        return unavailabilityCause() == null;
    }

    /**
     * @return what it honours, per setting and per value: the one declaration core's settings gate
     *         validates against (the provider never checks a setting itself)
     */
    Capabilities capabilities();

    /**
     * Makes the provider's state for one {@code SslContext} (for JSSE-style providers, a
     * {@code javax.net.ssl.SSLContext}).
     *
     * @param method the context's method
     * @return the provider context
     * @throws SslException if it cannot be made
     */
    ProviderContext newContext(SslMethod method) throws SslException;

    /**
     * Restores a session exported by {@link EngineSession#export()}.
     *
     * @param bytes the provider's bytes
     * @return the session
     * @throws SslException if the bytes are not a session of this provider, or it cannot import any
     */
    default EngineSession importSession(byte[] bytes) throws SslException {
        throw new SslException(dev.sslkit.SslReason.BAD_VALUE, "provider " + id() + " cannot import serialized sessions");
    }
}
