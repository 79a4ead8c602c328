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

    /** @return what it honours; sslkit rejects other provider-layer settings with a clear error */
    Capabilities capabilities();

    /**
     * Checks a value of a setting the capabilities say is supported, for limits only the provider
     * knows (e.g. an option it honours only in some combinations, a cipher name it does not know).
     * The default accepts everything.
     *
     * @param setting the setting
     * @param value   the normalized value, never {@code null}
     * @throws SslException with {@code SETTING_NOT_SUPPORTED} or {@code BAD_SETTING}, naming the setting
     */
    default void checkSetting(Setting<?> setting, Object value) throws SslException {
    }

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
