package dev.sslkit.bridge;

import dev.sslkit.SslContext;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import java.util.Objects;

/**
 * {@code javax.net.ssl} views of sslkit objects, for programs that configure sslkit and hand the result to
 * a library that takes an {@link SSLContext} (HttpClient, Netty, Jetty, OkHttp).
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
public final class SslkitSsl {
    private SslkitSsl() {
    }

    /**
     * An {@code SSLContext} whose engines and sockets are connections of {@code ctx} ({@code SSL_new(ctx)}),
     * so everything set on it applies to them: certificates, trust anchors, verify mode and callback,
     * DANE, security level, cache modes and callbacks, tickets, ALPN, protocol range. A context made
     * with {@code SslMethod.TLS} serves both roles; {@code TLS_CLIENT} / {@code TLS_SERVER} contexts
     * start connections in that role. The view holds one reference on {@code ctx} ({@code SSL_CTX_up_ref}),
     * released when the view becomes unreachable; the caller keeps (and frees) its own. Engine settings
     * given through {@code SSLParameters} (protocols, suites, client auth, ALPN, SNI) are set on each
     * connection and win over the context's, as {@code SSL_set_*} over {@code SSL_CTX_set_*}.
     * {@code init} on the returned context is refused: the material comes from {@code ctx}.
     *
     * @param ctx a configured context
     * @return the view
     * @throws IllegalStateException if {@code ctx} was freed
     */
    public static SSLContext asSSLContext(SslContext ctx) {
        Objects.requireNonNull(ctx, "ctx must not be null");
        return ViewContext.of(ctx);
    }

    /**
     * {@code SSL_session_reused} for a session of an sslkit engine or socket: whether the handshake that
     * made it resumed a previous session, by the backend's own account. SunJSSE has no such call.
     *
     * @param session a session from an sslkit {@code SSLEngine}/{@code SSLSocket}
     * @return whether it was resumed
     * @throws IllegalArgumentException if the session is not sslkit's
     */
    public static boolean sessionReused(SSLSession session) {
        if (!(session instanceof BridgeSession)) {
            throw new IllegalArgumentException("not an sslkit session: " + session);
        }
        return ((BridgeSession) session).reused();
    }

    /**
     * @param session a session from an sslkit engine or socket
     * @return the id of the sslkit backend that made it ({@code jsse}, {@code bc}, {@code conscrypt})
     * @throws IllegalArgumentException if the session is not sslkit's
     */
    public static String backend(SSLSession session) {
        if (!(session instanceof BridgeSession)) {
            throw new IllegalArgumentException("not an sslkit session: " + session);
        }
        return ((BridgeSession) session).backend();
    }

    /** The view's SSLContext: a protected constructor needs a subclass. */
    private static final class ViewContext extends SSLContext {
        private ViewContext(SslkitContextSpi spi) {
            super(spi, ProviderHolder.PROVIDER, "TLS");
        }

        static SSLContext of(SslContext ctx) {
            SslkitContextSpi spi = new SslkitContextSpi();
            spi.view(BridgeContext.view(ctx, spi));
            return new ViewContext(spi);
        }
    }

    private static final class ProviderHolder {
        static final SslkitProvider PROVIDER = new SslkitProvider();
    }
}
