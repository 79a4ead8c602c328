package dev.sslkit.bench;

import dev.sslkit.ProviderInfo;
import dev.sslkit.Sslkit;
import dev.sslkit.bench.work.Pair;
import dev.sslkit.bench.work.PairFactory;
import dev.sslkit.bench.work.Proto;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bytes allocated per 16 KiB bulk operation (BulkBench's {@code write16k}: one write on the client, the
 * server reads it), sslkit beside the same provider's raw engine driven by the same loop, counted with
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes} once both are warmed (the least of
 * three rounds of {@code ops} operations). Not a timing: allocation counts do not depend on load.
 *
 * <p>Run it with {@code -XX:-DoEscapeAnalysis}: then C2 cannot scalar-replace an object in one inlining
 * context and not in the other, every allocation is counted, and the counts are exact and repeatable, so
 * {@code sslkit - raw} is what sslkit's own layer allocates (0 is the target). With escape analysis on
 * (JMH's {@code -prof gc}), the provider's own temporary objects are removed or not depending on where
 * C2 inlined them, which moves bc's figures by tens of bytes either way.
 *
 * <p>Run: {@code java -XX:-DoEscapeAnalysis -Dsslkit.leakDetection=disabled -cp 'bench/target/lib/*:bench/target/sslkit-bench-0.1.0-SNAPSHOT.jar' dev.sslkit.bench.BulkAllocation [warmupOps] [ops] [provider...]}
 *
 * <p>Prints one line per provider and buffer kind:
 * {@code alloc <provider> <heap|direct|array> <suite> sslkit <B/op> raw <B/op>} ({@code array}: sslkit through
 * the {@code byte[]} forms of read and write, beside the raw engine with heap buffers), or
 * {@code skip <provider> <cause>} for a provider that cannot run here.
 */
public final class BulkAllocation {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private BulkAllocation() {
    }

    /**
     * @param args warm-up operations (default 20000), measured operations (default 5000), provider ids
     *             (default every installed provider)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        List<String> ids = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            ids.add(args[i]);
        }
        List<ProviderInfo> found = Sslkit.providers();
        if (ids.isEmpty()) {
            found.forEach(p -> ids.add(p.id()));
        }
        Proto.Suite suite = Proto.Suite.of("TLS_AES_128_GCM_SHA256");
        for (String id : ids) {
            ProviderInfo info = found.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
            if (info == null || !info.available()) {
                System.out.println("skip " + id + " " + (info == null ? "not installed" : info.cause()));
                continue;
            }
            for (boolean direct : new boolean[] {false, true}) {
                double sslkit = perOp(PairFactory.Impl.SSLKIT, id, suite, direct, false, warmup, ops);
                double raw = perOp(PairFactory.Impl.RAW, id, suite, direct, false, warmup, ops);
                System.out.printf(Locale.ROOT, "alloc %s %s %s sslkit %.1f raw %.1f%n", id, direct ? "direct" : "heap",
                        suite.iana(), sslkit, raw);
                if (!direct) {
                    double array = perOp(PairFactory.Impl.SSLKIT, id, suite, false, true, warmup, ops);
                    System.out.printf(Locale.ROOT, "alloc %s array %s sslkit %.1f raw %.1f%n", id, suite.iana(), array, raw);
                }
            }
        }
    }

    /**
     * Bytes allocated per {@code send} of 16 KiB on a warmed connection ({@code array}: through
     * {@code Ssl.write(byte[], ...)} and {@code Ssl.read(byte[], ...)}).
     */
    static double perOp(PairFactory.Impl impl, String provider, Proto.Suite suite, boolean direct, boolean array, int warmup,
            int ops) throws Exception {
        try (PairFactory f = PairFactory.create(new PairFactory.Spec(impl, provider, provider, suite, false, direct));
             Pair p = f.open()) {
            p.handshake();
            int size = 16 * 1024;
            ByteBuffer src = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
            ByteBuffer dst = direct ? ByteBuffer.allocateDirect(2 * size) : ByteBuffer.allocate(2 * size);
            byte[] srcArray = new byte[size];
            byte[] dstArray = new byte[2 * size];
            for (int i = 0; i < warmup; i++) {
                send(p, array, src, dst, srcArray, dstArray);
            }
            // the least of 3 rounds: a one-off allocation (a lazy initialisation, a cache flush) is not per record
            double least = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long before = MX.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < ops; i++) {
                    send(p, array, src, dst, srcArray, dstArray);
                }
                long after = MX.getCurrentThreadAllocatedBytes();
                least = Math.min(least, (after - before) / (double) ops);
            }
            return least;
        }
    }

    private static void send(Pair p, boolean array, ByteBuffer src, ByteBuffer dst, byte[] srcArray, byte[] dstArray)
            throws Exception {
        if (array) {
            p.sendArray(srcArray, dstArray);
        } else {
            src.clear();
            p.send(src, dst);
        }
    }
}
