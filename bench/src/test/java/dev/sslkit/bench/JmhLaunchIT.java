package dev.sslkit.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JMH benchmarks run the way their javadoc says: {@code org.openjdk.jmh.Main} on the class path
 * of {@code target/lib} and the bench jar, with a forked JVM.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class JmhLaunchIT {
    private static String classpath() throws Exception {
        List<String> l = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("target", "lib"))) {
            s.filter(p -> p.toString().endsWith(".jar")).forEach(p -> l.add(p.toString()));
        }
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            s.filter(p -> p.getFileName().toString().matches("sslkit-bench-.*\\.jar")).forEach(p -> l.add(p.toString()));
        }
        return String.join(File.pathSeparator, l);
    }

    private static String run(String... args) throws Exception {
        // its own temporary directory: JMH takes a lock file there, and another JMH run on the machine
        // (someone benchmarking while the tests run) holding /tmp/jmh.lock would fail this test
        Path tmp = Files.createDirectories(Path.of("target", "jmh-tmp"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp.toAbsolutePath(), "-cp", classpath(), "org.openjdk.jmh.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void listsEveryBenchmarkClass() throws Exception {
        String out = run("-l");
        for (String c : List.of("HandshakeBench.full", "HandshakeBench.resumed", "BulkBench.write16k",
                "LifecycleBench.newSslFree", "LifecycleBench.upRefFree_2t", "LifecycleBench.rawNewEngine",
                "SessionCacheBench.lookup", "SessionCacheBench.insert_2t", "SessionCacheBench.rawLookup")) {
            assertTrue(out.contains("dev.sslkit.bench.jmh." + c), c + " listed:\n" + out);
        }
    }

    @Test
    void forkedRunOnTheClassPath() throws Exception {
        String out = run("LifecycleBench.upRefFree$", "-p", "provider=jsse", "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms");
        assertTrue(out.contains("LifecycleBench.upRefFree") && out.contains("ns/op"), out);
        assertTrue(!out.contains("<failure>") && !out.contains("Exception"), out);
    }
}
