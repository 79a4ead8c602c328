package dev.sslkit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The api alone (no core on the path, as in this module's tests) fails with the module to add, every time. */
class NoImplementationTest {
    @Test
    void namesTheModuleToAdd() {
        for (int i = 0; i < 2; i++) { // the same clear error on every call, not an ExceptionInInitializerError
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SslContext.newContext(SslMethod.TLS));
            assertTrue(e.getMessage().contains("dev.sslkit.core") && e.getMessage().contains("sslkit-core"), e.getMessage());
        }
        assertThrows(IllegalStateException.class, Bio::newMemory);
    }
}
