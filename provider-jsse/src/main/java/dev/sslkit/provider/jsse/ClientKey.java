package dev.sslkit.provider.jsse;

/**
 * The synthetic peer host and port under which JSSE caches one lineage of client sessions.
 * JSSE's client cache holds one session per (host, port): the newest one stored. {@link #generation}
 * counts the full handshakes completed under this key; a session stays offerable only while no
 * later full handshake replaced it in JSSE's cache.
 */
final class ClientKey {
    final String host;
    final int port;
    private int generation;

    ClientKey(String host, int port) {
        this.host = host;
        this.port = port;
    }

    synchronized int generation() {
        return generation;
    }

    /** @return the new generation, after a full handshake stored a new session under this key */
    synchronized int nextGeneration() {
        return ++generation;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
