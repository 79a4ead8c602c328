package dev.sslkit.bench.jmh;

import dev.sslkit.Ssl;
import dev.sslkit.SslException;
import dev.sslkit.bench.work.Lifecycle;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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

/**
 * Object lifecycle, ns/op: {@code newSsl()+free()}, {@code dup()+free()} of a fresh connection,
 * {@code upRef()+free()}, {@code clear()} of a fresh connection and {@code newContext()+free()}, each
 * on 1 thread and (the {@code *_2t} methods) on 2 threads sharing one server context, each thread with
 * its own connection. Beside them in the same run, the raw engine's only counterparts:
 * {@code rawNewEngine} ({@code createSSLEngine()}+{@code closeOutbound()}; bctls a new
 * {@code TlsServerProtocol} and peer) and {@code rawNewContext} ({@code SSLContext} getInstance+init;
 * bctls a new {@code JcaTlsCrypto}). dup, upRef and clear are compared with native OpenSSL's
 * {@code SSL_dup}, {@code SSL_up_ref}+{@code SSL_free} and {@code SSL_clear} ({@code bench/compare}).
 *
 * <p>Run: {@code java -cp 'bench/target/lib/*:bench/target/sslkit-bench-0.1.0-SNAPSHOT.jar' org.openjdk.jmh.Main LifecycleBench}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LifecycleBench extends AbstractBench {

    /** The shared context (one per trial). */
    @State(Scope.Benchmark)
    public static class Ctx {
        /** Provider. */
        @Param({"jsse", "bc", "conscrypt"})
        public String provider;
        Lifecycle ops;

        /** @throws Exception if the provider is unavailable */
        @Setup(Level.Trial)
        public void setup() throws Exception {
            ops = new Lifecycle(provider);
        }

        /** Frees the context. */
        @TearDown(Level.Trial)
        public void tearDown() {
            if (ops != null) {
                ops.close();
            }
        }
    }

    /** One thread's fresh connection of the shared context. */
    @State(Scope.Thread)
    public static class Conn {
        Ssl base;

        /** @param ctx the shared context  @throws SslException on failure */
        @Setup(Level.Trial)
        public void setup(Ctx ctx) throws SslException {
            base = ctx.ops.freshSsl();
        }

        /** Frees the connection. */
        @TearDown(Level.Trial)
        public void tearDown() {
            if (base != null) {
                base.free();
            }
        }
    }

    /** @param c context  @throws SslException on failure */
    @Benchmark
    public void newSslFree(Ctx c) throws SslException {
        c.ops.newSslFree();
    }

    /** @param c connection  @throws SslException on failure */
    @Benchmark
    public void dupFree(Conn c) throws SslException {
        Lifecycle.dupFree(c.base);
    }

    /** @param c connection */
    @Benchmark
    public void upRefFree(Conn c) {
        Lifecycle.upRefFree(c.base);
    }

    /** @param c connection  @throws SslException on failure */
    @Benchmark
    public void clear(Conn c) throws SslException {
        Lifecycle.clear(c.base);
    }

    /** @param c context  @throws SslException on failure */
    @Benchmark
    public void newContextFree(Ctx c) throws SslException {
        c.ops.newContextFree();
    }

    /** @param c context  @throws SslException on failure */
    @Benchmark
    @Threads(2)
    public void newSslFree_2t(Ctx c) throws SslException {
        c.ops.newSslFree();
    }

    /** @param c connection  @throws SslException on failure */
    @Benchmark
    @Threads(2)
    public void dupFree_2t(Conn c) throws SslException {
        Lifecycle.dupFree(c.base);
    }

    /** @param c connection */
    @Benchmark
    @Threads(2)
    public void upRefFree_2t(Conn c) {
        Lifecycle.upRefFree(c.base);
    }

    /** @param c connection  @throws SslException on failure */
    @Benchmark
    @Threads(2)
    public void clear_2t(Conn c) throws SslException {
        Lifecycle.clear(c.base);
    }

    /** @param c context  @return the engine  @throws Exception on failure */
    @Benchmark
    public Object rawNewEngine(Ctx c) throws Exception {
        return c.ops.rawNewEngine();
    }

    /** @param c context  @return the engine  @throws Exception on failure */
    @Benchmark
    @Threads(2)
    public Object rawNewEngine_2t(Ctx c) throws Exception {
        return c.ops.rawNewEngine();
    }

    /** @param c context  @return the context  @throws Exception on failure */
    @Benchmark
    public Object rawNewContext(Ctx c) throws Exception {
        return c.ops.rawNewContext();
    }
}
