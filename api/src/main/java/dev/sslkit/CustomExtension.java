package dev.sslkit;

import java.util.Objects;

/**
 * A custom TLS extension ({@code SSL_CTX_add_custom_ext}): a callback adds it to outgoing messages,
 * another parses it from incoming ones.
 *
 * @param type  the extension type
 * @param add   called to produce the extension for an outgoing ClientHello (client) or ServerHello
 *              (server); returns the data, or {@code null} to leave it out
 * @param parse called with the peer's extension data; returns {@code false} to fail the handshake
 */
public record CustomExtension(int type, Add add, Parse parse) {
    public CustomExtension {
        if (type < 0 || type > 0xFFFF) throw new IllegalArgumentException("type must be 0..65535");
        Objects.requireNonNull(add, "add must not be null");
        Objects.requireNonNull(parse, "parse must not be null");
    }

    /** Produces the extension data. */
    @FunctionalInterface
    public interface Add {
        /** @param ssl the connection  @return the data, or {@code null} to omit */
        byte[] add(Ssl ssl);
    }

    /** Parses the peer's extension data. */
    @FunctionalInterface
    public interface Parse {
        /** @param ssl the connection  @param data the data  @return whether it is acceptable */
        boolean parse(Ssl ssl, byte[] data);
    }
}
