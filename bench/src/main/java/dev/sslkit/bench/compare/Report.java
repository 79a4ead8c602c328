package dev.sslkit.bench.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link Results}: text tables for the console, and a self-contained HTML report (inline
 * SVG bar charts, one per metric, providers side by side; no scripts, no fetches) plus the raw JSON.
 *
 * <p>In the HTML, every table has {@code class="results"} and every chart is an {@code <svg
 * class="chart">}, both with {@code data-metric="<section>/<metric>"}; the interop matrix is
 * {@code <table class="interop">}.
 */
public final class Report {
    private static final String SSLKIT = "#2b6cb0";
    private static final String RAW = "#a0aec0";
    private static final String NATIVE = "#dd6b20";

    private Report() {
    }

    /** @param section a section  @return its heading */
    static String title(String section) {
        switch (section) {
            case "handshake": return "Handshakes per second (one connection: handshake + first byte)";
            case "bulk": return "Bulk: 16 KiB writes one way, TLS 1.3, MB/s";
            case "lifecycle": return "Lifecycle, ns per operation";
            case "cache": return "Session cache, ns per operation";
            default: return section;
        }
    }

    /** One table row: a subject's sslkit, raw and native figures. */
    record Row(String subject, Results.Figure sslkit, Results.Figure raw, Results.Figure nat) {
    }

    static List<Row> rows(Results r, String section, String metric) {
        List<Results.Figure> fs = r.of(section, metric);
        Results.Figure nat = null;
        Set<String> subjects = new LinkedHashSet<>();
        for (Results.Figure f : fs) {
            if (f.impl().equals("native")) {
                nat = f;
            } else {
                subjects.add(f.subject());
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String s : subjects) {
            Results.Figure k = null;
            Results.Figure w = null;
            for (Results.Figure f : fs) {
                if (f.subject().equals(s) && f.impl().equals("sslkit")) {
                    k = f;
                } else if (f.subject().equals(s) && f.impl().equals("raw")) {
                    w = f;
                }
            }
            rows.add(new Row(s, k, w, nat));
        }
        return rows;
    }

    static String num(Results.Figure f) {
        if (f == null) {
            return "—";
        }
        if (Double.isNaN(f.value())) {
            return "n/a";
        }
        double v = f.value();
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    static String ratio(Results.Figure a, Results.Figure b) {
        if (a == null || b == null || Double.isNaN(a.value()) || Double.isNaN(b.value()) || b.value() == 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f×", a.value() / b.value());
    }

    static String unit(Results r, String section, String metric) {
        List<Results.Figure> fs = r.of(section, metric);
        return fs.isEmpty() ? "" : fs.get(0).unit();
    }

    static String note(Row row) {
        StringBuilder b = new StringBuilder();
        for (Results.Figure f : new Results.Figure[] {row.sslkit(), row.raw()}) {
            if (f != null && !f.note().isEmpty()) {
                b.append(b.length() == 0 ? "" : "; ").append(f.impl()).append(": ").append(f.note());
            }
        }
        return b.toString();
    }

    // ---- console ------------------------------------------------------------------------------------

    /**
     * @param r   the results
     * @param out where to print
     */
    public static void printText(Results r, PrintStream out) {
        out.println();
        out.println("Providers:");
        for (Results.Provider p : r.providers) {
            out.println("  " + p.id() + " " + p.version() + (p.available() ? "" : "  UNAVAILABLE: " + p.cause()));
        }
        if (!r.interop.isEmpty()) {
            out.println();
            out.println("Interop matrix (client ↓, server →; F = full handshake, R = resumed):");
            for (String proto : protos(r)) {
                List<String> ids = ids(r);
                out.printf("  %-10s", proto);
                for (String s : ids) {
                    out.printf(" %-12s", s);
                }
                out.println();
                for (String c : ids) {
                    out.printf("  %-10s", c);
                    for (String s : ids) {
                        out.printf(" %-12s", cell(r, proto, c, s));
                    }
                    out.println();
                }
            }
        }
        for (String section : Results.SECTIONS) {
            Set<String> metrics = r.metrics(section);
            if (metrics.isEmpty()) {
                continue;
            }
            out.println();
            out.println(title(section) + "   (ratios: sslkit ÷ reference; " + (section.equals("lifecycle")
                    || section.equals("cache") ? "time, < 1 = sslkit faster)" : "rate, > 1 = sslkit faster; CPU rows: CPU time, < 1 = sslkit cheaper)"));
            for (String m : metrics) {
                out.printf("  %-34s %12s %12s %8s %12s %8s  %s%n", m + " [" + unit(r, section, m) + "]", "sslkit", "raw",
                        "×raw", "OpenSSL", "×OpenSSL", "");
                for (Row row : rows(r, section, m)) {
                    out.printf("    %-32s %12s %12s %8s %12s %8s  %s%n", row.subject(), num(row.sslkit()), num(row.raw()),
                            ratio(row.sslkit(), row.raw()), num(row.nat()), ratio(row.sslkit(), row.nat()), note(row));
                }
            }
        }
    }

    static List<String> protos(Results r) {
        Set<String> s = new LinkedHashSet<>();
        r.interop.forEach(i -> s.add(i.proto()));
        return new ArrayList<>(s);
    }

    static List<String> ids(Results r) {
        List<String> l = new ArrayList<>();
        r.providers.forEach(p -> l.add(p.id()));
        return l;
    }

    static Results.Interop interop(Results r, String proto, String c, String s) {
        for (Results.Interop i : r.interop) {
            if (i.proto().equals(proto) && i.client().equals(c) && i.server().equals(s)) {
                return i;
            }
        }
        return null;
    }

    static String cell(Results r, String proto, String c, String s) {
        Results.Interop i = interop(r, proto, c, s);
        if (i == null) {
            return "—";
        }
        return i.full() ? (i.resumed() ? "F R" : "F -") : "✗";
    }

    // ---- files -------------------------------------------------------------------------------------

    /**
     * Writes {@code report.html} and {@code report.json} into {@code dir}.
     *
     * @param r   the results
     * @param dir the directory (created)
     * @return the HTML file
     * @throws IOException if it cannot write
     */
    public static Path write(Results r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), Json.write(r.toJson()), StandardCharsets.UTF_8);
        Path html = dir.resolve("report.html");
        Files.writeString(html, html(r), StandardCharsets.UTF_8);
        return html;
    }

    /** @param s text  @return it escaped for HTML text and attribute values */
    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * @param r the results
     * @return the self-contained HTML report
     */
    public static String html(Results r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sslkit compare</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#1a202c;max-width:1100px}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #cbd5e0;padding:3px 8px;")
                .append("text-align:right;font-size:13px}th{background:#edf2f7}td.s,th.s{text-align:left}")
                .append("td.ok{background:#c6f6d5}td.half{background:#fefcbf}td.bad{background:#fed7d7}")
                .append("td.note{text-align:left;color:#718096;font-size:12px}svg{display:block;margin:.3em 0 1.5em}")
                .append("h2{border-bottom:2px solid #2b6cb0;padding-bottom:2px}\n</style></head><body>\n");
        h.append("<h1>sslkit compare</h1>\n<p>");
        for (Map.Entry<String, String> e : r.env.entrySet()) {
            h.append("<b>").append(esc(e.getKey())).append("</b>: ").append(esc(e.getValue())).append(" &nbsp; ");
        }
        h.append("</p>\n<p>Short in-process runs: good for relative standing, not for publishing. The JMH suite in "
                + "<code>dev.sslkit.bench.jmh</code> measures properly. Ratios are sslkit ÷ reference: for rates "
                + "(handshakes/s, MB/s) above 1 means sslkit is faster; for times (ns/op) below 1 does.</p>\n");
        h.append("<h2>Providers</h2>\n<table class=\"providers\"><tr><th class=\"s\">provider</th><th class=\"s\">version</th>"
                + "<th class=\"s\">status</th></tr>\n");
        for (Results.Provider p : r.providers) {
            h.append("<tr><td class=\"s\">").append(esc(p.id())).append("</td><td class=\"s\">").append(esc(p.version()))
                    .append("</td><td class=\"s ").append(p.available() ? "ok\">available" : "bad\">unavailable: " + esc(p.cause()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (!r.interop.isEmpty()) {
            h.append("<h2>Interop matrix</h2>\n<p>Client down, server across. F: full handshake works; R: the "
                    + "client's session is resumed (the provider's own signal).</p>\n");
            List<String> ids = ids(r);
            for (String proto : protos(r)) {
                h.append("<table class=\"interop\" data-proto=\"").append(proto).append("\"><tr><th class=\"s\">")
                        .append(proto).append("</th>");
                ids.forEach(s -> h.append("<th>").append(esc(s)).append("</th>"));
                h.append("</tr>\n");
                for (String c : ids) {
                    h.append("<tr><th class=\"s\">").append(esc(c)).append("</th>");
                    for (String s : ids) {
                        Results.Interop i = interop(r, proto, c, s);
                        String cls = i == null || !i.full() ? "bad" : i.resumed() ? "ok" : "half";
                        h.append("<td class=\"").append(cls).append("\" title=\"").append(i == null ? "" : esc(i.note()))
                                .append("\">").append(esc(cell(r, proto, c, s))).append("</td>");
                    }
                    h.append("</tr>\n");
                }
                h.append("</table>\n");
            }
        }
        for (String section : Results.SECTIONS) {
            Set<String> metrics = r.metrics(section);
            if (metrics.isEmpty()) {
                continue;
            }
            h.append("<h2>").append(esc(title(section))).append("</h2>\n");
            for (String m : metrics) {
                String id = section + "/" + m;
                String unit = unit(r, section, m);
                h.append("<h3>").append(esc(m)).append(" <small>(").append(esc(unit)).append(")</small></h3>\n");
                h.append(svg(r, section, m));
                h.append("<table class=\"results\" data-metric=\"").append(esc(id)).append("\"><tr><th class=\"s\">")
                        .append(section.equals("handshake") ? "client→server" : "provider")
                        .append("</th><th>sslkit</th><th>raw engine</th><th>sslkit ÷ raw</th><th>OpenSSL (native)</th>")
                        .append("<th>sslkit ÷ OpenSSL</th><th class=\"s\">note</th></tr>\n");
                for (Row row : rows(r, section, m)) {
                    h.append("<tr><td class=\"s\">").append(esc(row.subject())).append("</td><td>").append(num(row.sslkit()))
                            .append("</td><td>").append(num(row.raw())).append("</td><td>").append(ratio(row.sslkit(), row.raw()))
                            .append("</td><td>").append(num(row.nat())).append("</td><td>").append(ratio(row.sslkit(), row.nat()))
                            .append("</td><td class=\"note\">").append(esc(note(row))).append("</td></tr>\n");
                }
                h.append("</table>\n");
            }
        }
        h.append("<p><small>Raw JSON: <a href=\"report.json\">report.json</a></small></p>\n</body></html>\n");
        return h.toString();
    }

    /** A horizontal grouped bar chart: per subject an sslkit and a raw bar, then OpenSSL's. */
    static String svg(Results r, String section, String metric) {
        List<Row> rows = rows(r, section, metric);
        Results.Figure nat = rows.isEmpty() ? null : rows.get(0).nat();
        double max = 0;
        for (Row row : rows) {
            for (Results.Figure f : new Results.Figure[] {row.sslkit(), row.raw()}) {
                if (f != null && !Double.isNaN(f.value())) {
                    max = Math.max(max, f.value());
                }
            }
        }
        if (nat != null && !Double.isNaN(nat.value())) {
            max = Math.max(max, nat.value());
        }
        int label = LABEL;
        int width = WIDTH;
        int area = AREA;
        int bar = 13;
        int y = 28;
        StringBuilder b = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (Row row : rows) {
            body.append("<text x=\"").append(label - 6).append("\" y=\"").append(y + bar).append("\" text-anchor=\"end\">")
                    .append(esc(row.subject())).append("</text>\n");
            bar(body, row.sslkit(), "not measured", max, label, area, y, bar, SSLKIT);
            y += bar + 2;
            bar(body, row.raw(), "no raw-engine equivalent", max, label, area, y, bar, RAW);
            y += bar + 10;
        }
        // always a native row, so that a missing reference is said, not just absent
        body.append("<text x=\"").append(label - 6).append("\" y=\"").append(y + bar - 2)
                .append("\" text-anchor=\"end\">OpenSSL (native)</text>\n");
        bar(body, nat, nativeMissing(r, section, metric), max, label, area, y, bar, NATIVE);
        y += bar + 10;
        String unit = unit(r, section, metric);
        b.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" data-metric=\"").append(esc(section + "/" + metric))
                .append("\" width=\"").append(width).append("\" height=\"").append(y + 4).append("\" font-size=\"12\" ")
                .append("font-family=\"system-ui,sans-serif\">\n<title>").append(esc(metric + " (" + unit + ")")).append("</title>\n")
                .append("<rect x=\"").append(label).append("\" y=\"4\" width=\"12\" height=\"12\" fill=\"").append(SSLKIT)
                .append("\"/><text x=\"").append(label + 16).append("\" y=\"14\">sslkit</text>")
                .append("<rect x=\"").append(label + 70).append("\" y=\"4\" width=\"12\" height=\"12\" fill=\"").append(RAW)
                .append("\"/><text x=\"").append(label + 86).append("\" y=\"14\">raw engine</text>")
                .append("<rect x=\"").append(label + 170).append("\" y=\"4\" width=\"12\" height=\"12\" fill=\"").append(NATIVE)
                .append("\"/><text x=\"").append(label + 186).append("\" y=\"14\">OpenSSL (native)</text>")
                .append("<text x=\"").append(width - 4).append("\" y=\"14\" text-anchor=\"end\" fill=\"#718096\">")
                .append(esc(unit)).append(unit.endsWith("ns/op") ? ", shorter is faster" : ", longer is faster").append("</text>\n")
                .append(body).append("</svg>\n");
        return b.toString();
    }

    /** Why a metric has no native figure. */
    static String nativeMissing(Results r, String section, String metric) {
        String env = r.env.getOrDefault("openssl", "");
        if (env.startsWith("not measured")) {
            return "OpenSSL " + env;
        }
        return metric.endsWith("threads") ? "not measured (the native reference is single-threaded)" : "not measured";
    }

    /** Chart geometry: subject labels end at LABEL; bars use AREA; values follow; the chart is WIDTH wide. */
    static final int LABEL = 190;
    static final int AREA = 520;
    static final int WIDTH = 900;
    /** The longest text a chart row holds without running past WIDTH (12 px text, at most 7 px a character). */
    public static final int MAX_TEXT = (WIDTH - LABEL - 12) / 7;

    private static void bar(StringBuilder b, Results.Figure f, String absent, double max, int x, int area, int y, int h,
            String color) {
        if (f == null || Double.isNaN(f.value()) || max <= 0) {
            String why = f == null ? absent : "n/a" + (f.note().isEmpty() ? "" : ": " + f.note());
            if (why.length() > MAX_TEXT) {
                why = why.substring(0, MAX_TEXT - 1) + "…"; // the table's note column has all of it
            }
            b.append("<text x=\"").append(x + 4).append("\" y=\"").append(y + h - 2).append("\" fill=\"#a0aec0\">")
                    .append(esc(why)).append("</text>\n");
            return;
        }
        double w = Math.max(1, area * f.value() / max);
        b.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"")
                .append(String.format(Locale.ROOT, "%.1f", w)).append("\" height=\"").append(h).append("\" fill=\"")
                .append(color).append("\"><title>").append(esc(f.subject() + " " + f.impl() + ": " + num(f) + " " + f.unit()))
                .append("</title></rect><text x=\"").append(String.format(Locale.ROOT, "%.1f", x + w + 4)).append("\" y=\"")
                .append(y + h - 2).append("\">").append(num(f)).append("</text>\n");
    }
}
