package dev.sslkit;

import java.util.Map;
import java.util.Set;

/**
 * What a TLS provider honours, as an application sees it ({@link Sslkit#capabilities(String)}): the
 * settings, options and modes it implements, the protocol versions it negotiates, how it resumes
 * sessions, and a note per setting that explains its limits (the capability matrix is printed from
 * these). A setting, option or mode it does not honour is refused when set, with
 * {@link SslReason#SETTING_NOT_SUPPORTED} naming setting and provider.
 *
 * <p>OpenSSL has no equivalent: its one implementation honours everything. Immutable and
 * thread-safe.
 */
public interface ProviderCapabilities {
    /** @return the protocol versions it can negotiate */
    Set<ProtocolVersion> protocols();

    /** @param setting a setting  @return whether it is honoured: always for core-layer settings, else if declared */
    boolean supports(Setting<?> setting);

    /** @param option an option  @return whether it is honoured */
    boolean supports(SslOption option);

    /** @param mode a mode  @return whether it is honoured */
    boolean supports(SslMode mode);

    /** @return the declared provider-layer settings */
    Set<Setting<?>> settings();

    /** @return the honoured options */
    Set<SslOption> options();

    /** @param setting a setting  @return the note for the capability matrix, or {@code null} */
    String note(Setting<?> setting);

    /** @return every note by setting name */
    Map<String, String> notes();

    /** @param v a version  @param server which side  @return whether that side resumes sessions of that version */
    boolean resumes(ProtocolVersion v, boolean server);

    /**
     * @param v a version
     * @return whether sessions of that version resume with other TLS implementations too, not only
     *         between two connections of this provider
     */
    boolean resumesWithOthers(ProtocolVersion v);

    /** @return whether the provider can start a TLS 1.2 renegotiation ({@code SSL_renegotiate}) */
    boolean renegotiation();

    /**
     * @return whether the provider's server resumes only what the context's session cache decides
     *         (cache mode, get callback, id context and timeouts govern server-side resumption, as in
     *         OpenSSL); when {@code false} the provider's own server cache decides and sslkit mirrors it
     */
    boolean serverCacheControlledByCore();

    /** @return whether sessions can be serialized ({@link SslSession#toBytes()}) */
    boolean sessionExport();

    /** @return TLS 1.3 NewSessionTickets a server sends after a full handshake ({@code SSL_CTX_set_num_tickets}) */
    int tls13TicketsAfterFull();

    /** @return TLS 1.3 NewSessionTickets a server sends after a resumption */
    int tls13TicketsAfterResumption();

    /**
     * @param v a version
     * @return whether a server of this provider resumes, at that version, sessions another server
     *         instance made, through a session store
     */
    boolean fleetResumption(ProtocolVersion v);

    /** @return how the application sets the provider server's TLS session ticket keys, or {@code null} */
    String ticketKeys();
}
