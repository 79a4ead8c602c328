package dev.sslkit.spi;

/** Events a provider reports to core, which turns them into info/msg callbacks and cache actions. */
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
}
