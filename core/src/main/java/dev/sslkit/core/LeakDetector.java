package dev.sslkit.core;

import java.lang.ref.Cleaner;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports reference-counted objects that became unreachable without their last {@code free()}
 * (Netty's {@code ResourceLeakDetector} idea). Level from the system property
 * {@code sslkit.leakDetection}: {@code disabled}, {@code simple} (default: one object in 128 is
 * tracked, with no stack), {@code paranoid} (every object, with where it was created). Benchmarks
 * run with {@code disabled}; the test suites with {@code paranoid}.
 */
public final class LeakDetector {
    /** Detection levels. */
    public enum Level { DISABLED, SIMPLE, PARANOID }

    private static final System.Logger LOG = System.getLogger("dev.sslkit.leak");
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "sslkit-leak-detector");
        t.setDaemon(true);
        return t;
    });
    private static final AtomicLong LEAKS = new AtomicLong();
    static final Level LEVEL = parse(System.getProperty("sslkit.leakDetection", "simple"));

    private LeakDetector() {
    }

    private static Level parse(String v) {
        try {
            return Level.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "sslkit.leakDetection=" + v + " is not disabled|simple|paranoid; using simple");
            return Level.SIMPLE;
        }
    }

    /** @return leaks reported since the JVM started */
    public static long leaks() {
        return LEAKS.get();
    }

    /** The record of one tracked object; {@link #close()} on deallocation. */
    public static final class Tracker implements Runnable {
        private final String what;
        private final Throwable createdAt;
        private volatile boolean closed;
        private Cleaner.Cleanable cleanable;

        Tracker(String what, Throwable createdAt) {
            this.what = what;
            this.createdAt = createdAt;
        }

        /** Marks the object released; no report will be made. */
        public void close() {
            closed = true;
            Cleaner.Cleanable c = cleanable;
            if (c != null) {
                c.clean();
            }
        }

        @Override
        public void run() {
            if (!closed) {
                LEAKS.incrementAndGet();
                String msg = "LEAK: " + what + " was garbage-collected without its last free()"
                        + (createdAt == null ? " (set -Dsslkit.leakDetection=paranoid to see where it was created)" : "; created at:");
                LOG.log(System.Logger.Level.ERROR, msg, createdAt);
            }
        }
    }

    /**
     * @param obj  the object to watch
     * @param what its name for the report
     * @return a tracker, or {@code null} when this object is not sampled
     */
    public static Tracker track(Object obj, String what) {
        Level l = LEVEL;
        if (l == Level.DISABLED || (l == Level.SIMPLE && ThreadLocalRandom.current().nextInt(128) != 0)) {
            return null;
        }
        Tracker t = new Tracker(what, l == Level.PARANOID ? new Throwable("created here") : null);
        t.cleanable = CLEANER.register(obj, t);
        return t;
    }
}
