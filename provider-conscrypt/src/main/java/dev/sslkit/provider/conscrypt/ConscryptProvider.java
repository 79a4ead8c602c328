package dev.sslkit.provider.conscrypt;

import com.google.auto.service.AutoService;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.spi.ProviderContext;
import dev.sslkit.spi.TlsProvider;
import dev.sslkit.provider.sslengine.SslEngineSettings;
import org.conscrypt.Conscrypt;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Conscrypt, Google's Java binding of BoringSSL (a fork of OpenSSL), as the sslkit provider
 * {@code conscrypt}. Each {@code SslContext} ({@code SSL_CTX}) gets one
 * {@code javax.net.ssl.SSLContext} from a private {@code Conscrypt.newProvider()} instance, so its
 * native {@code SSL_CTX}, session caches and ticket keys are the context's own; each {@code Ssl}
 * ({@code SSL}) gets one Conscrypt {@code SSLEngine}, whose native {@code SSL} is released by
 * {@code SSL_free} (not by a finalizer).
 *
 * <p>Key selection and peer verification are sslkit core's: the Conscrypt engine is given key and
 * trust managers that delegate to the connection and check nothing themselves (no endpoint
 * identification: core checks host names).
 *
 * <p>Availability: Conscrypt's JNI library ships for linux-x86_64, linux-aarch_64, osx-x86_64,
 * osx-aarch_64 and windows-x86_64 only. The native library is loaded the first time
 * {@link #unavailabilityCause()} is asked (never in the constructor); a failure is reported there, so
 * selecting {@code conscrypt} on an unsupported platform fails with {@code PROVIDER_UNAVAILABLE}
 * and the loader's own error as the cause.
 *
 * <p>Thread safety: immutable apart from the lazily computed availability; safe for concurrent use.
 */
@AutoService(TlsProvider.class)
public final class ConscryptProvider implements TlsProvider {
    /** The provider id users select it by. */
    public static final String ID = "conscrypt";

    /** The protocols Conscrypt negotiates (2.6.0 and later filter TLSv1 and TLSv1.1 out). */
    static final List<ProtocolVersion> PROTOCOLS = List.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3);

    /** Options honoured; see {@link #capabilities()} for why each one and not the others. */
    static final Set<SslOption> OPTIONS = EnumSet.of(SslOption.NO_TICKET, SslOption.NO_COMPRESSION,
            SslOption.IGNORE_UNEXPECTED_EOF);

    private static final Map<SslOption, String> UNSUPPORTED_OPTIONS = new LinkedHashMap<>();
    private static final Map<Setting<?>, String> UNSUPPORTED = new LinkedHashMap<>();

    static {
        UNSUPPORTED_OPTIONS.put(SslOption.CIPHER_SERVER_PREFERENCE, "a Conscrypt server always sets "
                + "SSL_OP_CIPHER_SERVER_PREFERENCE (NativeSsl.initialize) and ignores SSLParameters.setUseCipherSuitesOrder, "
                + "so the option cannot be turned off; it is not declared because leaving it unset is not honoured");
        UNSUPPORTED_OPTIONS.put(SslOption.NO_RENEGOTIATION, "a Conscrypt client always calls SSL_accept_renegotiations "
                + "(servers never renegotiate)");
        UNSUPPORTED_OPTIONS.put(SslOption.ENABLE_MIDDLEBOX_COMPAT, "BoringSSL's middlebox compatibility mode is not "
                + "exposed by Conscrypt");
        UNSUPPORTED_OPTIONS.put(SslOption.NO_EXTENDED_MASTER_SECRET, "BoringSSL always negotiates extended master secret; "
                + "no API turns it off");
        UNSUPPORTED_OPTIONS.put(SslOption.NO_SESSION_RESUMPTION_ON_RENEGOTIATION, "Conscrypt exposes no control over "
                + "resumption during renegotiation");
        UNSUPPORTED_OPTIONS.put(SslOption.PRIORITIZE_CHACHA, "SSL_OP_PRIORITIZE_CHACHA is not exposed by Conscrypt");
        UNSUPPORTED_OPTIONS.put(SslOption.NO_ANTI_REPLAY, "Conscrypt implements no TLS 1.3 early data");

        UNSUPPORTED.put(Setting.TMP_DH, "BoringSSL has no finite-field DHE cipher suites at all");
        UNSUPPORTED.put(Setting.SIGALGS, "Conscrypt 2.9.0 has no public API for signature algorithms "
                + "(SSL_set_signing_algorithm_prefs is not exposed)");
        UNSUPPORTED.put(Setting.CLIENT_SIGALGS, "Conscrypt 2.9.0 has no public API for the CertificateRequest "
                + "signature algorithms");
        UNSUPPORTED.put(Setting.CIPHERSUITES, "Conscrypt always enables every TLS 1.3 suite "
                + "(SSLParametersImpl.setEnabledCipherSuites filters TLS 1.3 names out); a server given only TLS 1.3 "
                + "names would even fail with NO_CERTIFICATE_SET");
        UNSUPPORTED.put(Setting.CA_LIST, "Conscrypt does not send the certificate_authorities extension");
        UNSUPPORTED.put(Setting.MSG_CALLBACK, "Conscrypt exposes no protocol messages (SSL_set_msg_callback is not bound)");
        UNSUPPORTED.put(Setting.SESSION_ID_GENERATOR, "BoringSSL generates session ids internally; "
                + "Conscrypt binds no callback");
        UNSUPPORTED.put(Setting.SERVERINFO, "SSLParametersImpl.setSCTExtension / setOCSPResponse are package-private; "
                + "no public API sends custom server extensions");
        UNSUPPORTED.put(Setting.PSK_IDENTITY_HINT, "only through the deprecated PSKKeyManager (TLS 1.2 PSK suites, "
                + "not TLS 1.3), which would replace sslkit's key selection");
        UNSUPPORTED.put(Setting.CUSTOM_EXTENSIONS, "Conscrypt has no custom extension API");
        UNSUPPORTED.put(Setting.CLIENT_CERT_TYPES, "BoringSSL derives the CertificateRequest types; Conscrypt binds no setter");
    }

    /** The checks Conscrypt shares with other SSLEngine-based providers. */
    static final SslEngineSettings SETTINGS = new SslEngineSettings(ID, OPTIONS, UNSUPPORTED_OPTIONS,
            "Conscrypt binds no SSL_set_mode(SSL_MODE_SEND_FALLBACK_SCSV)",
            "Conscrypt does not expose TLS 1.3 post-handshake authentication");

    private static final System.Logger LOG = System.getLogger(ConscryptProvider.class.getName());

    private static final Capabilities CAPABILITIES = buildCapabilities();

    /** Lazily: {@code this} when available (no cause), else the cause. */
    private volatile Object availability;

    /** Creates the provider; does no work and loads no native code (ServiceLoader contract). */
    public ConscryptProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * @return Conscrypt's version and the BoringSSL it bundles, e.g. {@code 2.9.0}, or a note saying
     *         why it cannot run
     */
    @Override
    public String version() {
        if (unavailabilityCause() != null) {
            return "unavailable";
        }
        try {
            Conscrypt.Version v = Conscrypt.version();
            return v == null ? "unknown" : v.major() + "." + v.minor() + "." + v.patch();
        } catch (Throwable t) { // never throw from a query
            return "unknown";
        }
    }

    /**
     * Loads Conscrypt's native library on the first call ({@code Conscrypt.checkAvailability()}).
     *
     * @return {@code null} when it loaded, else whatever the loader threw (e.g. an
     *         {@link UnsatisfiedLinkError} on a platform without a bundled library, or a
     *         {@link NoClassDefFoundError} when the Conscrypt jar is absent from the class path)
     */
    @Override
    public Throwable unavailabilityCause() {
        Object a = availability;
        if (a == null) {
            synchronized (this) {
                a = availability;
                if (a == null) {
                    a = probe();
                    availability = a;
                }
            }
        }
        return a == this ? null : (Throwable) a;
    }

    private Object probe() {
        try {
            Conscrypt.checkAvailability();
            return this;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.DEBUG, "conscrypt: native library unavailable", t);
            return t;
        }
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * Makes the context's Conscrypt {@code SSLContext} ({@code SSL_CTX_new}).
     *
     * @throws SslException {@code PROVIDER_UNAVAILABLE} with the loader's error if the native library
     *                      did not load, {@code PROVIDER_ERROR} if Conscrypt refuses
     */
    @Override
    public ProviderContext newContext(SslMethod method) throws SslException {
        Throwable cause = unavailabilityCause();
        if (cause != null) {
            throw new SslException(SslReason.PROVIDER_UNAVAILABLE, "provider " + ID + " cannot run here: " + cause, cause);
        }
        return ConscryptContext.create(method);
    }

    private static Capabilities buildCapabilities() {
        Capabilities.Builder b = Capabilities.builder()
                .protocols(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)
                .settings(Setting.CERTIFICATES, Setting.MIN_PROTO_VERSION, Setting.MAX_PROTO_VERSION,
                        Setting.VERIFY_MODE, Setting.CIPHER_LIST, Setting.CLIENT_CA_LIST, Setting.ALPN, Setting.OPTIONS,
                        Setting.NUM_TICKETS)
                // measured with openssl s_client -msg (InteropIT): BoringSSL's fixed two tickets, also after a resumption
                .tls13Tickets(2, 2)
                .options(OPTIONS.toArray(new SslOption[0]))
                .resumption(false, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)
                .resumption(true, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)
                .renegotiation(false);
        // the one declaration core's settings gate checks against: shared SSLEngine limits, then the
        // cipher list parsed against Conscrypt's suites
        SETTINGS.declare(b);
        b.check(Setting.CIPHER_LIST, v -> {
            ConscryptContext.parseCipherList(v);
            return null;
        });
        for (Map.Entry<Setting<?>, String> e : UNSUPPORTED.entrySet()) {
            b.note(e.getKey(), e.getValue());
        }
        StringBuilder opts = new StringBuilder("honoured: NO_TICKET (Conscrypt.setUseSessionTickets; sslkit turns tickets "
                + "on by default, Conscrypt's own default is off, which disables TLS 1.3 resumption on a Conscrypt server), "
                + "NO_COMPRESSION (BoringSSL never compresses), IGNORE_UNEXPECTED_EOF (sslkit core); not:");
        for (Map.Entry<SslOption, String> e : UNSUPPORTED_OPTIONS.entrySet()) {
            opts.append(' ').append(e.getKey()).append(" (").append(e.getValue()).append(");");
        }
        b.note(Setting.OPTIONS, opts.toString());
        b.note(Setting.MODE, "SEND_FALLBACK_SCSV is not supported: Conscrypt binds no fallback SCSV mode");
        b.note(Setting.VERIFY_MODE, "server: PEER = setWantClientAuth, +FAIL_IF_NO_PEER_CERT = setNeedClientAuth; "
                + "POST_HANDSHAKE is not supported");
        b.note(Setting.CIPHER_LIST, "TLS 1.2 suites by OpenSSL or IANA name, DEFAULT and !name; TLS 1.3 suites are "
                + "always enabled");
        b.note(Setting.CLIENT_CA_LIST, "sent from the trust manager's getAcceptedIssuers (SSL_set_client_CA_list)");
        b.note(Setting.ALPN, "Conscrypt.setApplicationProtocols");
        b.note(Setting.NUM_TICKETS, "2: BoringSSL sends two tickets after every TLS 1.3 handshake, resumed or not, and "
                + "Conscrypt has no SSL_CTX_set_num_tickets; 0 only through option NO_TICKET");
        // issue 16, measured: with Conscrypt.setServerSessionCache installed on the server's SSLContext,
        // a TLS 1.2 NO_TICKET handshake never called putSessionData and a second instance never called
        // getSessionData (StoreInProcessTest's first draft); Conscrypt 2.9.0's engines answer BoringSSL's
        // server session callback with serverSessionRequested(id) { return 0; }
        b.note(Setting.SESSION_STORE, "Conscrypt 2.9.0's public SSLServerSessionCache (Conscrypt.setServerSessionCache) "
                + "is never consulted by its SSLEngine server: ConscryptEngine.serverSessionRequested returns 0, so BoringSSL's "
                + "internal cache alone decides, and its sessions cannot be exported or imported; TLS 1.3 and TLS 1.2 tickets "
                + "are sealed with the server's own random key, which Conscrypt does not let the application set");
        b.note(Setting.MIN_PROTO_VERSION, "protocols: TLSv1.2, TLSv1.3");
        b.note(Setting.MAX_PROTO_VERSION, "protocols: TLSv1.2, TLSv1.3");
        b.note(Setting.CERTIFICATES, "through a dispatching X509ExtendedKeyManager (BoringSSL's certificate callback)");
        return b.build();
    }
}
