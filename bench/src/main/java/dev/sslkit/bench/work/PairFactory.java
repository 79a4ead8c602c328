package dev.sslkit.bench.work;

/**
 * Makes {@link Pair}s for one client provider, one server provider, one protocol and suite, either
 * through sslkit or through the providers' raw engines. A resuming factory first runs one full
 * handshake (plus data both ways, so TLS 1.3 tickets arrive) and then offers that session on every
 * {@link #open()}.
 */
public interface PairFactory extends AutoCloseable {
    /**
     * @return a new, joined, not yet handshaken pair
     * @throws Exception if the provider fails
     */
    Pair open() throws Exception;

    /**
     * One connection, the unit of the handshake benchmarks: a new pair, the handshake, the server's
     * first byte read by the client (so that the client takes any TLS 1.3 session tickets, as a real
     * client does before it saves its session), and both freed — sslkit's after OpenSSL's quiet close
     * ({@code setShutdown(SENT|RECEIVED)}, no records), without which OpenSSL and sslkit mark the session
     * of a connection freed mid-stream as bad; raw engines are simply dropped. A resuming factory then offers the
     * session the client holds now (TLS 1.3 tickets are single-use for some providers).
     *
     * @return whether the handshake resumed
     * @throws Exception on failure
     */
    boolean connection() throws Exception;

    /** @return the suite the last {@link #connection()} negotiated */
    String lastCipherSuite();

    /** Frees the contexts and any saved session. */
    @Override
    void close();

    /**
     * Which implementation drives a pair.
     */
    enum Impl {
        /** sslkit's {@code Ssl} over a {@code BIO} pair. */
        SSLKIT,
        /** the provider's raw engine: {@code SSLEngine} (jsse, conscrypt) or bctls's protocol objects (bc). */
        RAW;

        /** @return {@code sslkit} or {@code raw} */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * @param s {@code sslkit} or {@code raw}
         * @return the value
         */
        public static Impl of(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * A pair setup.
     *
     * @param impl   sslkit or raw
     * @param client client provider id
     * @param server server provider id
     * @param suite  the suite (its version is pinned as min and max)
     * @param resume whether every pair resumes the primed session
     * @param direct whether the raw transport buffers are direct (sslkit's BIO pair decides its own)
     */
    record Spec(Impl impl, String client, String server, Proto.Suite suite, boolean resume, boolean direct) {
        /** @return a short label such as {@code jsse→bc TLSv1.3 resumed raw} */
        @Override
        public String toString() {
            return client + "→" + server + " " + suite.proto().label() + " " + suite.iana() + (resume ? " resumed " : " full ")
                    + impl.label() + (direct ? " direct" : "");
        }
    }

    /**
     * @param spec the setup
     * @return a factory (primed if {@code spec.resume()})
     * @throws Exception if a provider is unavailable or the priming handshake fails or does not resume
     */
    static PairFactory create(Spec spec) throws Exception {
        PairFactory f = spec.impl() == Impl.SSLKIT ? new SslkitPairs(spec) : new RawPairs(spec);
        try {
            for (int i = 0; i < 3; i++) {
                if (f.connection() != spec.resume()) {
                    throw new UnsupportedOperationException(spec + ": connection " + (i + 1) + " "
                            + (spec.resume() ? "did not resume the primed session" : "resumed although no session was offered"));
                }
                String got = f.lastCipherSuite();
                if (!spec.suite().iana().equals(got) && !spec.suite().openssl().equals(got)) {
                    throw new UnsupportedOperationException(spec + ": negotiated " + got + ", not " + spec.suite().iana()
                            + " (the providers cannot pin this suite)");
                }
            }
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
        return f;
    }
}
