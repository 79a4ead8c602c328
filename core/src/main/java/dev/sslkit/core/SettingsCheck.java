package dev.sslkit.core;

import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.spi.TlsProvider;

import java.util.Set;

/** Validation shared by contexts and connections: value, scope, and the provider's capabilities. */
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
        Object v;
        try {
            v = setting.normalize(value);
        } catch (IllegalArgumentException e) {
            throw new SslException(SslReason.BAD_SETTING, e.getMessage(), e);
        }
        if (v == null) {
            return null;
        }
        Capabilities caps = provider.capabilities();
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
                    throw notSupported(provider, setting, "option " + o + " cannot be honoured"
                            + (caps.note(setting) == null ? "" : " (" + caps.note(setting) + ")"));
                }
            }
        } else if (setting == Setting.MODE) {
            for (Object m : (Set<?>) v) {
                if (!caps.supports((SslMode) m)) {
                    throw notSupported(provider, setting, "mode " + m + " cannot be honoured");
                }
            }
        }
        try {
            provider.checkSetting(setting, v);
        } catch (SslException e) {
            if (e.getMessage().contains("provider " + provider.id())) {
                throw e;
            }
            // every refusal names the provider, whoever phrased it
            throw new SslException(e.reasons(), e.detail() + " (provider " + provider.id() + ")", e.getCause());
        }
        return v;
    }

    static SslException notSupported(TlsProvider provider, Setting<?> setting, String why) {
        return new SslException(SslReason.SETTING_NOT_SUPPORTED, "setting '" + setting.name() + "' (" + setting.openSslName()
                + ") is not supported by provider " + provider.id() + (why == null ? "" : ": " + why));
    }
}
