package dev.sslkit.tck;

import dev.sslkit.ProtocolVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code openssl} binary (3.0 or later) for interop tests, on loopback only
 * ({@code 127.0.0.1}), with every process bounded in time.
 *
 * <pre>{@code
 * assumeTrue(OpenSslBinary.isAvailable(), "no openssl binary");
 * TestPki.PemFiles pem = TestPki.ec().writePem(tempDir);
 * try (OpenSslBinary.Server server = OpenSslBinary.startServer(
 *         OpenSslBinary.ServerOptions.of(pem).protocol(ProtocolVersion.TLS1_3).numTickets(2))) {
 *     // connect an sslkit client to 127.0.0.1:server.port() ...
 * }
 * OpenSslBinary.Result r = OpenSslBinary.runClient(OpenSslBinary.ClientOptions.connect(port)
 *         .caFile(pem.root()).servername("localhost").stdin("hello\n"));
 * assertEquals(OptionalInt.of(0), r.verifyReturnCode());
 * }</pre>
 *
 * <p>The binary is {@value #EXECUTABLE_PROPERTY} (system property), else {@value #EXECUTABLE_ENV}
 * (environment), else {@code openssl} on the {@code PATH}.
 *
 * <p>Thread safety: the static methods may be called from any thread; a {@link Server} may be read
 * and closed from any thread.
 */
public final class OpenSslBinary {

    /** System property naming the {@code openssl} executable. */
    public static final String EXECUTABLE_PROPERTY = "sslkit.openssl";
    /** Environment variable naming the {@code openssl} executable, consulted after the property. */
    public static final String EXECUTABLE_ENV = "SSLKIT_OPENSSL";
    /** The only address servers listen on and clients connect to. */
    public static final String LOOPBACK = "127.0.0.1";

    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT\\s+(\\S+):(\\d+)\\s*$");
    private static volatile Optional<String> version;

    private OpenSslBinary() {
    }

    /** @return the executable that is run: the property, the environment variable, or {@code openssl} */
    public static String executable() {
        String p = System.getProperty(EXECUTABLE_PROPERTY);
        if (p != null && !p.isBlank()) {
            return p.trim();
        }
        String e = System.getenv(EXECUTABLE_ENV);
        if (e != null && !e.isBlank()) {
            return e.trim();
        }
        return "openssl";
    }

    /**
     * @return {@code openssl version}'s output, e.g. {@code OpenSSL 3.0.19 27 Jan 2026}, or empty if
     *         the binary cannot be run or is not OpenSSL; asked once per JVM
     */
    public static Optional<String> version() {
        Optional<String> v = version;
        if (v == null) {
            synchronized (OpenSslBinary.class) {
                v = version;
                if (v == null) {
                    v = probeVersion();
                    version = v;
                }
            }
        }
        return v;
    }

    private static Optional<String> probeVersion() {
        try {
            Result r = run(VERSION_TIMEOUT, null, "version");
            String out = r.stdout().trim();
            if (r.exitCode() == 0 && out.startsWith("OpenSSL ")) {
                return Optional.of(out.lines().findFirst().orElse(out));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @return whether the {@code openssl} binary runs and reports an OpenSSL version */
    public static boolean isAvailable() {
        return version().isPresent();
    }

    /**
     * @return the major and minor version, e.g. {@code [3, 0]}, or empty if not available
     */
    public static Optional<int[]> versionNumbers() {
        return version().flatMap(v -> {
            Matcher m = Pattern.compile("^OpenSSL (\\d+)\\.(\\d+)").matcher(v);
            return m.find() ? Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))})
                    : Optional.empty();
        });
    }

    // ---- running ------------------------------------------------------------------------------

    /**
     * Runs {@code openssl <args>} to completion, killing it (and its children) when the timeout passes.
     *
     * @param timeout how long it may run
     * @param stdin   bytes written to its standard input, which is then closed; {@code null} for none
     * @param args    the arguments after {@code openssl}
     * @return the exit code (-1 if it timed out) and both outputs
     * @throws IOException if the process cannot be started
     */
    public static Result run(Duration timeout, byte[] stdin, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable());
        Collections.addAll(cmd, args);
        return run(cmd, timeout, stdin);
    }

    private static Result run(List<String> cmd, Duration timeout, byte[] stdin) throws IOException {
        return run(cmd, timeout, stdin, Map.of());
    }

    private static Result run(List<String> cmd, Duration timeout, byte[] stdin, Map<String, String> env) throws IOException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        Capture out = new Capture(p.getInputStream(), "openssl-stdout");
        Capture err = new Capture(p.getErrorStream(), "openssl-stderr");
        Thread feeder = new Thread(() -> {
            try (OutputStream os = p.getOutputStream()) {
                if (stdin != null) {
                    os.write(stdin);
                }
            } catch (IOException ignored) {
                // the process exited before reading all of its input; its output says why
            }
        }, "openssl-stdin");
        feeder.setDaemon(true);
        feeder.start();
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            destroyTree(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd, e);
        }
        if (!finished) {
            destroyTree(p);
        }
        out.join(2000);
        err.join(2000);
        return new Result(List.copyOf(cmd), finished ? p.exitValue() : -1, !finished, out.text(), err.text());
    }

    /**
     * Starts {@code openssl s_server -accept 127.0.0.1:0 ...}, lets the system choose a free port, and
     * returns once the server prints {@code ACCEPT 127.0.0.1:<port>}, i.e. listens.
     *
     * @param options what to serve
     * @return the running server; close it
     * @throws IOException if it cannot start, exits, or does not listen within
     *         {@link ServerOptions#startTimeout}; the message carries its output
     */
    public static Server startServer(ServerOptions options) throws IOException {
        Objects.requireNonNull(options, "options must not be null");
        List<String> cmd = options.command();
        Process p = new ProcessBuilder(cmd).start();
        Server server = new Server(p, cmd);
        try {
            server.awaitListening(options.startTimeout);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Runs {@code openssl s_client -connect 127.0.0.1:<port> ...}, writes the options' stdin bytes,
     * closes stdin and waits until it exits or the timeout passes (then it is killed and
     * {@link Result#timedOut()} is true).
     *
     * @param options what to connect to
     * @return the exit code and outputs, with parsers for s_client's report
     * @throws IOException if the process cannot be started
     */
    public static Result runClient(ClientOptions options) throws IOException {
        Objects.requireNonNull(options, "options must not be null");
        return run(options.command(), options.timeout, options.stdin, Map.copyOf(options.env));
    }

    static void destroyTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    // ---- server -------------------------------------------------------------------------------

    /** What {@code s_server} does with a connection. */
    public enum Mode {
        /** No flag: echoes what the client sends to its output and sends its stdin to the client. */
        ECHO(null),
        /** {@code -www}: answers any request with an HTML page describing the connection, then closes. */
        WWW("-www"),
        /** {@code -rev}: sends back each line reversed. */
        REV("-rev");

        private final String flag;

        Mode(String flag) {
            this.flag = flag;
        }
    }

    /** Options for {@link #startServer}; a fluent, mutable builder. */
    public static final class ServerOptions {
        private Path cert;
        private Path key;
        private Path certChain;
        private Path caFile;
        private ProtocolVersion protocol;
        private Integer verifyDepth;
        private boolean verifyRequired;
        private Integer numTickets;
        private Mode mode = Mode.WWW;
        private final List<String> extra = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(15);

        private ServerOptions() {
        }

        /** @return empty options: set at least {@link #cert} and {@link #key} */
        public static ServerOptions create() {
            return new ServerOptions();
        }

        /**
         * @param pem files from {@link TestPki#writePem}
         * @return options serving the server leaf with its intermediate ({@code -cert_chain}), trusting the
         *         root for client certificates ({@code -CAfile}), in {@link Mode#WWW}
         */
        public static ServerOptions of(TestPki.PemFiles pem) {
            return new ServerOptions().cert(pem.serverChain()).key(pem.serverKey())
                    .certChain(pem.intermediate()).caFile(pem.root());
        }

        /** @param file {@code -cert}: the certificate (the first in the file is used) @return this */
        public ServerOptions cert(Path file) {
            this.cert = file;
            return this;
        }

        /** @param file {@code -key} @return this */
        public ServerOptions key(Path file) {
            this.key = file;
            return this;
        }

        /** @param file {@code -cert_chain}: extra chain certificates to send; {@code null} for none @return this */
        public ServerOptions certChain(Path file) {
            this.certChain = file;
            return this;
        }

        /** @param file {@code -CAfile}: trust for client certificates; {@code null} for none @return this */
        public ServerOptions caFile(Path file) {
            this.caFile = file;
            return this;
        }

        /** @param version {@code -tls1_2} or {@code -tls1_3} (only that version); {@code null} for any @return this */
        public ServerOptions protocol(ProtocolVersion version) {
            this.protocol = version;
            return this;
        }

        /** @param depth {@code -Verify depth}: require a client certificate @return this */
        public ServerOptions requireClientCert(int depth) {
            this.verifyDepth = depth;
            this.verifyRequired = true;
            return this;
        }

        /** @param depth {@code -verify depth}: ask for a client certificate, accept none @return this */
        public ServerOptions requestClientCert(int depth) {
            this.verifyDepth = depth;
            this.verifyRequired = false;
            return this;
        }

        /** @param n {@code -num_tickets n}: TLS 1.3 tickets sent after each handshake @return this */
        public ServerOptions numTickets(int n) {
            this.numTickets = n;
            return this;
        }

        /** @param mode what to do with connections (default {@link Mode#WWW}) @return this */
        public ServerOptions mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode must not be null");
            return this;
        }

        /** @param args more {@code s_server} arguments, passed as they are (not {@code -accept}) @return this */
        public ServerOptions args(String... args) {
            for (String a : args) {
                if (a.equals("-accept") || a.equals("-port")) {
                    throw new IllegalArgumentException(a + " is chosen by OpenSslBinary (127.0.0.1, a free port)");
                }
                extra.add(a);
            }
            return this;
        }

        /** @param timeout how long to wait for {@code ACCEPT} (default 15 s) @return this */
        public ServerOptions startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout must not be null");
            return this;
        }

        /** @return the full command line */
        public List<String> command() {
            Objects.requireNonNull(cert, "cert must not be null (ServerOptions.cert)");
            Objects.requireNonNull(key, "key must not be null (ServerOptions.key)");
            List<String> c = new ArrayList<>(List.of(executable(), "s_server", "-accept", LOOPBACK + ":0",
                    "-cert", cert.toString(), "-key", key.toString()));
            if (certChain != null) {
                c.addAll(List.of("-cert_chain", certChain.toString()));
            }
            if (caFile != null) {
                c.addAll(List.of("-CAfile", caFile.toString()));
            }
            if (protocol != null) {
                c.add(versionFlag(protocol));
            }
            if (verifyDepth != null) {
                c.addAll(List.of(verifyRequired ? "-Verify" : "-verify", verifyDepth.toString()));
            }
            if (numTickets != null) {
                c.addAll(List.of("-num_tickets", numTickets.toString()));
            }
            if (mode.flag != null) {
                c.add(mode.flag);
            }
            c.addAll(extra);
            return c;
        }
    }

    /**
     * A running {@code s_server}. Its outputs are captured as they come. {@link #close()} kills it
     * and every process it started.
     */
    public static final class Server implements AutoCloseable {
        private final Process process;
        private final List<String> command;
        private final Capture out;
        private final Capture err;
        private volatile int port = -1;

        private Server(Process process, List<String> command) {
            this.process = process;
            this.command = List.copyOf(command);
            this.out = new Capture(process.getInputStream(), "s_server-stdout");
            this.err = new Capture(process.getErrorStream(), "s_server-stderr");
        }

        private void awaitListening(Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (String line : out.text().split("\n", -1)) {
                    Matcher m = ACCEPT.matcher(line);
                    if (m.matches()) {
                        if (!m.group(1).equals(LOOPBACK)) {
                            throw new IOException("s_server listens on " + m.group(1) + ", not " + LOOPBACK + describe());
                        }
                        port = Integer.parseInt(m.group(2));
                        return;
                    }
                }
                if (!process.isAlive()) {
                    out.join(1000);
                    err.join(1000);
                    throw new IOException("s_server exited with " + process.exitValue() + " before listening" + describe());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("s_server did not print ACCEPT within " + timeout + describe());
                }
                out.awaitMore(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
            }
        }

        private String describe() {
            return "\ncommand: " + String.join(" ", command) + "\nstdout:\n" + out.text() + "\nstderr:\n" + err.text();
        }

        /** @return the port it listens on, on {@value #LOOPBACK} */
        public int port() {
            return port;
        }

        /** @return the command line it was started with */
        public List<String> command() {
            return command;
        }

        /** @return its standard output so far */
        public String output() {
            return out.text();
        }

        /** @return its standard error so far */
        public String errorOutput() {
            return err.text();
        }

        /** @return whether the process still runs */
        public boolean isAlive() {
            return process.isAlive();
        }

        /**
         * Waits until its standard output contains {@code text}.
         *
         * @param text    what to wait for
         * @param timeout how long
         * @return whether it appeared in time
         */
        public boolean awaitOutput(String text, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!out.text().contains(text)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && out.isDone())) {
                    return out.text().contains(text);
                }
                out.awaitMore(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
            }
            return true;
        }

        /**
         * Writes to its standard input (in {@link Mode#ECHO}, s_server sends this to the client).
         *
         * @param bytes the bytes
         * @throws IOException if the process no longer reads
         */
        public void writeStdin(byte[] bytes) throws IOException {
            OutputStream os = process.getOutputStream();
            os.write(bytes);
            os.flush();
        }

        /** Kills the server and its child processes, and waits for them (bounded). Idempotent. */
        @Override
        public void close() {
            destroyTree(process);
            out.join(2000);
            err.join(2000);
        }

        @Override
        public String toString() {
            return "s_server[" + LOOPBACK + ":" + port + (process.isAlive() ? ", running" : ", exited") + "]";
        }
    }

    // ---- client -------------------------------------------------------------------------------

    /** Options for {@link #runClient}; a fluent, mutable builder. */
    public static final class ClientOptions {
        private final int port;
        private Path caFile;
        private String servername;
        private Path sessOut;
        private Path sessIn;
        private boolean reconnect;
        private ProtocolVersion protocol;
        private boolean ignEof = true;
        private Path cert;
        private Path key;
        private Path certChain;
        private boolean verifyReturnError;
        private final List<String> extra = new ArrayList<>();
        private byte[] stdin = new byte[0];
        private Duration timeout = Duration.ofSeconds(20);
        private final Map<String, String> env = new java.util.HashMap<>();

        private ClientOptions(int port) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
        }

        /** @param port the port on {@value #LOOPBACK} @return options for {@code -connect 127.0.0.1:port} */
        public static ClientOptions connect(int port) {
            return new ClientOptions(port);
        }

        /** @param file {@code -CAfile}: trust for the server's chain @return this */
        public ClientOptions caFile(Path file) {
            this.caFile = file;
            return this;
        }

        /** @param name {@code -servername}: the SNI host name @return this */
        public ClientOptions servername(String name) {
            this.servername = name;
            return this;
        }

        /** @param file {@code -sess_out}: where to save the session @return this */
        public ClientOptions sessOut(Path file) {
            this.sessOut = file;
            return this;
        }

        /** @param file {@code -sess_in}: a session to resume @return this */
        public ClientOptions sessIn(Path file) {
            this.sessIn = file;
            return this;
        }

        /**
         * @param on {@code -reconnect}: reconnect five times with the first session. With TLS 1.3,
         *           OpenSSL 3.0's s_client drops each connection before the tickets arrive, so every
         *           handshake is new; test TLS 1.3 resumption with {@link #sessOut} then {@link #sessIn}.
         * @return this
         */
        public ClientOptions reconnect(boolean on) {
            this.reconnect = on;
            return this;
        }

        /** @param version {@code -tls1_2} or {@code -tls1_3}; {@code null} for any @return this */
        public ClientOptions protocol(ProtocolVersion version) {
            this.protocol = version;
            return this;
        }

        /**
         * @param on {@code -ign_eof} (default on): keep reading after stdin ends, until the server
         *           closes; off: end of stdin closes the connection
         * @return this
         */
        public ClientOptions ignEof(boolean on) {
            this.ignEof = on;
            return this;
        }

        /** @param chain {@code -cert} @param key {@code -key} @param extraChain {@code -cert_chain} or {@code null} @return this */
        public ClientOptions clientCert(Path chain, Path key, Path extraChain) {
            this.cert = chain;
            this.key = key;
            this.certChain = extraChain;
            return this;
        }

        /** @param pem files from {@link TestPki#writePem} @return this, presenting the client leaf and its intermediate */
        public ClientOptions clientCert(TestPki.PemFiles pem) {
            return clientCert(pem.clientChain(), pem.clientKey(), pem.intermediate());
        }

        /** @param on {@code -verify_return_error}: abort the handshake on a verification error @return this */
        public ClientOptions verifyReturnError(boolean on) {
            this.verifyReturnError = on;
            return this;
        }

        /** @param args more {@code s_client} arguments, passed as they are @return this */
        public ClientOptions args(String... args) {
            for (String a : args) {
                if (a.equals("-connect")) {
                    throw new IllegalArgumentException("-connect is always 127.0.0.1:<port>");
                }
                extra.add(a);
            }
            return this;
        }

        /** @param bytes written to stdin, which is then closed @return this */
        public ClientOptions stdin(byte[] bytes) {
            this.stdin = bytes.clone();
            return this;
        }

        /** @param text written to stdin as UTF-8, which is then closed @return this */
        public ClientOptions stdin(String text) {
            return stdin(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * @param config an OpenSSL configuration file for {@code OPENSSL_CONF}, e.g. one whose
         *               {@code system_default} SSL section sets {@code Options = -ExtendedMasterSecret}
         *               (s_client has no flag for that)
         * @return this
         */
        public ClientOptions config(Path config) {
            env.put("OPENSSL_CONF", config.toString());
            return this;
        }

        /** @param timeout how long it may run before it is killed (default 20 s) @return this */
        public ClientOptions timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
            return this;
        }

        /** @return the full command line */
        public List<String> command() {
            List<String> c = new ArrayList<>(List.of(executable(), "s_client", "-connect", LOOPBACK + ":" + port));
            if (caFile != null) {
                c.addAll(List.of("-CAfile", caFile.toString()));
            }
            if (servername != null) {
                c.addAll(List.of("-servername", servername));
            }
            if (sessOut != null) {
                c.addAll(List.of("-sess_out", sessOut.toString()));
            }
            if (sessIn != null) {
                c.addAll(List.of("-sess_in", sessIn.toString()));
            }
            if (reconnect) {
                c.add("-reconnect");
            }
            if (protocol != null) {
                c.add(versionFlag(protocol));
            }
            if (cert != null) {
                c.addAll(List.of("-cert", cert.toString()));
            }
            if (key != null) {
                c.addAll(List.of("-key", key.toString()));
            }
            if (certChain != null) {
                c.addAll(List.of("-cert_chain", certChain.toString()));
            }
            if (verifyReturnError) {
                c.add("-verify_return_error");
            }
            if (ignEof) {
                c.add("-ign_eof");
            }
            c.addAll(extra);
            return c;
        }
    }

    static String versionFlag(ProtocolVersion v) {
        switch (v) {
            case TLS1_0: return "-tls1";
            case TLS1_1: return "-tls1_1";
            case TLS1_2: return "-tls1_2";
            case TLS1_3: return "-tls1_3";
            default: throw new IllegalArgumentException("no openssl flag for " + v);
        }
    }

    // ---- results ------------------------------------------------------------------------------

    /**
     * One connection summary line of {@code s_client}: {@code New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384}.
     *
     * @param reused   {@code Reused} rather than {@code New}
     * @param protocol the protocol name, e.g. {@code TLSv1.3}
     * @param cipher   the cipher, in OpenSSL's naming (IANA for TLS 1.3)
     */
    public record Handshake(boolean reused, String protocol, String cipher) {
    }

    /**
     * The outcome of an {@code openssl} run, with parsers for {@code s_client}'s report.
     *
     * @param command  the command line
     * @param exitCode the exit code; -1 if it was killed on timeout
     * @param timedOut whether it was killed because the timeout passed
     * @param stdout   its standard output
     * @param stderr   its standard error
     */
    public record Result(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr) {
        private static final Pattern HANDSHAKE = Pattern.compile("^(New|Reused), (\\S+), Cipher is (\\S+)\\s*$", Pattern.MULTILINE);
        private static final Pattern PROTOCOL = Pattern.compile("^\\s*Protocol\\s*: (\\S+)\\s*$", Pattern.MULTILINE);
        private static final Pattern CIPHER = Pattern.compile("^\\s*Cipher\\s*: (\\S+)\\s*$", Pattern.MULTILINE);
        private static final Pattern VERIFY = Pattern.compile("Verify return code: (\\d+) \\(([^)]*)\\)");

        /** @return whether it exited with 0 in time */
        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        /**
         * @return every connection summary line ({@code New, TLSv1.x, Cipher is ...} or
         *         {@code Reused, ...}), in order. s_client prints one per handshake and, with TLS 1.3,
         *         prints it again when session tickets arrive after the handshake: so the list may hold
         *         more lines than there were handshakes, but never a {@code Reused} line for a full one.
         */
        public List<Handshake> handshakes() {
            List<Handshake> list = new ArrayList<>();
            Matcher m = HANDSHAKE.matcher(stdout);
            while (m.find()) {
                list.add(new Handshake(m.group(1).equals("Reused"), m.group(2), m.group(3)));
            }
            return list;
        }

        /** @return how many summary lines say {@code New} (see {@link #handshakes()}) */
        public int newCount() {
            return (int) handshakes().stream().filter(h -> !h.reused()).count();
        }

        /** @return how many summary lines say {@code Reused} (see {@link #handshakes()}) */
        public int reusedCount() {
            return (int) handshakes().stream().filter(Handshake::reused).count();
        }

        /** @return whether the last summary line says {@code Reused} */
        public boolean lastReused() {
            List<Handshake> h = handshakes();
            return !h.isEmpty() && h.get(h.size() - 1).reused();
        }

        /**
         * @return the last {@code Protocol  : TLSv1.x} of an {@code SSL-Session} block, else the protocol
         *         of the last handshake line, as a name such as {@code TLSv1.3}
         */
        public Optional<String> protocolName() {
            Optional<String> p = last(PROTOCOL);
            if (p.isPresent()) {
                return p;
            }
            List<Handshake> h = handshakes();
            return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1).protocol());
        }

        /** @return {@link #protocolName()} as a version, empty if absent or not a TLS version sslkit knows */
        public Optional<ProtocolVersion> protocol() {
            return protocolName().flatMap(n -> {
                try {
                    return Optional.of(ProtocolVersion.ofName(n));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            });
        }

        /** @return the cipher of the last handshake line ({@code Cipher is X}), else of the last session block */
        public Optional<String> cipher() {
            List<Handshake> h = handshakes();
            if (!h.isEmpty()) {
                return Optional.of(h.get(h.size() - 1).cipher());
            }
            return last(CIPHER);
        }

        /** @return the last {@code Verify return code: N (text)} number, e.g. 0 for {@code (ok)} */
        public OptionalInt verifyReturnCode() {
            Matcher m = VERIFY.matcher(stdout);
            OptionalInt r = OptionalInt.empty();
            while (m.find()) {
                r = OptionalInt.of(Integer.parseInt(m.group(1)));
            }
            return r;
        }

        /** @return whether the last verify return code is {@code 0 (ok)} */
        public boolean verifyOk() {
            return verifyReturnCode().equals(OptionalInt.of(0));
        }

        private Optional<String> last(Pattern p) {
            Matcher m = p.matcher(stdout);
            String r = null;
            while (m.find()) {
                r = m.group(1);
            }
            return Optional.ofNullable(r);
        }

        /** @return command, exit code and both outputs, for assertion messages */
        public String describe() {
            return "command: " + String.join(" ", command) + "\nexit: " + exitCode + (timedOut ? " (timed out)" : "")
                    + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    // ---- output capture -----------------------------------------------------------------------

    /** Reads a stream on a daemon thread into a buffer that other threads may read and wait on. */
    private static final class Capture {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final Thread thread;
        private boolean done;

        Capture(InputStream in, String name) {
            thread = new Thread(() -> {
                byte[] b = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(b)) >= 0) {
                        synchronized (this) {
                            buf.write(b, 0, n);
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process was killed; keep what was read
                } finally {
                    synchronized (this) {
                        done = true;
                        notifyAll();
                    }
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        synchronized String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }

        synchronized boolean isDone() {
            return done;
        }

        synchronized void awaitMore(long millis) {
            if (done) {
                return;
            }
            try {
                wait(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while waiting for openssl output", e));
            }
        }

        void join(long millis) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
