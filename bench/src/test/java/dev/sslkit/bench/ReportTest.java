package dev.sslkit.bench;

import dev.sslkit.bench.compare.Json;
import dev.sslkit.bench.compare.Report;
import dev.sslkit.bench.compare.Results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compare report, fed a fixed result set: every table and chart is there and shows every provider. */
class ReportTest {

    static Results fixed() {
        Results r = new Results();
        r.env.put("date", "2026-01-01");
        r.env.put("jdk", "test");
        r.providers.add(new Results.Provider("jsse", "17", true, ""));
        r.providers.add(new Results.Provider("bc", "1.84", true, ""));
        r.providers.add(new Results.Provider("conscrypt", "", false, "no native library for this platform"));
        List<String> ids = List.of("jsse", "bc", "conscrypt");
        for (String proto : List.of("TLSv1.3", "TLSv1.2")) {
            for (String c : ids) {
                for (String s : ids) {
                    boolean ok = !c.equals("conscrypt") && !s.equals("conscrypt");
                    r.interop.add(new Results.Interop(proto, c, s, ok, ok && c.equals(s), ok ? "" : "conscrypt unavailable"));
                    for (String mode : List.of("full ", "resumed ")) {
                        for (String impl : List.of("sslkit", "raw")) {
                            r.add(new Results.Figure("handshake", mode + proto, c + "→" + s, impl, ok ? 100 : Double.NaN,
                                    "handshakes/s", ok ? "" : "conscrypt unavailable"));
                        }
                    }
                }
            }
            r.add(new Results.Figure("handshake", "full " + proto, "openssl", "native", 500, "handshakes/s", ""));
        }
        for (String id : ids) {
            r.add(new Results.Figure("bulk", "TLS_AES_128_GCM_SHA256 heap", id, "sslkit", 300, "MB/s", ""));
            r.add(new Results.Figure("bulk", "TLS_AES_128_GCM_SHA256 heap", id, "raw", 310, "MB/s", ""));
            r.add(new Results.Figure("lifecycle", "newSslFree", id, "sslkit", 900, "ns/op", ""));
            r.add(new Results.Figure("lifecycle", "upRefFree", id, "sslkit", 8, "ns/op", ""));
            r.add(new Results.Figure("cache", "lookup", id, "sslkit", 60, "ns/op", ""));
        }
        r.add(new Results.Figure("lifecycle", "upRefFree", "openssl", "native", 5, "ns/op", ""));
        return r;
    }

    @Test
    void everyChartAndTableShowsEveryProvider(@TempDir Path dir) throws Exception {
        Results r = fixed();
        Path html = Report.write(r, dir);
        check(r, Files.readString(html, StandardCharsets.UTF_8), List.of("jsse", "bc", "conscrypt"));
        Object json = Json.parse(Files.readString(dir.resolve("report.json"), StandardCharsets.UTF_8));
        assertEquals(r.figures.size(), ((List<?>) ((Map<?, ?>) json).get("figures")).size());
    }

    @Test
    void ratiosAreSslkitOverReference() {
        Results r = fixed();
        String html = Report.html(r);
        assertTrue(html.contains("<td>0.97×</td>"), "bulk sslkit 300 / raw 310");
        assertTrue(html.contains("<td>1.60×</td>"), "upRef 8 ns / native 5 ns");
    }

    /**
     * Checks a report: the providers table, one interop table per protocol, and for every metric of the
     * results one {@code <svg class="chart">} and one {@code <table class="results">} naming every provider.
     */
    static void check(Results r, String html, List<String> providers) {
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no network fetches");
        String providersTable = block(html, "<table class=\"providers\"", "</table>");
        for (String p : providers) {
            assertTrue(providersTable.contains(">" + p + "<"), "providers table shows " + p);
        }
        for (Results.Interop i : r.interop) {
            String t = block(html, "<table class=\"interop\" data-proto=\"" + i.proto() + "\"", "</table>");
            for (String p : providers) {
                assertTrue(t.contains(">" + p + "<"), "interop " + i.proto() + " shows " + p);
            }
        }
        int charts = 0;
        for (String section : Results.SECTIONS) {
            for (String metric : r.metrics(section)) {
                String id = (section + "/" + metric).replace("&", "&amp;");
                String svg = block(html, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" data-metric=\"" + id + "\"", "</svg>");
                String table = block(html, "<table class=\"results\" data-metric=\"" + id + "\"", "</table>");
                for (String p : providers) {
                    assertTrue(svg.contains(p), "chart " + id + " shows " + p);
                    assertTrue(table.contains(p), "table " + id + " shows " + p);
                }
                assertTrue(svg.contains("<rect") , "chart " + id + " has bars");
                charts++;
            }
        }
        Matcher m = Pattern.compile("<svg class=\"chart\"").matcher(html);
        int found = 0;
        while (m.find()) {
            found++;
        }
        assertEquals(charts, found, "one chart per metric");
        assertTrue(charts > 0);
    }

    private static String block(String html, String start, String end) {
        int i = html.indexOf(start);
        assertTrue(i >= 0, "missing " + start);
        int j = html.indexOf(end, i);
        assertTrue(j > i, "unterminated " + start);
        return html.substring(i, j);
    }
}
