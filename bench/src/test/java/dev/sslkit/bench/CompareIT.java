package dev.sslkit.bench;

import dev.sslkit.bench.compare.Json;
import dev.sslkit.bench.compare.Results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code Compare} with the shortest settings, every provider and section and the native
 * reference (builds it with gcc when libssl-dev is there), and checks the report it wrote.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CompareIT {
    @Test
    void shortestRunWritesACompleteReport() throws Exception {
        Path out = Path.of("target", "compare-it");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Results r = Compare.runAndWrite(new String[] {"--duration=10", "--warmup=10", "--rounds=3", "--protocol=TLSv1.3", "--out=" + out,
            "--native-src=" + Path.of("src", "main", "c")}, new PrintStream(progress, true, StandardCharsets.UTF_8));
        String log = progress.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("] handshake jsse→jsse full TLSv1.3 sslkit & raw"), log);
        List<String> ids = new ArrayList<>();
        r.providers.forEach(p -> ids.add(p.id()));
        assertEquals(List.of("jsse", "bc", "conscrypt"), ids.subList(0, 3));
        assertEquals(9, r.interop.size(), "3 x 3 pairs, TLS 1.3");
        for (String section : Results.SECTIONS) {
            assertTrue(!r.metrics(section).isEmpty(), section + " measured");
        }
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        ReportTest.check(r, html, ids);
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(out.resolve("report.json"), StandardCharsets.UTF_8));
        assertEquals(r.figures.size(), ((List<?>) json.get("figures")).size());
        boolean jsseFull = r.figures.stream().anyMatch(f -> f.section().equals("handshake") && f.subject().equals("jsse→jsse")
                && f.impl().equals("sslkit") && !Double.isNaN(f.value()));
        assertTrue(jsseFull, "jsse→jsse handshakes measured");
        if (r.env.getOrDefault("openssl", "").startsWith("OpenSSL")) {
            assertTrue(r.figures.stream().anyMatch(f -> f.impl().equals("native")), "native figures");
        }
    }
}
