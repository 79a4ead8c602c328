package dev.sslkit.provider.conscrypt;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslMethod;
import dev.sslkit.tck.Pump;
import dev.sslkit.tck.TestPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R2 for Conscrypt's native resources: {@code newSsl → handshake over a BIO pair → free}, N times
 * for a Conscrypt client and server, leaves the process's open file descriptors and the heap flat.
 * Without the deterministic release in {@code ConscryptTlsEngine.free()} every cycle would keep
 * two native {@code SSL}s and two pipe(2)s (four descriptors) until a finalizer ran.
 *
 * <p>N = {@code -Dsslkit.conscrypt.freeCycles} (default 2,000; the bench run uses 100,000:
 * {@code mvn -B -o -pl provider-conscrypt -am verify -Dsslkit.conscrypt.freeCycles=100000 -Dit.test=ConscryptFreeIT -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}).
 * The heap is measured after a warm-up that fills Conscrypt's bounded session caches, so that it
 * measures steady state.
 */
class ConscryptFreeIT {
    private static final int CYCLES = Integer.getInteger("sslkit.conscrypt.freeCycles", 2000);
    /** descriptors the JVM may open meanwhile (jar files, GC, JIT). */
    private static final long FD_TOLERANCE = 8;
    private static final long HEAP_TOLERANCE = 8L << 20;
    private static final System.Logger LOG = System.getLogger(ConscryptFreeIT.class.getName());

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ProtocolVersion.class, names = {"TLS1_2", "TLS1_3"})
    void newHandshakeFreeLeavesFdsAndHeapFlat(ProtocolVersion v) throws Exception {
        TestPki pki = TestPki.ec();
        try (SslContext sctx = SslContext.newContext(SslMethod.TLS_SERVER, ConscryptProvider.ID);
             SslContext cctx = SslContext.newContext(SslMethod.TLS_CLIENT, ConscryptProvider.ID)) {
            sctx.set(Setting.CERTIFICATES, List.of(pki.serverKey()));
            cctx.setTrustAnchors(List.of(pki.root()));
            for (SslContext c : new SslContext[] {sctx, cctx}) {
                c.set(Setting.MIN_PROTO_VERSION, v);
                c.set(Setting.MAX_PROTO_VERSION, v);
            }
            int warmup = Math.max(200, Math.min(CYCLES / 2, ConscryptContext.CACHE_SIZE + 100));
            run(cctx, sctx, warmup);
            long fdBefore = openFds();
            long heapBefore = usedHeapAfterGc();
            long t0 = System.nanoTime();
            run(cctx, sctx, CYCLES);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long fdAfter = openFds();
            long heapAfter = usedHeapAfterGc();
            String report = String.format("conscrypt %s: %d cycles in %d ms; fds %d -> %d; heap %.1f MB -> %.1f MB",
                    v, CYCLES, ms, fdBefore, fdAfter, heapBefore / 1048576.0, heapAfter / 1048576.0);
            LOG.log(System.Logger.Level.INFO, report);
            assertTrue(fdAfter - fdBefore <= FD_TOLERANCE, "R2: descriptors leak: " + report);
            assertTrue(heapAfter - heapBefore <= HEAP_TOLERANCE, "R2: heap grows: " + report);
        }
    }

    private static void run(SslContext cctx, SslContext sctx, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Ssl c = cctx.newSsl();
            Ssl s = sctx.newSsl();
            try {
                c.setHostName("localhost");
                Pump.connect(c, s);
                Pump.handshake(c, s);
            } finally {
                c.free();
                s.free();
            }
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }
}
