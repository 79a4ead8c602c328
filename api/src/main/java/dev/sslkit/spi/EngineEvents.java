package dev.sslkit.spi;

/**
 * Events a provider reports to core, which turns them into info/msg callbacks and cache actions, and
 * the application callbacks a provider runs during the handshake, which core calls with the
 * connection (a provider never holds the {@code Ssl}).
 */
public interface EngineEvents {
    /**
     * An alert was sent or received.
     *
     * @param sent        whether this side sent it
     * @param fatal       whether it is fatal
     * @param description the alert description
     */
    void alert(boolean sent, boolean fatal, int description);

    /**
     * A protocol message, for the msg callback (providers that can see messages).
     *
     * @param sent        whether this side sent it
     * @param version     the record version
     * @param contentType the content type
     * @param bytes       the message
     */
    void message(boolean sent, int version, int contentType, byte[] bytes);

    /**
     * Asks a custom extension's add callback ({@code SSL_CTX_add_custom_ext}) for the bytes to send;
     * core passes the connection, which the provider never sees.
     *
     * @param extension the extension
     * @return the extension data, or {@code null} to send none
     */
    default byte[] addExtension(dev.sslkit.CustomExtension extension) {
        return extension.add().add(null);
    }

    /**
     * Gives a received custom extension to its parse callback; core passes the connection.
     *
     * @param extension the extension  @param data the received bytes
     * @return whether the callback accepted it
     */
    default boolean parseExtension(dev.sslkit.CustomExtension extension, byte[] data) {
        return extension.parse().parse(null, data);
    }

    /**
     * Asks the session id generator ({@code SSL_set_generate_session_id}) for an id; core passes the
     * connection.
     *
     * @param generator the generator  @param id where the id goes
     * @return the id's length, as the generator returns it
     */
    default int generateSessionId(dev.sslkit.SessionIdGenerator generator, byte[] id) {
        return generator.generate(null, id);
    }
}
