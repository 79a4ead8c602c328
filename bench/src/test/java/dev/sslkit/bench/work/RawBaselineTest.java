package dev.sslkit.bench.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;

import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 13, item 7: the raw baselines keep doing the same work as sslkit — as counts, never timings.
 * <ul>
 * <li>item 1: a raw connection allocates no transport or scratch buffer of its own: the bytes the
 *     measuring thread allocates per raw connection stay under what sslkit allocates for the same
 *     connection over the same engines (sslkit does strictly more work), and, for raw Conscrypt, whose
 *     handshake lives in native memory, under 64 KiB (a pair of 128 KiB transport buffers per connection
 *     was over 256 KiB);</li>
 * <li>item 2: a raw Conscrypt engine's native {@code SSL} is released when its pair is closed, not by a
 *     finalizer;</li>
 * <li>item 3: every raw SSLEngine context verifies through {@link RawTrust}.</li>
 * </ul>
 */
class RawBaselineTest {
    /** Allocation counts settle within a few dozen connections (they are counts, not timings). */
    private static final int WARM = 60;
    private static final int OPS = 30;

    private static boolean conscryptHere() {
        try {
            return org.conscrypt.Conscrypt.isAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    /** Least bytes per connection over 3 rounds (a one-off lazy initialisation is not per connection). */
    private static double bytesPerConnection(PairFactory f) throws Exception {
        Meter.times(f::connection, WARM);
        double least = Double.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            least = Math.min(least, Meter.times(f::connection, OPS).bytes());
        }
        return least;
    }

    @ParameterizedTest(name = "item 1: {0} {1} {2}: raw allocates per connection no more than sslkit")
    @CsvSource({"jsse,TLSv1.2,true", "jsse,TLSv1.3,false", "bc,TLSv1.2,true", "conscrypt,TLSv1.2,true", "conscrypt,TLSv1.3,true"})
    void issue13Item1RawConnectionAllocatesNoBuffersOfItsOwn(String provider, String proto, boolean resume) throws Exception {
        assumeTrue(!provider.equals("conscrypt") || conscryptHere(), "Conscrypt's native library is not available here");
        assumeTrue(Meter.allocatedNow() >= 0, "this JVM cannot count a thread's allocation");
        Proto.Suite suite = Proto.of(proto).handshakeSuite();
        double raw;
        double sslkit;
        try (PairFactory r = PairFactory.create(new PairFactory.Spec(PairFactory.Impl.RAW, provider, provider, suite, resume, false));
             PairFactory s = PairFactory.create(new PairFactory.Spec(PairFactory.Impl.SSLKIT, provider, provider, suite, resume, false))) {
            raw = bytesPerConnection(r);
            sslkit = bytesPerConnection(s);
        }
        assertTrue(raw <= sslkit, provider + " " + proto + (resume ? " resumed" : " full") + ": raw allocates " + (long) raw
                + " B per connection, sslkit " + (long) sslkit + " B: the raw loop does work sslkit does not");
        if (provider.equals("conscrypt")) {
            assertTrue(raw < 64 * 1024, "raw Conscrypt allocates " + (long) raw + " B per connection (at most 64 KiB)");
        }
    }

    @ParameterizedTest(name = "item 2: raw conscrypt {0} {1}: native SSL released when the pair closes")
    @CsvSource({"TLSv1.3,false", "TLSv1.3,true", "TLSv1.2,false", "TLSv1.2,true"})
    void issue13Item2RawConscryptEnginesAreFreedWhenThePairCloses(String proto, boolean resume) throws Exception {
        assumeTrue(conscryptHere(), "Conscrypt's native library is not available here");
        try (PairFactory f = PairFactory.create(new PairFactory.Spec(PairFactory.Impl.RAW, "conscrypt", "conscrypt",
                Proto.of(proto).handshakeSuite(), resume, false))) {
            for (int i = 0; i < 5; i++) {
                RawPairs.RawPair p = (RawPairs.RawPair) f.open();
                p.handshake();
                p.sendBack(java.nio.ByteBuffer.wrap(new byte[1]), java.nio.ByteBuffer.allocate(4096));
                SSLEngine c = ((EngineSide) p.client).engine;
                SSLEngine s = ((EngineSide) p.server).engine;
                assertEquals(Boolean.FALSE, nativeReleased(c), "a live engine holds its native SSL");
                p.close();
                assertEquals(Boolean.TRUE, nativeReleased(c), "client engine's native SSL released by close");
                assertEquals(Boolean.TRUE, nativeReleased(s), "server engine's native SSL released by close");
            }
        }
    }

    @Test
    void issue13Item3EveryRawSslEngineContextVerifiesThroughRawTrust() throws Exception {
        // a chain that PKIX accepts but that is not for localhost is refused by the one shared check
        dev.sslkit.tck.TestPki pki = dev.sslkit.tck.TestPki.ec();
        RawTrust t = RawKeys.trust();
        java.security.cert.X509Certificate[] chain = pki.serverKey().chain().toArray(new java.security.cert.X509Certificate[0]);
        t.checkServer(chain);
        java.security.cert.X509Certificate[] rootOnly = {pki.root()};
        org.junit.jupiter.api.Assertions.assertThrows(java.security.cert.CertificateException.class, () -> t.checkServer(rootOnly));
    }

    /** Conscrypt's {@code Java8EngineWrapper.delegate.ssl.ssl == 0} (read reflectively; org.conscrypt opens its packages). */
    private static Boolean nativeReleased(SSLEngine e) throws ReflectiveOperationException {
        Object engine = e;
        if (e.getClass().getName().equals("org.conscrypt.Java8EngineWrapper")) {
            engine = field(e.getClass(), "delegate").get(e);
        }
        Object nativeSsl = field(engine.getClass(), "ssl").get(engine);
        return nativeSsl == null || field(nativeSsl.getClass(), "ssl").getLong(nativeSsl) == 0;
    }

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
