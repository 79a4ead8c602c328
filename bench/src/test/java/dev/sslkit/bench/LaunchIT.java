package dev.sslkit.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Launches the demo the way users launch it — a JVM with the built jars on the module path, and one
 * with them on the plain classpath — and checks the jars' module descriptors (STYLE habit 4).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LaunchIT {
    private static final Path TARGET = Path.of("target");

    private static List<Path> jars() throws IOException {
        List<Path> l = new ArrayList<>();
        try (Stream<Path> s = Files.list(TARGET.resolve("lib"))) {
            s.filter(p -> p.toString().endsWith(".jar")).forEach(l::add);
        }
        try (Stream<Path> s = Files.list(TARGET)) {
            s.filter(p -> p.getFileName().toString().matches("sslkit-bench-.*\\.jar")).forEach(l::add);
        }
        return l;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the demo finished in time");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "exit status; output:\n" + text);
        return text;
    }

    private static String path(List<Path> jars) {
        return jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** The demo on the module path: api finds core, core finds the JSSE provider through {@code provides}. */
    @Test
    void modulePath() throws Exception {
        String out = run(List.of(java(), "-Dsslkit.provider=jsse", "-p", path(jars()), "-m", "dev.sslkit.bench/dev.sslkit.bench.Demo"));
        assertTrue(out.contains("provider jsse: TLSv1.3"), out);
        assertTrue(out.contains("provider jsse: TLSv1.2"), out);
        assertTrue(out.contains("client reused=true, server reused=true"), out);
        assertTrue(out.contains("sslkit demo: OK"), out);
        assertTrue(out.contains("from module dev.sslkit.provider.jsse"), "loaded as a named module: " + out);
    }

    /** The same jars on the plain classpath: discovery through the Auto-Service META-INF/services files. */
    @Test
    void classPath() throws Exception {
        String out = run(List.of(java(), "-Dsslkit.provider=jsse", "-cp", path(jars()), "dev.sslkit.bench.Demo"));
        assertTrue(out.contains("provider jsse: TLSv1.3"), out);
        assertTrue(out.contains("client reused=true, server reused=true"), out);
        assertTrue(out.contains("sslkit demo: OK"), out);
        assertTrue(out.contains("from classpath"), "loaded from the classpath: " + out);
    }

    /** An unknown provider fails with the list of available ids and the module to add. */
    @Test
    void unknownProviderIsAClearError() throws Exception {
        Process p = new ProcessBuilder(java(), "-Dsslkit.provider=nope", "-p", path(jars()), "-m",
                "dev.sslkit.bench/dev.sslkit.bench.Demo").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("no TLS provider 'nope' (selected by system property sslkit.provider); available: "), out);
        assertTrue(out.matches("(?s).*available: [a-z, ]*jsse.*"), "lists the available ids: " + out);
        assertTrue(out.contains("dev.sslkit.provider.nope"), "names the module to add: " + out);
    }

    /**
     * Issue 11 item 2 and STYLE habit 4: the descriptor of every sslkit jar built. The api exports
     * exactly the contract and the SPI and requires nothing; core and every provider export nothing
     * and provide their service; the SSLEngine support module is read only by the SSLEngine
     * providers; every module is a named (not automatic) module whose packages sit under its name.
     */
    @Test
    void moduleDescriptors() throws Exception {
        ModuleFinder f = ModuleFinder.of(jars().toArray(Path[]::new));
        List<ModuleDescriptor> ours = f.findAll().stream().map(ModuleReference::descriptor)
                .filter(d -> d.name().startsWith("dev.sslkit.")).collect(Collectors.toList());
        Set<String> names = ours.stream().map(ModuleDescriptor::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("dev.sslkit.api", "dev.sslkit.core", "dev.sslkit.provider.sslengine",
                "dev.sslkit.provider.jsse", "dev.sslkit.provider.bc", "dev.sslkit.provider.conscrypt", "dev.sslkit.tck",
                "dev.sslkit.bench")), "every module's jar was built and found: " + names);

        ModuleDescriptor api = descriptor(f, "dev.sslkit.api");
        assertEquals(Set.of("dev.sslkit", "dev.sslkit.spi"), api.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()),
                "api exports the contract and the provider SPI, nothing else");
        assertEquals(Set.of("java.base"), api.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()),
                "api depends on nothing");
        assertTrue(descriptor(f, "dev.sslkit.core").provides().stream().anyMatch(p -> p.service().equals("dev.sslkit.spi.SslkitRuntime")));
        ModuleDescriptor sslengine = descriptor(f, "dev.sslkit.provider.sslengine");
        assertEquals(Set.of("dev.sslkit.provider.sslengine"), sslengine.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet()));

        for (ModuleDescriptor d : ours) {
            String n = d.name();
            assertFalse(d.isAutomatic(), n + " has a module descriptor");
            String root = n.equals("dev.sslkit.api") ? "dev.sslkit" : n;
            for (String pkg : d.packages()) {
                assertTrue(pkg.equals(root) || pkg.startsWith(root + "."), n + ": package " + pkg + " is under the module's name");
            }
            boolean provider = d.provides().stream().anyMatch(p -> p.service().equals("dev.sslkit.spi.TlsProvider"));
            if (provider || n.equals("dev.sslkit.core")) {
                assertTrue(d.exports().isEmpty(), n + " exports nothing: " + d.exports());
            }
            if (d.requires().stream().anyMatch(r -> r.name().equals("dev.sslkit.provider.sslengine"))) {
                assertTrue(provider && Set.of("dev.sslkit.provider.jsse", "dev.sslkit.provider.conscrypt").contains(n),
                        "only the SSLEngine providers read dev.sslkit.provider.sslengine, not " + n);
            }
            if (!n.equals("dev.sslkit.api")) {
                for (ModuleDescriptor.Exports e : d.exports()) {
                    assertFalse(e.source().equals("dev.sslkit") || e.source().startsWith("dev.sslkit.spi"),
                            n + " must not export api packages: " + e.source());
                }
            }
        }
        assertTrue(descriptor(f, "dev.sslkit.provider.jsse").provides().stream().anyMatch(p -> p.service().equals("dev.sslkit.spi.TlsProvider")));
    }

    private static ModuleDescriptor descriptor(ModuleFinder f, String name) {
        Optional<ModuleReference> r = f.find(name);
        assertTrue(r.isPresent(), name + " is among the built jars");
        return r.get().descriptor();
    }
}
