package dev.sslkit.core;

import dev.sslkit.SessionStore;
import dev.sslkit.spi.SessionStoreAccess;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One context's link to its {@link SessionStore}: every call bounded and fault-tolerant. A lookup
 * waits at most the store's {@link SessionStore#lookupDeadline()}; a failure, a timeout or a store
 * that throws is counted in the cache's {@code storeErrors} and logged once per burst (the first
 * failure after a success, at WARNING; the recovery, at INFO, with the number of failures), and
 * never reaches the handshake, which then is a full one. Thread-safe.
 */
final class StoreLink implements SessionStoreAccess {
    private static final System.Logger LOG = System.getLogger("dev.sslkit.store");

    final SessionStore store;
    private final long deadlineNanos;
    /** Counts a failed store operation (CacheStatistics.storeError). */
    private final Runnable errors;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong burst = new AtomicLong();
    private volatile AutoCloseable subscription;

    StoreLink(SessionStore store, Runnable errors) {
        this.store = store;
        this.errors = errors;
        Duration d = store.lookupDeadline();
        this.deadlineNanos = d == null || d.isNegative() ? TimeUnit.MILLISECONDS.toNanos(5) : d.toNanos();
    }

    /** @return the bytes stored under the key, or {@code null} on a miss, a failure or past the deadline */
    @Override
    public byte[] get(byte[] idContext, byte[] id) {
        CompletableFuture<byte[]> f;
        try {
            CompletionStage<byte[]> st = store.get(idContext.clone(), id.clone());
            if (st == null) {
                failed("lookup", "the store returned no stage", null);
                return null;
            }
            f = st.toCompletableFuture();
        } catch (RuntimeException e) {
            failed("lookup", e.toString(), e);
            return null;
        }
        try {
            byte[] b = f.get(deadlineNanos, TimeUnit.NANOSECONDS);
            ok();
            return b;
        } catch (TimeoutException e) {
            f.cancel(false);
            failed("lookup", "no answer within the deadline of " + TimeUnit.NANOSECONDS.toMicros(deadlineNanos) / 1000.0 + " ms", null);
        } catch (ExecutionException e) {
            failed("lookup", String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed("lookup", "interrupted", e);
        } catch (RuntimeException e) { // CancellationException
            failed("lookup", e.toString(), e);
        }
        return null;
    }

    @Override
    public void put(byte[] idContext, byte[] id, byte[] bytes, long ttlSeconds) {
        if (id == null || id.length == 0) {
            return;
        }
        try {
            watch("put", store.put(idContext.clone(), id.clone(), bytes, Duration.ofSeconds(Math.max(1, ttlSeconds))));
        } catch (RuntimeException e) {
            failed("put", e.toString(), e);
        }
    }

    void remove(byte[] idContext, byte[] id) {
        if (id == null || id.length == 0) {
            return;
        }
        try {
            watch("remove", store.remove(idContext.clone(), id.clone()));
        } catch (RuntimeException e) {
            failed("remove", e.toString(), e);
        }
    }

    /** A bytes-to-session failure after a successful lookup (garbage in the store). */
    void undecodable(byte[] id, Exception e) {
        failed("lookup", "stored bytes for session " + HexFormat.of().formatHex(id) + " do not decode: " + e.getMessage(), e);
    }

    void subscribe(SessionStore.RemovalListener l) {
        try {
            subscription = store.subscribeRemovals(l);
        } catch (RuntimeException e) {
            failed("subscribe", e.toString(), e);
        }
    }

    void close() {
        AutoCloseable s = subscription;
        subscription = null;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the session store subscription failed", e);
            }
        }
    }

    private void watch(String op, CompletionStage<Void> st) {
        if (st == null) {
            failed(op, "the store returned no stage", null);
            return;
        }
        st.whenComplete((v, e) -> {
            if (e == null) {
                ok();
            } else {
                failed(op, String.valueOf(e), e);
            }
        });
    }

    private void ok() {
        if (failing.get() && failing.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.INFO, () -> "session store " + store + " works again after " + burst.getAndSet(0)
                    + " failed operation(s)");
        }
    }

    private void failed(String op, String why, Throwable cause) {
        errors.run();
        burst.incrementAndGet();
        if (!failing.get() && failing.compareAndSet(false, true)) {
            String msg = "session store " + store + ": " + op + " failed (" + why + "); handshakes that need it are full "
                    + "handshakes until it works again; further failures are counted in the cache statistics (storeErrors), "
                    + "not logged";
            if (cause != null) {
                LOG.log(System.Logger.Level.WARNING, msg, cause);
            } else {
                LOG.log(System.Logger.Level.WARNING, msg);
            }
        }
    }

    @Override
    public String toString() {
        return "StoreLink[" + store + "]";
    }
}
