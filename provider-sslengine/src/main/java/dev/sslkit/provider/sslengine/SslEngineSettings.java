package dev.sslkit.provider.sslengine;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.VerifyMode;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.spi.EngineSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * SPI support for SSLEngine-based providers: the declaration such providers share (why each
 * {@link SslOption} outside the honoured ones is refused, {@code SSL_MODE_SEND_FALLBACK_SCSV} and
 * {@code SSL_VERIFY_POST_HANDSHAKE}, which an {@code SSLEngine} has no per-connection control for),
 * added to the provider's {@link Capabilities} for core's settings gate; and the protocol list a
 * connection's resolved {@code min_proto_version} / {@code max_proto_version} leave.
 *
 * <p>Thread safety: immutable; safe for concurrent use.
 */
public final class SslEngineSettings {

    private final String providerId;
    private final Set<SslOption> options;
    private final Map<SslOption, String> whyNotOptions;
    private final String whyNoFallbackScsv;
    private final String whyNoPostHandshake;

    /**
     * @param providerId         the provider's id, for messages
     * @param options            the options the provider honours
     * @param whyNotOptions      why each other option is not honoured
     * @param whyNoFallbackScsv  why {@link SslMode#SEND_FALLBACK_SCSV} is not supported
     * @param whyNoPostHandshake why {@link VerifyMode#POST_HANDSHAKE} is not supported
     * @throws NullPointerException if an argument is null
     */
    public SslEngineSettings(String providerId, Set<SslOption> options, Map<SslOption, String> whyNotOptions,
            String whyNoFallbackScsv, String whyNoPostHandshake) {
        this.providerId = Objects.requireNonNull(providerId, "providerId must not be null");
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.whyNotOptions = Objects.requireNonNull(whyNotOptions, "whyNotOptions must not be null");
        this.whyNoFallbackScsv = Objects.requireNonNull(whyNoFallbackScsv, "whyNoFallbackScsv must not be null");
        this.whyNoPostHandshake = Objects.requireNonNull(whyNoPostHandshake, "whyNoPostHandshake must not be null");
    }

    /**
     * Declares into {@code b} what SSLEngine-based providers share: why each option outside the
     * honoured ones is refused, and that {@link VerifyMode#POST_HANDSHAKE} is (an {@code SSLEngine}
     * has no per-connection control for it). Core's settings gate refuses from this declaration;
     * engines never check again.
     *
     * @param b the provider's capabilities builder
     * @return {@code b}
     */
    public Capabilities.Builder declare(Capabilities.Builder b) {
        for (Map.Entry<SslOption, String> e : whyNotOptions.entrySet()) {
            if (!options.contains(e.getKey())) {
                b.optionNote(e.getKey(), e.getValue());
            }
        }
        b.check(Setting.VERIFY_MODE, v -> v.contains(VerifyMode.POST_HANDSHAKE) ? "POST_HANDSHAKE: " + whyNoPostHandshake : null);
        return b;
    }

    /** @return why {@link SslMode#SEND_FALLBACK_SCSV} is not supported (for the matrix note) */
    public String whyNoFallbackScsv() {
        return whyNoFallbackScsv;
    }

    /**
     * @param spec      the connection's settings
     * @param available the protocols the provider can negotiate, oldest first
     * @return the names of those within the connection's minimum and maximum, oldest first
     * @throws SslException {@code SSL_R_NO_PROTOCOLS_AVAILABLE} if none is
     */
    public String[] protocols(EngineSpec spec, Collection<ProtocolVersion> available) throws SslException {
        ProtocolVersion min = spec.get(Setting.MIN_PROTO_VERSION);
        ProtocolVersion max = spec.get(Setting.MAX_PROTO_VERSION);
        List<String> out = new ArrayList<>(available.size());
        for (ProtocolVersion v : available) {
            if ((min == null || v.compareTo(min) >= 0) && (max == null || v.compareTo(max) <= 0)) {
                out.add(v.protocolName());
            }
        }
        if (out.isEmpty()) {
            throw new SslException(SslReason.NO_PROTOCOLS_AVAILABLE, "min_proto_version " + min + " and max_proto_version "
                    + max + " leave no protocol provider " + providerId + " can negotiate (it has "
                    + protocolNames(available) + ")");
        }
        return out.toArray(new String[0]);
    }

    /**
     * @param setting the setting
     * @param why     why the provider cannot honour it
     * @return {@code SETTING_NOT_SUPPORTED} naming the setting, its OpenSSL name, the provider and why
     */
    public SslException notSupported(Setting<?> setting, String why) {
        return new SslException(SslReason.SETTING_NOT_SUPPORTED, "setting '" + setting.name() + "' ("
                + setting.openSslName() + ") is not supported by provider " + providerId + ": " + why);
    }

    /**
     * @param protocols protocols
     * @return their names, comma separated ({@code TLSv1.2, TLSv1.3})
     */
    public static String protocolNames(Collection<ProtocolVersion> protocols) {
        StringBuilder sb = new StringBuilder();
        for (ProtocolVersion v : protocols) {
            sb.append(sb.length() == 0 ? "" : ", ").append(v.protocolName());
        }
        return sb.toString();
    }
}
