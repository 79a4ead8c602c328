package dev.sslkit;

/**
 * The info callback of {@code SSL_set_info_callback}: state changes and alerts. The {@code where}
 * bits are OpenSSL's ({@code SSL_CB_*}). sslkit reports them from its engine driver on every
 * provider: handshake start and done, the loop/exit of connect and accept, and the alerts it can
 * see (close_notify both ways; fatal alerts it sends or receives when the provider reports them).
 */
@FunctionalInterface
public interface InfoCallback {
    /** {@code SSL_CB_LOOP} */
    int LOOP = 0x01;
    /** {@code SSL_CB_EXIT} */
    int EXIT = 0x02;
    /** {@code SSL_CB_READ} */
    int READ = 0x04;
    /** {@code SSL_CB_WRITE} */
    int WRITE = 0x08;
    /** {@code SSL_CB_ALERT} */
    int ALERT = 0x4000;
    /** {@code SSL_CB_READ_ALERT} */
    int READ_ALERT = ALERT | READ;
    /** {@code SSL_CB_WRITE_ALERT} */
    int WRITE_ALERT = ALERT | WRITE;
    /** {@code SSL_ST_CONNECT} */
    int ST_CONNECT = 0x1000;
    /** {@code SSL_ST_ACCEPT} */
    int ST_ACCEPT = 0x2000;
    /** {@code SSL_CB_CONNECT_LOOP} */
    int CONNECT_LOOP = ST_CONNECT | LOOP;
    /** {@code SSL_CB_CONNECT_EXIT} */
    int CONNECT_EXIT = ST_CONNECT | EXIT;
    /** {@code SSL_CB_ACCEPT_LOOP} */
    int ACCEPT_LOOP = ST_ACCEPT | LOOP;
    /** {@code SSL_CB_ACCEPT_EXIT} */
    int ACCEPT_EXIT = ST_ACCEPT | EXIT;
    /** {@code SSL_CB_HANDSHAKE_START} */
    int HANDSHAKE_START = 0x10;
    /** {@code SSL_CB_HANDSHAKE_DONE} */
    int HANDSHAKE_DONE = 0x20;

    /**
     * @param ssl   the connection
     * @param where the {@code SSL_CB_*} bits
     * @param ret   for alerts, {@code (level << 8) | description}; for exits, 1 on success, 0 or
     *              less on failure; else 1
     */
    void onInfo(Ssl ssl, int where, int ret);
}
