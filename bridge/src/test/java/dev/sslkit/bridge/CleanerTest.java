package dev.sslkit.bridge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 4: the JDK API has no free, so an engine dropped unclosed is freed by a Cleaner (its
 * {@code Ssl}, and with Conscrypt the native {@code SSL}). 20,000 engines, each with its connection made and its
 * ClientHello produced, then dropped: heap after GC and open file descriptors stay flat.
 */
class CleanerTest {
    static Stream<String> backends() {
        return Bridged.backends().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void droppedEnginesKeepHeapAndFdsFlat(String backend) throws Exception {
        SSLContext ctx = Bridged.context(backend);
        ByteBuffer net = ByteBuffer.allocate(20000);
        Runnable round = () -> {
            for (int i = 0; i < 1000; i++) {
                SSLEngine e = ctx.createSSLEngine("localhost", 443);
                e.setUseClientMode(true);
                try {
                    net.clear();
                    e.wrap(ByteBuffer.allocate(0), net);
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
                assertTrue(net.position() > 0, "a ClientHello was made");
            }
        };
        for (int i = 0; i < 2; i++) {
            round.run();
        }
        long heap0 = settledHeap();
        long fds0 = fds();
        for (int i = 0; i < 20; i++) {
            round.run();
        }
        long heap1 = settledHeap();
        long fds1 = fds();
        assertTrue(heap1 - heap0 < 16L << 20, "heap grew by " + (heap1 - heap0) + " bytes over 20,000 engines");
        assertTrue(fds1 - fds0 < 16, "file descriptors grew from " + fds0 + " to " + fds1);
    }

    private static long settledHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static long fds() {
        String[] l = new File("/proc/self/fd").list();
        return l == null ? 0 : l.length;
    }
}
