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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5's target "no allocation per record on the bulk path once warmed", as a guard that does not
 * time anything: {@link BulkAllocation} in a JVM with escape analysis off (so the counts are exact and
 * repeatable, see its javadoc) counts the bytes a warmed 16 KiB write+read allocates through sslkit and
 * through the same provider's raw engine, and sslkit may add at most {@link #SLACK} bytes per operation.
 * (A 16 KiB operation is one TLS record each way; a per-record wrapper object, lambda or thread-local
 * entry is 16 bytes or more.) "direct" is the application buffers only: the raw loops' transport buffers are
 * heap buffers like sslkit's BIO pair (issue 13, item 4), so the same rule holds for every buffer kind. The {@code byte[]} forms of
 * {@code Ssl.read}/{@code Ssl.write} are held to the raw engine's heap-buffer figure.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BulkAllocationIT {
    /** Bytes per operation sslkit may add over raw: less than the smallest object. */
    static final double SLACK = 8;

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

    @Test
    void sslkitAddsNoAllocationPerRecordOverTheRawEngine() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-DoEscapeAnalysis", "-Dsslkit.leakDetection=disabled", "-cp", classpath(),
                BulkAllocation.class.getName(), "20000", "5000");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "finished in time");
        assertEquals(0, p.exitValue(), out);
        Matcher m = Pattern.compile("(?m)^alloc (\\S+) (heap|direct|array) (\\S+) sslkit ([0-9.]+) raw ([0-9.]+)$").matcher(out);
        List<String> measured = new ArrayList<>();
        while (m.find()) {
            String what = m.group(1) + " " + m.group(2);
            double sslkit = Double.parseDouble(m.group(4));
            double raw = Double.parseDouble(m.group(5));
            measured.add(what);
            double allowed = raw + SLACK;
            assertTrue(sslkit <= allowed, what + ": sslkit allocates " + sslkit + " B per 16 KiB write+read, the raw engine "
                    + raw + " (at most " + allowed + " allowed)\n" + out);
        }
        for (String must : List.of("jsse heap", "jsse direct", "jsse array", "bc heap", "bc direct", "bc array")) {
            assertTrue(measured.contains(must), must + " measured:\n" + out);
        }
        if (!out.contains("skip conscrypt")) {
            assertTrue(measured.contains("conscrypt heap") && measured.contains("conscrypt direct")
                    && measured.contains("conscrypt array"), "conscrypt measured:\n" + out);
        }
    }
}
