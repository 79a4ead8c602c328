package dev.sslkit.core;

import dev.sslkit.IllegalReferenceCountException;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one reference-count mechanism (R1, R3), including upRef racing free (STYLE habit 6). */
@Timeout(30)
class RefCntTest {
    static final class Counted extends RefCnt {
        final AtomicInteger deallocations = new AtomicInteger();

        @Override
        protected void deallocate() {
            deallocations.incrementAndGet();
        }

        @Override
        protected String describe() {
            return "Counted@1";
        }
    }

    @Test
    void r1_r3_countsAndMessages() {
        Counted c = new Counted();
        assertEquals(1, c.refCnt());
        assertTrue(c.upRef());
        c.free();
        assertEquals(0, c.deallocations.get(), "R1: above zero nothing is released");
        c.free();
        assertEquals(1, c.deallocations.get());
        IllegalReferenceCountException e = assertThrows(IllegalReferenceCountException.class, c::free);
        assertEquals("Counted@1 freed: refCnt 0, decrement 1 (freed more times than referenced)", e.getMessage());
        assertEquals(0, e.refCnt());
        assertEquals(-1, e.delta());
        IllegalReferenceCountException u = assertThrows(IllegalReferenceCountException.class, c::upRef);
        assertTrue(u.getMessage().startsWith("Counted@1 freed: refCnt 0, increment 1"), u.getMessage());
        assertEquals(0, c.refCnt(), "R1: never resurrected");
        assertEquals(1, c.deallocations.get(), "deallocated exactly once");
    }

    /** Many threads up-ref and free at once: the count stays exact and deallocate runs exactly once, at the end. */
    @RepeatedTest(5)
    void r1_upRefRacingFree() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        Counted c = new Counted();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perThread; i++) {
                    c.upRef();
                    c.free();
                }
            });
            ts.add(th);
            th.start();
        }
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(1, c.refCnt(), "every up-ref was matched by one free");
        assertEquals(0, c.deallocations.get(), "the owner's reference kept it alive throughout");
        c.free();
        assertEquals(1, c.deallocations.get());
    }

    /** The last free racing up-refs: either the up-ref wins (object lives) or it fails cleanly; never a resurrection. */
    @RepeatedTest(20)
    void r1_lastFreeRacingUpRef() throws Exception {
        Counted c = new Counted();
        AtomicInteger won = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread upper = new Thread(() -> {
            try {
                start.await();
                c.upRef();
                won.incrementAndGet();
            } catch (IllegalReferenceCountException e) {
                refused.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upper.start();
        start.countDown();
        c.free();
        upper.join();
        if (won.get() == 1) {
            assertEquals(1, c.refCnt());
            assertEquals(0, c.deallocations.get());
            c.free();
        } else {
            assertEquals(1, refused.get());
        }
        assertEquals(0, c.refCnt());
        assertEquals(1, c.deallocations.get(), "deallocated exactly once");
    }
}
