package dev.sslkit.provider.bc;

import com.google.auto.service.AutoService;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.ProviderContext;
import dev.sslkit.spi.TlsProvider;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.util.List;
import java.util.jar.JarFile;

/**
 * Bouncy Castle's TLS (bctls), through its low-level non-blocking {@code org.bouncycastle.tls}
 * protocol rather than BCJSSE: that layer has the hooks OpenSSL's per-connection model needs
 * (session ids and sessions to resume, custom extensions both ways, serverinfo, explicit DH groups,
 * PSK identity hint, client certificate types, alerts). Provider id {@code bc}.
 *
 * <p>OpenSSL equivalents: the provider plays libssl's role for {@code SSL_CTX_new} /
 * {@code SSL_new}; see {@link #capabilities()} for which {@code SSL_set_*} calls it honours.
 *
 * <p>Crypto: one {@link JdkFirstCrypto} per JVM, bctls's {@code JcaTlsCrypto} built explicitly on
 * the JDK's own JCA providers with explicit {@link java.security.SecureRandom}s, so that bctls's
 * "DEFAULT SecureRandom not available" (what BCJSSE raises when no BC provider is registered) can
 * never happen, and nothing is registered in {@link java.security.Security}; an unregistered BC
 * provider instance serves only what the JDK lacks under bctls's names (RSA-PSS signatures, AES-CCM).
 * Why JCA and not {@code BcTlsCrypto}: the JDK's AES-GCM (SunJCE) uses the CPU's AES/CLMUL
 * intrinsics, bcprov's lightweight AES-GCM is pure Java. Measured on this project's 2-core machine
 * ({@code CryptoChoiceTest}): AES-128-GCM over 16 KiB records 1750-2300 MB/s with the JDK against
 * 53-71 MB/s with bcprov (25-44x), so bulk throughput decides it; handshake key exchange and
 * signatures (X25519, ECDSA P-256) run in SunEC either way.
 * <p>Logging: the low-level {@code org.bouncycastle.tls} and {@code tls.crypto} packages do not log
 * at all (only BCJSSE, {@code org.bouncycastle.jsse.provider}, logs per connection), so this
 * provider adds no per-connection logging; it uses {@link System.Logger} only.
 */
@AutoService(TlsProvider.class)
public final class BcProvider implements TlsProvider {
    private static final System.Logger LOG = System.getLogger("dev.sslkit.provider.bc");

    private static final class CryptoHolder {
        static final TlsCrypto CRYPTO = new JdkFirstCrypto();
    }

    private static final Capabilities CAPS = Capabilities.builder()
            .protocols(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)
            .settings(Setting.TMP_DH, Setting.CERTIFICATES, Setting.SIGALGS, Setting.CLIENT_SIGALGS, Setting.OPTIONS,
                    Setting.MIN_PROTO_VERSION, Setting.MAX_PROTO_VERSION, Setting.VERIFY_MODE, Setting.SESSION_ID_GENERATOR,
                    Setting.CIPHER_LIST, Setting.CIPHERSUITES, Setting.CA_LIST, Setting.CLIENT_CA_LIST, Setting.SERVERINFO,
                    Setting.PSK_IDENTITY_HINT, Setting.CUSTOM_EXTENSIONS, Setting.CLIENT_CERT_TYPES, Setting.ALPN,
                    Setting.MSG_CALLBACK, Setting.NUM_TICKETS, Setting.SESSION_STORE)
            // issue 16: BcServer asks core for every offered id, and bc sessions serialize, so core puts
            // new server sessions into the store and looks ids up there (TLS 1.3: sslkit's PSK identity)
            .fleetResumption(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)
            .note(Setting.SESSION_STORE, "core looks offered ids up in the store and stores new server sessions "
                    + "(SslSession.toBytes); TLS 1.2 session ids and sslkit's TLS 1.3 PSK identities (bc clients only)")
            .note(Setting.NUM_TICKETS, "0: bctls sends no TLS 1.3 NewSessionTicket (bc-to-bc TLS 1.3 resumption uses sslkit's "
                    + "exporter-derived PSK instead)")
            .tls13Tickets(0, 0)
            .options(SslOption.NO_TICKET, SslOption.CIPHER_SERVER_PREFERENCE, SslOption.NO_RENEGOTIATION,
                    SslOption.NO_COMPRESSION, SslOption.IGNORE_UNEXPECTED_EOF, SslOption.ENABLE_MIDDLEBOX_COMPAT,
                    SslOption.NO_EXTENDED_MASTER_SECRET, SslOption.NO_SESSION_RESUMPTION_ON_RENEGOTIATION)
            .modes(SslMode.SEND_FALLBACK_SCSV)
            .resumption(false, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)
            .resumption(true, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)
            // bctls 1.84 ignores NewSessionTicket and never resumes TLS 1.3 itself; sslkit resumes
            // bc-to-bc with an exporter-derived external PSK, which no other implementation knows
            .privateResumption(ProtocolVersion.TLS1_3)
            .renegotiation(false)
            // BcServer asks core (EngineSpec.findSession) for TLS 1.2 session ids and TLS 1.3 PSK identities
            .serverCacheControlledByCore(true)
            .sessionExport(true)
            .note(Setting.TMP_DH, "TLS 1.2 DHE suites: fixed p/g (TlsDHConfig(DHGroup)), callback (asked with the "
                    + "suite's minimum bits, at least 2048) or auto (RFC 7919 group)")
            .note(Setting.CERTIFICATES, "RSA, EC and EdDSA keys; TLS 1.2 static-RSA key exchange only when named in the cipher list")
            .note(Setting.SIGALGS, "IANA names (or OpenSSL's ECDSA+SHA256 form); limits what this side offers and signs with")
            .note(Setting.CLIENT_SIGALGS, "server: sent in CertificateRequest; client: limits the CertificateVerify scheme")
            .note(Setting.OPTIONS, "NO_TICKET always holds (bctls issues no tickets); NO_RENEGOTIATION always holds "
                    + "(renegotiation refused); NO_COMPRESSION always; IGNORE_UNEXPECTED_EOF handled by core")
            .note(Setting.VERIFY_MODE, "PEER, FAIL_IF_NO_PEER_CERT; CLIENT_ONCE is moot (no renegotiation); "
                    + "POST_HANDSHAKE not supported by bctls (requests at the handshake instead)")
            .note(Setting.SESSION_ID_GENERATOR, "TLS 1.2 session ids (TlsServer.getNewSessionID)")
            .note(Setting.CIPHER_LIST, "OpenSSL or IANA names; DEFAULT/ALL/HIGH = the defaults; operators skipped")
            .note(Setting.CIPHERSUITES, "TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, "
                    + "TLS_AES_128_CCM_SHA256, TLS_AES_128_CCM_8_SHA256")
            .note(Setting.CA_LIST, "client: certificate_authorities in the ClientHello (TLS 1.3); server: CertificateRequest "
                    + "names when no client CA list is set")
            .note(Setting.PSK_IDENTITY_HINT, "sent in the TLS 1.2 PSK ServerKeyExchange when a PSK suite is negotiated; "
                    + "sslkit has no PSK key callback yet, so such a handshake then fails with unknown_psk_identity")
            .note(Setting.SERVERINFO, "echoed in the ServerHello (TLS 1.2) or EncryptedExtensions (TLS 1.3) for each type the client sent")
            .note(Setting.MSG_CALLBACK, "record headers and whole records as they cross the engine (plaintext handshake "
                    + "records before encryption starts; encrypted records after), plus alerts bctls raises or receives")
            // per-value limits, checked by core's settings gate when the setting is made (never again per engine)
            .check(Setting.CIPHER_LIST, v -> checkSuites(Setting.CIPHER_LIST, v, false))
            .check(Setting.CIPHERSUITES, v -> checkSuites(Setting.CIPHERSUITES, v, true))
            .check(Setting.SIGALGS, v -> checkSchemes(Setting.SIGALGS, v))
            .check(Setting.CLIENT_SIGALGS, v -> checkSchemes(Setting.CLIENT_SIGALGS, v))
            .check(Setting.VERIFY_MODE, v -> v.contains(dev.sslkit.VerifyMode.POST_HANDSHAKE)
                    ? "VerifyMode.POST_HANDSHAKE: bctls has no post-handshake authentication" : null)
            .build();

    private static String checkSuites(Setting<String> setting, String value, boolean tls13) throws SslException {
        if (Names.parseSuites(value, tls13).length == 0) {
            throw new SslException(SslReason.BAD_SETTING, "setting '" + setting.name() + "': no " + (tls13 ? "TLS 1.3 " : "")
                    + "cipher suite that provider bc knows in '" + value + "' (SSL_R_NO_CIPHER_MATCH)");
        }
        return null;
    }

    private static String checkSchemes(Setting<List<String>> setting, List<String> value) throws SslException {
        try {
            Names.parseSchemes(value);
            return null;
        } catch (IllegalArgumentException e) {
            throw new SslException(SslReason.BAD_SETTING, "setting '" + setting.name() + "': " + e.getMessage(), e);
        }
    }

    private volatile String version;

    /** For {@link java.util.ServiceLoader}; does nothing expensive. */
    public BcProvider() {
    }

    @Override
    public String id() {
        return "bc";
    }

    @Override
    public String version() {
        String v = version;
        if (v == null) {
            v = readVersion();
            version = v;
        }
        return v;
    }

    private static String readVersion() {
        try {
            java.net.URL loc = TlsProtocol.class.getProtectionDomain().getCodeSource().getLocation();
            try (JarFile jf = new JarFile(new java.io.File(loc.toURI()))) {
                String v = jf.getManifest().getMainAttributes().getValue("Bundle-Version");
                if (v != null) {
                    return v;
                }
            }
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "could not read bctls's version from its manifest", e);
        }
        return "unknown";
    }

    @Override
    public Throwable unavailabilityCause() {
        try {
            Class.forName("org.bouncycastle.tls.TlsClientProtocol", false, BcProvider.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return e;
        }
    }

    @Override
    public Capabilities capabilities() {
        return CAPS;
    }

    @Override
    public ProviderContext newContext(SslMethod method) throws SslException {
        try {
            return new BcContext(crypto(), method);
        } catch (RuntimeException | LinkageError e) {
            throw new SslException(SslReason.PROVIDER_ERROR, "provider bc could not build its crypto: " + e, e);
        }
    }

    @Override
    public EngineSession importSession(byte[] bytes) throws SslException {
        return BcSession.importFrom(bytes, crypto());
    }

    static TlsCrypto crypto() {
        return CryptoHolder.CRYPTO;
    }
}
