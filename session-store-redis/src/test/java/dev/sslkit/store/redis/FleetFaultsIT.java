package dev.sslkit.store.redis;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslContext;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 5: Redis stopped, slow (past the lookup deadline) or returning garbage gives a full
 * handshake, nothing thrown at the application, the failure counted in {@code storeErrors}; when
 * Redis is back, resumption resumes. Two instances in this JVM (bc contexts, each with its own
 * {@link RedisSessionStore} connection) and a real {@code redis-server}. Item 6: prints the lookup
 * and resumed-handshake figures.
 */
class FleetFaultsIT {
    static final Duration DEADLINE = Duration.ofMillis(20);
    static RedisProcess redis;
    static RedisSessionStore storeA;
    static RedisSessionStore storeB;
    static SslContext a;
    static SslContext b;
    static SslContext client;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.start();
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        storeA = RedisSessionStore.builder(redis.uri()).sealingKey(7, key).lookupDeadline(DEADLINE).commandTimeout(Duration.ofMillis(500)).build();
        storeB = RedisSessionStore.builder(redis.uri()).sealingKey(7, key).lookupDeadline(DEADLINE).commandTimeout(Duration.ofMillis(500)).build();
        a = StoreInProcessTest.server("bc", storeA);
        b = StoreInProcessTest.server("bc", storeB);
        client = SslContext.newContext(SslMethod.TLS_CLIENT, "bc");
        client.setTrustAnchors(StoreInProcessTest.PKI.trustAnchors());
        client.set(Setting.MAX_PROTO_VERSION, ProtocolVersion.TLS1_2);
    }

    @AfterAll
    static void stop() throws Exception {
        SslContext.free(client);
        SslContext.free(a);
        SslContext.free(b);
        if (storeA != null) {
            storeA.close();
            storeB.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** A session made on a (full handshake), then offered to b; returns whether b resumed it. */
    static boolean madeOnAResumedOnB() throws Exception {
        Object[] made = StoreInProcessTest.handshake(client, a, null);
        Thread.sleep(20); // the put is asynchronous
        Object[] other = StoreInProcessTest.handshake(client, b, (SslSession) made[0]);
        for (Object[] o : new Object[][] {made, other}) {
            ((SslSession) o[0]).free();
            ((SslSession) o[2]).free();
        }
        return (Boolean) other[1];
    }

    static void untilResumes() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!madeOnAResumedOnB()) {
            assertTrue(System.nanoTime() < end, "resumption resumes once Redis is back");
            Thread.sleep(100);
        }
    }

    @Test
    @Timeout(60)
    void stoppedRedisGivesFullHandshakesThenResumptionResumes() throws Exception {
        untilResumes();
        long errors = b.sessionCache().stats().storeErrors();
        redis.stop();
        for (int i = 0; i < 3; i++) {
            assertFalse(madeOnAResumedOnB(), "Redis down: a full handshake, nothing thrown");
        }
        assertTrue(b.sessionCache().stats().storeErrors() > errors, "counted: " + b.sessionCache().stats());
        redis.startAgain(); // empty, same port: Lettuce reconnects and re-subscribes
        untilResumes();
    }

    @Test
    @Timeout(60)
    void slowRedisPastTheDeadlineGivesFullHandshakes() throws Exception {
        untilResumes();
        Object[] made = StoreInProcessTest.handshake(client, a, null);
        Thread.sleep(50);
        long errors = b.sessionCache().stats().storeErrors();
        redis.pause(true);
        try {
            long t0 = System.nanoTime();
            Object[] other = StoreInProcessTest.handshake(client, b, (SslSession) made[0]);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertFalse((Boolean) other[1], "past the deadline: a full handshake");
            assertTrue(ms < 2000, "the handshake waited for the deadline only, not for Redis: " + ms + " ms");
            assertTrue(b.sessionCache().stats().storeErrors() > errors, "counted: " + b.sessionCache().stats());
            ((SslSession) other[0]).free();
            ((SslSession) other[2]).free();
        } finally {
            redis.pause(false);
        }
        ((SslSession) made[0]).free();
        ((SslSession) made[2]).free();
        untilResumes();
    }

    @Test
    @Timeout(60)
    void garbageInRedisGivesFullHandshakes() throws Exception {
        untilResumes();
        Object[] made = StoreInProcessTest.handshake(client, a, null);
        Thread.sleep(50);
        SslSession server = (SslSession) made[2];
        String key = "sslkit:session:" + HexFormat.of().formatHex(server.idContext()) + ":" + HexFormat.of().formatHex(server.id());
        for (String garbage : new String[] {"garbage", "\u0001\u0007" + "x".repeat(40)}) {
            assertTrue(redisCommand("SET", key, garbage).startsWith("+OK"));
            long errors = b.sessionCache().stats().storeErrors();
            Object[] other = StoreInProcessTest.handshake(client, b, (SslSession) made[0]);
            assertFalse((Boolean) other[1], "garbage: a full handshake");
            assertTrue(b.sessionCache().stats().storeErrors() > errors, "counted: " + b.sessionCache().stats());
            ((SslSession) other[0]).free();
            ((SslSession) other[2]).free();
        }
        ((SslSession) made[0]).free();
        server.free();
        untilResumes();
    }

    /** Issue 16 item 6: the store's lookup latency and a resumed handshake through Redis vs in-process. */
    @Test
    @Timeout(120)
    void costOfAResumptionThroughRedis() throws Exception {
        untilResumes();
        byte[] ctx = "in-process".getBytes(StandardCharsets.US_ASCII);
        byte[] id = new byte[32];
        storeA.put(ctx, id, new byte[1200], Duration.ofMinutes(1)).toCompletableFuture().get();
        int n = 2000;
        long[] lookups = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            storeB.get(ctx, id).toCompletableFuture().get();
            lookups[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(lookups);
        // resumed handshakes: in-process (same instance) vs through Redis (the other instance, its cache cleared each time)
        int rounds = 60;
        long local = 0;
        long viaRedis = 0;
        long full = 0;
        int missed = 0;
        int measured = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            Object[] made = StoreInProcessTest.handshake(client, a, null);
            long t1 = System.nanoTime();
            Object[] again = StoreInProcessTest.handshake(client, a, (SslSession) made[0]);
            long t2 = System.nanoTime();
            b.sessionCache().flush(0); // b keeps no in-process copy: every lookup goes to Redis
            Object[] other = StoreInProcessTest.handshake(client, b, (SslSession) made[0]);
            long t3 = System.nanoTime();
            boolean both = (Boolean) again[1] && (Boolean) other[1];
            if (!both) {
                missed++; // a lookup past the 20 ms deadline on a loaded machine: a full handshake, as designed
            } else if (i >= rounds / 3) { // warm
                full += t1 - t0;
                local += t2 - t1;
                viaRedis += t3 - t2;
                measured++;
            }
            for (Object[] o : new Object[][] {made, again, other}) {
                ((SslSession) o[0]).free();
                ((SslSession) o[2]).free();
            }
        }
        assertTrue(missed <= rounds / 4, "most resumptions went through Redis within the deadline: " + missed + " missed");
        int m = Math.max(1, measured);
        System.out.printf("issue16-cost: store lookup (GET + AES-GCM open, 1200 B) p50 %.3f ms, p99 %.3f ms; bc TLS 1.2 handshake "
                        + "(client+server, one thread) full %.2f ms, resumed in-process %.2f ms, resumed through Redis %.2f ms (%d of %d past the deadline)%n",
                lookups[n / 2] / 1e6, lookups[n * 99 / 100] / 1e6, full / 1e6 / m, local / 1e6 / m, viaRedis / 1e6 / m, missed, rounds);
        assertTrue(viaRedis < full, "a resumption through Redis is faster than a full handshake");
    }

    /** One RESP command on a fresh connection; returns the first reply line. */
    static String redisCommand(String... args) throws Exception {
        StringBuilder sb = new StringBuilder("*" + args.length + "\r\n");
        for (String s : args) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            sb.append('$').append(b.length).append("\r\n").append(s).append("\r\n");
        }
        try (Socket sock = new Socket(InetAddress.getLoopbackAddress(), redis.port)) {
            sock.setSoTimeout(2000);
            OutputStream o = sock.getOutputStream();
            o.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            InputStream in = sock.getInputStream();
            StringBuilder r = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                r.append((char) c);
            }
            return r.toString();
        }
    }
}
