package dev.sslkit.bench.work;

import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.tck.TestPki;

import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The lifecycle operations, shared by the JMH benchmark and {@code compare}: a server context of
 * one provider (with the EC certificate) and, per thread, a fresh connection of it.
 *
 * <p>sslkit: {@code newSsl()+free()}, {@code dup()+free()} of a fresh connection, {@code upRef()+free()},
 * {@code clear()} of a fresh connection, {@code newContext()+free()}. Raw: the only counterparts an
 * engine has — a new engine ({@code createSSLEngine()} + {@code closeOutbound()}; bctls: a new
 * {@code TlsServerProtocol} and server peer) and a new context ({@code SSLContext.getInstance} +
 * {@code init} with no key or trust managers, as {@code newContext} loads none; bctls: a new {@code JcaTlsCrypto}, what an application makes once per configuration).
 * {@code dup}, {@code upRef} and {@code clear} have no engine counterpart; their reference is native
 * OpenSSL.
 */
public final class Lifecycle implements AutoCloseable {
    private final String provider;
    private final SslContext ctx;
    private final SSLContext rawCtx;

    /**
     * @param provider a provider id
     * @throws Exception if the provider is unavailable
     */
    public Lifecycle(String provider) throws Exception {
        this.provider = provider;
        ctx = SslContext.newContext(SslMethod.TLS_SERVER, provider);
        try {
            ctx.set(Setting.CERTIFICATES, List.of(TestPki.ec().serverKey()));
            rawCtx = provider.equals("bc") ? null : RawKeys.sslContext(provider);
        } catch (Exception | Error e) {
            ctx.free();
            throw e;
        }
    }

    /** @return the shared context */
    public SslContext context() {
        return ctx;
    }

    /**
     * @return a fresh connection of the context, for one thread's {@code dup}/{@code upRef}/{@code clear}
     * @throws SslException if the provider fails
     */
    public Ssl freshSsl() throws SslException {
        return ctx.newSsl();
    }

    /** {@code newSsl()} + {@code free()}. @throws SslException on failure */
    public void newSslFree() throws SslException {
        ctx.newSsl().free();
    }

    /** @param base a fresh connection  {@code dup()} + {@code free()}. @throws SslException on failure */
    public static void dupFree(Ssl base) throws SslException {
        base.dup().free();
    }

    /** @param base a connection  {@code upRef()} + {@code free()} */
    public static void upRefFree(Ssl base) {
        base.upRef();
        base.free();
    }

    /** @param base a fresh connection  {@code clear()}. @throws SslException on failure */
    public static void clear(Ssl base) throws SslException {
        base.clear();
    }

    /** {@code newContext()} + {@code free()}. @throws SslException on failure */
    public void newContextFree() throws SslException {
        SslContext.newContext(SslMethod.TLS_SERVER, provider).free();
    }

    /**
     * The raw new connection.
     *
     * @return the engine or protocol object (for a blackhole)
     * @throws Exception on failure
     */
    public Object rawNewEngine() throws Exception {
        if (rawCtx == null) {
            org.bouncycastle.tls.TlsServerProtocol p = new org.bouncycastle.tls.TlsServerProtocol();
            return new Object[] {p, new RawBc.Server(BcShared.SERVER, Proto.Suite.AES128_GCM)};
        }
        SSLEngine e = rawCtx.createSSLEngine();
        e.closeOutbound();
        return e;
    }

    /**
     * The raw new context.
     *
     * @return the context (for a blackhole)
     * @throws Exception on failure
     */
    public Object rawNewContext() throws Exception {
        if (rawCtx == null) {
            return new RawBc.Crypto();
        }
        // like newContext(): an empty context, no keys or trust anchors loaded
        SSLContext c = provider.equals("conscrypt") ? SSLContext.getInstance("TLS", RawKeys.ConscryptHolder.PROVIDER)
                : SSLContext.getInstance("TLS", "SunJSSE");
        c.init(new javax.net.ssl.KeyManager[0], new javax.net.ssl.TrustManager[0], null);
        return c;
    }

    @Override
    public void close() {
        ctx.free();
    }

    private static final class BcShared {
        static final RawBc.ServerShared SERVER = newShared();

        private static RawBc.ServerShared newShared() {
            try {
                return new RawBc.ServerShared();
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
