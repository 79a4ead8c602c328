package dev.sslkit.bench;

import dev.sslkit.ProviderInfo;
import dev.sslkit.Ssl;
import dev.sslkit.Sslkit;
import dev.sslkit.bench.compare.Json;
import dev.sslkit.bench.compare.Report;
import dev.sslkit.bench.compare.Results;
import dev.sslkit.bench.work.CacheOps;
import dev.sslkit.bench.work.Lifecycle;
import dev.sslkit.bench.work.Meter;
import dev.sslkit.bench.work.Pair;
import dev.sslkit.bench.work.PairFactory;
import dev.sslkit.bench.work.Proto;
import dev.sslkit.tck.TestPki;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * {@code compare}: a short cross-provider run of the benchmarks, in-process, each sslkit figure beside
 * its raw engine and native OpenSSL. Prints the providers, the interop matrix and the tables, and
 * writes {@code report.html} (inline SVG charts) and {@code report.json}. See {@link #USAGE}.
 *
 * <p>Run: {@code bench/compare} (builds, then
 * {@code java -p bench/target/lib:bench/target/sslkit-bench-0.1.0-SNAPSHOT.jar -m dev.sslkit.bench/dev.sslkit.bench.Compare}).
 */
public final class Compare {
    /** The {@code --help} text. */
    public static final String USAGE = String.join("\n",
            "usage: bench/compare [options]",
            "",
            "Runs a short version of sslkit's benchmarks for every available provider and client x server pair,",
            "each figure beside the same provider's raw engine (SSLEngine / bctls protocol objects) and native",
            "OpenSSL (built with gcc when libssl-dev is present), then prints the interop matrix and the tables",
            "and writes report.html (self-contained, SVG charts) and report.json.",
            "",
            "options:",
            "  --providers=LIST   comma-separated provider ids (default: every installed one: jsse,bc,conscrypt)",
            "  --protocol=P       TLSv1.2, TLSv1.3 or both (default both); 1.2 and 1.3 also work",
            "  --duration=MS      measurement time per round of a figure, after a warm-up at least as long (default 150)",
            "  --rounds=N         rounds per handshake and bulk figure, sslkit and raw alternating which goes first;",
            "                     the figure is the median, its spread is printed (default 3, at least 1)",
            "  --warmup=N         connections each side runs before a resumed handshake figure is measured (default 1000:",
            "                     JSSE resumption needs over a thousand to settle; full handshakes run N/5, bulk N writes)",
            "  --jdk=PATH         also run the same suite on the JDK at PATH (repeatable), in its own JVM; its figures",
            "                     appear in the same tables as rows marked [JDK version]",
            "  --sections=LIST    handshake,bulk,lifecycle,cache (default all)",
            "  --out=DIR          report directory (default bench/target/compare)",
            "  --native=MODE      auto (build and run when gcc and libssl-dev are there), off (default auto)",
            "  --native-src=DIR   where sslbench.c and build.sh are (default bench/src/main/c)",
            "  --help             this text",
            "",
            "environment (the bench/compare script):",
            "  SSLKIT_SKIP_BUILD=1    reuse the existing build in bench/target instead of running",
            "                         mvn -B -q -DskipTests package first (--help never builds when a build exists)",
            "  SSLKIT_INSTALL_DEPS=1  apt-get install gcc and libssl-dev when missing, for the native reference",
            "",
            "Progress: one line per figure on stderr ([n/total elapsed] what ... result); the tables go to stdout.",
            "",
            "Ratios are sslkit / reference: rates (handshakes/s, MB/s) above 1 and times (ns/op) below 1 favour",
            "sslkit. Every handshake and bulk figure has a CPU row (thread CPU time of the measuring thread per",
            "operation, 'CPU ns/op'): unlike wall-clock time it does not count time spent waiting for a core, so its",
            "ratios hold on a shared, busy machine. The JMH classes in dev.sslkit.bench.jmh measure properly.");

    /** Parsed options. */
    static final class Options {
        List<String> providers;
        List<Proto> protos = List.of(Proto.TLS13, Proto.TLS12);
        long durationMs = 150;
        int rounds = 3;
        int warmup = 1000;
        List<String> jdks = new ArrayList<>();
        /** The arguments as given, for the runs on other JDKs. */
        List<String> args = new ArrayList<>();
        List<String> sections = Results.SECTIONS;
        Path out = Path.of("bench", "target", "compare");
        boolean nativeRef = true;
        Path nativeSrc = Path.of("bench", "src", "main", "c");
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String key = a;
                String value = null;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    key = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (key.equals("--help") || key.equals("-h")) {
                    o.help = true;
                    continue;
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option " + key + " needs a value (see --help)");
                    }
                    value = args[++i];
                }
                if (!key.equals("--jdk") && !key.equals("--out")) {
                    o.args.add(key + "=" + value);
                }
                switch (key) {
                    case "--rounds": o.rounds = Math.max(1, Integer.parseInt(value)); break;
                    case "--warmup": o.warmup = Math.max(0, Integer.parseInt(value)); break;
                    case "--jdk": o.jdks.add(value); break;
                    case "--providers": o.providers = List.of(value.split(",")); break;
                    case "--protocol":
                        o.protos = value.equals("both") ? List.of(Proto.TLS13, Proto.TLS12) : List.of(Proto.of(value));
                        break;
                    case "--duration": o.durationMs = Long.parseLong(value); break;
                    case "--sections":
                        o.sections = List.of(value.split(","));
                        for (String s : o.sections) {
                            if (!Results.SECTIONS.contains(s)) {
                                throw new IllegalArgumentException("unknown section '" + s + "' (" + Results.SECTIONS + ")");
                            }
                        }
                        break;
                    case "--out": o.out = Path.of(value); break;
                    case "--native": o.nativeRef = !value.equals("off"); break;
                    case "--native-src": o.nativeSrc = Path.of(value); break;
                    default: throw new IllegalArgumentException("unknown option '" + a + "' (see --help)");
                }
            }
            return o;
        }
    }

    private final Options opt;
    private final Results results = new Results();
    private final PrintStream progress;
    private final List<Task> tasks = new ArrayList<>();
    private final Map<String, String> unavailable = new LinkedHashMap<>();

    private Compare(Options opt, PrintStream progress) {
        this.opt = opt;
        this.progress = progress;
    }

    /**
     * @param args see {@link #USAGE}
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("compare: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.println(USAGE);
            return;
        }
        quietLogs();
        Results r = run(o, System.err);
        Report.printText(r, System.out);
        Path html = Report.write(r, o.out);
        System.out.println();
        System.out.println("report: " + html.toAbsolutePath() + " (+ report.json)");
    }

    /** Loggers kept strongly reachable, so their levels stick. */
    private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();

    /**
     * sslkit's provider-selection line and bctls's per-connection INFO lines would break the progress
     * lines (and bctls's logging costs more than its crypto, for sslkit and raw bctls alike).
     */
    static void quietLogs() {
        for (String name : List.of("dev.sslkit", "org.bouncycastle")) {
            java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
            l.setLevel(java.util.logging.Level.WARNING);
            QUIET.add(l);
        }
    }

    /**
     * Runs everything the options ask for.
     *
     * @param o        options
     * @param progress where progress lines go
     * @return the results
     * @throws Exception on failure
     */
    static Results run(Options o, PrintStream progress) throws Exception {
        return new Compare(o, progress).execute();
    }

    /**
     * For tests: runs with these arguments and writes the report.
     *
     * @param args     see {@link #USAGE}
     * @param progress where progress lines go
     * @return the results
     * @throws Exception on failure
     */
    public static Results runAndWrite(String[] args, PrintStream progress) throws Exception {
        Options o = Options.parse(args);
        Results r = run(o, progress);
        Report.write(r, o.out);
        return r;
    }

    private record Task(String label, Work work) {
    }

    @FunctionalInterface
    private interface Work {
        String run() throws Exception;
    }

    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    private Results execute() throws Exception {
        long t0 = System.nanoTime();
        env();
        List<String> ids = providers();
        if (opt.sections.contains("handshake") || opt.sections.contains("bulk")) {
            tasks.add(new Task("warm-up: every provider's handshake, raw and sslkit", () -> warmUp(ids)));
        }
        if (opt.sections.contains("handshake")) {
            for (Proto p : opt.protos) {
                for (String c : ids) {
                    for (String s : ids) {
                        handshakeTasks(p, c, s);
                    }
                }
            }
        }
        if (opt.sections.contains("bulk")) {
            for (String id : ids) {
                for (Proto.Suite suite : List.of(Proto.Suite.AES128_GCM, Proto.Suite.CHACHA20_POLY1305)) {
                    for (boolean direct : new boolean[] {false, true}) {
                        bulkTask(id, suite, direct);
                    }
                }
            }
        }
        if (opt.sections.contains("lifecycle")) {
            ids.forEach(this::lifecycleTask);
        }
        if (opt.sections.contains("cache")) {
            ids.forEach(this::cacheTask);
        }
        if (opt.nativeRef) {
            tasks.add(new Task("native OpenSSL reference", this::nativeRef));
        }
        for (int i = 0; i < opt.jdks.size(); i++) {
            String jdk = opt.jdks.get(i);
            int k = i + 1;
            tasks.add(new Task("the same suite on " + jdk, () -> otherJdk(jdk, k)));
        }
        int n = 0;
        for (Task t : tasks) {
            n++;
            progress.printf("[%3d/%d %4.0fs] %s ...", n, tasks.size(), (System.nanoTime() - t0) / 1e9, t.label());
            progress.flush();
            String r;
            try {
                r = t.work().run();
            } catch (Exception | Error e) {
                r = "failed: " + brief(e);
            }
            progress.println(" " + r);
        }
        results.env.put("elapsed", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - t0) / 1e9));
        return results;
    }

    private void env() {
        results.env.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        results.env.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        results.env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        results.env.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        results.env.put("duration", opt.durationMs + " ms per round, " + opt.rounds + " rounds per handshake and bulk figure "
                + "(median; sslkit and raw alternate going first), warm-up " + opt.warmup + " resumed / " + opt.warmup / 5
                + " full connections per side and at least " + opt.durationMs + " ms");
        results.env.put("protocols", opt.protos.stream().map(Proto::label).reduce((a, b) -> a + ", " + b).orElse(""));
    }

    private List<String> providers() {
        Map<String, ProviderInfo> found = new LinkedHashMap<>();
        for (ProviderInfo p : Sslkit.providers()) {
            found.put(p.id(), p);
        }
        List<String> want = opt.providers;
        if (want == null) {
            want = new ArrayList<>();
            for (String id : List.of("jsse", "bc", "conscrypt")) {
                want.add(id);
            }
            for (String id : found.keySet()) {
                if (!want.contains(id)) {
                    want.add(id);
                }
            }
        }
        List<String> ids = new ArrayList<>();
        for (String id : want) {
            ProviderInfo p = found.get(id);
            if (p == null) {
                results.providers.add(new Results.Provider(id, "", false, "not installed: no sslkit-provider-" + id
                        + " module or jar on the path (installed: " + found.keySet() + ")"));
                unavailable.put(id, "not installed");
            } else {
                results.providers.add(new Results.Provider(id, p.version(), p.available(), p.available() ? "" : p.cause()));
                if (!p.available()) {
                    unavailable.put(id, "unavailable: " + p.cause());
                }
            }
            ids.add(id);
        }
        return ids;
    }

    private String why(String... ids) {
        for (String id : ids) {
            if (unavailable.containsKey(id)) {
                return id + " " + unavailable.get(id);
            }
        }
        return null;
    }

    static String brief(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof UnsupportedOperationException) {
            int colon = m.indexOf(": ");
            if (colon > 0 && m.substring(0, colon).contains(" ")) {
                m = m.substring(colon + 2); // drop the spec prefix, the table row says it
            }
        }
        m = m.replace('\n', ' ');
        return m.length() > 200 ? m.substring(0, 197) + "..." : m;
    }

    // ---- measurement ---------------------------------------------------------------------------------

    /** Runs {@code op} on {@code threads} threads for the warm-up then the measurement; returns total ops/s. */
    private double rate(IntFunction<Op> ops, int threads, int batch) throws Exception {
        if (threads == 1) {
            Op op = ops.apply(0);
            double r = 0;
            for (int phase = 0; phase < 2; phase++) {
                long start = System.nanoTime();
                long end = start + TimeUnit.MILLISECONDS.toNanos(opt.durationMs);
                long n = 0;
                long t;
                do {
                    for (int i = 0; i < batch; i++) {
                        op.run();
                    }
                    n += batch;
                } while ((t = System.nanoTime()) < end);
                r = n * 1e9 / (t - start);
            }
            return r;
        }
        double[] rates = new double[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(threads);
        AtomicBoolean go = new AtomicBoolean();
        Thread[] ts = new Thread[threads];
        for (int k = 0; k < threads; k++) {
            int idx = k;
            Op op = ops.apply(k);
            ts[k] = new Thread(() -> {
                ready.countDown();
                while (!go.get()) {
                    Thread.onSpinWait();
                }
                try {
                    long warmEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(opt.durationMs);
                    while (System.nanoTime() < warmEnd) {
                        for (int i = 0; i < batch; i++) {
                            op.run();
                        }
                    }
                    long start = System.nanoTime();
                    long end = start + TimeUnit.MILLISECONDS.toNanos(opt.durationMs);
                    long n = 0;
                    long t;
                    do {
                        for (int i = 0; i < batch; i++) {
                            op.run();
                        }
                        n += batch;
                    } while ((t = System.nanoTime()) < end);
                    rates[idx] = n * 1e9 / (t - start);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "compare-" + k);
            ts[k].start();
        }
        ready.await();
        go.set(true);
        for (Thread t : ts) {
            t.join();
        }
        if (failure.get() != null) {
            Throwable f = failure.get();
            throw f instanceof Exception ? (Exception) f : new IllegalStateException(f);
        }
        double sum = 0;
        for (double r : rates) {
            sum += r;
        }
        return sum;
    }

    private void figure(String section, String metric, String subject, String impl, double value, String unit, String note) {
        results.add(new Results.Figure(section, metric, subject, impl, value, unit, note == null ? "" : note));
    }

    private static String fmt(double v, String unit) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f %s" : "%.3g %s", v, unit);
    }

    // ---- handshakes ---------------------------------------------------------------------------------

    /**
     * Runs every available provider's handshake, through its raw engine and through sslkit, before
     * any figure: each figure measures sslkit then raw, and the code they share (the provider's own
     * handshake) would otherwise be compiled by the JIT during the first of them, tilting the ratio
     * against whichever side runs first.
     */
    private String warmUp(List<String> ids) {
        int n = 0;
        for (String id : ids) {
            if (why(id) != null) {
                continue;
            }
            for (Proto p : opt.protos) {
                for (PairFactory.Impl impl : PairFactory.Impl.values()) {
                    try (PairFactory f = PairFactory.create(new PairFactory.Spec(impl, id, id, p.handshakeSuite(), false, false))) {
                        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(opt.durationMs);
                        do {
                            f.connection();
                            n++;
                        } while (System.nanoTime() < end);
                    } catch (Exception | Error e) {
                        // the figure of the same provider and protocol reports it
                    }
                }
            }
        }
        return n + " handshakes";
    }

    private void handshakeTasks(Proto p, String c, String s) {
        String subject = c + "→" + s;
        boolean[] ok = new boolean[2];
        String[] notes = new String[2];
        for (int m = 0; m < 2; m++) {
            boolean resume = m == 1;
            String metric = (resume ? "resumed " : "full ") + p.label();
            int mode = m;
            tasks.add(new Task("handshake " + subject + " " + metric + " sslkit & raw", () -> {
                String u = why(c, s);
                PairFactory.Impl[] impls = PairFactory.Impl.values();
                if (u != null) {
                    for (PairFactory.Impl impl : impls) {
                        figure("handshake", metric, subject, impl.label(), Double.NaN, "handshakes/s", u);
                    }
                    notes[mode] = u;
                    return u;
                }
                PairFactory[] fs = new PairFactory[impls.length];
                String[] failed = new String[impls.length];
                try {
                    for (int i = 0; i < impls.length; i++) {
                        try {
                            fs[i] = PairFactory.create(new PairFactory.Spec(impls[i], c, s, p.handshakeSuite(), resume, false));
                        } catch (Exception | Error e) {
                            failed[i] = resume && impls[i] == PairFactory.Impl.SSLKIT ? privateResumption(p, c, s) + brief(e) : brief(e);
                        }
                    }
                    ok[mode] = fs[0] != null;
                    notes[mode] = failed[0];
                    long[] misses = new long[impls.length];
                    Meter.Op[] ops = new Meter.Op[impls.length];
                    for (int i = 0; i < impls.length; i++) {
                        PairFactory f = fs[i];
                        int k = i;
                        ops[i] = f == null ? null : () -> {
                            if (f.connection() != resume) {
                                misses[k]++;
                            }
                        };
                    }
                    Meter.Stat[][] st = measure(ops, 1, resume ? opt.warmup : opt.warmup / 5);
                    StringBuilder out = new StringBuilder();
                    for (int i = 0; i < impls.length; i++) {
                        if (fs[i] == null) {
                            figure("handshake", metric, subject, impls[i].label(), Double.NaN, "handshakes/s", failed[i]);
                            figure("handshake", metric + " CPU", subject, impls[i].label(), Double.NaN, "CPU ns/op", failed[i]);
                            out.append(impls[i].label()).append(" n/a: ").append(failed[i]).append("; ");
                            continue;
                        }
                        String note = misses[i] == 0 ? "" : misses[i] + (resume ? " handshakes did not resume" : " resumed");
                        figure("handshake", metric, subject, impls[i].label(), st[i][0].median(), "handshakes/s", join(spread(st[i][0]), note));
                        figure("handshake", metric + " CPU", subject, impls[i].label(), st[i][1].median(), "CPU ns/op",
                                spread(st[i][1]));
                        out.append(impls[i].label()).append(' ').append(fmt(st[i][0].median(), "handshakes/s")).append(", ")
                                .append(fmt(st[i][1].median() / 1000, "µs CPU")).append(note.isEmpty() ? "" : " (" + note + ")")
                                .append("; ");
                    }
                    return out.toString();
                } finally {
                    for (PairFactory f : fs) {
                        if (f != null) {
                            f.close();
                        }
                    }
                }
            }));
        }
        tasks.add(new Task("interop " + subject + " " + p.label(), () -> {
            results.interop.add(new Results.Interop(p.label(), c, s, ok[0], ok[1],
                    ok[0] ? (ok[1] ? "" : "no resumption: " + notes[1]) : String.valueOf(notes[0])));
            return ok[0] ? (ok[1] ? "full + resumed" : "full only") : "fails";
        }));
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }

    /** @return "median of N, range -x%..+y%" for a figure's rounds, or "" for a single round */
    private static String spread(Meter.Stat st) {
        if (st.n() < 2 || Double.isNaN(st.median()) || st.median() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "median of %d, range %+.0f%%..%+.0f%%", st.n(), 100 * (st.min() / st.median() - 1),
                100 * (st.max() / st.median() - 1));
    }

    /**
     * Warms every non-null op (alternately, {@code warmOps} operations each and at least the duration), then runs
     * {@code opt.rounds} rounds of {@code opt.durationMs} each, the op that goes first alternating from round to round.
     *
     * @return per op: {rate (ops/s over wall-clock time), CPU ns per op}, as medians with their spread
     */
    private Meter.Stat[][] measure(Meter.Op[] ops, int batch, int warmOps) throws Exception {
        int n = ops.length;
        for (int i = 0; i < n; i++) {
            if (ops[i] != null) {
                Meter.times(ops[i], warmOps);
            }
        }
        for (int i = 0; i < n; i++) {
            if (ops[i] != null) {
                Meter.forDuration(ops[i], batch, opt.durationMs);
            }
        }
        double[][] rate = new double[n][opt.rounds];
        double[][] cpu = new double[n][opt.rounds];
        for (int r = 0; r < opt.rounds; r++) {
            for (int j = 0; j < n; j++) {
                int i = r % 2 == 0 ? j : n - 1 - j;
                if (ops[i] == null) {
                    continue;
                }
                Meter.Sample sm = Meter.forDuration(ops[i], batch, opt.durationMs);
                rate[i][r] = sm.rate();
                cpu[i][r] = sm.cpuNs();
            }
        }
        Meter.Stat[][] out = new Meter.Stat[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new Meter.Stat[] {Meter.Stat.of(rate[i]), Meter.Stat.of(cpu[i])};
        }
        return out;
    }

    /** Why a cross-provider pair cannot resume, from the providers' declared capabilities ("" if they say it can). */
    private static String privateResumption(Proto p, String c, String s) {
        if (c.equals(s)) {
            return "";
        }
        for (String id : new String[] {c, s}) {
            try {
                if (!Sslkit.capabilities(id).resumesWithOthers(p.version())) {
                    return id + " resumes " + p.label() + " only with itself (its declared capabilities); ";
                }
            } catch (Exception | Error e) {
                // unavailable: the failure itself says so
            }
        }
        return "";
    }

    // ---- bulk ----------------------------------------------------------------------------------------

    private void bulkTask(String id, Proto.Suite suite, boolean direct) {
        String metric = suite.iana() + (direct ? " direct" : " heap");
        tasks.add(new Task("bulk " + id + " " + metric + " sslkit & raw", () -> {
            PairFactory.Impl[] impls = PairFactory.Impl.values();
            String u = why(id);
            if (u != null) {
                for (PairFactory.Impl impl : impls) {
                    figure("bulk", metric, id, impl.label(), Double.NaN, "MB/s", u);
                }
                return u;
            }
            int size = 16 * 1024;
            PairFactory[] fs = new PairFactory[impls.length];
            Pair[] pairs = new Pair[impls.length];
            String[] failed = new String[impls.length];
            Meter.Op[] ops = new Meter.Op[impls.length];
            try {
                for (int i = 0; i < impls.length; i++) {
                    try {
                        fs[i] = PairFactory.create(new PairFactory.Spec(impls[i], id, id, suite, false, direct));
                        pairs[i] = fs[i].open();
                        pairs[i].handshake();
                        ByteBuffer src = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
                        ByteBuffer dst = direct ? ByteBuffer.allocateDirect(2 * size) : ByteBuffer.allocate(2 * size);
                        Pair pair = pairs[i];
                        ops[i] = () -> pair.send(src.clear(), dst);
                    } catch (Exception | Error e) {
                        failed[i] = brief(e);
                    }
                }
                Meter.Stat[][] st = measure(ops, 4, opt.warmup);
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < impls.length; i++) {
                    if (ops[i] == null) {
                        figure("bulk", metric, id, impls[i].label(), Double.NaN, "MB/s", failed[i]);
                        figure("bulk", metric + " CPU", id, impls[i].label(), Double.NaN, "CPU ns/op", failed[i]);
                        out.append(impls[i].label()).append(" n/a: ").append(failed[i]).append("; ");
                        continue;
                    }
                    double mbs = st[i][0].median() * size / 1e6;
                    figure("bulk", metric, id, impls[i].label(), mbs, "MB/s", spread(st[i][0]));
                    figure("bulk", metric + " CPU", id, impls[i].label(), st[i][1].median(), "CPU ns/op", spread(st[i][1]));
                    out.append(impls[i].label()).append(' ').append(fmt(mbs, "MB/s")).append("; ");
                }
                return out.toString();
            } finally {
                for (int i = 0; i < impls.length; i++) {
                    if (pairs[i] != null) {
                        pairs[i].close();
                    }
                    if (fs[i] != null) {
                        fs[i].close();
                    }
                }
            }
        }));
    }

    // ---- lifecycle -----------------------------------------------------------------------------------

    private interface SslOp {
        void run(Ssl base) throws Exception;
    }

    private void lifecycleTask(String id) {
        tasks.add(new Task("lifecycle " + id, () -> {
            String u = why(id);
            String[] names = {"newSslFree", "dupFree", "upRefFree", "clear", "newContextFree"};
            if (u != null) {
                for (String n : names) {
                    figure("lifecycle", n, id, "sslkit", Double.NaN, "ns/op", u);
                    figure("lifecycle", n + " 2 threads", id, "sslkit", Double.NaN, "ns/op", u);
                }
                return u;
            }
            StringBuilder out = new StringBuilder();
            try (Lifecycle l = new Lifecycle(id)) {
                SslOp[] ops = {
                    b -> l.newSslFree(), Lifecycle::dupFree, Lifecycle::upRefFree, Lifecycle::clear, b -> l.newContextFree()
                };
                for (int threads = 1; threads <= 2; threads++) {
                    for (int i = 0; i < names.length; i++) {
                        if (threads == 2 && i == 4) {
                            continue;
                        }
                        String metric = names[i] + (threads == 2 ? " 2 threads" : "");
                        Ssl[] bases = {l.freshSsl(), l.freshSsl()};
                        try {
                            SslOp op = ops[i];
                            int batch = i == 4 ? 1 : 64;
                            double r = rate(k -> () -> op.run(bases[k]), threads, batch);
                            double ns = 1e9 * threads / r;
                            figure("lifecycle", metric, id, "sslkit", ns, "ns/op", null);
                            out.append(metric).append(' ').append(fmt(ns, "ns")).append("; ");
                        } catch (Exception | Error e) {
                            figure("lifecycle", metric, id, "sslkit", Double.NaN, "ns/op", brief(e));
                        } finally {
                            bases[0].free();
                            bases[1].free();
                        }
                        if (i == 0 || i == 4) {
                            try {
                                Op raw = i == 0 ? l::rawNewEngine : l::rawNewContext;
                                double r = rate(k -> raw, threads, i == 0 ? 16 : 1);
                                figure("lifecycle", metric, id, "raw", 1e9 * threads / r, "ns/op",
                                        i == 0 ? (id.equals("bc") ? "new TlsServerProtocol + peer" : "createSSLEngine + closeOutbound")
                                                : (id.equals("bc") ? "new JcaTlsCrypto" : "SSLContext getInstance + init, no keys"));
                            } catch (Exception | Error e) {
                                figure("lifecycle", metric, id, "raw", Double.NaN, "ns/op", brief(e));
                            }
                        }
                    }
                }
            }
            return out.toString();
        }));
    }

    // ---- cache ---------------------------------------------------------------------------------------

    private void cacheTask(String id) {
        tasks.add(new Task("session cache " + id, () -> {
            String u = why(id);
            if (u != null) {
                for (String n : List.of("lookup", "insert", "lookup 2 threads", "insert 2 threads")) {
                    figure("cache", n, id, "sslkit", Double.NaN, "ns/op", u);
                }
                return u;
            }
            StringBuilder out = new StringBuilder();
            try (CacheOps c = new CacheOps(id, 64)) {
                for (int threads = 1; threads <= 2; threads++) {
                    String suffix = threads == 2 ? " 2 threads" : "";
                    int[][] cursor = {{0}, {32}};
                    double r = rate(k -> () -> c.lookup(cursor[k][0]++ & 31 | (k << 5)), threads, 64);
                    figure("cache", "lookup" + suffix, id, "sslkit", 1e9 * threads / r, "ns/op", null);
                    out.append("lookup").append(suffix).append(' ').append(fmt(1e9 * threads / r, "ns")).append("; ");
                    if (c.hasRawLookup()) {
                        r = rate(k -> () -> c.rawLookup(cursor[k][0]++), threads, 64);
                        figure("cache", "lookup" + suffix, id, "raw", 1e9 * threads / r, "ns/op",
                                "SSLSessionContext.getSession(id)");
                    } else {
                        figure("cache", "lookup" + suffix, id, "raw", Double.NaN, "ns/op",
                                id.equals("bc") ? "bctls keeps no server session cache" : "the raw server kept no session under its id (stateless tickets)");
                    }
                    r = rate(k -> () -> c.insert(cursor[k][0]++ & 31 | (k << 5)), threads, 64);
                    figure("cache", "insert" + suffix, id, "sslkit", 1e9 * threads / r, "ns/op", "add + remove");
                    out.append("insert").append(suffix).append(' ').append(fmt(1e9 * threads / r, "ns")).append("; ");
                }
            }
            return out.toString();
        }));
    }

    // ---- other JDKs ----------------------------------------------------------------------------------

    /**
     * {@code --jdk=PATH}: runs this same compare (same options, no native reference, no further JDKs) in a JVM of
     * the JDK at {@code path}, from the same jars, and adds its figures to these tables with the subject marked
     * {@code [JDK <version>]}, so that each provider's figures on both JDKs are rows of one table.
     */
    private String otherJdk(String path, int k) throws Exception {
        Path java = Path.of(path, "bin", "java");
        if (!Files.isExecutable(java)) {
            results.env.put("jdk " + k, "not run: " + java + " not found");
            return "skipped: " + java + " not found";
        }
        Path dir = opt.out.resolve("jdk-" + k);
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Dsslkit.leakDetection=disabled"));
        String mp = System.getProperty("jdk.module.path");
        if (mp != null && !mp.isEmpty()) {
            cmd.addAll(List.of("-p", mp, "-m", "dev.sslkit.bench/" + Compare.class.getName()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Compare.class.getName()));
        }
        cmd.addAll(opt.args);
        cmd.add("--native=off");
        cmd.add("--out=" + dir);
        Path log = dir.resolve("log.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int rc = p.waitFor();
        Path json = dir.resolve("report.json");
        if (rc != 0 || !Files.exists(json)) {
            results.env.put("jdk " + k, path + ": failed (exit " + rc + "), see " + log);
            return "failed: exit " + rc + ", see " + log;
        }
        Map<?, ?> doc = (Map<?, ?>) Json.parse(Files.readString(json, StandardCharsets.UTF_8));
        Map<?, ?> env = (Map<?, ?>) doc.get("env");
        String version = String.valueOf(env.get("jdk"));
        String tag = " [JDK " + version.replaceAll(".* ", "") + "]";
        results.env.put("jdk " + k, version + " (" + path + "), rows marked" + tag);
        int n = 0;
        for (Object o : (List<?>) doc.get("figures")) {
            Map<?, ?> f = (Map<?, ?>) o;
            Object v = f.get("value");
            figure((String) f.get("section"), (String) f.get("metric"), f.get("subject") + tag, (String) f.get("impl"),
                    v == null ? Double.NaN : ((Number) v).doubleValue(), (String) f.get("unit"), (String) f.get("note"));
            n++;
        }
        return version + ": " + n + " figures";
    }

    // ---- native --------------------------------------------------------------------------------------

    private String nativeRef() throws Exception {
        Path src = opt.nativeSrc.resolve("sslbench.c");
        Path build = opt.nativeSrc.resolve("build.sh");
        if (!Files.exists(src) || !Files.exists(build)) {
            results.env.put("openssl", "not measured: " + src + " not found (run from the repository root)");
            return "skipped: " + src + " not found";
        }
        Path dir = opt.out.resolveSibling("native");
        Path bin = dir.resolve("sslbench");
        if (!Files.exists(bin) || Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(src)) < 0) {
            Process p = new ProcessBuilder("bash", build.toString(), dir.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int rc = p.waitFor();
            if (rc != 0) {
                results.env.put("openssl", "not measured: " + (log.isEmpty() ? "build failed (" + rc + ")" : log));
                return "skipped: " + log;
            }
        }
        Path pem = Files.createDirectories(dir.resolve("pem"));
        TestPki.ec().writePem(pem);
        Process p = new ProcessBuilder(bin.toString(), pem.toString(), Long.toString(opt.durationMs))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            results.env.put("openssl", "not measured: sslbench exited " + rc);
            return "failed: sslbench exited " + rc;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) Json.parse(json);
        results.env.put("openssl", String.valueOf(doc.get("openssl")));
        int n = 0;
        for (Object o : (List<?>) doc.get("results")) {
            Map<?, ?> m = (Map<?, ?>) o;
            String name = (String) m.get("name");
            double v = ((Number) m.get("value")).doubleValue();
            String unit = (String) m.get("unit");
            String[] parts = name.split("\\.", 2);
            List<String[]> targets = new ArrayList<>();
            switch (parts[0]) {
                case "handshake": {
                    String[] hp = parts[1].split("\\.", 2);
                    targets.add(new String[] {"handshake", hp[0] + " " + hp[1]});
                    unit = "handshakes/s";
                    break;
                }
                case "bulk":
                    targets.add(new String[] {"bulk", parts[1] + " heap"});
                    targets.add(new String[] {"bulk", parts[1] + " direct"});
                    break;
                default:
                    targets.add(new String[] {parts[0], parts[1]});
            }
            for (String[] t : targets) {
                if (results.metrics(t[0]).contains(t[1])) {
                    figure(t[0], t[1], "openssl", "native", v, unit, null);
                    n++;
                }
            }
        }
        return doc.get("openssl") + ": " + n + " figures";
    }
}
