package dev.sslkit;

import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * OpenSSL's {@code SSL_CTX}: the settings that new connections inherit, the trust store, the
 * session cache, and the TLS provider. Reference counted: {@link #newContext} returns it with one
 * reference, each {@link Ssl} made from it holds another (N2), and {@link #free()} drops one; the
 * context is released when the last reference goes.
 *
 * <p>Inheritance (N1, N3): {@link #newSsl()} copies every setting at that moment, so changing the
 * context later does not change existing connections. Two things are shared by reference, as in
 * OpenSSL: the {@linkplain #setTrustAnchors trust store} and the {@linkplain #sessionCache() session
 * cache}; changes to them are seen by every connection at once.
 *
 * <p>Thread safety: {@code newSsl}, the getters, the cache and the refcount methods may be called from
 * any thread. Setters may be called concurrently with {@code newSsl}; each new connection sees a
 * consistent snapshot.
 */
public interface SslContext extends RefCounted, ExDataHolder {

    /**
     * {@code SSL_CTX_new(method)} with the provider chosen by configuration: the system property
     * {@code sslkit.provider}, else the environment variable {@code SSLKIT_PROVIDER}, else {@code jsse}.
     *
     * @param method the connection method
     * @return a new context, reference count 1
     * @throws SslException with {@link SslReason#UNKNOWN_PROVIDER} (listing the available ids) or
     *         {@link SslReason#PROVIDER_UNAVAILABLE} (with the cause)
     * @throws IllegalStateException if {@code dev.sslkit.core} is not on the module path or classpath
     */
    static SslContext newContext(SslMethod method) throws SslException {
        return Sslkit.runtime().newContext(method, null);
    }

    /**
     * {@code SSL_CTX_new(method)} on a named provider; the argument wins over configuration.
     *
     * @param method     the connection method
     * @param providerId {@code jsse}, {@code bc}, {@code conscrypt}, or any other installed provider's id
     * @return a new context, reference count 1
     * @throws SslException with {@link SslReason#UNKNOWN_PROVIDER} or {@link SslReason#PROVIDER_UNAVAILABLE}
     */
    static SslContext newContext(SslMethod method, String providerId) throws SslException {
        if (providerId == null) {
            throw new NullPointerException("providerId must not be null (use newContext(method) for the configured provider)");
        }
        return Sslkit.runtime().newContext(method, providerId);
    }

    /** Null-tolerant free ({@code SSL_CTX_free(NULL)} does nothing). @param ctx the context or {@code null} */
    static void free(SslContext ctx) {
        if (ctx != null) {
            ctx.free();
        }
    }

    /**
     * {@code SSL_new(ctx)}: a connection that inherits every setting of this context (N1), with
     * reference count 1 and a reference on this context (N2). It is in its initial state: no
     * handshake started, no BIOs, no session; in connect state for a client method, accept state
     * for a server method.
     *
     * @return the connection
     * @throws SslException if it cannot be created; nothing is left allocated (N4)
     * @throws IllegalReferenceCountException if this context was freed
     */
    Ssl newSsl() throws SslException;

    /** @return the connection method this context was made with ({@code SSL_CTX_get_ssl_method}) */
    SslMethod method();

    /** @return the provider's id, e.g. {@code jsse} */
    String providerId();

    /** @return what sslkit knows of this context's provider */
    ProviderInfo provider();

    /**
     * Sets a setting that new connections inherit ({@code SSL_CTX_set_*}).
     *
     * @param setting the setting; its scope must allow contexts
     * @param value   the value, or {@code null} to return to the default
     * @param <T>     the type
     * @throws SslException with {@link SslReason#SETTING_NOT_SUPPORTED} if the provider cannot
     *         honour it (the message names the setting and the provider), or
     *         {@link SslReason#BAD_SETTING} if the value is invalid
     */
    <T> void set(Setting<T> setting, T value) throws SslException;

    /**
     * @param setting the setting
     * @param <T>     the type
     * @return its value on this context, or its default
     */
    <T> T get(Setting<T> setting);

    /**
     * The trust store ({@code SSL_CTX_get_cert_store} + {@code X509_STORE_add_cert}): peers' chains
     * must end at one of these. Shared by reference with every connection of this context, as in
     * OpenSSL: a change is seen by existing connections.
     *
     * @param anchors trusted certificates; empty for none
     */
    void setTrustAnchors(Collection<X509Certificate> anchors);

    /** {@code SSL_CTX_set_default_verify_paths}: trust the JDK's default CA certificates (cacerts). */
    void setDefaultVerifyPaths();

    /**
     * Loads a PEM private key (PKCS#8, encrypted or not) and its certificate chain (leaf first) as
     * one {@link Setting#CERTIFICATES} slot, using {@link Setting#PASSWORD_CALLBACK} for an encrypted
     * key ({@code SSL_CTX_use_PrivateKey_file} + {@code SSL_CTX_use_certificate_chain_file}).
     *
     * @param pem the key and certificates, in PEM
     * @throws SslException with {@link SslReason#BAD_VALUE} if the PEM cannot be read or decrypted
     */
    void usePrivateKeyPem(String pem) throws SslException;

    /** @return the context's session cache, shared by its connections */
    SslSessionCache sessionCache();
}
