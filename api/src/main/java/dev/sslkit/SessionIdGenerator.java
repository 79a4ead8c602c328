package dev.sslkit;

/**
 * The session id generation callback ({@code SSL_set_generate_session_id}): a server fills the id
 * of each new TLS 1.2 session.
 */
@FunctionalInterface
public interface SessionIdGenerator {
    /**
     * @param ssl the server connection
     * @param id  a buffer of the maximum id length (32); fill a prefix of it
     * @return the number of bytes used (1..id.length); 0 fails the handshake
     */
    int generate(Ssl ssl, byte[] id);
}
