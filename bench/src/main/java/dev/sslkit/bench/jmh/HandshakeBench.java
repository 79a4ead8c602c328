package dev.sslkit.bench.jmh;

import dev.sslkit.bench.work.PairFactory;
import dev.sslkit.bench.work.Proto;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Handshakes per second, full and resumed, TLS 1.2 (ECDHE-ECDSA-AES128-GCM-SHA256) and TLS 1.3
 * (TLS_AES_128_GCM_SHA256, X25519 — every provider's first group — and an ECDSA P-256 certificate),
 * for every client × server pair, through sslkit ({@code impl=sslkit}: two {@code Ssl}s over a BIO
 * pair) and through the same providers' raw engines ({@code impl=raw}) driven by the same loop. One
 * operation: a new client and server, the handshake (the client verifies the chain and the host
 * name), both freed. {@code resumed} offers a session primed in setup; a handshake that does not
 * resume fails the benchmark. Raw bctls cannot resume TLS 1.3 (no tickets in bctls 1.84): that
 * combination's {@code resumed} fails with that message.
 *
 * <p>Run: {@code java -cp 'bench/target/lib/*:bench/target/sslkit-bench-0.1.0-SNAPSHOT.jar' org.openjdk.jmh.Main HandshakeBench}
 * <br>One pair: {@code ... HandshakeBench -p client=jsse -p server=conscrypt -p proto=TLSv1.3}
 */
@State(Scope.Benchmark)
public class HandshakeBench extends AbstractBench {
    /** Client provider. */
    @Param({"jsse", "bc", "conscrypt"})
    public String client;
    /** Server provider. */
    @Param({"jsse", "bc", "conscrypt"})
    public String server;
    /** Protocol version. */
    @Param({"TLSv1.3", "TLSv1.2"})
    public String proto;
    /** sslkit or the raw engines. */
    @Param({"sslkit", "raw"})
    public String impl;

    private PairFactory full;
    private PairFactory resumed;
    private Exception resumedFailure;

    /** @throws Exception if a provider is unavailable */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        Proto p = Proto.of(proto);
        PairFactory.Impl i = PairFactory.Impl.of(impl);
        full = PairFactory.create(new PairFactory.Spec(i, client, server, p.handshakeSuite(), false, false));
        try {
            resumed = PairFactory.create(new PairFactory.Spec(i, client, server, p.handshakeSuite(), true, false));
        } catch (Exception e) {
            resumedFailure = e; // reported by resumed() only, so full() of the same parameters still runs
        }
    }

    /** Frees the contexts. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (full != null) {
            full.close();
        }
        if (resumed != null) {
            resumed.close();
        }
    }

    /** @throws Exception on failure */
    @Benchmark
    public void full() throws Exception {
        full.connection();
    }

    /** @throws Exception on failure, or if the handshake did not resume */
    @Benchmark
    public void resumed() throws Exception {
        if (resumedFailure != null) {
            throw resumedFailure;
        }
        if (!resumed.connection()) {
            throw new IllegalStateException("not resumed: " + resumed);
        }
    }
}
