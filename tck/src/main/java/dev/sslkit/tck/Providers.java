package dev.sslkit.tck;

import dev.sslkit.ProviderInfo;
import dev.sslkit.Sslkit;

import java.util.ArrayList;
import java.util.List;

/**
 * The providers to run interop tests over, e.g. as a JUnit {@code @MethodSource}:
 *
 * <pre>{@code
 * static List<String> providers() { return Providers.availableProviderIds(); }
 *
 * @ParameterizedTest @MethodSource("providers")
 * void handshakesWithOpenSslServer(String providerId) { ... }
 * }</pre>
 *
 * <p>Unavailable providers (say Conscrypt without its native library) are left out; their absence is
 * a skip, decided by the provider's own {@link ProviderInfo#available()}.
 */
public final class Providers {

    private Providers() {
    }

    /**
     * @return the ids of the providers that can run here, in discovery order ({@link Sslkit#providers()})
     * @throws IllegalStateException naming the module to add if {@code dev.sslkit.core} is absent
     */
    public static List<String> availableProviderIds() {
        List<String> ids = new ArrayList<>();
        for (ProviderInfo p : providers()) {
            if (p.available()) {
                ids.add(p.id());
            }
        }
        return List.copyOf(ids);
    }

    /**
     * {@link Sslkit#providers()}, with the api's failure to find core surfaced as the documented
     * {@link IllegalStateException} (the api finds core in a class initializer, so the JVM wraps that
     * exception in an {@link ExceptionInInitializerError} the first time and throws
     * {@link NoClassDefFoundError} afterwards).
     */
    private static List<ProviderInfo> providers() {
        try {
            return Sslkit.providers();
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof IllegalStateException) {
                throw (IllegalStateException) e.getCause();
            }
            throw e;
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("sslkit: no implementation could be loaded (" + e.getMessage()
                    + "). Add the module dev.sslkit.core (Maven: dev.sslkit:sslkit-core) to the module path or classpath.", e);
        }
    }

    /**
     * A client and a server provider.
     *
     * @param client the client's provider id
     * @param server the server's provider id
     */
    public record Pair(String client, String server) {
        @Override
        public String toString() {
            return client + " -> " + server;
        }
    }

    /** @return every client × server pairing of {@link #availableProviderIds()} (n² pairs, same-provider ones included) */
    public static List<Pair> availablePairs() {
        List<String> ids = availableProviderIds();
        List<Pair> pairs = new ArrayList<>();
        for (String c : ids) {
            for (String s : ids) {
                pairs.add(new Pair(c, s));
            }
        }
        return List.copyOf(pairs);
    }
}
