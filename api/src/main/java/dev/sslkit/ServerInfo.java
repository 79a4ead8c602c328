package dev.sslkit;

import java.util.Objects;

/**
 * One serverinfo block ({@code SSL_use_serverinfo_ex}): a TLS extension the server returns when the
 * client sends the same extension type (e.g. 18, signed_certificate_timestamp).
 *
 * @param extensionType the extension type
 * @param data          the extension data
 */
public record ServerInfo(int extensionType, byte[] data) {
    public ServerInfo {
        if (extensionType < 0 || extensionType > 0xFFFF) throw new IllegalArgumentException("extensionType must be 0..65535");
        data = Objects.requireNonNull(data, "data must not be null").clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
