package dev.sslkit;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A typed setting of a context or a connection: the typed model of OpenSSL's {@code SSL_CTX_set_*} /
 * {@code SSL_set_*} calls. Set one with {@link SslContext#set(Setting, Object)} (inherited by every
 * later {@link SslContext#newSsl()}, requirement N1/N3) or {@link Ssl#set(Setting, Object)} (that
 * connection only).
 *
 * <p>Each setting says which OpenSSL calls it models, whether {@link Ssl#dup()} copies it (the rows
 * of {@code SSL_dup}'s list; requirement D1), and who honours it: {@link Layer#CORE} settings work on
 * every provider because sslkit's core implements them; {@link Layer#PROVIDER} settings depend on
 * the provider's declared capabilities, and setting one that the provider cannot honour fails with
 * {@link SslReason#SETTING_NOT_SUPPORTED} naming the setting and the provider.
 *
 * <p>Values are immutable (collections are copied on set); {@code null} means "not set" where the
 * setting allows it (then the provider's or sslkit's default applies).
 *
 * @param <T> the value type
 */
public final class Setting<T> {

    /** Who implements a setting. */
    public enum Layer {
        /** sslkit's core: honoured on every provider. */
        CORE,
        /** the TLS provider: honoured where its capabilities say so. */
        PROVIDER
    }

    /** Where a setting may be set. */
    public enum Scope {
        /** on contexts (inherited by new connections) and on connections */
        BOTH,
        /** on contexts only (shared by every connection of the context) */
        CONTEXT,
        /** on connections only (not inherited) */
        CONNECTION
    }

    private static final List<Setting<?>> ALL = new ArrayList<>();

    // ---- rows of SSL_dup's list (copiedByDup = true) -------------------------------------------

    /** {@code SSL_set_session_id_context}: up to 32 bytes separating sessions of different purposes. */
    public static final Setting<byte[]> SESSION_ID_CONTEXT = new Setting<byte[]>("session_id_context",
            "SSL_set_session_id_context", "session data (session_id_context)", byte[].class, null, true,
            Scope.BOTH, Layer.CORE, v -> {
                if (v.length > 32) throw new IllegalArgumentException("session_id_context must be at most 32 bytes: " + v.length);
                return v.clone();
            });
    /** {@code SSL_set_tmp_dh}, {@code SSL_set_tmp_dh_callback}, {@code SSL_set_dh_auto}. */
    public static final Setting<TmpDh> TMP_DH = new Setting<TmpDh>("tmp_dh", "SSL_set_tmp_dh / SSL_set_tmp_dh_callback / SSL_set_dh_auto",
            "tmp DH (params, callback, auto)", TmpDh.class, null, true, Scope.BOTH, Layer.PROVIDER, v -> v);
    /** {@code SSL_use_certificate}, {@code SSL_use_PrivateKey}, {@code SSL_set1_chain}: key/chain slots. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<List<CertifiedKey>> CERTIFICATES = new Setting<List<CertifiedKey>>("certificates",
            "SSL_use_certificate / SSL_use_PrivateKey / SSL_set1_chain", "certificates, private keys, chains",
            (Class) List.class, List.of(), true, Scope.BOTH, Layer.PROVIDER, v -> List.copyOf((List<CertifiedKey>) v));
    /** {@code SSL_set1_sigalgs_list}: signature schemes offered, by IANA/JSSE name (e.g. {@code ecdsa_secp256r1_sha256}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<List<String>> SIGALGS = new Setting<List<String>>("sigalgs", "SSL_set1_sigalgs_list",
            "signature algorithms", (Class) List.class, null, true, Scope.BOTH, Layer.PROVIDER, Setting::nonEmptyNames);
    /** {@code SSL_set1_client_sigalgs_list}: signature schemes a server asks client certificates to use. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<List<String>> CLIENT_SIGALGS = new Setting<List<String>>("client_sigalgs", "SSL_set1_client_sigalgs_list",
            "client signature algorithms", (Class) List.class, null, true, Scope.BOTH, Layer.PROVIDER, Setting::nonEmptyNames);
    /** {@code SSL_dane_enable} + {@code SSL_dane_tlsa_add}. */
    public static final Setting<Dane> DANE = new Setting<Dane>("dane", "SSL_dane_enable / SSL_dane_tlsa_add", "DANE",
            Dane.class, null, true, Scope.CONNECTION, Layer.CORE, v -> v);
    /** {@code SSL_set_options}: the whole option set (use {@link java.util.EnumSet}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<Set<SslOption>> OPTIONS = new Setting<Set<SslOption>>("options", "SSL_set_options / SSL_clear_options",
            "options", (Class) Set.class, Collections.unmodifiableSet(EnumSet.of(SslOption.NO_COMPRESSION)), true,
            Scope.BOTH, Layer.PROVIDER, v -> Collections.unmodifiableSet(copyEnumSet((Set<SslOption>) v, SslOption.class)));
    /** {@code SSL_set_mode}: the whole mode set. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<Set<SslMode>> MODE = new Setting<Set<SslMode>>("mode", "SSL_set_mode / SSL_clear_mode", "mode",
            (Class) Set.class, Collections.unmodifiableSet(EnumSet.of(SslMode.AUTO_RETRY)), true, Scope.BOTH, Layer.CORE,
            v -> Collections.unmodifiableSet(copyEnumSet((Set<SslMode>) v, SslMode.class)));
    /** {@code SSL_set_min_proto_version}; default TLS 1.2. */
    public static final Setting<ProtocolVersion> MIN_PROTO_VERSION = new Setting<ProtocolVersion>("min_proto_version",
            "SSL_set_min_proto_version", "min/max protocol version", ProtocolVersion.class, ProtocolVersion.TLS1_2, true,
            Scope.BOTH, Layer.PROVIDER, v -> v);
    /** {@code SSL_set_max_proto_version}; default TLS 1.3. */
    public static final Setting<ProtocolVersion> MAX_PROTO_VERSION = new Setting<ProtocolVersion>("max_proto_version",
            "SSL_set_max_proto_version", "min/max protocol version", ProtocolVersion.class, ProtocolVersion.TLS1_3, true,
            Scope.BOTH, Layer.PROVIDER, v -> v);
    /**
     * {@code SSL_set_verify} mode. {@code null} (the default) means sslkit's secure default for the
     * role: {@code {PEER}} for a client, none for a server. OpenSSL's default is none for both.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<Set<VerifyMode>> VERIFY_MODE = new Setting<Set<VerifyMode>>("verify_mode", "SSL_set_verify (mode)",
            "verify mode", (Class) Set.class, null, true, Scope.BOTH, Layer.PROVIDER,
            v -> Collections.unmodifiableSet(copyEnumSet((Set<VerifyMode>) v, VerifyMode.class)));
    /** {@code SSL_set_verify} callback. */
    public static final Setting<VerifyCallback> VERIFY_CALLBACK = new Setting<VerifyCallback>("verify_callback",
            "SSL_set_verify (callback)", "verify callback", VerifyCallback.class, null, true, Scope.BOTH, Layer.CORE, v -> v);
    /** {@code SSL_set_verify_depth}: the most intermediate certificates allowed; default 100. */
    public static final Setting<Integer> VERIFY_DEPTH = new Setting<Integer>("verify_depth", "SSL_set_verify_depth",
            "verify depth", Integer.class, 100, true, Scope.BOTH, Layer.CORE, v -> {
                if (v < 0) throw new IllegalArgumentException("verify_depth must be >= 0: " + v);
                return v;
            });
    /** {@code SSL_get0_param} / {@code SSL_set1_param}: X509 verification parameters (host, IP, time...). */
    public static final Setting<VerifyParams> VERIFY_PARAM = new Setting<VerifyParams>("verify_param", "SSL_set1_param / SSL_set1_host",
            "X509 verify params", VerifyParams.class, VerifyParams.DEFAULT, true, Scope.BOTH, Layer.CORE, v -> v);
    /** {@code SSL_set_msg_callback}. */
    public static final Setting<MsgCallback> MSG_CALLBACK = new Setting<MsgCallback>("msg_callback", "SSL_set_msg_callback",
            "msg callback", MsgCallback.class, null, true, Scope.BOTH, Layer.PROVIDER, v -> v);
    /** {@code SSL_set_info_callback}. */
    public static final Setting<InfoCallback> INFO_CALLBACK = new Setting<InfoCallback>("info_callback", "SSL_set_info_callback",
            "info callback", InfoCallback.class, null, true, Scope.BOTH, Layer.CORE, v -> v);
    /** {@code SSL_set_default_passwd_cb}. */
    public static final Setting<PasswordCallback> PASSWORD_CALLBACK = new Setting<PasswordCallback>("default_passwd_cb",
            "SSL_set_default_passwd_cb", "default password callback", PasswordCallback.class, null, true, Scope.BOTH,
            Layer.CORE, v -> v);
    /** {@code SSL_set_generate_session_id}. */
    public static final Setting<SessionIdGenerator> SESSION_ID_GENERATOR = new Setting<SessionIdGenerator>("generate_session_id",
            "SSL_set_generate_session_id", "session id generation callback", SessionIdGenerator.class, null, true,
            Scope.BOTH, Layer.PROVIDER, v -> v);
    /**
     * {@code SSL_set_cipher_list}: TLS 1.2 suites, colon separated, OpenSSL names
     * ({@code ECDHE-ECDSA-AES128-GCM-SHA256}) or IANA names; {@code null} = the provider's default.
     */
    public static final Setting<String> CIPHER_LIST = new Setting<String>("cipher_list", "SSL_set_cipher_list",
            "cipher list", String.class, null, true, Scope.BOTH, Layer.PROVIDER, Setting::nonBlank);
    /** {@code SSL_set_ciphersuites}: TLS 1.3 suites, colon separated ({@code TLS_AES_128_GCM_SHA256}). */
    public static final Setting<String> CIPHERSUITES = new Setting<String>("ciphersuites", "SSL_set_ciphersuites",
            "cipher list (TLS 1.3 suites)", String.class, null, true, Scope.BOTH, Layer.PROVIDER, Setting::nonBlank);
    /** {@code SSL_set_max_cert_list}: the largest certificate list accepted from the peer, in bytes; default 102400. */
    public static final Setting<Long> MAX_CERT_LIST = new Setting<Long>("max_cert_list", "SSL_set_max_cert_list",
            "max cert list", Long.class, 102400L, true, Scope.BOTH, Layer.CORE, v -> {
                if (v <= 0) throw new IllegalArgumentException("max_cert_list must be > 0: " + v);
                return v;
            });
    /** {@code SSL_set_read_ahead}: read as much as the transport has, not one record at a time. */
    public static final Setting<Boolean> READ_AHEAD = new Setting<Boolean>("read_ahead", "SSL_set_read_ahead", "read_ahead",
            Boolean.class, Boolean.FALSE, true, Scope.BOTH, Layer.CORE, v -> v);
    /** {@code SSL_set0_CA_list} / {@code SSL_add1_to_CA_list}: CA names sent in certificate_authorities. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<List<X509Certificate>> CA_LIST = new Setting<List<X509Certificate>>("ca_list", "SSL_set0_CA_list / SSL_add1_to_CA_list",
            "CA list", (Class) List.class, null, true, Scope.BOTH, Layer.PROVIDER, v -> List.copyOf((List<X509Certificate>) v));
    /** {@code SSL_set0_client_CA_list} / {@code SSL_add_client_CA}: CA names a server sends in CertificateRequest. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<List<X509Certificate>> CLIENT_CA_LIST = new Setting<List<X509Certificate>>("client_ca_list",
            "SSL_set0_client_CA_list / SSL_add_client_CA", "client CA list", (Class) List.class, null, true, Scope.BOTH,
            Layer.PROVIDER, v -> List.copyOf((List<X509Certificate>) v));
    /** {@code SSL_set_security_level}: 0..5; default 2 (OpenSSL's library default is 1; Debian's configuration 2). */
    public static final Setting<Integer> SECURITY_LEVEL = new Setting<Integer>("security_level", "SSL_set_security_level",
            "security level", Integer.class, 2, true, Scope.BOTH, Layer.CORE, v -> {
                if (v < 0 || v > 5) throw new IllegalArgumentException("security_level must be 0..5: " + v);
                return v;
            });
    /** {@code SSL_set_security_callback}. */
    public static final Setting<SecurityCallback> SECURITY_CALLBACK = new Setting<SecurityCallback>("security_callback",
            "SSL_set_security_callback", "security level callback", SecurityCallback.class, null, true, Scope.BOTH,
            Layer.CORE, v -> v);
    /** {@code SSL_use_serverinfo_ex}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<List<ServerInfo>> SERVERINFO = new Setting<List<ServerInfo>>("serverinfo", "SSL_use_serverinfo_ex",
            "serverinfo", (Class) List.class, null, true, Scope.BOTH, Layer.PROVIDER, v -> List.copyOf((List<ServerInfo>) v));
    /** {@code SSL_use_psk_identity_hint}. */
    public static final Setting<String> PSK_IDENTITY_HINT = new Setting<String>("psk_identity_hint", "SSL_use_psk_identity_hint",
            "PSK identity hint", String.class, null, true, Scope.BOTH, Layer.PROVIDER, v -> {
                if (v.length() > 128) throw new IllegalArgumentException("psk_identity_hint must be at most 128 characters");
                return v;
            });
    /** {@code SSL_CTX_add_custom_ext}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<List<CustomExtension>> CUSTOM_EXTENSIONS = new Setting<List<CustomExtension>>("custom_extensions",
            "SSL_CTX_add_custom_ext", "custom extensions", (Class) List.class, null, true, Scope.BOTH, Layer.PROVIDER,
            v -> List.copyOf((List<CustomExtension>) v));
    /** {@code SSL_set1_client_certificate_types}: ClientCertificateType codes (1 rsa_sign, 64 ecdsa_sign...). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<List<Integer>> CLIENT_CERT_TYPES = new Setting<List<Integer>>("client_certificate_types",
            "SSL_set1_client_certificate_types", "client certificate types", (Class) List.class, null, true, Scope.BOTH,
            Layer.PROVIDER, v -> List.copyOf((List<Integer>) v));

    // ---- inherited by SSL_new but not copied by SSL_dup --------------------------------------

    /** {@code SSL_CTX_set_timeout}: lifetime of new sessions, in seconds; default 7200 (OpenSSL 3). */
    public static final Setting<Long> SESSION_TIMEOUT = new Setting<Long>("session_timeout", "SSL_CTX_set_timeout",
            null, Long.class, 7200L, false, Scope.CONTEXT, Layer.CORE, v -> {
                if (v <= 0) throw new IllegalArgumentException("session_timeout must be > 0 seconds: " + v);
                return v;
            });
    /**
     * {@code SSL_CTX_set_num_tickets} / {@code SSL_set_num_tickets}: how many TLS 1.3 session tickets
     * a server sends after a full handshake. Unset ({@code null}) means the provider's own number,
     * {@code Capabilities.tls13TicketsAfterFull()} (OpenSSL's default is 2, and 1 after a
     * resumption). No provider lets sslkit change its number per context, so a provider accepts only
     * the number it sends and refuses any other with {@code SETTING_NOT_SUPPORTED}, naming it.
     */
    public static final Setting<Integer> NUM_TICKETS = new Setting<Integer>("num_tickets", "SSL_set_num_tickets",
            null, Integer.class, null, false, Scope.BOTH, Layer.PROVIDER, v -> {
                if (v < 0) throw new IllegalArgumentException("num_tickets must be >= 0: " + v);
                return v;
            });
    /** {@code SSL_set_alpn_protos}: ALPN protocols offered (client) / accepted in order (server). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Setting<List<String>> ALPN = new Setting<List<String>>("alpn", "SSL_set_alpn_protos / SSL_CTX_set_alpn_select_cb",
            null, (Class) List.class, null, false, Scope.BOTH, Layer.PROVIDER, Setting::nonEmptyNames);
    /** {@code SSL_set_quiet_shutdown}: freeing or shutting down sends no close_notify but counts as clean. */
    public static final Setting<Boolean> QUIET_SHUTDOWN = new Setting<Boolean>("quiet_shutdown", "SSL_set_quiet_shutdown",
            null, Boolean.class, Boolean.FALSE, false, Scope.BOTH, Layer.CORE, v -> v);
    /** {@code SSL_set_tlsext_host_name}: the SNI host name a client sends (also checked against the certificate). */
    public static final Setting<String> SERVER_NAME = new Setting<String>("server_name", "SSL_set_tlsext_host_name",
            null, String.class, null, false, Scope.CONNECTION, Layer.CORE, Setting::nonBlank);

    /**
     * {@code SSL_CTX_sess_set_new_cb} / {@code _remove_cb} / {@code _get_cb} with a shared store: the
     * {@link SessionStore} a server context's session cache uses beside its in-process cache, so that
     * the instances of a server fleet resume each other's sessions. Context only; not copied by
     * {@code SSL_dup} (the cache is the context's). Refused with {@code SETTING_NOT_SUPPORTED} by a
     * provider whose server cannot resume sessions from serialized bytes (see the capability matrix).
     */
    public static final Setting<SessionStore> SESSION_STORE = new Setting<SessionStore>("session_store",
            "SSL_CTX_sess_set_new_cb / SSL_CTX_sess_set_remove_cb / SSL_CTX_sess_set_get_cb (shared store)",
            null, SessionStore.class, null, false, Scope.CONTEXT, Layer.PROVIDER, v -> v);

    private final String name;
    private final String openSslName;
    private final String dupRow;
    private final Class<T> type;
    private final T defaultValue;
    private final boolean copiedByDup;
    private final Scope scope;
    private final Layer layer;
    private final Function<T, T> normalizer;
    private final int index;

    private Setting(String name, String openSslName, String dupRow, Class<T> type, T defaultValue, boolean copiedByDup,
                    Scope scope, Layer layer, Function<T, T> normalizer) {
        this.name = name;
        this.openSslName = openSslName;
        this.dupRow = dupRow;
        this.type = type;
        this.defaultValue = defaultValue;
        this.copiedByDup = copiedByDup;
        this.scope = scope;
        this.layer = layer;
        this.normalizer = normalizer;
        synchronized (ALL) {
            this.index = ALL.size();
            ALL.add(this);
        }
    }

    /** @return every setting, in declaration order */
    public static List<Setting<?>> values() {
        return Collections.unmodifiableList(ALL);
    }

    /** @return the number of settings; {@link #index()} is below it */
    public static int count() {
        return ALL.size();
    }

    /** @return sslkit's short name, e.g. {@code options} */
    public String name() {
        return name;
    }

    /** @return the OpenSSL call(s) this models */
    public String openSslName() {
        return openSslName;
    }

    /** @return the row of SSL_dup's list this setting belongs to, or {@code null} when dup does not copy it */
    public String dupRow() {
        return dupRow;
    }

    /** @return the value type */
    public Class<T> type() {
        return type;
    }

    /** @return the value when nothing was set (may be {@code null}) */
    public T defaultValue() {
        return defaultValue;
    }

    /** @return whether {@link Ssl#dup()} copies it (D1) */
    public boolean copiedByDup() {
        return copiedByDup;
    }

    /** @return where it may be set */
    public Scope scope() {
        return scope;
    }

    /** @return who honours it */
    public Layer layer() {
        return layer;
    }

    /** @return a dense index, for implementations that keep settings in arrays */
    public int index() {
        return index;
    }

    /**
     * Checks and normalizes a value: type, range, an immutable copy.
     *
     * @param value the value, or {@code null} to unset
     * @return the value to store
     * @throws IllegalArgumentException naming the setting, if the value is invalid
     */
    public T normalize(Object value) {
        if (value == null) {
            return null;
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(name + " must be a " + type.getSimpleName() + ", not " + value.getClass().getName());
        }
        try {
            return normalizer.apply(type.cast(value));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static <E extends Enum<E>> Set<E> copyEnumSet(Set<E> v, Class<E> type) {
        EnumSet<E> s = EnumSet.noneOf(type);
        for (E e : v) {
            s.add(Objects.requireNonNull(e, "set must not contain null"));
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static <X> X nonEmptyNames(X v) {
        List<String> l = List.copyOf((List<String>) v);
        if (l.isEmpty()) throw new IllegalArgumentException("list must not be empty (use null to unset)");
        for (String s : l) {
            if (s.isBlank()) throw new IllegalArgumentException("names must not be blank");
        }
        return (X) l;
    }

    private static String nonBlank(String v) {
        if (v.isBlank()) throw new IllegalArgumentException("must not be blank (use null to unset)");
        return v;
    }
}
