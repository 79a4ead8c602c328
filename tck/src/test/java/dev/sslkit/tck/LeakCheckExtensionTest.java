package dev.sslkit.tck;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LeakCheckExtension}'s callbacks, driven directly with a minimal {@link ExtensionContext}. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LeakCheckExtensionTest {
    final LeakCheckExtension ext = new LeakCheckExtension();
    final ExtensionContext context = context("leakyTest()");
    final AtomicInteger leaks = new AtomicInteger(7);

    @AfterEach
    void reset() {
        LeakCheckExtension.setLeakCounter(null);
    }

    /** An ExtensionContext whose only working parts are getStore and getDisplayName. */
    static ExtensionContext context(String name) {
        Map<Object, Object> map = new HashMap<>();
        ExtensionContext.Store store = (ExtensionContext.Store) Proxy.newProxyInstance(
                ExtensionContext.Store.class.getClassLoader(), new Class<?>[] {ExtensionContext.Store.class},
                (p, m, a) -> {
                    switch (m.getName()) {
                        case "put": map.put(a[0], a[1]); return null;
                        case "remove": return a.length == 2 ? ((Class<?>) a[1]).cast(map.remove(a[0])) : map.remove(a[0]);
                        case "get": return a.length == 2 ? ((Class<?>) a[1]).cast(map.get(a[0])) : map.get(a[0]);
                        default: throw new UnsupportedOperationException(m.getName());
                    }
                });
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getStore": return store;
                        case "getDisplayName": return name;
                        default: throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    @Test
    void doesNothingWithoutACounter() {
        assertNull(LeakCheckExtension.leakCounter());
        assertDoesNotThrow(() -> {
            ext.beforeEach(context);
            ext.afterEach(context);
        });
    }

    @Test
    void passesWhenTheCountStaysTheSame() {
        LeakCheckExtension.setLeakCounter(leaks::get);
        ext.beforeEach(context);
        assertDoesNotThrow(() -> ext.afterEach(context));
    }

    @Test
    void failsWhenTheCountGrewDuringTheTest() {
        LeakCheckExtension.setLeakCounter(leaks::get);
        ext.beforeEach(context);
        leaks.addAndGet(2);
        AssertionError e = assertThrows(AssertionError.class, () -> ext.afterEach(context));
        assertTrue(e.getMessage().startsWith("leakyTest() leaked 2 sslkit object(s): leak count 7 before the test, 9 after"),
                e.getMessage());
    }

    @Test
    void countsLeaksFoundByTheCollectorAfterTheTest() {
        // a counter that only sees a leak once the collector ran after the test, like a leak detector's
        // reference queue: the extension must collect garbage before reading it
        Object[] holder = {new Object()};
        java.lang.ref.WeakReference<Object> ref = new java.lang.ref.WeakReference<>(holder[0]);
        LeakCheckExtension.setLeakCounter(() -> ref.get() == null ? 1 : 0);
        ext.beforeEach(context);
        holder[0] = null; // the test "forgets" an object without freeing it
        assertThrows(AssertionError.class, () -> ext.afterEach(context));
    }

    @Test
    void counterIsRegisteredStatically() {
        java.util.function.IntSupplier c = () -> 0;
        LeakCheckExtension.setLeakCounter(c);
        assertSame(c, LeakCheckExtension.leakCounter());
    }
}
