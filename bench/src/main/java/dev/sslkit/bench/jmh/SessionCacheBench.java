package dev.sslkit.bench.jmh;

import dev.sslkit.bench.work.CacheOps;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server session cache, ns/op, at 1 and 2 threads sharing one context's cache: {@code lookup}
 * ({@code add} of a cached session: the id probe, found), {@code insert} ({@code add} of an uncached
 * session then {@code remove}; each thread its own sessions) and, beside them, the raw engine's
 * {@code SSLSessionContext.getSession(id)} (jsse, conscrypt; bctls has no server cache, so
 * {@code rawLookup} fails for bc with that message). See {@link CacheOps}. The native OpenSSL figures
 * for the same two loops ({@code SSL_CTX_add_session} of a cached session; add then
 * {@code SSL_CTX_remove_session}) are {@code cache.lookup} and {@code cache.insert} of
 * {@code bench/target/native/sslbench} (bench/src/main/c).
 *
 * <p>The forks run with {@code -Djdk.tls.server.enableSessionTicketExtension=false}: a SunJSSE server
 * that issues stateless TLS 1.2 tickets (its default) keeps nothing in its
 * {@code SSLSessionContext}, so there would be no raw lookup to measure. sslkit's cache is the same
 * either way.
 *
 * <p>Run: {@code java -cp 'bench/target/lib/*:bench/target/sslkit-bench-0.1.0-SNAPSHOT.jar' org.openjdk.jmh.Main SessionCacheBench}
 */
@Fork(value = 2, jvmArgsAppend = {"-Dsslkit.leakDetection=disabled", "-Xms1g", "-Xmx1g",
        "-Djdk.tls.server.enableSessionTicketExtension=false"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SessionCacheBench extends AbstractBench {

    /** The cache (one per trial). */
    @State(Scope.Benchmark)
    public static class Cache {
        /** Provider. */
        @Param({"jsse", "bc", "conscrypt"})
        public String provider;
        CacheOps ops;
        final AtomicInteger threads = new AtomicInteger();

        /** @throws Exception if the provider is unavailable */
        @Setup(Level.Trial)
        public void setup() throws Exception {
            ops = new CacheOps(provider, 64);
        }

        /** Frees the sessions and context. */
        @TearDown(Level.Trial)
        public void tearDown() {
            if (ops != null) {
                ops.close();
            }
        }
    }

    /** One thread's cursor: threads start 32 apart and step by 1, so their insert sessions differ. */
    @State(Scope.Thread)
    public static class Cursor {
        int i;
        int base;

        /** @param c the cache */
        @Setup(Level.Trial)
        public void setup(Cache c) {
            base = c.threads.getAndIncrement() * 32;
        }

        int next() {
            i = (i + 1) & 31;
            return base + i;
        }
    }

    /** @param c cache  @param k cursor  @return the add result (false: found) */
    @Benchmark
    public boolean lookup(Cache c, Cursor k) {
        return c.ops.lookup(k.next());
    }

    /** @param c cache  @param k cursor  @return whether inserted */
    @Benchmark
    public boolean insert(Cache c, Cursor k) {
        return c.ops.insert(k.next());
    }

    /** @param c cache  @param k cursor  @return the add result */
    @Benchmark
    @Threads(2)
    public boolean lookup_2t(Cache c, Cursor k) {
        return c.ops.lookup(k.next());
    }

    /** @param c cache  @param k cursor  @return whether inserted */
    @Benchmark
    @Threads(2)
    public boolean insert_2t(Cache c, Cursor k) {
        return c.ops.insert(k.next());
    }

    /** @param c cache  @param k cursor  @return the session */
    @Benchmark
    public Object rawLookup(Cache c, Cursor k) {
        return c.ops.rawLookup(k.next());
    }

    /** @param c cache  @param k cursor  @return the session */
    @Benchmark
    @Threads(2)
    public Object rawLookup_2t(Cache c, Cursor k) {
        return c.ops.rawLookup(k.next());
    }
}
