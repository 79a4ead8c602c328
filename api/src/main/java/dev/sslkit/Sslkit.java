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
        String p = System.getProperty(PROVIDER_PROPERTY);
        if (p != null && !p.isBlank()) {
            return p.trim();
        }
        String e = System.getenv(PROVIDER_ENV);
        if (e != null && !e.isBlank()) {
            return e.trim();
        }
        return DEFAULT_PROVIDER;
    }
}
