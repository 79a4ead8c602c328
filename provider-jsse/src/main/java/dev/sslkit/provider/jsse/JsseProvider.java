package dev.sslkit.provider.jsse;

import com.google.auto.service.AutoService;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslOption;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.provider.sslengine.CipherSuites;
import dev.sslkit.spi.ProviderContext;
import dev.sslkit.spi.TlsProvider;
import dev.sslkit.provider.sslengine.SslEngineSettings;

import java.lang.reflect.Method;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK's own TLS implementation, SunJSSE, as the sslkit provider {@code jsse}: the embedded
 * default, available on every JDK.
 *
 * <p>Each {@code SslContext} gets one {@code javax.net.ssl.SSLContext} from the {@code SunJSSE}
 * provider (never whichever provider is first in {@link Security}), initialised with key and
 * trust managers that dispatch to the connection's {@link dev.sslkit.spi.EngineSpec}: key selection
 * and peer verification are sslkit core's, JSSE performs no checks of its own and no endpoint
 * identification. Client sessions are keyed by a synthetic peer host and port per session, so that
 * {@code SSL_set_session} offers exactly the session given (see {@link #newContext}).
 *
 * <p>What it honours is declared by the running JDK, detected by reflection (e.g.
 * {@code SSLParameters.setSignatureSchemes}, JDK 19+), and published through
 * {@link #capabilities()} with a note for every provider-layer setting it cannot honour.
 *
 * <p>Thread safety: immutable after construction; safe for concurrent use.
 */
@AutoService(TlsProvider.class)
public final class JsseProvider implements TlsProvider {
    /** The provider id users select it by. */
    public static final String ID = "jsse";

    static final Set<SslOption> OPTIONS = EnumSet.of(SslOption.NO_COMPRESSION, SslOption.CIPHER_SERVER_PREFERENCE,
            SslOption.IGNORE_UNEXPECTED_EOF, SslOption.NO_RENEGOTIATION);

    private static final Map<SslOption, String> UNSUPPORTED_OPTIONS = Map.of(
            SslOption.NO_TICKET, "JSSE has only the global jdk.tls.client.enableSessionTicketExtension / "
                    + "jdk.tls.server.enableSessionTicketExtension system properties (tickets are on by default, "
                    + "and then invalidating a server-side session cannot stop a client resuming from its ticket)",
            SslOption.ENABLE_MIDDLEBOX_COMPAT, "JSSE has only the global jdk.tls.client.useCompatibilityMode system property "
                    + "(on by default, so the option cannot be turned off per connection)",
            SslOption.NO_EXTENDED_MASTER_SECRET, "JSSE has only the global jdk.tls.useExtendedMasterSecret system property",
            SslOption.NO_SESSION_RESUMPTION_ON_RENEGOTIATION, "SSLEngine has no control over resumption during renegotiation",
            SslOption.PRIORITIZE_CHACHA, "SSLEngine has no equivalent (only setUseCipherSuitesOrder)",
            SslOption.NO_ANTI_REPLAY, "JSSE implements no TLS 1.3 early data, so there is no anti-replay to turn off");

    /** The checks JSSE shares with other SSLEngine-based providers. */
    static final SslEngineSettings SETTINGS = new SslEngineSettings(ID, OPTIONS, UNSUPPORTED_OPTIONS,
            "SSLEngine has no per-connection fallback SCSV", "JSSE does not implement TLS 1.3 post-handshake client authentication");

    /** Settings JSSE cannot honour per connection, and why (for the capability matrix). */
    private static final Map<Setting<?>, String> UNSUPPORTED = Map.ofEntries(
            Map.entry(Setting.TMP_DH, "JDK 17 has only the global jdk.tls.server.defaultDHEParameters security property "
                    + "and jdk.tls.ephemeralDHKeySize (SSLParameters.setNamedGroups arrived in JDK 20)"),
            Map.entry(Setting.CLIENT_SIGALGS, "JSSE has no separate list for CertificateRequest "
                    + "(only the global jdk.tls.server.SignatureSchemes)"),
            Map.entry(Setting.CA_LIST, "the certificate_authorities extension is switched globally "
                    + "(jdk.tls.client.enableCAExtension) and filled from the trust manager"),
            Map.entry(Setting.MSG_CALLBACK, "SSLEngine exposes no protocol messages (only -Djavax.net.debug logging)"),
            Map.entry(Setting.SESSION_ID_GENERATOR, "SSLEngine generates session ids internally"),
            Map.entry(Setting.SERVERINFO, "JSSE sends no custom server extensions (only OCSP stapling, switched globally)"),
            Map.entry(Setting.PSK_IDENTITY_HINT, "JSSE has no PSK cipher suites"),
            Map.entry(Setting.CUSTOM_EXTENSIONS, "SSLEngine has no custom extension API"),
            Map.entry(Setting.CLIENT_CERT_TYPES, "JSSE derives the CertificateRequest types from its signature schemes"),
            Map.entry(Setting.SESSION_STORE, "SunJSSE's server session cache has no external-cache hook and its sessions "
                    + "cannot be serialized or imported; its stateless tickets are sealed with a per-SSLContext key that "
                    + "has no API, so no instance can resume another's session"));

    private static final System.Logger LOG = System.getLogger(JsseProvider.class.getName());

    /** Creates the provider; does no work (ServiceLoader contract). */
    public JsseProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    /** @return the running JDK's version and vendor, e.g. {@code 17.0.15+6 (Eclipse Adoptium)} */
    @Override
    public String version() {
        return Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")";
    }

    /** @return {@code null} unless the {@code SunJSSE} security provider was removed from this JVM */
    @Override
    public Throwable unavailabilityCause() {
        return Security.getProvider("SunJSSE") == null
                ? new IllegalStateException("the SunJSSE security provider is not installed in this JVM")
                : null;
    }

    @Override
    public Capabilities capabilities() {
        return Jdk.CAPABILITIES;
    }

    private static final String UNSUPPORTED_SIGALGS = "SSLParameters.setSignatureSchemes needs JDK 19 or later (running "
            + Runtime.version().feature() + "); older JDKs have only the global jdk.tls.client.SignatureSchemes / "
            + "jdk.tls.server.SignatureSchemes properties";

    /**
     * Makes a {@code javax.net.ssl.SSLContext} from {@code SunJSSE} with dispatching key and trust
     * managers. Client sessions are keyed by a synthetic host/port per session
     * ({@code sslkit-session-N.invalid}); the host is never sent (SNI comes only from the
     * connection's server name) and never checked (no endpoint identification).
     */
    @Override
    public ProviderContext newContext(SslMethod method) throws SslException {
        JsseContext ctx = JsseContext.create(method);
        LOG.log(System.Logger.Level.DEBUG, "jsse: new SSLContext for {0}", method);
        return ctx;
    }

    /** What the running JDK offers, detected once. */
    static final class Jdk {
        static final Method SET_SIGNATURE_SCHEMES = method("setSignatureSchemes");
        /** TLS 1.3 tickets per handshake: SunJSSE's {@code jdk.tls.server.newSessionTicketCount} (JDK 23+), as it reads it. */
        static final int TICKETS = tickets();
        static final Set<String> SUPPORTED_SUITES;
        static final List<String> DEFAULT_TLS12_SUITES;
        static final List<String> DEFAULT_TLS13_SUITES;
        static final Set<ProtocolVersion> PROTOCOLS;
        static final Capabilities CAPABILITIES;

        static {
            SSLParameters defaults;
            SSLParameters supported;
            try {
                SSLContext c = SSLContext.getInstance("TLS", "SunJSSE");
                c.init(null, null, null);
                defaults = c.getDefaultSSLParameters();
                supported = c.getSupportedSSLParameters();
            } catch (java.security.GeneralSecurityException e) {
                defaults = new SSLParameters(new String[0], new String[] {"TLSv1.3", "TLSv1.2"});
                supported = defaults;
            }
            SUPPORTED_SUITES = Set.of(supported.getCipherSuites());
            List<String> t12 = new ArrayList<>();
            List<String> t13 = new ArrayList<>();
            for (String s : defaults.getCipherSuites()) {
                (CipherSuites.tls13Suites().contains(s) ? t13 : t12).add(s);
            }
            DEFAULT_TLS12_SUITES = List.copyOf(t12);
            DEFAULT_TLS13_SUITES = List.copyOf(t13);
            EnumSet<ProtocolVersion> ps = EnumSet.noneOf(ProtocolVersion.class);
            // The default protocol list is the supported one minus jdk.tls.disabledAlgorithms: TLS 1.0
            // and 1.1 are declared only where this JVM's security configuration lets them run.
            List<String> enabled = Arrays.asList(defaults.getProtocols());
            for (ProtocolVersion v : ProtocolVersion.values()) {
                if (enabled.contains(v.protocolName())) {
                    ps.add(v);
                }
            }
            ps.add(ProtocolVersion.TLS1_2);
            ps.add(ProtocolVersion.TLS1_3);
            PROTOCOLS = ps;
            CAPABILITIES = build();
        }

        private static Method method(String name) {
            try {
                return SSLParameters.class.getMethod(name, String[].class);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }

        private static int tickets() {
            if (Runtime.version().feature() < 23) {
                return 1;
            }
            Integer n = Integer.getInteger("jdk.tls.server.newSessionTicketCount");
            return n == null || n < 0 || n > 10 ? 1 : n;
        }

        static String protocolNames() {
            return SslEngineSettings.protocolNames(PROTOCOLS);
        }

        private static Capabilities build() {
            Capabilities.Builder b = Capabilities.builder()
                    .protocols(PROTOCOLS.toArray(new ProtocolVersion[0]))
                    .settings(Setting.CERTIFICATES, Setting.MIN_PROTO_VERSION, Setting.MAX_PROTO_VERSION,
                            Setting.VERIFY_MODE, Setting.CIPHER_LIST, Setting.CIPHERSUITES, Setting.CLIENT_CA_LIST,
                            Setting.ALPN, Setting.OPTIONS, Setting.NUM_TICKETS)
                    // measured with openssl s_client -msg (InteropIT): one ticket per TLS 1.3 handshake
                    .tls13Tickets(TICKETS, TICKETS)
                    .note(Setting.NUM_TICKETS, TICKETS + ": SunJSSE sends the same number after full and resumed TLS 1.3 "
                            + "handshakes, for the whole JVM (jdk.tls.server.newSessionTicketCount, 0-10, from JDK 23; "
                            + "always 1 before)")
                    .options(OPTIONS.toArray(new SslOption[0]))
                    .resumption(false, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)
                    .resumption(true, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)
                    // SSLEngine.beginHandshake() on an established TLS 1.2 engine starts a renegotiation
                    .renegotiation(true);
            // the one declaration core's settings gate checks against: shared SSLEngine limits, then
            // the cipher strings parsed against this JDK's suites
            SETTINGS.declare(b);
            b.check(Setting.CIPHER_LIST, v -> {
                CipherSuites.parseCipherList(v, SUPPORTED_SUITES);
                return null;
            });
            b.check(Setting.CIPHERSUITES, v -> {
                CipherSuites.parseCiphersuites(v, SUPPORTED_SUITES);
                return null;
            });
            if (SET_SIGNATURE_SCHEMES != null) {
                b.settings(Setting.SIGALGS);
                b.note(Setting.SIGALGS, "SSLParameters.setSignatureSchemes (JDK 19+)");
            } else {
                b.note(Setting.SIGALGS, UNSUPPORTED_SIGALGS);
            }
            for (Map.Entry<Setting<?>, String> e : UNSUPPORTED.entrySet()) {
                b.note(e.getKey(), e.getValue());
            }
            StringBuilder opts = new StringBuilder("honoured: NO_COMPRESSION (JSSE never compresses), "
                    + "CIPHER_SERVER_PREFERENCE (SSLParameters.setUseCipherSuitesOrder), IGNORE_UNEXPECTED_EOF (sslkit core), "
                    + "NO_RENEGOTIATION (sslkit core: a peer's renegotiation closes the connection with SSL_R_NO_RENEGOTIATION;"
                    + " renegotiate() is refused); not:");
            for (SslOption o : SslOption.values()) {
                if (!OPTIONS.contains(o)) {
                    opts.append(' ').append(o).append(" (").append(UNSUPPORTED_OPTIONS.get(o)).append(");");
                }
            }
            b.note(Setting.OPTIONS, opts.toString());
            b.note(Setting.MODE, "SEND_FALLBACK_SCSV is not supported: SSLEngine has no per-connection fallback SCSV");
            b.note(Setting.VERIFY_MODE, "server: PEER = setWantClientAuth, +FAIL_IF_NO_PEER_CERT = setNeedClientAuth; "
                    + "POST_HANDSHAKE is not supported (JSSE has no TLS 1.3 post-handshake authentication)");
            b.note(Setting.CIPHER_LIST, "names only (OpenSSL or IANA), DEFAULT and !name; not OpenSSL's selection "
                    + "language (HIGH, ECDHE+AESGCM, @STRENGTH)");
            b.note(Setting.CIPHERSUITES, "IANA names; JSSE keeps one list, sslkit joins it with cipher_list");
            b.note(Setting.CLIENT_CA_LIST, "sent through the trust manager's getAcceptedIssuers");
            b.note(Setting.ALPN, "SSLParameters.setApplicationProtocols; a server picks its first protocol the client offers "
                    + "and fails with no_application_protocol when there is none");
            b.note(Setting.MIN_PROTO_VERSION, "protocols: " + protocolNames());
            b.note(Setting.MAX_PROTO_VERSION, "protocols: " + protocolNames());
            b.note(Setting.CERTIFICATES, "through a dispatching X509ExtendedKeyManager");
            return b.build();
        }

        private Jdk() {
        }
    }
}
