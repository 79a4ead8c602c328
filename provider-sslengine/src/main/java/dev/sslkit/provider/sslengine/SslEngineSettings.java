package dev.sslkit.provider.sslengine;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.VerifyMode;
import dev.sslkit.spi.EngineSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * SPI support for SSLEngine-based providers: the setting checks such providers share, for
 * {@link dev.sslkit.spi.TlsProvider#checkSetting} and for each new engine — the
 * {@link SslOption}s honoured, {@code SSL_MODE_SEND_FALLBACK_SCSV} and
 * {@code SSL_VERIFY_POST_HANDSHAKE} (which an {@code SSLEngine} has no per-connection control
 * for) — and the protocol list a connection's {@code min_proto_version} / {@code max_proto_version}
 * leave.
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
     * Checks {@link Setting#OPTIONS}, {@link Setting#MODE} and {@link Setting#VERIFY_MODE}.
     *
     * @param setting the setting
     * @param value   its value; {@code null} passes
     * @return whether {@code setting} was one of those (and passed); {@code false} for any other
     * @throws SslException {@code SETTING_NOT_SUPPORTED} naming the setting, the provider and why
     */
    public boolean checkCommon(Setting<?> setting, Object value) throws SslException {
        if (setting == Setting.OPTIONS) {
            if (value != null) {
                for (Object o : (Collection<?>) value) {
                    if (!options.contains(o)) {
                        throw notSupported(setting, "option " + o + ": " + whyNotOptions.get(o));
                    }
                }
            }
            return true;
        } else if (setting == Setting.MODE) {
            if (value != null && ((Collection<?>) value).contains(SslMode.SEND_FALLBACK_SCSV)) {
                throw notSupported(setting, "mode SEND_FALLBACK_SCSV: " + whyNoFallbackScsv);
            }
            return true;
        } else if (setting == Setting.VERIFY_MODE) {
            if (value != null && ((Collection<?>) value).contains(VerifyMode.POST_HANDSHAKE)) {
                throw notSupported(setting, "POST_HANDSHAKE: " + whyNoPostHandshake);
            }
            return true;
        }
        return false;
    }

    /**
     * Checks a new connection's options and verify mode again ({@code SSL_new}: the values may
     * come from places the provider's {@code checkSetting} did not see).
     *
     * @param spec the connection's settings
     * @throws SslException as {@link #checkCommon}
     */
    public void checkEngine(EngineSpec spec) throws SslException {
        Set<SslOption> o = spec.get(Setting.OPTIONS);
        if (o != null && !options.containsAll(o)) {
            checkCommon(Setting.OPTIONS, o);
        }
        if (spec.verifyMode().contains(VerifyMode.POST_HANDSHAKE)) {
            checkCommon(Setting.VERIFY_MODE, spec.verifyMode());
        }
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
