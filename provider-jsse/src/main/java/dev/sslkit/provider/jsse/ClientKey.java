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
    private int live;
    private boolean hasTicket;

    ClientKey(String host, int port) {
        this.host = host;
        this.port = port;
    }

    synchronized int generation() {
        return generation;
    }

    /** A {@link JsseSession} under this key was made: JSSE's entry for the key must stay while it lives. */
    synchronized void retain() {
        live++;
    }

    /** @return whether that was the last {@link JsseSession} under this key still held by sslkit */
    synchronized boolean releaseOne() {
        return --live == 0;
    }

    /** A TLS 1.3 engine under this key received a NewSessionTicket (JSSE filed it under the key). */
    synchronized void ticketArrived() {
        hasTicket = true;
    }

    /** sslkit dropped JSSE's entries for this key. */
    synchronized void dropTickets() {
        hasTicket = false;
    }

    /** @return whether JSSE holds a TLS 1.3 ticket under this key */
    synchronized boolean hasTicket() {
        return hasTicket;
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
