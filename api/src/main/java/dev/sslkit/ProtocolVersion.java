package dev.sslkit;

/**
 * TLS protocol versions, as used by {@code SSL_set_min_proto_version} and
 * {@code SSL_set_max_proto_version}. sslkit's default range is TLS 1.2 to TLS 1.3.
 */
public enum ProtocolVersion {
    /** TLS 1.0 ({@code TLS1_VERSION}); disabled by every provider's default security settings. */
    TLS1_0(0x0301, "TLSv1"),
    /** TLS 1.1 ({@code TLS1_1_VERSION}). */
    TLS1_1(0x0302, "TLSv1.1"),
    /** TLS 1.2 ({@code TLS1_2_VERSION}). */
    TLS1_2(0x0303, "TLSv1.2"),
    /** TLS 1.3 ({@code TLS1_3_VERSION}). */
    TLS1_3(0x0304, "TLSv1.3");

    private final int wire;
    private final String protocolName;

    ProtocolVersion(int wire, String protocolName) {
        this.wire = wire;
        this.protocolName = protocolName;
    }

    /** @return the version on the wire, e.g. {@code 0x0304} */
    public int wireVersion() {
        return wire;
    }

    /** @return the JSSE/OpenSSL name, e.g. {@code TLSv1.3} (what {@code SSL_get_version} prints) */
    public String protocolName() {
        return protocolName;
    }

    /**
     * @param name a JSSE/OpenSSL protocol name such as {@code TLSv1.2}
     * @return the version
     * @throws IllegalArgumentException if the name is not a TLS version sslkit knows
     */
    public static ProtocolVersion ofName(String name) {
        for (ProtocolVersion v : values()) {
            if (v.protocolName.equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown TLS protocol version name: " + name);
    }

    /**
     * @param wire a wire version such as {@code 0x0303}
     * @return the version
     * @throws IllegalArgumentException if it is not a TLS version sslkit knows
     */
    public static ProtocolVersion ofWire(int wire) {
        for (ProtocolVersion v : values()) {
            if (v.wire == wire) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown TLS wire version: 0x" + Integer.toHexString(wire));
    }
}
