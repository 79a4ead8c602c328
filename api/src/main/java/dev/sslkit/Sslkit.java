package dev.sslkit;

import dev.sslkit.spi.SslkitRuntime;

import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The entry point that finds sslkit's implementation, the way SLF4J's API finds its binding: the
 * {@code dev.sslkit.core} module registers an {@link SslkitRuntime} service. Applications seldom
 * need this class; {@link SslContext#newContext} and the {@link Bio} factories use it.
 */
public final class Sslkit {
    /** The system property naming the provider. */
    public static final String PROVIDER_PROPERTY = "sslkit.provider";
    /** The environment variable naming the provider, consulted after the property. */
    public static final String PROVIDER_ENV = "SSLKIT_PROVIDER";
    /** The provider used when nothing names one. */
    public static final String DEFAULT_PROVIDER = "jsse";

    private Sslkit() {
    }

    private static final class Holder {
        static final SslkitRuntime RUNTIME;
        static final RuntimeException FAILURE;

        static {
            SslkitRuntime r = null;
            RuntimeException f = null;
            try {
                Iterator<SslkitRuntime> it = ServiceLoader.load(SslkitRuntime.class, Sslkit.class.getClassLoader()).iterator();
                if (it.hasNext()) {
                    r = it.next();
                } else {
                    f = new IllegalStateException("sslkit: no implementation found. Add the module dev.sslkit.core "
                            + "(Maven: dev.sslkit:sslkit-core) to the module path or classpath, with at least one "
                            + "provider such as dev.sslkit.provider.jsse (dev.sslkit:sslkit-provider-jsse).");
                }
            } catch (ServiceConfigurationError e) {
                f = new IllegalStateException("sslkit: the implementation failed to load: " + e.getMessage(), e);
            }
            RUNTIME = r;
            FAILURE = f;
        }
    }

    /**
     * @return the implementation
     * @throws IllegalStateException naming the module to add if {@code dev.sslkit.core} is absent
     *         (the same exception on every call, never an {@code ExceptionInInitializerError})
     */
    public static SslkitRuntime runtime() {
        SslkitRuntime r = Holder.RUNTIME;
        if (r == null) {
            throw new IllegalStateException(Holder.FAILURE.getMessage(), Holder.FAILURE.getCause());
        }
        return r;
    }

    /** @return every provider found on the module path and classpath, available or not */
    public static List<ProviderInfo> providers() {
        return runtime().providers();
    }

    /**
     * @param providerId a provider id, e.g. {@code jsse}
     * @return the settings, options and protocol versions it declares it honours (the capability matrix's column)
     * @throws SslException with {@link SslReason#UNKNOWN_PROVIDER} if it is not installed
     */
    public static ProviderCapabilities capabilities(String providerId) throws SslException {
        return runtime().capabilities(providerId);
    }

    /**
     * @return how many objects the leak detector (system property {@code sslkit.leakDetection})
     *         found garbage-collected without their last {@code free()} in this JVM
     */
    public static long leaksDetected() {
        return runtime().leaksDetected();
    }

    /**
     * @return the provider id that {@link SslContext#newContext(SslMethod)} would use now:
     *         {@value #PROVIDER_PROPERTY} property, else {@value #PROVIDER_ENV}, else {@value #DEFAULT_PROVIDER}
     */
    public static String configuredProviderId() {
        return providerChoice(null).id();
    }

    /**
     * Which provider a context gets, and why: the one place the selection order is written. The
     * explicit argument ({@link SslContext#newContext(SslMethod, String)}), else the
     * {@value #PROVIDER_PROPERTY} system property, else the {@value #PROVIDER_ENV} environment
     * variable, else {@value #DEFAULT_PROVIDER}; blank values count as unset. OpenSSL has no
     * equivalent (it has one implementation). Thread-safe; reads the property and environment now.
     *
     * @param explicit the id the caller named, or {@code null}
     * @return the id and where it came from
     */
    public static ProviderChoice providerChoice(String explicit) {
        if (explicit != null) {
            return new ProviderChoice(explicit.trim(), "argument");
        }
        String p = System.getProperty(PROVIDER_PROPERTY);
        if (p != null && !p.isBlank()) {
            return new ProviderChoice(p.trim(), "system property " + PROVIDER_PROPERTY);
        }
        String e = System.getenv(PROVIDER_ENV);
        if (e != null && !e.isBlank()) {
            return new ProviderChoice(e.trim(), "environment variable " + PROVIDER_ENV);
        }
        return new ProviderChoice(DEFAULT_PROVIDER, "default");
    }

    /**
     * A provider selection ({@link #providerChoice(String)}).
     *
     * @param id     the provider id
     * @param source where it came from: {@code argument}, {@code system property sslkit.provider},
     *               {@code environment variable SSLKIT_PROVIDER} or {@code default}
     */
    public record ProviderChoice(String id, String source) {
    }
}
