package dev.sslkit.tck;

import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * new → handshake → free, many times: open file descriptors and heap stay flat (R2: free releases
 * the provider's resources, Conscrypt's native {@code SSL} and its pipe included). The count comes
 * from {@code -Dsslkit.cycles} (default 300); {@code bench}'s {@code Cycles} runs the large count.
 */
public abstract class AbstractResourceTck extends AbstractTck {

    /** @return open file descriptors of this process, from /proc/self/fd */
    public static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** @return heap in use after a few collections, bytes */
    public static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(10);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * One cycle: two new connections from the contexts, a handshake over a BIO pair, a message, a
     * clean shutdown, both freed.
     *
     * @param cctx client context  @param sctx server context
     * @throws Exception on failure
     */
    public static void cycle(SslContext cctx, SslContext sctx) throws Exception {
        try (Ssl c = cctx.newSsl(); Ssl s = sctx.newSsl()) {
            c.setHostName("localhost");
            Pump.connect(c, s);
            Pump.handshake(c, s);
            Pump.send(c, s, new byte[] {1, 2, 3});
            Pump.shutdown(c, s);
        }
    }

    /** R2: descriptors and heap do not grow with the number of connections made and freed. */
    @Test
    void r2_cyclesLeaveDescriptorsAndHeapFlat() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd (Linux)");
        int n = Integer.getInteger("sslkit.cycles", 300);
        SslContext sctx = serverContext();
        SslContext cctx = clientContext();
        for (int i = 0; i < 50; i++) {
            cycle(cctx, sctx); // warm-up: class loading, provider caches
        }
        long fds0 = openFds();
        long heap0 = heapAfterGc();
        for (int i = 0; i < n; i++) {
            cycle(cctx, sctx);
        }
        long fds1 = openFds();
        long heap1 = heapAfterGc();
        assertTrue(fds1 <= fds0 + 2, "open descriptors grew from " + fds0 + " to " + fds1 + " over " + n + " cycles");
        assertTrue(heap1 - heap0 < 16L << 20, "heap after GC grew by " + ((heap1 - heap0) >> 10) + " KiB over " + n + " cycles");
    }
}
