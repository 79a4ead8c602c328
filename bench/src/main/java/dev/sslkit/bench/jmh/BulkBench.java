package dev.sslkit.bench.jmh;

import dev.sslkit.bench.work.Pair;
import dev.sslkit.bench.work.PairFactory;
import dev.sslkit.bench.work.Proto;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteBuffer;

/**
 * Bulk transfer: one operation is a 16 KiB application write on the client and the server reading
 * those 16 KiB, over one established TLS 1.3 connection, for TLS_AES_128_GCM_SHA256 and
 * TLS_CHACHA20_POLY1305_SHA256, with heap or direct application buffers (the raw engines' transport
 * buffers follow; bctls takes {@code byte[]} only, so raw bc copies direct buffers). MB/s = ops/s ×
 * 16384 / 10^6. Allocation per record: add {@code -prof gc} ({@code gc.alloc.rate.norm} is bytes per
 * 16 KiB operation; with escape analysis on it moves by tens of bytes with C2's inlining, so
 * {@link dev.sslkit.bench.BulkAllocation} gives the exact sslkit-vs-raw count).
 *
 * <p>Run: {@code java -cp 'bench/target/lib/*:bench/target/sslkit-bench-0.1.0-SNAPSHOT.jar' org.openjdk.jmh.Main BulkBench -prof gc}
 */
@State(Scope.Benchmark)
public class BulkBench extends AbstractBench {
    /** Bytes per write. */
    public static final int SIZE = 16 * 1024;

    /** Provider (client and server). */
    @Param({"jsse", "bc", "conscrypt"})
    public String provider;
    /** TLS 1.3 suite. */
    @Param({"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"})
    public String suite;
    /** Application buffers. */
    @Param({"heap", "direct"})
    public String buffer;
    /** sslkit or the raw engine. */
    @Param({"sslkit", "raw"})
    public String impl;

    private PairFactory factory;
    private Pair pair;
    private ByteBuffer src;
    private ByteBuffer dst;

    /** @throws Exception if the provider is unavailable or the handshake fails */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        boolean direct = buffer.equals("direct");
        factory = PairFactory.create(new PairFactory.Spec(PairFactory.Impl.of(impl), provider, provider,
                Proto.Suite.of(suite), false, direct));
        pair = factory.open();
        pair.handshake();
        src = direct ? ByteBuffer.allocateDirect(SIZE) : ByteBuffer.allocate(SIZE);
        dst = direct ? ByteBuffer.allocateDirect(2 * SIZE) : ByteBuffer.allocate(2 * SIZE);
        write16k();
    }

    /** Frees the pair and contexts. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (pair != null) {
            pair.close();
        }
        if (factory != null) {
            factory.close();
        }
    }

    /** @throws Exception on failure */
    @Benchmark
    public void write16k() throws Exception {
        src.clear();
        pair.send(src, dst);
    }
}
