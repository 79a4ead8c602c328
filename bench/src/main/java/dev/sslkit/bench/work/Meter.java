package dev.sslkit.bench.work;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Measures an operation on the calling thread three ways at once: wall-clock time, the <b>thread CPU
 * time</b> of the measuring thread ({@code ThreadMXBean.getCurrentThreadCpuTime}) and the bytes it
 * allocated ({@code com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes}). On a shared, busy
 * machine the wall-clock figure includes the time the thread waited for a core; the CPU time and the
 * allocation count do not, so their sslkit ÷ raw ratios survive the noise (issue 13, item 6). Work done on
 * other threads (GC, finalizers, JIT) is in none of them: the allocation count is what stands for GC.
 *
 * <p>Thread safety: stateless; call from the thread that runs the operation.
 */
public final class Meter {
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean ALLOC = THREADS instanceof com.sun.management.ThreadMXBean
            ? (com.sun.management.ThreadMXBean) THREADS : null;

    private Meter() {
    }

    /** An operation to measure. */
    @FunctionalInterface
    public interface Op {
        /** @throws Exception on failure */
        void run() throws Exception;
    }

    /**
     * One measurement, per operation.
     *
     * @param ops     operations run
     * @param wallNs  wall-clock ns per operation
     * @param cpuNs   CPU ns of the measuring thread per operation (NaN if the JVM cannot tell)
     * @param bytes   bytes the measuring thread allocated per operation (NaN if the JVM cannot tell)
     */
    public record Sample(long ops, double wallNs, double cpuNs, double bytes) {
        /** @return operations per wall-clock second */
        public double rate() {
            return 1e9 / wallNs;
        }
    }

    /** @return whether thread CPU time can be read here */
    public static boolean cpuTimeSupported() {
        return THREADS.isCurrentThreadCpuTimeSupported();
    }

    /** @return the calling thread's CPU time in ns, or -1 if not supported */
    public static long cpuNow() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** @return the bytes the calling thread has allocated so far, or -1 if not supported */
    public static long allocatedNow() {
        return ALLOC == null ? -1 : ALLOC.getCurrentThreadAllocatedBytes();
    }

    /**
     * Runs {@code op} in batches of {@code batch} until at least {@code ms} milliseconds of wall-clock
     * time (and at least one batch) have passed.
     *
     * @param op    the operation
     * @param batch operations between clock reads
     * @param ms    minimum duration
     * @return the per-operation figures
     * @throws Exception what {@code op} throws
     */
    public static Sample forDuration(Op op, int batch, long ms) throws Exception {
        long end = System.nanoTime() + ms * 1_000_000L;
        long a0 = allocatedNow();
        long c0 = cpuNow();
        long t0 = System.nanoTime();
        long n = 0;
        long t;
        do {
            for (int i = 0; i < batch; i++) {
                op.run();
            }
            n += batch;
        } while ((t = System.nanoTime()) < end);
        long c1 = cpuNow();
        long a1 = allocatedNow();
        return new Sample(n, (t - t0) / (double) n, c0 < 0 ? Double.NaN : (c1 - c0) / (double) n,
                a0 < 0 ? Double.NaN : (a1 - a0) / (double) n);
    }

    /**
     * Runs {@code op} exactly {@code n} times.
     *
     * @param op the operation
     * @param n  how many times
     * @return the per-operation figures
     * @throws Exception what {@code op} throws
     */
    public static Sample times(Op op, int n) throws Exception {
        long a0 = allocatedNow();
        long c0 = cpuNow();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        long t = System.nanoTime();
        long c1 = cpuNow();
        long a1 = allocatedNow();
        return new Sample(n, (t - t0) / (double) n, c0 < 0 ? Double.NaN : (c1 - c0) / (double) n,
                a0 < 0 ? Double.NaN : (a1 - a0) / (double) n);
    }

    /**
     * The median and spread of repeated figures.
     *
     * @param median the median (of an even count: the mean of the middle two)
     * @param min    the least
     * @param max    the greatest
     * @param n      how many
     */
    public record Stat(double median, double min, double max, int n) {
        /**
         * @param values the figures (NaNs ignored)
         * @return their median and spread (all NaN if there are none)
         */
        public static Stat of(double... values) {
            double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
            if (v.length == 0) {
                return new Stat(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            int h = v.length / 2;
            double med = v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
            return new Stat(med, v[0], v[v.length - 1], v.length);
        }

        /** @return (max - min) / median: the spread as a fraction of the median */
        public double spread() {
            return median == 0 ? Double.NaN : (max - min) / median;
        }
    }
}
