package dev.sslkit.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the sslkit command for tests: in this JVM through {@link Main#run} (most output checks), or as
 * a user does, the repository's {@code ./sslkit} launcher in a separate process (arguments, stdin,
 * stdout, stderr, exit code).
 */
final class Cli {
    private Cli() {
    }

    /** What a run produced. */
    record Result(int exitCode, String out, String err) {
        /** @param prefix a line start @return how many stdout lines start with it */
        long lines(String prefix) {
            return out.lines().filter(l -> l.startsWith(prefix)).count();
        }

        /** @return stderr's lines without blank ones */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** @param args the command @return what it did, run in this JVM with empty stdin */
    static Result run(String... args) {
        return run(new byte[0], args);
    }

    /** @param stdin what the command reads @param args the command @return what it did, run in this JVM */
    static Result run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A command running in this JVM on its own thread (s_server), with its output readable as it comes. */
    static final class Running implements AutoCloseable {
        private final Growing out = new Growing();
        private final Growing err = new Growing();
        private final Thread thread;
        private volatile Integer exitCode;

        Running(String... args) {
            thread = new Thread(() -> exitCode = Main.run(args, InputStream.nullInputStream(),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)),
                    "sslkit-" + args[0]);
            thread.setDaemon(true);
            thread.start();
        }

        /** @return the port of its {@code ACCEPT host:port} line, waiting up to 20 s */
        int awaitAccept() throws InterruptedException {
            return Cli.awaitAccept(out, () -> exitCode != null, this::toString);
        }

        /** @param timeout how long @return its exit code @throws AssertionError if it did not end */
        int awaitExit(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            if (exitCode == null) {
                throw new AssertionError("still running after " + timeout + ": " + this);
            }
            return exitCode;
        }

        String out() {
            return out.text();
        }

        String err() {
            return err.text();
        }

        @Override
        public void close() {
            thread.interrupt();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out.text() + "\n--- stderr\n" + err.text();
        }
    }

    /** The repository's launcher. */
    static Path launcher() {
        Path p = Path.of("").toAbsolutePath().getParent().resolve("sslkit");
        if (!Files.isExecutable(p)) {
            throw new AssertionError("no executable launcher at " + p);
        }
        return p;
    }

    /** @return the self-contained folder's {@code bin/sslkit} the build produced */
    static Path folderLauncher() {
        return Path.of("target", "sslkit", "bin", "sslkit").toAbsolutePath();
    }

    /** A launched {@code ./sslkit} process, its output captured as it comes. */
    static final class Proc implements AutoCloseable {
        final Process process;
        private final Growing out = new Growing();
        private final Growing err = new Growing();

        Proc(Path launcher, byte[] stdin, boolean closeStdin, String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(launcher.toString());
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            // never run Maven from a test: the build that runs the tests produced the folder
            pb.environment().put("SSLKIT_SKIP_BUILD", "1");
            pb.environment().putAll(Map.of("SSLKIT_JAVA_OPTS", "-Xshare:auto -XX:TieredStopAtLevel=1"));
            process = pb.start();
            pump(process.getInputStream(), out);
            pump(process.getErrorStream(), err);
            OutputStream in = process.getOutputStream();
            in.write(stdin);
            in.flush();
            if (closeStdin) {
                in.close();
            }
        }

        Result await(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError("sslkit did not exit within " + timeout + "\n--- stdout\n" + out.text() + "\n--- stderr\n" + err.text());
            }
            Thread.sleep(50);
            return new Result(process.exitValue(), out.text(), err.text());
        }

        int awaitAccept() throws InterruptedException {
            return Cli.awaitAccept(out, () -> !process.isAlive(), () -> out.text() + "\n" + err.text());
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Runs {@code ./sslkit args} with {@code stdin} (then closed) and waits for it. */
    static Result launch(Duration timeout, byte[] stdin, String... args) throws IOException, InterruptedException {
        try (Proc p = new Proc(launcher(), stdin, true, args)) {
            return p.await(timeout);
        }
    }

    private static final Pattern ACCEPT = Pattern.compile("(?m)^ACCEPT (\\S+):(\\d+)$");

    private static int awaitAccept(Growing out, java.util.function.BooleanSupplier ended, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Matcher m = ACCEPT.matcher(out.text());
            if (m.find()) {
                return Integer.parseInt(m.group(2));
            }
            if (ended.getAsBoolean()) {
                throw new AssertionError("s_server ended before listening: " + what.get());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("s_server did not print ACCEPT host:port within 20 s: " + what.get());
    }

    private static void pump(InputStream in, Growing to) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException e) {
                // the process ended
            }
        }, "sslkit-test-pump");
        t.setDaemon(true);
        t.start();
    }

    /** An output stream whose text can be read while it grows. */
    static final class Growing extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            buf.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buf.write(b, off, len);
        }

        synchronized String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }
}
