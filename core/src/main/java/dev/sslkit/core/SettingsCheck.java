package dev.sslkit.core;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.spi.TlsProvider;

import java.util.Set;

/**
 * The one settings gate, shared by contexts and connections: scope, value, and the provider's
 * declaration ({@link Capabilities}) — supported settings, options, modes, protocol versions, ticket
 * counts, and the provider's declared per-value checks. Called once, when a setting is made; engines
 * receive the values it let through and never check again. Every refusal names setting and provider.
 */
final class SettingsCheck {
    private SettingsCheck() {
    }

    /**
     * @return the normalized value to store
     * @throws SslException BAD_SETTING for an invalid value or wrong scope; SETTING_NOT_SUPPORTED
     *         naming setting and provider when the provider cannot honour it
     */
    static Object check(TlsProvider provider, Setting<?> setting, Object value, boolean onContext) throws SslException {
        if (setting == null) {
            throw new NullPointerException("setting must not be null");
        }
        if (onContext && setting.scope() == Setting.Scope.CONNECTION) {
            throw new SslException(SslReason.BAD_SETTING, "setting '" + setting.name() + "' (" + setting.openSslName()
                    + ") is per connection: set it on the Ssl, not on the SslContext");
        }
        if (!onContext && setting.scope() == Setting.Scope.CONTEXT) {
            throw new SslException(SslReason.BAD_SETTING, "setting '" + setting.name() + "' (" + setting.openSslName()
                    + ") belongs to the context and is shared by its connections: set it on the SslContext");
        }
        Capabilities caps = provider.capabilities();
        if (value != null && setting != Setting.NUM_TICKETS && !caps.supports(setting)) {
            throw notSupported(provider, setting, caps.note(setting)); // whatever the value: the setting itself is refused
        }
        Object v;
        try {
            v = setting.normalize(value);
        } catch (IllegalArgumentException e) {
            throw new SslException(SslReason.BAD_SETTING, e.getMessage(), e);
        }
        if (v == null) {
            return null;
        }
        if (setting == Setting.NUM_TICKETS) {
            int sends = caps.tls13TicketsAfterFull();
            if ((Integer) v != sends) {
                String note = caps.note(setting);
                throw notSupported(provider, setting, "its TLS 1.3 server sends " + sends + " ticket(s) after a full handshake and "
                        + caps.tls13TicketsAfterResumption() + " after a resumption, and sslkit cannot change that number"
                        + (note == null ? "" : " (" + note + ")") + "; only " + sends + " is accepted");
            }
            return v;
        }
        if (!caps.supports(setting)) {
            throw notSupported(provider, setting, caps.note(setting));
        }
        if (setting == Setting.OPTIONS) {
            for (Object o : (Set<?>) v) {
                if (!caps.supports((SslOption) o)) {
                    String why = caps.optionNote((SslOption) o);
                    throw notSupported(provider, setting, "option " + o + " cannot be honoured"
                            + (why != null ? ": " + why : caps.note(setting) == null ? "" : " (" + caps.note(setting) + ")"));
                }
            }
        } else if (setting == Setting.MIN_PROTO_VERSION || setting == Setting.MAX_PROTO_VERSION) {
            java.util.List<ProtocolVersion> ps = new java.util.ArrayList<>(caps.protocols());
            ProtocolVersion p = (ProtocolVersion) v;
            if (!ps.isEmpty() && (setting == Setting.MAX_PROTO_VERSION ? p.compareTo(ps.get(0)) < 0 : p.compareTo(ps.get(ps.size() - 1)) > 0)) {
                throw notSupported(provider, setting, p.protocolName() + " leaves no protocol the provider can negotiate (it has "
                        + ps.stream().map(ProtocolVersion::protocolName).collect(java.util.stream.Collectors.joining(", ")) + ")"
                        + (caps.note(setting) == null ? "" : " (" + caps.note(setting) + ")"));
            }
        } else if (setting == Setting.MODE) {
            for (Object m : (Set<?>) v) {
                if (!caps.supports((SslMode) m)) {
                    throw notSupported(provider, setting, "mode " + m + " cannot be honoured");
                }
            }
        }
        String why;
        try {
            why = caps.whyNot(setting, v);
        } catch (SslException e) {
            if (e.getMessage().contains("provider " + provider.id())) {
                throw e;
            }
            // every refusal names the provider, whoever phrased it
            throw new SslException(e.reasons(), e.detail() + " (provider " + provider.id() + ")", e.getCause());
        }
        if (why != null) {
            throw notSupported(provider, setting, why);
        }
        return v;
    }

    static SslException notSupported(TlsProvider provider, Setting<?> setting, String why) {
        return new SslException(SslReason.SETTING_NOT_SUPPORTED, "setting '" + setting.name() + "' (" + setting.openSslName()
                + ") is not supported by provider " + provider.id() + (why == null ? "" : ": " + why));
    }
}
