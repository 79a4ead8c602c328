package dev.sslkit.bench.work;

import dev.sslkit.ProtocolVersion;

/**
 * The protocol versions and cipher suites the benchmarks pin, in the three spellings needed: OpenSSL's
 * (sslkit's {@code CIPHER_LIST} / {@code CIPHERSUITES}), IANA's (SSLEngine) and bctls's numeric code.
 */
public enum Proto {
    /** TLS 1.2, ECDHE-ECDSA-AES128-GCM-SHA256. */
    TLS12("TLSv1.2", ProtocolVersion.TLS1_2),
    /** TLS 1.3, X25519 (every provider's first group), ECDSA P-256 certificate. */
    TLS13("TLSv1.3", ProtocolVersion.TLS1_3);

    private final String label;
    private final ProtocolVersion version;

    Proto(String label, ProtocolVersion version) {
        this.label = label;
        this.version = version;
    }

    /** @return {@code TLSv1.2} or {@code TLSv1.3} */
    public String label() {
        return label;
    }

    /** @return the sslkit version */
    public ProtocolVersion version() {
        return version;
    }

    /** @return the suite the handshake benchmarks pin for this version */
    public Suite handshakeSuite() {
        return this == TLS12 ? Suite.ECDHE_ECDSA_AES128_GCM : Suite.AES128_GCM;
    }

    /**
     * @param label {@code TLSv1.2}, {@code TLSv1.3}, {@code 1.2} or {@code 1.3}
     * @return the version
     */
    public static Proto of(String label) {
        switch (label) {
            case "TLSv1.2": case "1.2": case "TLS12": return TLS12;
            case "TLSv1.3": case "1.3": case "TLS13": return TLS13;
            default: throw new IllegalArgumentException("unknown protocol '" + label + "' (TLSv1.2 or TLSv1.3)");
        }
    }

    /** The cipher suites used. */
    public enum Suite {
        /** TLS 1.2 ECDHE-ECDSA with AES-128-GCM. */
        ECDHE_ECDSA_AES128_GCM(TLS12, "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xC02B),
        /** TLS 1.3 AES-128-GCM. */
        AES128_GCM(TLS13, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", 0x1301),
        /** TLS 1.3 ChaCha20-Poly1305. */
        CHACHA20_POLY1305(TLS13, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", 0x1303);

        private final Proto proto;
        private final String openssl;
        private final String iana;
        private final int code;

        Suite(Proto proto, String openssl, String iana, int code) {
            this.proto = proto;
            this.openssl = openssl;
            this.iana = iana;
            this.code = code;
        }

        /** @return the version the suite belongs to */
        public Proto proto() {
            return proto;
        }

        /** @return OpenSSL's name (sslkit's setting value) */
        public String openssl() {
            return openssl;
        }

        /** @return the IANA name (SSLEngine) */
        public String iana() {
            return iana;
        }

        /** @return the IANA code (bctls {@code CipherSuite}) */
        public int code() {
            return code;
        }

        /**
         * @param name an IANA or OpenSSL name
         * @return the suite
         */
        public static Suite of(String name) {
            for (Suite s : values()) {
                if (s.iana.equals(name) || s.openssl.equals(name) || s.name().equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown cipher suite '" + name + "'");
        }
    }
}
