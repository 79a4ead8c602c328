package dev.sslkit;

/**
 * The message callback of {@code SSL_set_msg_callback}: every protocol message sent or received.
 * A provider honours it only if it can show messages (see the capability matrix).
 */
@FunctionalInterface
public interface MsgCallback {
    /** {@code SSL3_RT_HEADER}: a record header. */
    int RT_HEADER = 0x100;
    /** {@code SSL3_RT_CHANGE_CIPHER_SPEC} */
    int RT_CHANGE_CIPHER_SPEC = 20;
    /** {@code SSL3_RT_ALERT} */
    int RT_ALERT = 21;
    /** {@code SSL3_RT_HANDSHAKE} */
    int RT_HANDSHAKE = 22;

    /**
     * @param write       whether the message was sent (else received)
     * @param version     the record version
     * @param contentType the content type ({@code RT_*})
     * @param message     the message bytes (a copy the callback may keep)
     * @param ssl         the connection
     */
    void onMessage(boolean write, int version, int contentType, byte[] message, Ssl ssl);
}
