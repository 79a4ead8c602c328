package dev.sslkit.core;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.SslSession;
import dev.sslkit.SslSessionCache;
import dev.sslkit.spi.EngineSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4 item 2 and 3, and 8: the context's session cache against OpenSSL 3.0's {@code ssl_sess.c}
 * (notes section 5.4–5.6), with sessions over a fake provider session, no TLS involved.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionCacheTest {
    private static final long NOW = 1_700_000_000L;

    /** A provider session that only counts invalidations. */
    static final class FakeEngineSession implements EngineSession {
        final byte[] id;
        final AtomicInteger invalidated = new AtomicInteger();

        FakeEngineSession(byte[] id) {
            this.id = id;
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        @Override
        public ProtocolVersion protocol() {
            return ProtocolVersion.TLS1_2;
        }

        @Override
        public String cipherSuite() {
            return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        }

        @Override
        public List<X509Certificate> peerCertificates() {
            return List.of();
        }

        @Override
        public long creationTimeMillis() {
            return NOW * 1000;
        }

        @Override
        public boolean isResumable() {
            return invalidated.get() == 0;
        }

        @Override
        public void invalidate() {
            invalidated.incrementAndGet();
        }
    }

    private static byte[] id(int n) {
        return ByteBuffer.allocate(32).putInt(n).array();
    }

    private static SessionImpl session(int n, long time, long timeout) {
        return new SessionImpl(new FakeEngineSession(id(n)), "fake", new byte[0], time, timeout);
    }

    private static SessionImpl session(int n, long timeout) {
        return session(n, NOW, timeout);
    }

    /** Records remove callbacks in order. */
    private static List<SslSession> recordRemovals(SessionCacheImpl c) {
        List<SslSession> removed = Collections.synchronizedList(new ArrayList<>());
        c.setRemoveSessionCallback((ctx, s) -> removed.add(s));
        return removed;
    }

    @Test
    void issue4_2_addReturnsTrueThenFalseForTheSameObject() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        SessionImpl a = session(1, 300);
        assertTrue(c.add(a), "SSL_CTX_add_session: a new entry returns 1");
        assertEquals(2, a.refCnt(), "the cache holds one reference");
        assertFalse(c.add(a), "the same object again returns 0");
        assertEquals(2, a.refCnt(), "and its extra reference is dropped");
        assertEquals(1, c.number());
        c.flush(0);
        assertEquals(1, a.refCnt());
        a.free();
    }

    @Test
    void issue4_2_differentObjectWithTheSameIdReplacesSilently() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        List<SslSession> removed = recordRemovals(c);
        SessionImpl a = session(7, 300);
        SessionImpl b = session(7, 300);
        assertTrue(c.add(a));
        assertTrue(c.add(b), "OpenSSL: the other object is 'pretended not to exist', so this is a new entry (1)");
        assertEquals(1, c.number());
        assertTrue(c.contains(b));
        assertFalse(c.contains(a));
        assertEquals(1, a.refCnt(), "the cache's reference on the old one is released");
        assertTrue(a.isResumable(), "replaced silently: not marked non-resumable");
        assertTrue(removed.isEmpty(), "replaced silently: no remove callback");
        assertTrue(c.consistent());
        c.flush(0);
        a.free();
        b.free();
    }

    @Test
    void issue4_2_removeReturnsTrueThenFalseAndAlwaysMarksAndCallsBack() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        List<SslSession> removed = recordRemovals(c);
        SessionImpl a = session(1, 300);
        c.add(a);
        assertTrue(c.remove(a), "SSL_CTX_remove_session: 1 when it was cached");
        assertFalse(a.isResumable(), "marked non-resumable");
        assertEquals(1, a.refCnt(), "the cache's reference is released");
        assertFalse(c.remove(a), "0 the second time");
        assertEquals(List.of(a, a), removed, "the remove callback runs both times");
        SessionImpl never = session(2, 300);
        assertFalse(c.remove(never));
        assertFalse(never.isResumable(), "even a session that was never cached is marked");
        assertEquals(3, removed.size());
        assertEquals(0, c.number());
        a.free();
        never.free();
    }

    @Test
    void issue4_2_sizeOneKeepsTheNewSessionEvenWhenItExpiresSooner() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        List<SslSession> removed = recordRemovals(c);
        assertEquals(20480, c.setSize(1), "default size SSL_SESSION_CACHE_MAX_SIZE_DEFAULT");
        SessionImpl longLived = session(1, 7200);
        SessionImpl shortLived = session(2, 10);
        c.add(longLived);
        assertTrue(c.add(shortLived), "evict before insert: the new session is added");
        assertEquals(1, c.number());
        assertTrue(c.contains(shortLived), "the newly added session survives although it expires first");
        assertFalse(longLived.isResumable(), "the evicted session is marked non-resumable");
        assertEquals(1, c.stats().cacheFull(), "cache_full counted");
        assertEquals(List.of(longLived), removed, "the remove callback for the evicted one");
        assertEquals(1, longLived.refCnt());
        c.flush(0);
        longLived.free();
        shortLived.free();
    }

    @Test
    void issue4_2_fullCacheEvictsEarliestExpiryFirst() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        List<SslSession> removed = recordRemovals(c);
        c.setSize(3);
        SessionImpl a = session(1, 500);
        SessionImpl b = session(2, 100);
        SessionImpl d = session(3, 300);
        SessionImpl e = session(4, 1000);
        c.add(a);
        c.add(b);
        c.add(d);
        c.add(e);
        assertEquals(List.of(b), removed, "not LRU: the entry that expires first goes");
        assertEquals(List.of(d, a, e), c.inExpiryOrder());
        assertEquals(1, c.stats().cacheFull());
        c.flush(0);
        for (SessionImpl s : List.of(a, b, d, e)) {
            s.free();
        }
    }

    @Test
    void issue4_2_entriesOrderedByExpiryAndFlushRemovesExactlyTheExpiredEarliestFirst() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        List<SslSession> removed = recordRemovals(c);
        long[] timeouts = {50, 10, 40, 20, 30, 20};
        List<SessionImpl> all = new ArrayList<>();
        for (int i = 0; i < timeouts.length; i++) {
            SessionImpl s = session(i, timeouts[i]);
            all.add(s);
            c.add(s);
        }
        List<SessionImpl> order = c.inExpiryOrder();
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i - 1).expiry() <= order.get(i).expiry(), "sorted by expiry: " + order);
        }
        assertSame(all.get(3), order.get(1), "equal expiry: the earlier added is nearer the tail");
        assertSame(all.get(5), order.get(2));
        c.flush(NOW + 10);
        assertTrue(removed.isEmpty(), "expired means now > time + timeout: at exactly the expiry it is kept");
        c.flush(NOW + 11);
        assertEquals(List.of(all.get(1)), removed);
        c.flush(NOW + 35);
        assertEquals(List.of(all.get(1), all.get(3), all.get(5), all.get(4)), removed, "earliest first, with a callback each");
        for (SslSession s : removed) {
            assertFalse(s.isResumable(), "flushed sessions are marked non-resumable");
            assertEquals(1, s.refCnt());
        }
        assertEquals(2, c.number());
        assertTrue(c.consistent());
        c.flush(0);
        assertEquals(0, c.number(), "flush(0) empties the cache");
        assertEquals(6, removed.size());
        assertEquals(0, c.stats().timeouts(), "a flush is not a timeout (timeouts count lookups)");
        all.forEach(SessionImpl::free);
    }

    @Test
    void issue4_2_sizeDefaultsUnlimitedAndNegativeRefused() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        assertEquals(SslSessionCache.DEFAULT_SIZE, c.size());
        assertEquals(20480, c.size());
        assertEquals(20480, c.setSize(0));
        List<SessionImpl> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            SessionImpl s = session(i, 300);
            all.add(s);
            c.add(s);
        }
        assertEquals(100, c.number(), "0 = unlimited");
        assertEquals(0, c.stats().cacheFull());
        assertThrows(IllegalArgumentException.class, () -> c.setSize(-1), "negative refused (SSL_CTX_sess_set_cache_size returns 0)");
        assertEquals(0, c.size(), "unchanged");
        assertEquals(SslSessionCache.SERVER, c.mode(), "default mode: server");
        assertEquals(SslSessionCache.SERVER, c.setMode(SslSessionCache.BOTH), "setMode returns the previous mode");
        c.flush(0);
        all.forEach(SessionImpl::free);
    }

    @Test
    void issue4_2_setTimeoutOnACachedSessionResortsIt() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        List<SslSession> removed = recordRemovals(c);
        SessionImpl a = session(1, 100);
        SessionImpl b = session(2, 200);
        c.add(a);
        c.add(b);
        assertEquals(List.of(a, b), c.inExpiryOrder());
        a.setTimeout(300);
        assertEquals(List.of(b, a), c.inExpiryOrder(), "SSL_SESSION_set_timeout re-sorts it in its cache");
        assertTrue(c.consistent());
        c.flush(NOW + 250);
        assertEquals(List.of(b), removed);
        assertTrue(c.contains(a));
        c.flush(0);
        a.free();
        b.free();
    }

    @Test
    void issue4_2_updateTimeModeRefreshesTheTime() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        c.setMode(SslSessionCache.SERVER | SslSessionCache.UPDATE_TIME);
        SessionImpl a = session(1, NOW - 1000, 300);
        c.add(a);
        assertTrue(a.time() >= System.currentTimeMillis() / 1000 - 5, "SSL_SESS_CACHE_UPDATE_TIME: time = now on add");
        assertTrue(c.consistent());
        c.flush(0);
        a.free();
    }

    /** Issue 4 item 3: a remove callback that uses the cache again neither deadlocks nor corrupts it. */
    @Test
    void issue4_3_reentrantRemoveCallback() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        c.setSize(2);
        List<SessionImpl> extra = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        SessionImpl other = session(100, 5000);
        c.add(other);
        c.setRemoveSessionCallback((ctx, s) -> {
            int n = calls.incrementAndGet();
            c.number();
            c.stats();
            if (n == 1) {
                c.remove(other); // re-enters remove → the callback again (n == 2)
                SessionImpl x = session(200, 9000);
                extra.add(x);
                c.add(x); // re-enters add
            }
        });
        SessionImpl a = session(1, 10);
        SessionImpl b = session(2, 20);
        c.add(a);
        c.add(b); // evicts 'a' (earliest)... size 2 with 'other' → evicts a; the callback removes 'other' and adds x
        assertTrue(c.consistent());
        assertTrue(calls.get() >= 2);
        assertFalse(other.isResumable());
        assertTrue(c.number() <= 2);
        c.setRemoveSessionCallback(null);
        c.flush(0);
        assertEquals(0, c.number());
        for (SessionImpl s : List.of(a, b, other)) {
            assertEquals(1, s.refCnt(), "no reference lost or leaked: " + s);
            s.free();
        }
        extra.forEach(x -> {
            assertEquals(1, x.refCnt());
            x.free();
        });
    }

    /** Issue 4 item 3: get_session_cb's copy flag; a non-resumable returned session is ignored. */
    @Test
    void issue4_3_getCallbackCopyFlagContract() throws Exception {
        SessionCacheImpl c = new SessionCacheImpl(null);
        SessionImpl ext = session(5, NOW, 7200);
        // copy stays true: sslkit takes its own reference; the app keeps its own
        c.setGetSessionCallback((ssl, id, copy) -> ext);
        SessionImpl got = c.findForServer(null, id(5), new byte[0], false, NOW + 1);
        assertSame(ext, got);
        assertEquals(1, c.stats().misses(), "the internal lookup failed first");
        assertEquals(1, c.stats().cbHits());
        assertEquals(3, ext.refCnt(), "the app's 1 + sslkit's copy 1 + the internal cache's 1 (stored: no NO_INTERNAL_STORE)");
        assertTrue(c.contains(ext));
        got.free();
        c.flush(0);
        assertEquals(1, ext.refCnt());
        ext.free();

        // copy = false: the callback hands over one of its references
        SessionCacheImpl c2 = new SessionCacheImpl(null);
        c2.setMode(SslSessionCache.SERVER | SslSessionCache.NO_INTERNAL);
        SessionImpl handed = session(6, NOW, 7200);
        handed.upRef(); // the reference the callback gives away
        c2.setGetSessionCallback((ssl, id, copy) -> {
            copy[0] = false;
            return handed;
        });
        SessionImpl got2 = c2.findForServer(null, id(6), new byte[0], false, NOW + 1);
        assertSame(handed, got2);
        assertEquals(0, c2.stats().misses(), "NO_INTERNAL_LOOKUP: no internal lookup, no miss");
        assertEquals(0, c2.number(), "NO_INTERNAL_STORE: not stored");
        assertEquals(2, handed.refCnt(), "the handed-over reference is the caller's now, no extra");
        got2.free();
        assertEquals(1, handed.refCnt());

        // a non-resumable session is ignored: freed if handed over, untouched if copied
        handed.upRef();
        c2.remove(handed); // marks it
        assertNull(c2.findForServer(null, id(6), new byte[0], false, NOW + 1));
        assertEquals(1, handed.refCnt(), "copy=false and not resumable: sslkit freed the handed-over reference");
        SessionImpl bad = session(7, NOW, 7200);
        c2.remove(bad);
        c2.setGetSessionCallback((ssl, id, copy) -> bad);
        assertNull(c2.findForServer(null, id(7), new byte[0], false, NOW + 1));
        assertEquals(1, bad.refCnt(), "copy=true and not resumable: no reference taken or dropped");
        assertEquals(1, c2.stats().cbHits(), "ignored sessions are no cb_hits");
        handed.free();
        bad.free();
    }

    /** Issue 4 items 2 and 5: lookup timeouts, id context isolation and the fatal uninitialized id context. */
    @Test
    void issue4_5_lookupRules() throws Exception {
        SessionCacheImpl c = new SessionCacheImpl(null);
        List<SslSession> removed = recordRemovals(c);
        byte[] ctxA = {'A'};
        SessionImpl a = new SessionImpl(new FakeEngineSession(id(1)), "fake", ctxA, NOW, 100);
        c.add(a);
        assertNull(c.findForServer(null, id(1), new byte[] {'B'}, false, NOW + 1), "another id context: not used");
        assertEquals(0, c.stats().misses(), "OpenSSL treats it like a miss but counts nothing");
        assertEquals(0, c.stats().timeouts());
        SessionImpl same = c.findForServer(null, id(1), ctxA, false, NOW + 1);
        assertSame(a, same);
        same.free();
        assertNull(c.findForServer(null, id(9), ctxA, false, NOW + 1));
        assertEquals(1, c.stats().misses());
        assertNull(c.findForServer(null, id(1), ctxA, false, NOW + 101), "expired");
        assertEquals(1, c.stats().timeouts(), "timeouts counted");
        assertEquals(0, c.number(), "an expired session found in the cache is removed");
        assertEquals(List.of(a), removed);
        // a server that verifies clients and has no id context: fatal
        SessionImpl n = session(3, 7200);
        c.add(n);
        SslException e = assertThrows(SslException.class, () -> c.findForServer(null, id(3), new byte[0], true, NOW + 1));
        assertTrue(e.hasReason(SslReason.SESSION_ID_CONTEXT_UNINITIALIZED), e.getMessage());
        assertEquals(2, n.refCnt(), "the lookup's reference was given back");
        c.flush(0);
        a.free();
        n.free();
    }

    /**
     * Issue 4 item 8: many threads add, remove, look up, re-time and flush at once; afterwards the
     * cache is consistent and every session's reference count is exactly the test's own one.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void issue4_8_concurrentUseKeepsTheCacheConsistent() throws Exception {
        SessionCacheImpl c = new SessionCacheImpl(null);
        c.setSize(64);
        AtomicInteger removeCalls = new AtomicInteger();
        c.setRemoveSessionCallback((ctx, s) -> {
            removeCalls.incrementAndGet();
            c.number(); // callbacks may use the cache
        });
        int threads = 8;
        int perThread = 20_000;
        List<SessionImpl> pool = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pool.add(session(i % 150, NOW, 100 + i)); // some share an id: replacements race too
        }
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t;
            Thread th = new Thread(() -> {
                Random r = new Random(seed);
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        SessionImpl s = pool.get(r.nextInt(pool.size()));
                        switch (r.nextInt(10)) {
                            case 0: case 1: case 2:
                                c.add(s);
                                break;
                            case 3: case 4:
                                c.remove(s);
                                break;
                            case 5: case 6: case 7: {
                                SessionImpl f = c.lookup(s.idRef());
                                if (f != null) {
                                    f.free();
                                }
                                break;
                            }
                            case 8:
                                s.setTimeout(50 + r.nextInt(500));
                                break;
                            default:
                                if (r.nextInt(50) == 0) {
                                    c.flush(NOW + r.nextInt(600));
                                } else {
                                    c.stats();
                                }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            ts.add(th);
            th.start();
        }
        start.countDown();
        for (Thread th : ts) {
            th.join(TimeUnit.SECONDS.toMillis(50));
            assertFalse(th.isAlive(), "no deadlock");
        }
        if (failure.get() != null) {
            throw new AssertionError("a worker failed", failure.get());
        }
        assertTrue(c.consistent(), "hash and expiry list agree, in order");
        assertTrue(c.number() <= 64, "the size limit held");
        c.flush(0);
        assertEquals(0, c.number());
        for (SessionImpl s : pool) {
            assertEquals(1, s.refCnt(), "no lost or leaked reference: " + s);
            s.free();
        }
        assertTrue(removeCalls.get() > 0);
    }

    /**
     * OpenSSL's {@code SSL_CTX_add_session} calls {@code SSL_SESSION_list_add} for the same object
     * too (ssl_sess.c: "add back into the cache at the appropriate spot"), so re-adding a cached
     * session makes it the newest of its expiry: with equal expiries the other one is evicted first.
     */
    @Test
    void issue4_2_reAddingACachedSessionRelinksItAsTheNewestOfItsExpiry() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        List<SslSession> removed = recordRemovals(c);
        c.setSize(2);
        SessionImpl a = session(1, 300);
        SessionImpl b = session(2, 300);
        SessionImpl d = session(3, 300);
        c.add(a);
        c.add(b);
        assertEquals(List.of(a, b), c.inExpiryOrder());
        assertFalse(c.add(a), "the same object again returns 0");
        assertEquals(List.of(b, a), c.inExpiryOrder(), "SSL_SESSION_list_add: a is now the newest of its expiry");
        assertEquals(2, a.refCnt(), "one cache reference");
        c.add(d);
        assertEquals(List.of(b), removed, "the tail (b) is evicted, not the re-added a");
        assertTrue(c.contains(a));
        assertTrue(c.consistent());
        c.flush(0);
        for (SessionImpl s : List.of(a, b, d)) {
            assertEquals(1, s.refCnt());
            s.free();
        }
    }

    /** The expiry list against a model: sorted by expiry, equal expiries oldest-linked first (nearest the tail). */
    @Test
    void issue4_2_expiryOrderMatchesAModelForMixedTimeouts() {
        SessionCacheImpl c = new SessionCacheImpl(null);
        c.setSize(0);
        Random r = new Random(42);
        List<SessionImpl> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(session(i, NOW + r.nextInt(20), 1 + r.nextInt(40)));
        }
        List<SessionImpl> model = new ArrayList<>(); // earliest expiry first; among equals, earliest linked first
        for (int step = 0; step < 5000; step++) {
            SessionImpl s = all.get(r.nextInt(all.size()));
            switch (r.nextInt(4)) {
                case 0: case 1:
                    c.add(s); // new or relinked
                    model.remove(s);
                    insertIntoModel(model, s);
                    break;
                case 2:
                    c.remove(s);
                    model.remove(s);
                    break;
                default:
                    s.setTimeout(1 + r.nextInt(40)); // re-sorted if cached
                    if (model.remove(s)) {
                        insertIntoModel(model, s);
                    }
            }
            if (step % 97 == 0) {
                assertEquals(model, c.inExpiryOrder(), "after step " + step);
                assertTrue(c.consistent());
            }
        }
        assertEquals(model, c.inExpiryOrder());
        assertEquals(model.size(), c.number());
        c.flush(0);
        all.forEach(SessionImpl::free);
    }

    private static void insertIntoModel(List<SessionImpl> model, SessionImpl s) {
        int i = model.size();
        while (i > 0 && model.get(i - 1).expiry() > s.expiry()) {
            i--;
        }
        model.add(i, s); // after every entry that expires no later
    }

    /** A session's list links are its cache's: adding it to a second context's cache is refused, neither cache changes. */
    @Test
    void issue4_2_aSessionIsInOneCacheAtATime() {
        SessionCacheImpl one = new SessionCacheImpl(null);
        SessionCacheImpl two = new SessionCacheImpl(null);
        SessionImpl a = session(1, 300);
        SessionImpl b = session(2, 300);
        one.add(a);
        two.add(b);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> two.add(a));
        assertTrue(e.getMessage().contains("another context's session cache"), e.getMessage());
        assertEquals(2, a.refCnt(), "no reference taken");
        assertTrue(one.consistent() && two.consistent());
        assertEquals(List.of(b), two.inExpiryOrder());
        assertTrue(one.remove(a));
        assertTrue(two.add(a), "once the first cache let it go");
        assertTrue(two.consistent());
        two.flush(0);
        assertEquals(1, a.refCnt());
        a.free();
        b.free();
    }

    /**
     * Issue 4 item 8, under contention: threads add, look up, remove, re-time and flush distinct
     * sessions in a small cache. Afterwards number() is what the cache really holds, cache_full equals
     * the evictions the remove callback saw, every session the cache let go was non-resumable when the
     * callback ran, and per session the successful adds equal the removals plus what is still cached
     * (no remove callback lost or doubled, no reference lost or leaked).
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void issue4_8_contentionKeepsCountsCallbacksAndReferencesExact() throws Exception {
        SessionCacheImpl c = new SessionCacheImpl(null);
        c.setSize(16);
        int poolSize = 64;
        List<SessionImpl> pool = new ArrayList<>();
        Map<SessionImpl, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < poolSize; i++) {
            SessionImpl s = session(i, NOW, 100 + (i % 4) * 100); // a few timeouts: head, tail and middle inserts
            pool.add(s);
            index.put(s, i);
        }
        AtomicIntegerArray addedTrue = new AtomicIntegerArray(poolSize);
        AtomicIntegerArray removedTrue = new AtomicIntegerArray(poolSize);
        AtomicIntegerArray removeCalls = new AtomicIntegerArray(poolSize);
        AtomicIntegerArray callbacks = new AtomicIntegerArray(poolSize);
        AtomicInteger evictionCallbacks = new AtomicInteger();
        AtomicInteger flushCallbacks = new AtomicInteger();
        AtomicInteger resumableInCallback = new AtomicInteger();
        ThreadLocal<String> inOp = new ThreadLocal<>();
        c.setRemoveSessionCallback((ctx, s) -> {
            SessionImpl si = (SessionImpl) s;
            callbacks.incrementAndGet(index.get(si));
            if (!si.notResumable()) {
                resumableInCallback.incrementAndGet();
            }
            String op = inOp.get();
            if ("add".equals(op)) {
                evictionCallbacks.incrementAndGet();
            } else if ("flush".equals(op)) {
                flushCallbacks.incrementAndGet();
            }
            c.number(); // callbacks may use the cache
        });
        int threads = 4;
        int perThread = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = 1000 + t;
            Thread th = new Thread(() -> {
                Random r = new Random(seed);
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        int k = r.nextInt(poolSize);
                        SessionImpl s = pool.get(k);
                        int op = r.nextInt(20);
                        if (op < 7) {
                            inOp.set("add");
                            if (c.add(s)) {
                                addedTrue.incrementAndGet(k);
                            }
                        } else if (op < 11) {
                            inOp.set("remove");
                            removeCalls.incrementAndGet(k);
                            if (c.remove(s)) {
                                removedTrue.incrementAndGet(k);
                            }
                        } else if (op < 18) {
                            SessionImpl f = c.lookup(s.idRef());
                            if (f != null) {
                                assertSame(s, f, "the lookup finds the session of that id");
                                f.free();
                            }
                        } else if (op < 19) {
                            s.setTimeout(100 + r.nextInt(4) * 100);
                        } else {
                            inOp.set("flush");
                            c.flush(NOW + 50 + r.nextInt(400));
                        }
                        inOp.set(null);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            ts.add(th);
            th.start();
        }
        start.countDown();
        for (Thread th : ts) {
            th.join(TimeUnit.SECONDS.toMillis(50));
            assertFalse(th.isAlive(), "no deadlock");
        }
        if (failure.get() != null) {
            throw new AssertionError("a worker failed", failure.get());
        }
        assertTrue(c.consistent(), "hash and expiry list agree, in order");
        List<SessionImpl> present = c.inExpiryOrder();
        assertEquals(present.size(), c.number(), "number() is the entries really present");
        assertTrue(c.number() <= 16, "the size limit held");
        assertEquals(evictionCallbacks.get(), c.stats().cacheFull(), "cache_full counts exactly the evictions");
        assertTrue(c.stats().cacheFull() > 0 && flushCallbacks.get() > 0, "evictions and flushes happened");
        assertEquals(0, resumableInCallback.get(), "every session the cache let go was non-resumable at its callback");
        int totalLetGo = 0;
        for (int k = 0; k < poolSize; k++) {
            SessionImpl s = pool.get(k);
            int letGo = callbacks.get(k) - removeCalls.get(k); // evicted or flushed
            totalLetGo += letGo;
            int cached = present.contains(s) ? 1 : 0;
            assertEquals(addedTrue.get(k), removedTrue.get(k) + letGo + cached,
                    "session " + k + ": adds = removes + evictions/flushes + still cached");
            assertEquals(1 + cached, s.refCnt(), "session " + k + ": the test's reference plus the cache's");
        }
        assertEquals(evictionCallbacks.get() + flushCallbacks.get(), totalLetGo, "no remove callback lost or doubled");
        c.flush(0);
        assertEquals(0, c.number());
        for (SessionImpl s : pool) {
            assertEquals(1, s.refCnt(), "no lost or leaked reference: " + s);
            s.free();
        }
    }
}
