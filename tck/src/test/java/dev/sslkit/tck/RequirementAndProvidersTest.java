package dev.sslkit.tck;

import dev.sslkit.Sslkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Requirement} is readable at run time; {@link Providers} reports a missing core clearly. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
@Requirement("N2")
class RequirementAndProvidersTest {

    @Requirement({"N1", "D3"})
    void tagged() {
    }

    @Test
    void requirementIdsAreVisibleAtRunTime() throws Exception {
        Requirement onMethod = getClass().getDeclaredMethod("tagged").getAnnotation(Requirement.class);
        assertNotNull(onMethod);
        assertArrayEquals(new String[] {"N1", "D3"}, onMethod.value());
        assertArrayEquals(new String[] {"N2"}, getClass().getAnnotation(Requirement.class).value());
        assertEquals(RetentionPolicy.RUNTIME, Requirement.class.getAnnotation(Retention.class).value());
    }

    @Test
    void providersNeedsCoreAndSaysSo() {
        // tck's tests have no core on their path; with one, the ids must be the available providers
        try {
            List<String> ids = Providers.availableProviderIds();
            assertEquals(Sslkit.providers().stream().filter(p -> p.available()).map(p -> p.id()).toList(), ids);
            assertEquals(ids.size() * ids.size(), Providers.availablePairs().size());
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("dev.sslkit.core"), e.getMessage());
            // the second call (the api's holder class is now in error) says the same
            IllegalStateException again = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    Providers::availableProviderIds);
            assertTrue(again.getMessage().contains("dev.sslkit.core"), again.getMessage());
        }
    }

    @Test
    void pairsPrintAsClientArrowServer() {
        assertEquals("jsse -> bc", new Providers.Pair("jsse", "bc").toString());
    }
}
