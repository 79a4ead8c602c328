package dev.sslkit;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * OpenSSL's {@code SSL}: one TLS connection, its settings, state, BIOs and session.
 *
 * <h2>Lifecycle</h2>
 * Made by {@link SslContext#newSsl()} with reference count 1; {@link #upRef()} adds a reference,
 * {@link #free()} drops one and, at zero, releases the BIOs (a BIO used for both directions once),
 * the session reference, the context reference, the provider's engine and the ex_data (R2). A
 * connection freed after a finished handshake without sending close_notify removes its session
 * from the cache and marks it non-resumable (R5, RFC 2246). {@link #dup()} and {@link #clear()}
 * follow {@code SSL_dup} and {@code SSL_clear}.
 *
 * <h2>I/O</h2>
 * {@link #doHandshake()}, {@link #read}, {@link #write} and {@link #shutdown()} return a count or a
 * status and never throw on the normal path: {@link #WANT_READ} and {@link #WANT_WRITE} mean "the
 * BIOs must move bytes first"; {@link #ZERO_RETURN} means the peer closed cleanly. Fatal TLS errors
 * throw {@link SslException}. Over a blocking socket BIO the calls block instead of returning a
 * want.
 *
 * <h2>States</h2>
 * <i>initial</i> (after new/clear; {@link #inBefore()}), <i>handshaking</i> ({@link #inInit()}),
 * <i>established</i> ({@link #isInitFinished()}), <i>shut down</i> ({@link #getShutdown()}),
 * <i>failed</i> (after a fatal error), <i>freed</i>.
 *
 * <p>Thread safety: one thread at a time may use a connection, as with OpenSSL; {@code upRef},
 * {@code free} and {@code refCnt} may be called from any thread.
 */
public interface Ssl extends RefCounted, ExDataHolder {

    /** Returned by I/O calls: the read BIO must receive bytes first ({@link SslError#WANT_READ}). */
    int WANT_READ = -2;
    /** Returned by I/O calls: the write BIO must be drained first ({@link SslError#WANT_WRITE}). */
    int WANT_WRITE = -3;
    /** Returned by {@link #read}: the peer sent close_notify ({@link SslError#ZERO_RETURN}). */
    int ZERO_RETURN = -1;

    /** {@code SSL_SENT_SHUTDOWN}: close_notify was sent (or the flag was set). */
    int SENT_SHUTDOWN = 1;
    /** {@code SSL_RECEIVED_SHUTDOWN}: the peer's close_notify was received. */
    int RECEIVED_SHUTDOWN = 2;

    /** Null-tolerant free: {@code SSL_free(NULL)} does nothing (R3). @param ssl the connection or {@code null} */
    static void free(Ssl ssl) {
        if (ssl != null) {
            ssl.free();
        }
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /**
     * {@code SSL_dup}. From the initial state (no handshake started): a new connection from the same
     * context, reference count 1, with every setting that {@code SSL_dup} copies ({@link
     * Setting#copiedByDup()}), the role, the ex_data through each index's dup callback, and the
     * session shared (one more reference); no BIOs (D1, D3, D4, D5). In any other state: this same
     * object with one more reference (D2). Either way the caller frees the result.
     *
     * @return the copy, or this object
     * @throws SslException if the copy cannot be made
     * @throws IllegalReferenceCountException if freed
     */
    Ssl dup() throws SslException;

    /**
     * {@code SSL_clear}: resets the connection for another handshake, keeping every setting, the
     * role and the BIOs (C1). An open session (handshake finished, no close_notify sent) is bad: it
     * is removed from the cache and dropped (C2). A cleanly closed session is kept, so the next
     * client handshake offers it, with that session's protocol version (C3).
     *
     * @throws SslException if the connection cannot be reset (C4), e.g. while a renegotiation is
     *         pending; the reason says why
     * @throws IllegalReferenceCountException if freed
     */
    void clear() throws SslException;

    /** @return the context this connection was made from ({@code SSL_get_SSL_CTX}); borrowed */
    SslContext context();

    // ---- settings ----------------------------------------------------------------------------

    /**
     * Sets a setting on this connection only ({@code SSL_set_*}). The value is validated once, here,
     * against the provider's declared capabilities.
     *
     * <p>States: before the first handshake step ({@link #inBefore()}) any setting may be set; once
     * the handshake started, only those OpenSSL lets change at any time and sslkit reads live
     * ({@link Setting#MODE}, {@link Setting#OPTIONS}, {@link Setting#QUIET_SHUTDOWN},
     * {@link Setting#INFO_CALLBACK}, {@link Setting#MSG_CALLBACK}, {@link Setting#READ_AHEAD},
     * {@link Setting#PASSWORD_CALLBACK}); {@link #clear()} returns the connection to before. The state
     * does not change. Thread safety: not thread-safe (one thread at a time, as every {@code Ssl} call).
     *
     * @param setting the setting; its scope must allow connections
     * @param value   the value, or {@code null} to return to the default
     * @param <T>     the type
     * @throws SslException with {@link SslReason#SETTING_NOT_SUPPORTED} (naming setting and provider)
     *         or {@link SslReason#BAD_SETTING}
     * @throws IllegalStateException if the handshake has started and the setting is not one of those above
     */
    <T> void set(Setting<T> setting, T value) throws SslException;

    /**
     * {@code SSL_get_*}: the value of a setting in force on this connection (its own, or inherited from the context).
     *
     * @param setting the setting
     * @param <T> the type
     * @return the value in force on this connection
     */
    <T> T get(Setting<T> setting);

    /**
     * {@code SSL_set_tlsext_host_name} and, unless {@link Setting#VERIFY_PARAM} names a host, the
     * host name checked against the server's certificate (sslkit's secure default).
     *
     * @param hostName the DNS name, or {@code null}
     * @throws SslException if the name is invalid
     */
    void setHostName(String hostName) throws SslException;

    /** Loads a PEM key and chain into this connection's {@link Setting#CERTIFICATES}. @param pem the PEM @throws SslException if unreadable */
    void usePrivateKeyPem(String pem) throws SslException;

    // ---- role, BIOs -------------------------------------------------------------------------

    /** {@code SSL_set_connect_state}: act as a client. Resets an unstarted handshake's role. */
    void setConnectState();

    /** {@code SSL_set_accept_state}: act as a server. */
    void setAcceptState();

    /** @return {@code SSL_is_server} */
    boolean isServer();

    /**
     * {@code SSL_set_bio(ssl, rbio, wbio)}: the connection takes over one reference to each given BIO
     * (the caller's), one reference only when {@code rbio == wbio}, and frees the BIOs it held before.
     *
     * @param rbio the read BIO, or {@code null}
     * @param wbio the write BIO, or {@code null}
     */
    void setBio(Bio rbio, Bio wbio);

    /** @return {@code SSL_get_rbio}: the read BIO, borrowed, or {@code null} */
    Bio rbio();

    /** @return {@code SSL_get_wbio}: the write BIO, borrowed, or {@code null} */
    Bio wbio();

    // ---- I/O ---------------------------------------------------------------------------------

    /**
     * {@code SSL_do_handshake}: runs the handshake as far as the BIOs allow.
     *
     * @return 1 when the handshake is finished, or {@link #WANT_READ} / {@link #WANT_WRITE}
     * @throws SslException on a fatal failure (certificate, protocol, transport); the connection is
     *         then failed and a fatal alert was sent where possible
     */
    int doHandshake() throws SslException;

    /** {@code SSL_connect}: {@link #setConnectState()} then {@link #doHandshake()}. @return as doHandshake @throws SslException as doHandshake */
    int connect() throws SslException;

    /** {@code SSL_accept}: {@link #setAcceptState()} then {@link #doHandshake()}. @return as doHandshake @throws SslException as doHandshake */
    int accept() throws SslException;

    /**
     * {@code SSL_read}: application data, finishing the handshake first if needed.
     *
     * @param dst where to put the data
     * @return bytes read (&gt;0), {@link #ZERO_RETURN}, {@link #WANT_READ} or {@link #WANT_WRITE}
     * @throws SslException on a fatal failure, or on end of stream without close_notify (unless
     *         {@link SslOption#IGNORE_UNEXPECTED_EOF})
     */
    int read(ByteBuffer dst) throws SslException;

    /** @param b buffer  @param off offset  @param len length  @return as {@link #read(ByteBuffer)} @throws SslException as read */
    int read(byte[] b, int off, int len) throws SslException;

    /**
     * {@code SSL_write}: sends all of {@code src} (or, with {@link SslMode#ENABLE_PARTIAL_WRITE}, at
     * least one record), finishing the handshake first if needed.
     *
     * @param src the data; its position advances by what was written
     * @return bytes written (&gt;0), {@link #WANT_READ} or {@link #WANT_WRITE}
     * @throws SslException on a fatal failure, or {@link SslReason#PROTOCOL_IS_SHUTDOWN} after shutdown
     */
    int write(ByteBuffer src) throws SslException;

    /** @param b buffer  @param off offset  @param len length  @return as {@link #write(ByteBuffer)} @throws SslException as write */
    int write(byte[] b, int off, int len) throws SslException;

    /**
     * {@code SSL_renegotiate}: starts a TLS 1.2 renegotiation, driven by the next
     * {@link #doHandshake()}, {@link #read} or {@link #write}. Until it completes, {@link #clear()}
     * fails, as in OpenSSL.
     *
     * @throws SslException if the connection is not an established TLS 1.2 connection, if
     *         {@link SslOption#NO_RENEGOTIATION} is set, or if the provider refuses
     */
    void renegotiate() throws SslException;

    /** @return {@code SSL_renegotiate_pending}: a renegotiation was started and has not finished */
    boolean renegotiatePending();

    /** @return {@code SSL_pending}: decrypted bytes buffered and readable without I/O */
    int pending();

    /**
     * {@code SSL_shutdown}: sends close_notify (once), then reports whether the peer's arrived.
     *
     * @return 0 after sending ours while the peer's has not come; 1 when both are done;
     *         {@link #WANT_READ} / {@link #WANT_WRITE}
     * @throws SslException on a transport failure
     */
    int shutdown() throws SslException;

    /** {@code SSL_set_shutdown}: set the shutdown flags without sending anything. @param flags {@link #SENT_SHUTDOWN} | {@link #RECEIVED_SHUTDOWN} */
    void setShutdown(int flags);

    /** @return {@code SSL_get_shutdown} */
    int getShutdown();

    /**
     * {@code SSL_get_error} for a value an I/O call returned.
     *
     * @param ret the return value
     * @return the status it stands for
     */
    SslError getError(int ret);

    // ---- state ---------------------------------------------------------------------------------

    /** @return {@code SSL_in_before}: no handshake started since creation or clear */
    boolean inBefore();

    /** @return {@code SSL_in_init}: the handshake is not finished */
    boolean inInit();

    /** @return {@code SSL_is_init_finished} */
    boolean isInitFinished();

    /** @return {@code SSL_version}: the negotiated version, or {@code null} before the handshake */
    ProtocolVersion version();

    /** @return the negotiated cipher suite's IANA name, or {@code null} */
    String cipherSuite();

    /** @return the negotiated ALPN protocol, or {@code null} */
    String alpnSelected();

    /** @return the peer's chain, leaf first; empty if none ({@code SSL_get_peer_cert_chain}) */
    List<X509Certificate> peerCertificates();

    /** @return {@code SSL_get_verify_result}: 0 ({@code X509_V_OK}) or the X509 error code of the last handshake */
    long verifyResult();

    // ---- session -------------------------------------------------------------------------------

    /** @return {@code SSL_get_session}: the session, borrowed (valid while this connection holds it), or {@code null} */
    SslSession getSession();

    /** @return {@code SSL_get1_session}: the session with a new reference for the caller, or {@code null} */
    SslSession get1Session();

    /**
     * {@code SSL_set_session}: offer {@code session} in the next client handshake. Takes a reference;
     * an open previous session is treated as bad (removed from the cache), as OpenSSL does.
     *
     * @param session the session, or {@code null} to drop the current one
     * @throws SslException if the session belongs to another provider
     */
    void setSession(SslSession session) throws SslException;

    /** @return {@code SSL_session_reused}: the last handshake resumed, by the provider's own account */
    boolean sessionReused();
}
