package dev.sslkit.cli;

import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code sslkit}: OpenSSL's command-line tools on any sslkit provider. {@code sslkit s_client},
 * {@code s_server}, {@code s_time}, {@code sess_id} and {@code ciphers} take OpenSSL's option names and
 * print OpenSSL's summary lines; each takes {@code -provider ID}. Errors are one line on stderr,
 * {@code sslkit <command>: <what went wrong>}, with exit code 1 (a stack trace only with {@code -debug}).
 *
 * <p>Entry points: {@link #main} for the launcher, {@link #run} for embedding and tests (no
 * {@code System.exit}, streams given).
 */
@Command(name = "sslkit", sortOptions = false,
        description = "OpenSSL's s_client, s_server, s_time, sess_id and ciphers on any sslkit TLS provider (jsse, bc, conscrypt).",
        subcommands = {SClient.class, SServer.class, STime.class, SessId.class, Ciphers.class, Providers.class, CompareCommand.class},
        footer = {"", "Every command takes -provider ID (default: -Dsslkit.provider, $SSLKIT_PROVIDER, else jsse), -debug and -help."})
public final class Main implements Runnable {
    @CommandLine.Option(names = {"-help", "-h", "--help"}, usageHelp = true, description = "This summary.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Io io;

    Main(Io io) {
        this.io = io;
    }

    @Override
    public void run() {
        spec.commandLine().usage(io.out);
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /**
     * The launcher's entry point: exits with {@link #run}'s code.
     *
     * @param args a command and its options
     */
    public static void main(String[] args) {
        int rc = run(args, System.in, System.out, System.err);
        System.out.flush();
        System.exit(rc);
    }

    /**
     * Runs one command.
     *
     * @param args a command and its options, e.g. {@code s_client -connect host:443 -provider bc}
     * @param in   what s_client/s_server send to the peer
     * @param out  what the peer sent and the summary lines
     * @param err  progress, verification lines and errors
     * @return the exit code: 0 on success, 1 on any error
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        boolean debug = Arrays.asList(args).contains("-debug");
        quietLogs(debug);
        Io io = new Io(in, out, err);
        CommandLine cl = new CommandLine(new Main(io), new Factory(io));
        cl.setPosixClusteredShortOptionsAllowed(false);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(prefix(ex.getCommandLine()) + ex.getMessage() + " (" + prefix(ex.getCommandLine()).replace(": ", "")
                    + " -help lists the options)");
            return 1;
        });
        cl.setExecutionExceptionHandler((ex, sub, parseResult) -> {
            err.println(prefix(sub) + message(ex));
            if (debug) {
                ex.printStackTrace(err);
            }
            return 1;
        });
        int rc = cl.execute(args);
        out.flush();
        err.flush();
        return rc;
    }

    private static String prefix(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName() + ": ";
    }

    /**
     * @param t a failure
     * @return one line a user can act on
     */
    static String message(Throwable t) {
        if (t instanceof CliException) {
            return t.getMessage();
        }
        if (t instanceof SslException) {
            SslException e = (SslException) t;
            List<String> r = new ArrayList<>();
            for (SslReason x : e.reasons()) {
                r.add(x.reason());
            }
            String detail = e.detail().isEmpty() ? "" : e.detail() + " ";
            return (detail + "[" + String.join("; ", r) + "]").replace('\n', ' ');
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof ConnectException) {
            return "connect: " + t.getMessage();
        }
        String m = t.getMessage();
        return (m == null ? t.toString() : t.getClass().getSimpleName() + ": " + m).replace('\n', ' ');
    }

    /** Loggers held so their levels stick. */
    private static final List<Logger> LOGGERS = new ArrayList<>();

    /**
     * sslkit logs the provider it picked and bctls logs every connection at INFO: lines that would
     * break output scripts parse. They stay on with {@code -debug}.
     */
    private static void quietLogs(boolean debug) {
        for (String name : List.of("dev.sslkit", "org.bouncycastle", "org.conscrypt")) {
            Logger l = Logger.getLogger(name);
            l.setLevel(debug ? Level.INFO : Level.OFF);
            LOGGERS.add(l);
        }
    }

    /** The streams a command uses. */
    static final class Io {
        final InputStream in;
        final PrintStream out;
        final PrintStream err;

        Io(InputStream in, PrintStream out, PrintStream err) {
            this.in = in;
            this.out = out;
            this.err = err;
        }
    }

    /** Gives every command the streams. */
    private static final class Factory implements CommandLine.IFactory {
        private final Io io;

        Factory(Io io) {
            this.io = io;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                java.lang.reflect.Constructor<K> c = cls.getDeclaredConstructor(Io.class);
                return c.newInstance(io);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
