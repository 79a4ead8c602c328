package dev.sslkit.bench.jmh;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;

/**
 * A JMH profiler that adds {@code cpu.time.norm}: the CPU time of JMH's worker threads (the threads that
 * run the benchmark method) per operation, in ns/op (issue 13, item 6). Unlike the throughput score it does
 * not count time a worker spent waiting for a core, so on a shared, busy machine sslkit ÷ raw ratios of
 * this figure hold where the scores do not. Work on other threads (GC, JIT, finalizers) is not in it; JMH's
 * {@code -prof gc} gives the allocation that stands for GC.
 *
 * <p>Run: {@code java -cp 'bench/target/lib/*:bench/target/sslkit-bench-0.1.0-SNAPSHOT.jar' org.openjdk.jmh.Main HandshakeBench -prof dev.sslkit.bench.jmh.ThreadCpuProfiler -prof gc}
 *
 * <p>Thread safety: JMH calls it from its runner thread, one iteration at a time.
 */
public final class ThreadCpuProfiler implements InternalProfiler {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long before;

    @Override
    public String getDescription() {
        return "CPU time of the JMH worker threads per operation (ThreadMXBean), ns/op";
    }

    private long workerCpu() {
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains("jmh-worker")) {
                long c = threads.getThreadCpuTime(t.getThreadId());
                if (c > 0) {
                    sum += c;
                }
            }
        }
        return sum;
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = workerCpu();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long ops = result.getMetadata().getAllOps();
        if (ops <= 0 || !threads.isThreadCpuTimeSupported()) {
            return List.of();
        }
        double perOp = (workerCpu() - before) / (double) ops;
        return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
    }
}
