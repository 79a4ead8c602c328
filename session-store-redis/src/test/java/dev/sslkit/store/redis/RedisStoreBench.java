package dev.sslkit.store.redis;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslContext;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;
import dev.sslkit.SslSessionCache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Issue 16 item 6: a resumed bc TLS 1.2 handshake (client and server in one thread, memory BIOs)
 * from the in-process cache vs through Redis (a second instance whose cache mode is
 * {@code SERVER | NO_INTERNAL}, so every offered id is looked up in Redis), beside a full handshake
 * and the store's lookup alone ({@code GET} + AES-GCM open). Starts its own {@code redis-server}.
 *
 * <p>Run: {@code mvn -B -q -pl session-store-redis -am -DskipTests package && java -cp
 * "$(cat session-store-redis/target/test-classpath.txt):session-store-redis/target/test-classes:session-store-redis/target/classes"
 * org.openjdk.jmh.Main RedisStoreBench}
 */
@Fork(value = 1, jvmArgsAppend = {"-Dsslkit.leakDetection=disabled"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RedisStoreBench {
    RedisProcess redis;
    RedisSessionStore storeA;
    RedisSessionStore storeB;
    SslContext a;
    SslContext b;
    SslContext client;
    SslSession session;
    byte[] idContext;
    byte[] id;

    /** @throws Exception if redis-server cannot start */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        redis = RedisProcess.start();
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        storeA = RedisSessionStore.builder(redis.uri()).sealingKey(1, key).lookupDeadline(Duration.ofMillis(100)).build();
        storeB = RedisSessionStore.builder(redis.uri()).sealingKey(1, key).lookupDeadline(Duration.ofMillis(100)).build();
        a = StoreInProcessTest.server("bc", storeA);
        b = StoreInProcessTest.server("bc", storeB);
        b.sessionCache().setMode(SslSessionCache.SERVER | SslSessionCache.NO_INTERNAL);
        client = SslContext.newContext(SslMethod.TLS_CLIENT, "bc");
        client.setTrustAnchors(StoreInProcessTest.PKI.trustAnchors());
        client.set(Setting.MAX_PROTO_VERSION, ProtocolVersion.TLS1_2);
        Object[] made = StoreInProcessTest.handshake(client, a, null);
        session = (SslSession) made[0];
        SslSession server = (SslSession) made[2];
        idContext = server.idContext();
        id = server.id();
        server.free();
        Thread.sleep(100);
        if (!resumedThroughRedis()) {
            throw new IllegalStateException("no resumption through Redis: " + b.sessionCache().stats());
        }
    }

    /** Stops everything. @throws Exception on failure */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        session.free();
        client.free();
        a.free();
        b.free();
        storeA.close();
        storeB.close();
        redis.close();
    }

    private boolean resume(SslContext server, SslSession offer) throws Exception {
        Object[] r = StoreInProcessTest.handshake(client, server, offer);
        ((SslSession) r[0]).free();
        ((SslSession) r[2]).free();
        return (Boolean) r[1];
    }

    /** @return whether it resumed @throws Exception on failure */
    @Benchmark
    public boolean resumedInProcess() throws Exception {
        return resume(a, session);
    }

    /** @return whether it resumed @throws Exception on failure */
    @Benchmark
    public boolean resumedThroughRedis() throws Exception {
        return resume(b, session);
    }

    /** @return whether it resumed (never) @throws Exception on failure */
    @Benchmark
    public boolean full() throws Exception {
        return resume(a, null);
    }

    /** @return the bytes @throws Exception on failure */
    @Benchmark
    public byte[] storeLookup() throws Exception {
        return storeB.get(idContext, id).toCompletableFuture().get();
    }
}
