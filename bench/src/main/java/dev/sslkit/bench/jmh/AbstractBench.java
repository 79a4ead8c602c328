package dev.sslkit.bench.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What every sslkit benchmark shares: 2 forks, 8 warm-up iterations of 2 s (JSSE resumption needs over a
 * thousand handshakes to settle; 16 s of warm-up covers that on a slow machine) and 5 measurement iterations of 2 s, a fixed
 * 1 GiB heap, and {@code -Dsslkit.leakDetection=disabled} (leak detection records a stack per object
 * and would measure itself). Subclasses choose the mode and unit and put the providers (or client ×
 * server pairs) and {@code impl} ({@code sslkit}, {@code raw}) in {@code @Param}s, so that every
 * sslkit figure has its raw-engine baseline in the same run.
 *
 * <p>JMH runs on the <b>class path</b>: its forks are started with the parent's
 * {@code java.class.path} and load the generated {@code *_jmhTest} classes by name from
 * {@code META-INF/BenchmarkList}, so a module-path launch would give the forks no classes at all. On
 * the class path the api finds core and the providers through their {@code META-INF/services} files.
 * Run from the repository root after {@code mvn -B -DskipTests package}:
 *
 * <pre>{@code
 * java -cp 'bench/target/lib/*:bench/target/sslkit-bench-0.1.0-SNAPSHOT.jar' org.openjdk.jmh.Main <Class> [JMH options]
 * }</pre>
 *
 * Quick check that a class runs (numbers meaningless): {@code -f 1 -wi 1 -i 1 -w 200ms -r 200ms}.
 * Allocation per operation: add {@code -prof gc}. CPU time of the measuring threads per operation (the figure
 * whose sslkit ÷ raw ratio survives a busy machine): add {@code -prof dev.sslkit.bench.jmh.ThreadCpuProfiler}.
 * The raw baselines do the same work as sslkit (see {@code RawPairs}); sslkit and raw of one parameter set
 * run in separate forks, one after the other, so compare CPU-time and B/op figures rather than scores when
 * the machine is shared.
 */
@Fork(value = 2, jvmArgsAppend = {"-Dsslkit.leakDetection=disabled", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class AbstractBench {
    /** The providers every provider parameter ranges over. */
    public static final String PROVIDERS = "jsse,bc,conscrypt";
}
