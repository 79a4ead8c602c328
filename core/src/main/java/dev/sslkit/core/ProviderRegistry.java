package dev.sslkit.core;

import dev.sslkit.ProviderInfo;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.Sslkit;
import dev.sslkit.spi.TlsProvider;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Finds TLS providers with {@link ServiceLoader} (module path {@code provides} and classpath
 * {@code META-INF/services}) and selects one: explicit argument &gt; system property
 * {@code sslkit.provider} &gt; environment variable {@code SSLKIT_PROVIDER} &gt; {@code jsse}.
 * Duplicate ids and providers that fail to load are reported, never silently dropped.
 */
final class ProviderRegistry {
    private static final System.Logger LOG = System.getLogger("dev.sslkit");

    private static volatile ProviderRegistry instance;

    private final Map<String, TlsProvider> byId;
    private final List<String> loadFailures;
    private final List<ProviderInfo> infos;
    private final Set<String> announced = ConcurrentHashMap.newKeySet();

    private ProviderRegistry(Map<String, TlsProvider> byId, List<String> loadFailures) {
        this.byId = byId;
        this.loadFailures = loadFailures;
        List<ProviderInfo> l = new ArrayList<>();
        for (TlsProvider p : byId.values()) {
            Throwable cause = safeCause(p);
            l.add(new ProviderInfo(p.id(), safeVersion(p), cause == null, cause == null ? null : describe(cause), location(p)));
        }
        this.infos = Collections.unmodifiableList(l);
    }

    /**
     * Two providers with one id: discovery fails (every use of sslkit then fails with this message,
     * naming the id and both providers).
     */
    static final class DuplicateProviderException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        DuplicateProviderException(String message) {
            super(message);
        }

        /** @return the same failure as a checked {@link SslException} ({@link SslReason#DUPLICATE_PROVIDER}) */
        SslException asSslException() {
            return new SslException(SslReason.DUPLICATE_PROVIDER, getMessage(), this);
        }
    }

    private static String describeProvider(TlsProvider p) {
        return p.getClass().getName() + " (" + location(p) + ")";
    }

    /**
     * @return the providers found, discovered once
     * @throws DuplicateProviderException if two providers have one id (checked again on every call)
     */
    static ProviderRegistry get() {
        ProviderRegistry r = instance;
        if (r == null) {
            synchronized (ProviderRegistry.class) {
                r = instance;
                if (r == null) {
                    instance = r = load(ServiceLoader.load(TlsProvider.class, ProviderRegistry.class.getClassLoader()));
                }
            }
        }
        return r;
    }

    static ProviderRegistry load(Iterable<TlsProvider> loader) {
        Map<String, TlsProvider> byId = new LinkedHashMap<>();
        Map<String, List<String>> dups = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        var it = loader.iterator();
        while (true) {
            TlsProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                failures.add(e.getMessage());
                LOG.log(System.Logger.Level.WARNING, "sslkit: a TLS provider failed to load and is skipped: " + e.getMessage(), e);
                continue;
            }
            String id = p.id();
            TlsProvider prev = byId.putIfAbsent(id, p);
            if (prev != null && prev.getClass() != p.getClass()) {
                dups.computeIfAbsent(id, k -> new ArrayList<>(List.of(describeProvider(prev)))).add(describeProvider(p));
            }
        }
        if (!dups.isEmpty()) {
            // JUnit's platform rule: two engines with one id are an error at discovery, not a coin toss later
            String what = dups.entrySet().stream().map(e -> "'" + e.getKey() + "' by " + String.join(" and ", e.getValue()))
                    .collect(Collectors.joining("; "));
            throw new DuplicateProviderException("sslkit: TLS provider id " + what
                    + "; every provider id must be unique: remove one of them from the module path / classpath");
        }
        return new ProviderRegistry(byId, failures);
    }

    List<ProviderInfo> infos() {
        return infos;
    }

    /**
     * @param explicit the id given by the caller, or {@code null}
     * @return the selected, available provider
     * @throws SslException if unknown, duplicated or unavailable
     */
    TlsProvider select(String explicit) throws SslException {
        Sslkit.ProviderChoice choice = Sslkit.providerChoice(explicit);
        String id = choice.id();
        String source = choice.source();
        TlsProvider p = byId.get(id);
        if (p == null) {
            throw new SslException(SslReason.UNKNOWN_PROVIDER, "no TLS provider '" + id + "' (selected by " + source
                    + "); available: " + availableIds() + ". Add the module dev.sslkit.provider." + id
                    + " (Maven dev.sslkit:sslkit-provider-" + id + ") to the module path or classpath"
                    + (loadFailures.isEmpty() ? "" : "; providers that failed to load: " + loadFailures));
        }
        Throwable cause = safeCause(p);
        if (cause != null) {
            throw new SslException(SslReason.PROVIDER_UNAVAILABLE, "TLS provider '" + id + "' (selected by " + source
                    + ") cannot run here: " + describe(cause) + "; available: " + availableIds(), cause);
        }
        if (announced.add(id + '|' + source)) {
            String others = infos.stream().filter(i -> !i.id().equals(id))
                    .map(i -> i.id() + " " + i.version() + (i.available() ? "" : " (unavailable: " + i.cause() + ")"))
                    .collect(Collectors.joining(", "));
            LOG.log(System.Logger.Level.INFO, "sslkit: using TLS provider " + id + " " + safeVersion(p) + " from "
                    + location(p) + " (chosen by " + source + "); also found: " + (others.isEmpty() ? "none" : others));
        }
        return p;
    }

    TlsProvider byId(String id) {
        return byId.get(id);
    }

    String availableIds() {
        List<String> ids = infos.stream().filter(ProviderInfo::available).map(ProviderInfo::id).collect(Collectors.toList());
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    private static Throwable safeCause(TlsProvider p) {
        try {
            return p.unavailabilityCause();
        } catch (RuntimeException | LinkageError e) {
            return e;
        }
    }

    private static String safeVersion(TlsProvider p) {
        try {
            return p.version();
        } catch (RuntimeException | LinkageError e) {
            return "?";
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static String location(Object p) {
        Module m = p.getClass().getModule();
        if (m.isNamed()) {
            return "module " + m.getName();
        }
        CodeSource cs = p.getClass().getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? "classpath" : "classpath " + cs.getLocation().getPath();
    }
}
