package dev.sslkit.provider.conscrypt;

/**
 * The synthetic peer host and port a client engine is made with
 * ({@code SSLContext.createSSLEngine(host, port)}): Conscrypt caches client sessions by
 * ({@code getHostname()}, port), so one key per sslkit session makes Conscrypt offer exactly the
 * session sslkit asks for. The host is never sent: SNI is set explicitly (or switched off) on every
 * client engine.
 */
final class ClientKey {
    final String host;
    final int port;
    /** The host Conscrypt files this key's sessions under (the engine's peer host once SNI is set). */
    volatile String cacheHost;

    ClientKey(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
