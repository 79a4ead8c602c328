package dev.sslkit.bench;

import dev.sslkit.Setting;
import dev.sslkit.SslContext;
import dev.sslkit.SslMethod;
import dev.sslkit.tck.AbstractResourceTck;
import dev.sslkit.tck.TestPki;

import java.util.List;

/**
 * The large-count form of the resource test: {@code N} new → handshake → free cycles on one provider,
 * printing open descriptors and heap after GC before and after.
 *
 * <p>Run: {@code java -p bench/target/lib:bench/target/sslkit-bench-0.1.0-SNAPSHOT.jar -Dsslkit.leakDetection=disabled -m dev.sslkit.bench/dev.sslkit.bench.Cycles jsse 100000 [serverCacheSize]}
 * (the server's session cache holds up to 20480 sessions by default, as OpenSSL's, so a provider whose
 * server sessions are cached grows until that size; pass a small size to see the rest stay flat)
 */
public final class Cycles {
    private Cycles() {
    }

    /**
     * @param args provider id, cycle count
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String id = args.length > 0 ? args[0] : "jsse";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long cacheSize = args.length > 2 ? Long.parseLong(args[2]) : -1; // the server cache grows to its size (20480) by design
        TestPki pki = TestPki.ec();
        try (SslContext s = SslContext.newContext(SslMethod.TLS_SERVER, id); SslContext c = SslContext.newContext(SslMethod.TLS_CLIENT, id)) {
            s.set(Setting.CERTIFICATES, List.of(pki.serverKey()));
            c.setTrustAnchors(List.of(pki.root()));
            if (cacheSize >= 0) {
                s.sessionCache().setSize(cacheSize);
            }
            for (int i = 0; i < 200; i++) {
                AbstractResourceTck.cycle(c, s);
            }
            long fds0 = AbstractResourceTck.openFds();
            long heap0 = AbstractResourceTck.heapAfterGc();
            long t0 = System.nanoTime();
            for (int i = 1; i <= n; i++) {
                AbstractResourceTck.cycle(c, s);
                if (i % (n / 10 == 0 ? 1 : n / 10) == 0) {
                    System.out.printf("%s: %d cycles, fds %d, %.1f s%n", id, i, AbstractResourceTck.openFds(), (System.nanoTime() - t0) / 1e9);
                }
            }
            long fds1 = AbstractResourceTck.openFds();
            long heap1 = AbstractResourceTck.heapAfterGc();
            System.out.printf("%s: %d cycles in %.1f s; open fds %d -> %d; heap after GC %.1f -> %.1f MiB%n", id, n,
                    (System.nanoTime() - t0) / 1e9, fds0, fds1, heap0 / 1048576.0, heap1 / 1048576.0);
        }
    }
}
