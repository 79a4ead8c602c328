package dev.sslkit;

/**
 * The connection method of a context ({@code TLS_method}, {@code TLS_client_method},
 * {@code TLS_server_method}). A connection made from a {@link #TLS} context has no role until
 * {@link Ssl#setConnectState()} or {@link Ssl#setAcceptState()} (or {@link Ssl#connect()} /
 * {@link Ssl#accept()}) gives it one; like OpenSSL it starts as a server.
 */
public enum SslMethod {
    /** {@code TLS_method()}: either role. */
    TLS,
    /** {@code TLS_client_method()}: connections start in connect (client) state. */
    TLS_CLIENT,
    /** {@code TLS_server_method()}: connections start in accept (server) state. */
    TLS_SERVER
}
