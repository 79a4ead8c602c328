package dev.sslkit.cli;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.ProviderInfo;
import dev.sslkit.Setting;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;
import dev.sslkit.Sslkit;
import dev.sslkit.VerifyMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code openssl s_time}: how many TLS connections per second a server accepts from this provider,
 * with new sessions ({@code -new}), resumed ones ({@code -reuse}), or both (the default). Each
 * connection is connect + handshake + close_notify + close, one after the other on one thread, as
 * OpenSSL's tool does. {@code -provider all} runs every available provider and prints them side by
 * side. A progress line on stderr shows the count while it runs.
 */
@Command(name = "s_time", sortOptions = false, description = "Time TLS connections to a server, as openssl s_time; -provider all compares providers.")
final class STime extends Base {
    @Option(names = "-connect", paramLabel = "host:port", description = "Server (default localhost:4433).")
    String connect = "localhost:4433";
    @Option(names = "-new", description = "Only new sessions.")
    boolean onlyNew;
    @Option(names = "-reuse", description = "Only resumed sessions.")
    boolean onlyReuse;
    @Option(names = "-time", paramLabel = "s", description = "Seconds per measurement (default 30).")
    int seconds = 30;
    @Option(names = "-CAfile", paramLabel = "file", description = "Verify the server against these certificates (default: no verification, as s_time).")
    Path caFile;
    @Option(names = "-tls1_2", description = "Only TLS 1.2.")
    boolean tls12;
    @Option(names = "-tls1_3", description = "Only TLS 1.3.")
    boolean tls13;

    STime(Main.Io io) {
        super(io);
    }

    /** One provider's figures. */
    record Row(String provider, String version, Run full, Run reuse, String error) {
    }

    /** One measurement. */
    record Run(int connections, int reused, double realSeconds, double userSeconds, ProtocolVersion protocol) {
        double perSecond() {
            return realSeconds <= 0 ? 0 : connections / realSeconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (onlyNew && onlyReuse) {
            throw new CliException("-new and -reuse exclude each other (neither: both)");
        }
        if (seconds <= 0) {
            throw new CliException("-time must be at least 1 second");
        }
        String[] hp = HostPort.parse(connect, "-connect");
        ProtocolVersion version = Tls.version(tls12, tls13);
        List<String> ids = new ArrayList<>();
        if ("all".equals(providerId())) {
            for (ProviderInfo p : Sslkit.providers()) {
                if (p.available()) {
                    ids.add(p.id());
                } else {
                    io.err.println("s_time: provider " + p.id() + " skipped: " + p.cause());
                }
            }
        } else {
            requireProvider(providerId());
            ids.add(providerId());
        }
        List<Row> rows = new ArrayList<>();
        for (String id : ids) {
            try {
                rows.add(measure(id, hp[0], Integer.parseInt(hp[1]), version));
            } catch (CliException | IOException e) {
                if (ids.size() == 1) {
                    throw e;
                }
                io.err.println("s_time: provider " + id + ": " + Main.message(e));
                rows.add(new Row(id, version(id), null, null, Main.message(e)));
            }
        }
        if (ids.size() > 1) {
            table(rows, io.out);
        }
        boolean anyFailed = rows.stream().anyMatch(r -> r.error() != null);
        return anyFailed ? 1 : 0;
    }

    private static String version(String id) {
        for (ProviderInfo p : Sslkit.providers()) {
            if (p.id().equals(id)) {
                return p.version();
            }
        }
        return "";
    }

    private Row measure(String id, String host, int port, ProtocolVersion version) throws IOException {
        PrintStream out = io.out;
        try (SslContext ctx = newContext(SslMethod.TLS_CLIENT, id)) {
            if (caFile != null) {
                ctx.setTrustAnchors(Tls.readCerts(caFile));
            } else {
                ctx.set(Setting.VERIFY_MODE, EnumSet.noneOf(VerifyMode.class));
            }
            Tls.protocol(ctx, version);
            String sni = HostPort.isAddress(host) ? null : host;
            Run full = null;
            Run reuse = null;
            String label = id + " " + version(id);
            if (!onlyReuse) {
                out.println("Collecting connection statistics for " + seconds + " seconds (provider " + label + ")");
                out.flush();
                full = loop(ctx, host, port, sni, null, id + " new");
                print(full, out);
            }
            if (!onlyNew) {
                out.println();
                out.println("Now timing with session id reuse (provider " + label + ").");
                SslSession s = first(ctx, host, port, sni);
                try {
                    out.println("starting");
                    out.flush();
                    reuse = loop(ctx, host, port, sni, s, id + " reuse");
                } finally {
                    s.free();
                }
                print(reuse, out);
                out.println(reuse.reused() + " of " + reuse.connections() + " connections resumed" + note(id, reuse));
            }
            out.flush();
            return new Row(id, version(id), full, reuse, null);
        }
    }

    /** The session to reuse: one connection with a full shutdown, so TLS 1.3 tickets arrive. */
    private static SslSession first(SslContext ctx, String host, int port, String sni) throws IOException {
        try (Conn c = connection(ctx, host, port, sni, null)) {
            c.collectTickets(100, null);
            c.shutdown(2000);
            SslSession s = c.ssl.get1Session();
            if (s == null) {
                throw new CliException("the first connection left no session to reuse");
            }
            return s;
        }
    }

    private static Conn connection(SslContext ctx, String host, int port, String sni, SslSession s) throws IOException {
        dev.sslkit.Ssl ssl = ctx.newSsl();
        Conn c;
        try {
            if (sni != null) {
                ssl.setHostName(sni);
            }
            if (s != null) {
                ssl.setSession(s);
            }
            c = new Conn(Conn.connect(host, port, 5000), ssl);
        } catch (IOException | RuntimeException e) {
            ssl.free();
            throw e;
        }
        try {
            c.handshake(10_000);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private Run loop(SslContext ctx, String host, int port, String sni, SslSession s, String label) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        long user0 = cpu ? mx.getCurrentThreadUserTime() : 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long nextProgress = start + 250_000_000L;
        int n = 0;
        int reused = 0;
        ProtocolVersion proto = null;
        SslSession offer = s == null ? null : s.upRef() ? s : null;
        // a provider that resumes TLS 1.3 only with itself (bc) surfaces no tickets from other servers
        boolean ticketed = Sslkit.capabilities(ctx.providerId()).resumesWithOthers(ProtocolVersion.TLS1_3);
        try {
            while (System.nanoTime() < end) {
                try (Conn c = connection(ctx, host, port, sni, offer)) {
                    if (c.ssl.sessionReused()) {
                        reused++;
                    }
                    proto = c.ssl.version();
                    // TLS 1.3: a ticket is used once; take the one the server sends after this handshake
                    if (offer != null && ticketed && c.ssl.version() == ProtocolVersion.TLS1_3) {
                        SslSession got = c.ssl.getSession();
                        if (c.awaitNewSession(got, 200)) {
                            offer.free();
                            offer = c.ssl.get1Session();
                        }
                    }
                    c.shutdown(0);
                } catch (SslException e) {
                    throw new CliException("connection " + (n + 1) + " failed: " + Main.message(e), e);
                }
                n++;
                long now = System.nanoTime();
                if (now >= nextProgress) {
                    io.err.printf(Locale.ROOT, "\r%s: %d connections, %.1f s", label, n, (now - start) / 1e9);
                    io.err.flush();
                    nextProgress = now + 250_000_000L;
                }
            }
        } finally {
            SslSession.free(offer);
        }
        double real = (System.nanoTime() - start) / 1e9;
        double user = cpu ? (mx.getCurrentThreadUserTime() - user0) / 1e9 : real;
        io.err.printf(Locale.ROOT, "\r%s: %d connections, %.1f s%n", label, n, real);
        return new Run(n, reused, real, user, proto);
    }

    private static void print(Run r, PrintStream out) {
        out.printf(Locale.ROOT, "%d connections in %.2fs; %.2f connections/user sec, bytes read 0%n",
                r.connections(), r.userSeconds(), r.userSeconds() <= 0 ? 0 : r.connections() / r.userSeconds());
        out.printf(Locale.ROOT, "%d connections in %d real seconds, 0 bytes read per connection%n",
                r.connections(), Math.round(r.realSeconds()));
        out.printf(Locale.ROOT, "%.1f connections/sec (real time)%n", r.perSecond());
    }

    /** @return why a provider resumed nothing, when its capabilities say so */
    private static String note(String id, Run r) {
        try {
            if (r.reused() == 0 && r.protocol() != null && !Sslkit.capabilities(id).resumesWithOthers(r.protocol())) {
                return " (" + id + " resumes " + r.protocol().protocolName() + " sessions only with itself)";
            }
        } catch (SslException e) {
            return "";
        }
        return "";
    }

    private static void table(List<Row> rows, PrintStream out) {
        int w = "version".length();
        for (Row r : rows) {
            w = Math.max(w, r.version().length());
        }
        String f = "%-10s %-" + w + "s %12s %12s %10s%s%n";
        out.println();
        out.printf(Locale.ROOT, f, "provider", "version", "new conn/s", "reuse conn/s", "resumed", "");
        for (Row r : rows) {
            if (r.error() != null) {
                out.printf(Locale.ROOT, "%-10s %-" + w + "s %s%n", r.provider(), r.version(), "failed: " + r.error());
                continue;
            }
            out.printf(Locale.ROOT, f, r.provider(), r.version(),
                    r.full() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.full().perSecond()),
                    r.reuse() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.reuse().perSecond()),
                    r.reuse() == null ? "-" : r.reuse().reused() + "/" + r.reuse().connections(),
                    r.reuse() == null ? "" : note(r.provider(), r.reuse()));
        }
    }
}
