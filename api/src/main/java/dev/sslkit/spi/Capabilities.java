package dev.sslkit.spi;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a provider declares it honours: the one declaration core validates every setting against,
 * once, when the setting is made ({@code SSL_CTX_set_*} / {@code SSL_set_*}), and that the capability
 * matrix and every refusal message are printed from. Core-layer settings ({@link Setting.Layer#CORE})
 * work on every provider and need no declaration; provider-layer settings must be listed here, with
 * options and modes individually, protocol versions, TLS 1.3 ticket counts, and — where only the
 * provider can tell — a {@link ValueCheck} per setting (cipher strings, signature schemes, verify
 * modes). A note per setting and per refused option explains limits. Engines never check again.
 */
public final class Capabilities implements dev.sslkit.ProviderCapabilities {
    private final Set<ProtocolVersion> protocols;
    private final Set<Setting<?>> settings;
    private final Set<SslOption> options;
    private final Set<SslMode> modes;
    private final Map<String, String> notes;
    private final Set<ProtocolVersion> clientResumption;
    private final Set<ProtocolVersion> serverResumption;
    private final boolean renegotiation;
    private final Set<ProtocolVersion> privateResumption;
    private final boolean serverCacheControlledByCore;
    private final boolean sessionExport;
    private final int tls13TicketsAfterFull;
    private final int tls13TicketsAfterResumption;
    private final Set<ProtocolVersion> fleetResumption;
    private final String ticketKeys;
    private final Map<Setting<?>, ValueCheck<?>> checks;
    private final Map<SslOption, String> optionNotes;

    /**
     * A provider's per-value limit of one setting, declared with {@link Builder#check}. Core calls
     * it once per value set, after the value was normalized and the setting found supported.
     *
     * @param <T> the setting's type
     */
    @FunctionalInterface
    public interface ValueCheck<T> {
        /**
         * @param value the normalized value, never {@code null}
         * @return {@code null} when the provider honours it, else why not (core refuses the value with
         *         {@code SETTING_NOT_SUPPORTED}, naming setting and provider)
         * @throws dev.sslkit.SslException {@code BAD_SETTING} (or {@code NO_CIPHER_MATCH}) for a value
         *         this provider cannot parse; core adds the provider's name
         */
        String whyNot(T value) throws dev.sslkit.SslException;
    }

    private Capabilities(Builder b) {
        this.fleetResumption = Collections.unmodifiableSet(b.fleetResumption.isEmpty() ? EnumSet.noneOf(ProtocolVersion.class) : EnumSet.copyOf(b.fleetResumption));
        this.ticketKeys = b.ticketKeys;
        this.checks = Map.copyOf(b.checks);
        this.optionNotes = Collections.unmodifiableMap(new LinkedHashMap<>(b.optionNotes));
        this.serverCacheControlledByCore = b.serverCacheControlledByCore;
        this.sessionExport = b.sessionExport;
        this.tls13TicketsAfterFull = b.tls13TicketsAfterFull;
        this.tls13TicketsAfterResumption = b.tls13TicketsAfterResumption;
        this.privateResumption = Collections.unmodifiableSet(b.privateResumption.isEmpty() ? EnumSet.noneOf(ProtocolVersion.class) : EnumSet.copyOf(b.privateResumption));
        this.renegotiation = b.renegotiation;
        this.protocols = Collections.unmodifiableSet(EnumSet.copyOf(b.protocols));
        this.settings = Set.copyOf(b.settings);
        this.options = Collections.unmodifiableSet(b.options.isEmpty() ? EnumSet.noneOf(SslOption.class) : EnumSet.copyOf(b.options));
        this.modes = Collections.unmodifiableSet(b.modes.isEmpty() ? EnumSet.noneOf(SslMode.class) : EnumSet.copyOf(b.modes));
        this.notes = Collections.unmodifiableMap(new LinkedHashMap<>(b.notes));
        this.clientResumption = Collections.unmodifiableSet(b.clientResumption.isEmpty() ? EnumSet.noneOf(ProtocolVersion.class) : EnumSet.copyOf(b.clientResumption));
        this.serverResumption = Collections.unmodifiableSet(b.serverResumption.isEmpty() ? EnumSet.noneOf(ProtocolVersion.class) : EnumSet.copyOf(b.serverResumption));
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the protocol versions it can negotiate */
    @Override
    public Set<ProtocolVersion> protocols() {
        return protocols;
    }

    /**
     * @param setting a setting
     * @return whether it is honoured: always for core-layer settings, else if declared
     */
    @Override
    public boolean supports(Setting<?> setting) {
        return setting.layer() == Setting.Layer.CORE || settings.contains(setting);
    }

    /** @param option an option  @return whether it is honoured */
    @Override
    public boolean supports(SslOption option) {
        return options.contains(option);
    }

    /** @param mode a mode  @return whether it is honoured (all but SEND_FALLBACK_SCSV are core) */
    @Override
    public boolean supports(SslMode mode) {
        return mode != SslMode.SEND_FALLBACK_SCSV || modes.contains(mode);
    }

    /** @return the declared provider-layer settings */
    @Override
    public Set<Setting<?>> settings() {
        return settings;
    }

    /** @return the honoured options */
    @Override
    public Set<SslOption> options() {
        return options;
    }

    /** @param setting a setting  @return the note for the capability matrix, or {@code null} */
    @Override
    public String note(Setting<?> setting) {
        return notes.get(setting.name());
    }

    /** @param option an option  @return why the provider cannot honour it, or {@code null} */
    public String optionNote(SslOption option) {
        return optionNotes.get(option);
    }

    /**
     * The declared per-value check of {@code setting} ({@link Builder#check}), for core's settings gate.
     *
     * @param setting the setting  @param value its normalized value, not {@code null}
     * @return {@code null} when honoured (or nothing is declared), else why not
     * @throws dev.sslkit.SslException from the provider's check: a value it cannot parse
     */
    @SuppressWarnings("unchecked")
    public String whyNot(Setting<?> setting, Object value) throws dev.sslkit.SslException {
        ValueCheck<Object> c = (ValueCheck<Object>) checks.get(setting);
        return c == null ? null : c.whyNot(value);
    }

    /** @return every note by setting name */
    @Override
    public Map<String, String> notes() {
        return notes;
    }

    /** @param v a version  @param server which side  @return whether that side resumes sessions of that version */
    @Override
    public boolean resumes(ProtocolVersion v, boolean server) {
        return (server ? serverResumption : clientResumption).contains(v);
    }

    /**
     * @param v a version
     * @return whether sessions of that version resume with other TLS implementations too (the
     *         standard mechanism), not only between two connections of this provider
     */
    @Override
    public boolean resumesWithOthers(ProtocolVersion v) {
        return (clientResumption.contains(v) || serverResumption.contains(v)) && !privateResumption.contains(v);
    }

    /** @return whether the provider can start a TLS 1.2 renegotiation ({@code SSL_renegotiate}) */
    @Override
    public boolean renegotiation() {
        return renegotiation;
    }

    /**
     * @return whether the provider's server resumes only what core's session cache decides, through
     *         {@link EngineSpec#findSession(byte[])} (issue 4 item 7): then the cache mode,
     *         {@code NO_INTERNAL_LOOKUP}, the get callback, the session id context and the timeouts
     *         govern server-side resumption, as in OpenSSL. Its TLS 1.3 resumption is stateful (one
     *         cached session per ticket, as OpenSSL's server with {@code SSL_OP_NO_TICKET}). When
     *         {@code false} the provider's own server cache decides, and core only mirrors it.
     */
    @Override
    public boolean serverCacheControlledByCore() {
        return serverCacheControlledByCore;
    }

    /**
     * @return whether sessions can be serialized for external caches ({@code SslSession.toBytes()},
     *         {@code i2d_SSL_SESSION}); when {@code false}, {@code toBytes()} throws a clear
     *         {@code SslException}
     */
    @Override
    public boolean sessionExport() {
        return sessionExport;
    }

    /**
     * @return how many TLS 1.3 NewSessionTickets the provider's server sends after a full handshake
     *         ({@code SSL_CTX_set_num_tickets}; OpenSSL sends 2), or 0 if it sends none (then
     *         {@link Setting#NUM_TICKETS} accepts only this number)
     */
    @Override
    public int tls13TicketsAfterFull() {
        return tls13TicketsAfterFull;
    }

    /** @return how many TLS 1.3 NewSessionTickets the provider's server sends after a resumption (OpenSSL: 1) */
    @Override
    public int tls13TicketsAfterResumption() {
        return tls13TicketsAfterResumption;
    }

    /**
     * @param v a version
     * @return whether a server of this provider resumes, at that version, sessions another server
     *         instance made, through a {@code SessionStore} ({@code Setting.SESSION_STORE}); a
     *         provider that declares no version refuses the setting
     */
    @Override
    public boolean fleetResumption(ProtocolVersion v) {
        return fleetResumption.contains(v);
    }

    /**
     * @return how the application sets the provider server's TLS session ticket keys
     *         ({@code SSL_CTX_set_tlsext_ticket_key_evp_cb}), so that a fleet shares a rotated key
     *         ring; {@code null} when the provider has no such API
     */
    @Override
    public String ticketKeys() {
        return ticketKeys;
    }

    /** Builds {@link Capabilities}. */
    public static final class Builder {
        private final Map<Setting<?>, ValueCheck<?>> checks = new java.util.HashMap<>();
        private final Map<SslOption, String> optionNotes = new LinkedHashMap<>();

        /**
         * Declares a per-value limit of {@code setting} (which must also be declared supported).
         *
         * @param setting the setting
         * @param check its check
         * @param <T> its type
         * @return this
         */
        public <T> Builder check(Setting<T> setting, ValueCheck<? super T> check) {
            checks.put(Objects.requireNonNull(setting, "setting must not be null"), Objects.requireNonNull(check, "check must not be null"));
            return this;
        }

        /**
         * @param option an option the provider cannot honour  @param why why not (the refusal message)
         * @return this
         */
        public Builder optionNote(SslOption option, String why) {
            optionNotes.put(Objects.requireNonNull(option, "option must not be null"), Objects.requireNonNull(why, "why must not be null"));
            return this;
        }

        private final Set<ProtocolVersion> protocols = EnumSet.noneOf(ProtocolVersion.class);
        private final Set<Setting<?>> settings = new HashSet<>();
        private final Set<SslOption> options = EnumSet.noneOf(SslOption.class);
        private final Set<SslMode> modes = EnumSet.noneOf(SslMode.class);
        private final Map<String, String> notes = new LinkedHashMap<>();
        private final Set<ProtocolVersion> clientResumption = EnumSet.noneOf(ProtocolVersion.class);
        private final Set<ProtocolVersion> serverResumption = EnumSet.noneOf(ProtocolVersion.class);
        private boolean renegotiation;
        private final Set<ProtocolVersion> privateResumption = EnumSet.noneOf(ProtocolVersion.class);
        private boolean serverCacheControlledByCore;
        private boolean sessionExport;
        private int tls13TicketsAfterFull;
        private int tls13TicketsAfterResumption;
        private final Set<ProtocolVersion> fleetResumption = EnumSet.noneOf(ProtocolVersion.class);
        private String ticketKeys;

        private Builder() {
        }

        /** @param v versions, see {@link Capabilities#fleetResumption(ProtocolVersion)}  @return this */
        public Builder fleetResumption(ProtocolVersion... v) {
            fleetResumption.addAll(Set.of(v));
            return this;
        }

        /** @param how see {@link Capabilities#ticketKeys()}  @return this */
        public Builder ticketKeys(String how) {
            ticketKeys = how;
            return this;
        }

        /**
         * @param afterFull       TLS 1.3 tickets the server sends after a full handshake
         * @param afterResumption and after a resumption
         * @return this
         */
        public Builder tls13Tickets(int afterFull, int afterResumption) {
            if (afterFull < 0 || afterResumption < 0) {
                throw new IllegalArgumentException("ticket counts must be >= 0");
            }
            tls13TicketsAfterFull = afterFull;
            tls13TicketsAfterResumption = afterResumption;
            return this;
        }

        /** @param yes see {@link Capabilities#serverCacheControlledByCore()}  @return this */
        public Builder serverCacheControlledByCore(boolean yes) {
            serverCacheControlledByCore = yes;
            return this;
        }

        /** @param yes see {@link Capabilities#sessionExport()}  @return this */
        public Builder sessionExport(boolean yes) {
            sessionExport = yes;
            return this;
        }

        /**
         * @param v versions whose resumption works only between two endpoints of this provider
         *          (a provider-specific mechanism, not the protocol's own)
         * @return this
         */
        public Builder privateResumption(ProtocolVersion... v) {
            privateResumption.addAll(Set.of(v));
            return this;
        }

        /** @param can whether TLS 1.2 renegotiation can be started  @return this */
        public Builder renegotiation(boolean can) {
            renegotiation = can;
            return this;
        }

        /** @param v versions  @return this */
        public Builder protocols(ProtocolVersion... v) {
            protocols.addAll(Set.of(v));
            return this;
        }

        /** @param s provider-layer settings honoured  @return this */
        public Builder settings(Setting<?>... s) {
            for (Setting<?> x : s) {
                settings.add(Objects.requireNonNull(x));
            }
            return this;
        }

        /** @param o options honoured  @return this */
        public Builder options(SslOption... o) {
            options.addAll(Set.of(o));
            return this;
        }

        /** @param m provider-layer modes honoured  @return this */
        public Builder modes(SslMode... m) {
            modes.addAll(Set.of(m));
            return this;
        }

        /** @param s setting  @param note text for the matrix  @return this */
        public Builder note(Setting<?> s, String note) {
            notes.put(s.name(), note);
            return this;
        }

        /** @param server which side  @param v versions it resumes  @return this */
        public Builder resumption(boolean server, ProtocolVersion... v) {
            (server ? serverResumption : clientResumption).addAll(Set.of(v));
            return this;
        }

        /** @return the capabilities */
        public Capabilities build() {
            if (protocols.isEmpty()) {
                throw new IllegalStateException("a provider must declare at least one protocol version");
            }
            return new Capabilities(this);
        }
    }
}
