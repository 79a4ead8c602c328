package dev.sslkit.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@code compare} run found: the environment, the providers (available or with their cause),
 * the interop matrix and every figure. Filled by {@code Compare}, written by {@link Report}.
 */
public final class Results {
    /** Sections, in report order. */
    public static final List<String> SECTIONS = List.of("handshake", "bulk", "lifecycle", "cache");

    /**
     * One figure.
     *
     * @param section {@code handshake}, {@code bulk}, {@code lifecycle} or {@code cache}
     * @param metric  e.g. {@code full TLSv1.3}, {@code TLS_AES_128_GCM_SHA256 heap}, {@code newSslFree}
     * @param subject a provider id, a client→server pair, or {@code openssl}
     * @param impl    {@code sslkit}, {@code raw} or {@code native}
     * @param value   the figure, NaN when there is none
     * @param unit    {@code handshakes/s}, {@code MB/s}, {@code ns/op} or {@code CPU ns/op} (thread CPU time of the
     *                measuring thread per operation)
     * @param note    why there is no figure (or a remark), or empty
     */
    public record Figure(String section, String metric, String subject, String impl, double value, String unit, String note) {
        /** @return whether a higher value is better */
        public boolean higherIsBetter() {
            return !unit.endsWith("ns/op");
        }
    }

    /**
     * One interop cell.
     *
     * @param proto   {@code TLSv1.2} or {@code TLSv1.3}
     * @param client  client provider
     * @param server  server provider
     * @param full    whether a full handshake worked
     * @param resumed whether a resumed handshake worked
     * @param note    the failure, if any
     */
    public record Interop(String proto, String client, String server, boolean full, boolean resumed, String note) {
    }

    /**
     * A provider as found.
     *
     * @param id        id
     * @param version   version, or empty
     * @param available whether it can be used here
     * @param cause     why not, or empty
     */
    public record Provider(String id, String version, boolean available, String cause) {
    }

    /** Environment: date, JDK, OS, cores, OpenSSL, settings. */
    public final Map<String, String> env = new LinkedHashMap<>();
    /** Providers requested, in order. */
    public final List<Provider> providers = new ArrayList<>();
    /** The interop matrix. */
    public final List<Interop> interop = new ArrayList<>();
    /** The figures. */
    public final List<Figure> figures = new ArrayList<>();

    /** @param f a figure to add */
    public synchronized void add(Figure f) {
        figures.add(f);
    }

    /** @return the metrics of a section, in order of first appearance */
    public Set<String> metrics(String section) {
        Set<String> m = new LinkedHashSet<>();
        for (Figure f : figures) {
            if (f.section().equals(section)) {
                m.add(f.metric());
            }
        }
        return m;
    }

    /** @return the figures of one metric */
    public List<Figure> of(String section, String metric) {
        List<Figure> l = new ArrayList<>();
        for (Figure f : figures) {
            if (f.section().equals(section) && f.metric().equals(metric)) {
                l.add(f);
            }
        }
        return l;
    }

    /** @return everything as JSON-ready maps and lists */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", env);
        List<Object> ps = new ArrayList<>();
        for (Provider p : providers) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", p.id());
            e.put("version", p.version());
            e.put("available", p.available());
            e.put("cause", p.cause());
            ps.add(e);
        }
        m.put("providers", ps);
        List<Object> io = new ArrayList<>();
        for (Interop i : interop) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("proto", i.proto());
            e.put("client", i.client());
            e.put("server", i.server());
            e.put("full", i.full());
            e.put("resumed", i.resumed());
            e.put("note", i.note());
            io.add(e);
        }
        m.put("interop", io);
        List<Object> fs = new ArrayList<>();
        for (Figure f : figures) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("section", f.section());
            e.put("metric", f.metric());
            e.put("subject", f.subject());
            e.put("impl", f.impl());
            e.put("value", Double.isNaN(f.value()) ? null : f.value());
            e.put("unit", f.unit());
            e.put("note", f.note());
            fs.add(e);
        }
        m.put("figures", fs);
        return m;
    }
}
