package dev.sslkit.bench;

import dev.sslkit.bench.compare.Json;
import dev.sslkit.bench.compare.Report;
import dev.sslkit.bench.compare.Results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            boolean ok = !id.equals("conscrypt");
            String why = ok ? "" : "conscrypt unavailable: no native library for this platform";
            r.add(new Results.Figure("bulk", "TLS_AES_128_GCM_SHA256 heap", id, "sslkit", ok ? 300 : Double.NaN, "MB/s", why));
            r.add(new Results.Figure("bulk", "TLS_AES_128_GCM_SHA256 heap", id, "raw", ok ? 310 : Double.NaN, "MB/s", why));
            r.add(new Results.Figure("lifecycle", "newSslFree", id, "sslkit", ok ? 900 : Double.NaN, "ns/op", why));
            r.add(new Results.Figure("lifecycle", "upRefFree", id, "sslkit", ok ? 8 : Double.NaN, "ns/op", why));
            r.add(new Results.Figure("lifecycle", "upRefFree 2 threads", id, "sslkit", ok ? 30 : Double.NaN, "ns/op", why));
            r.add(new Results.Figure("cache", "lookup", id, "sslkit", ok ? 60 : Double.NaN, "ns/op", why));
        }
        r.add(new Results.Figure("bulk", "TLS_AES_128_GCM_SHA256 heap", "openssl", "native", 900, "MB/s", ""));
        r.add(new Results.Figure("lifecycle", "newSslFree", "openssl", "native", 1000, "ns/op", ""));
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
     * Checks a report: the providers table (an unavailable provider with its cause), one interop table per
     * protocol, and for every metric of the results exactly one {@code <svg class="chart">} and one
     * {@code <table class="results">}: the chart has a labelled row per subject (provider or client→server
     * pair) with an sslkit and a raw-engine bar or the reason there is none, and the native row; the table
     * has one row per subject with the sslkit, raw, native figures and both ratios. No chart text is long
     * enough to run past the chart, and nothing is fetched from the network.
     */
    static void check(Results r, String html, List<String> providers) {
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(Pattern.compile("(?i)(src|href|xlink:href|action|poster)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(html).find(),
                "no network fetches");
        assertFalse(Pattern.compile("(?i)(url\\(\\s*['\"]?\\s*(https?:)?//|@import)").matcher(html).find(), "no fetches from CSS");
        String providersTable = block(html, "<table class=\"providers\"", "</table>");
        for (String p : providers) {
            assertTrue(providersTable.contains(">" + p + "<"), "providers table shows " + p);
        }
        for (Results.Provider p : r.providers) {
            if (!p.available()) {
                assertTrue(providersTable.contains("unavailable: " + Report.esc(p.cause())), p.id() + " unavailable with its cause");
            }
        }
        for (Results.Interop i : r.interop) {
            String t = block(html, "<table class=\"interop\" data-proto=\"" + i.proto() + "\"", "</table>");
            for (String p : providers) {
                assertTrue(t.contains(">" + p + "<"), "interop " + i.proto() + " shows " + p);
            }
        }
        Set<String> expected = new LinkedHashSet<>();
        for (String section : Results.SECTIONS) {
            for (String metric : r.metrics(section)) {
                String id = Report.esc(section + "/" + metric);
                expected.add(id);
                String svg = block(html, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" data-metric=\"" + id + "\"", "</svg>");
                String table = block(html, "<table class=\"results\" data-metric=\"" + id + "\"", "</table>");
                assertTrue(table.contains("<th>sslkit</th><th>raw engine</th><th>sslkit ÷ raw</th><th>OpenSSL (native)</th>"
                        + "<th>sslkit ÷ OpenSSL</th>"), "table " + id + " columns");
                Set<String> subjects = new LinkedHashSet<>();
                for (Results.Figure f : r.of(section, metric)) {
                    if (!f.impl().equals("native")) {
                        subjects.add(f.subject());
                    }
                }
                for (String p : providers) {
                    assertTrue(subjects.stream().anyMatch(x -> x.equals(p) || x.startsWith(p + "→") || x.endsWith("→" + p)),
                            id + " has a row for " + p);
                }
                for (String subject : subjects) {
                    String label = ">" + Report.esc(subject) + "</text>";
                    assertTrue(svg.contains(label), "chart " + id + " labels " + subject);
                    for (String impl : List.of("sslkit", "raw")) {
                        Results.Figure f = figure(r, section, metric, subject, impl);
                        if (f != null && !Double.isNaN(f.value())) {
                            assertTrue(svg.contains("<title>" + Report.esc(subject + " " + impl + ": ")), "chart " + id + " bar " + subject + " " + impl);
                        } else if (f != null) {
                            assertTrue(svg.contains(">n/a"), "chart " + id + " says why " + subject + " " + impl + " has no bar");
                        } else {
                            assertTrue(svg.contains(impl.equals("raw") ? ">no raw-engine equivalent<" : ">not measured<"),
                                    "chart " + id + " says " + subject + " has no " + impl + " figure");
                        }
                    }
                    String row = block(table, "<tr><td class=\"s\">" + Report.esc(subject) + "</td>", "</tr>");
                    assertEquals(7, row.split("<td").length - 1, "table " + id + " row " + subject + " has 7 cells");
                    Results.Figure k = figure(r, section, metric, subject, "sslkit");
                    if (k != null && Double.isNaN(k.value()) && !k.note().isEmpty()) {
                        assertTrue(row.contains(Report.esc(k.note())), "table " + id + " row " + subject + " says why: " + k.note());
                    }
                }
                assertTrue(svg.contains(">OpenSSL (native)</text>"), "chart " + id + " has the native row");
                Matcher texts = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
                while (texts.find()) {
                    assertTrue(texts.group(1).length() <= Report.MAX_TEXT, "chart " + id + " text fits: " + texts.group(1));
                }
            }
        }
        assertEquals(expected, attributes(html, "<svg class=\"chart\"[^>]*data-metric=\"([^\"]*)\""), "one chart per metric");
        assertEquals(expected, attributes(html, "<table class=\"results\" data-metric=\"([^\"]*)\""), "one table per metric");
        assertEquals(countOf(html, "<svg class=\"chart\""), expected.size(), "no duplicate charts");
        assertEquals(countOf(html, "<table class=\"results\""), expected.size(), "no duplicate tables");
        assertTrue(expected.size() > 0);
    }

    private static Results.Figure figure(Results r, String section, String metric, String subject, String impl) {
        for (Results.Figure f : r.of(section, metric)) {
            if (f.subject().equals(subject) && f.impl().equals(impl)) {
                return f;
            }
        }
        return null;
    }

    private static Set<String> attributes(String html, String regex) {
        Set<String> s = new LinkedHashSet<>();
        Matcher m = Pattern.compile(regex).matcher(html);
        while (m.find()) {
            s.add(m.group(1));
        }
        return s;
    }

    private static int countOf(String html, String what) {
        int n = 0;
        for (int i = html.indexOf(what); i >= 0; i = html.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String block(String html, String start, String end) {
        int i = html.indexOf(start);
        assertTrue(i >= 0, "missing " + start);
        int j = html.indexOf(end, i);
        assertTrue(j > i, "unterminated " + start);
        return html.substring(i, j);
    }
}
