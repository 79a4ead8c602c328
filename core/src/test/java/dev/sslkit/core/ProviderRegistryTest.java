package dev.sslkit.core;

import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslReason;
import dev.sslkit.Sslkit;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.spi.ProviderContext;
import dev.sslkit.spi.TlsProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 item 5 (STYLE habits 9 and 10): provider discovery. Two providers with one id fail at
 * discovery, naming the id and both providers; the selection order is the api's one rule.
 */
class ProviderRegistryTest {
    /** A provider that only has an id. */
    abstract static class Fake implements TlsProvider {
        private final String id;

        Fake(String id) {
            this.id = id;
        }

        @Override public String id() { return id; }
        @Override public String version() { return "1"; }
        @Override public Throwable unavailabilityCause() { return null; }
        @Override public Capabilities capabilities() { return Capabilities.builder().build(); }
        @Override public ProviderContext newContext(SslMethod method) throws SslException {
            throw new SslException(SslReason.PROVIDER_ERROR, "not for this test");
        }
    }

    static final class First extends Fake {
        First() { super("twin"); }
    }

    static final class Second extends Fake {
        Second() { super("twin"); }
    }

    static final class Other extends Fake {
        Other() { super("other"); }
    }

    @Test
    void twoProvidersWithOneIdFailAtDiscovery() {
        ProviderRegistry.DuplicateProviderException e = assertThrows(ProviderRegistry.DuplicateProviderException.class,
                () -> ProviderRegistry.load(List.of(new Other(), new First(), new Second())));
        assertTrue(e.getMessage().contains("'twin'"), e.getMessage());
        assertTrue(e.getMessage().contains(First.class.getName()) && e.getMessage().contains(Second.class.getName()),
                "names both providers: " + e.getMessage());
        SslException checked = e.asSslException();
        assertTrue(checked.hasReason(SslReason.DUPLICATE_PROVIDER), checked.getMessage());
    }

    @Test
    void distinctIdsLoadAndAreSelectedByArgument() throws SslException {
        ProviderRegistry r = ProviderRegistry.load(List.of(new Other(), new First()));
        assertEquals(List.of("other", "twin"), r.infos().stream().map(dev.sslkit.ProviderInfo::id).toList());
        assertEquals("twin", r.select("twin").id(), "the argument wins");
        SslException e = assertThrows(SslException.class, () -> r.select("nope"));
        assertTrue(e.hasReason(SslReason.UNKNOWN_PROVIDER) && e.getMessage().contains("available: other, twin"), e.getMessage());
    }

    @Test
    void theSelectionOrderIsWrittenOnce() {
        String before = System.getProperty(Sslkit.PROVIDER_PROPERTY);
        try {
            System.setProperty(Sslkit.PROVIDER_PROPERTY, " bc ");
            assertEquals(new Sslkit.ProviderChoice("conscrypt", "argument"), Sslkit.providerChoice("conscrypt"));
            assertEquals(new Sslkit.ProviderChoice("bc", "system property sslkit.provider"), Sslkit.providerChoice(null));
            assertEquals("bc", Sslkit.configuredProviderId());
            System.setProperty(Sslkit.PROVIDER_PROPERTY, " ");
            Sslkit.ProviderChoice c = Sslkit.providerChoice(null);
            String env = System.getenv(Sslkit.PROVIDER_ENV);
            if (env == null || env.isBlank()) {
                assertEquals(new Sslkit.ProviderChoice(Sslkit.DEFAULT_PROVIDER, "default"), c, "blank counts as unset");
            } else {
                assertEquals(new Sslkit.ProviderChoice(env.trim(), "environment variable SSLKIT_PROVIDER"), c);
            }
        } finally {
            if (before == null) {
                System.clearProperty(Sslkit.PROVIDER_PROPERTY);
            } else {
                System.setProperty(Sslkit.PROVIDER_PROPERTY, before);
            }
        }
    }
}
