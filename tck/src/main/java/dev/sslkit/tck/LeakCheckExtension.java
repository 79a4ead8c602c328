package dev.sslkit.tck;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.IntSupplier;

/**
 * A JUnit 5 extension that fails a test during which the count of leaked sslkit objects grew
 * (STYLE.md habit 7). Use it with {@code @ExtendWith(LeakCheckExtension.class)}.
 *
 * <p>The count comes from an {@link IntSupplier} registered with {@link #setLeakCounter} (core's leak
 * detector will register one; a system-property hook will follow). Around each test the extension
 * runs the garbage collector a few times, so that objects dropped without {@code free()} are found,
 * then reads the count; if it is higher after the test than before, the test fails with both
 * numbers. With no counter registered it does nothing.
 *
 * <p>Thread safety: the counter may be set from any thread; tests that run in parallel share it, so a
 * leak is then charged to whichever test saw the count grow.
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakCheckExtension.class);
    private static final String BEFORE = "leakCountBefore";
    private static final int GC_PASSES = 3;
    private static final long GC_PAUSE_MILLIS = 20;

    private static volatile IntSupplier leakCounter;

    /** JUnit creates it; no configuration. */
    public LeakCheckExtension() {
    }

    /**
     * Registers the source of the leak count: the number of sslkit objects reported as leaked so far in
     * this JVM (monotonic).
     *
     * @param counter the counter, or {@code null} to turn the check off
     */
    public static void setLeakCounter(IntSupplier counter) {
        leakCounter = counter;
    }

    /** @return the registered counter, or {@code null} */
    public static IntSupplier leakCounter() {
        return leakCounter;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        IntSupplier counter = leakCounter;
        if (counter == null) {
            return;
        }
        collectGarbage();
        context.getStore(NAMESPACE).put(BEFORE, counter.getAsInt());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        IntSupplier counter = leakCounter;
        Integer before = context.getStore(NAMESPACE).remove(BEFORE, Integer.class);
        if (counter == null || before == null) {
            return;
        }
        collectGarbage();
        int after = counter.getAsInt();
        if (after > before) {
            throw new AssertionError(context.getDisplayName() + " leaked " + (after - before)
                    + " sslkit object(s): leak count " + before + " before the test, " + after
                    + " after; every newSsl/newContext/get1Session/Bio.new* needs a matching free()");
        }
    }

    /** Runs the collector a few times with short pauses, so reference queues get processed. */
    static void collectGarbage() {
        for (int i = 0; i < GC_PASSES; i++) {
            System.gc();
            try {
                Thread.sleep(GC_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
