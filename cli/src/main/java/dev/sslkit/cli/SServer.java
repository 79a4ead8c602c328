package dev.sslkit.cli;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSessionCache;
import dev.sslkit.VerifyMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code openssl s_server} on an sslkit provider: accepts TLS connections one after the other, prints
 * each one's protocol and cipher ({@code Reused session-id} when resumed), relays the client's data to
 * stdout and stdin to the client; with {@code -www} answers an HTTP GET with a status page (protocol,
 * suite, reused or new, the session cache statistics), as {@code openssl s_server -www} does.
 *
 * <p>Differences from OpenSSL's tool: end of stdin does not stop the server (use {@code -naccept} or
 * a signal); the session cache statistics are printed when the server ends after {@code -naccept}.
 */
@Command(name = "s_server", sortOptions = false, description = "Accept TLS connections, as openssl s_server.")
final class SServer extends Base {
    @Option(names = "-accept", paramLabel = "[host:]port", description = "Port to listen on, on all addresses or on host (default 4433; 0: any free port, printed).")
    String accept = "4433";
    @Option(names = "-cert", paramLabel = "file", required = true, description = "Server certificate chain, PEM.")
    Path cert;
    @Option(names = "-key", paramLabel = "file", description = "Server private key, PEM (default: in -cert).")
    Path key;
    @Option(names = "-CAfile", paramLabel = "file", description = "Certificates trusted for client certificates, PEM.")
    Path caFile;
    @Option(names = "-verify", paramLabel = "depth", description = "Ask for a client certificate, verify to this depth.")
    Integer verify;
    @Option(names = "-Verify", paramLabel = "depth", description = "Require a client certificate, verify to this depth.")
    Integer verifyRequired;
    @Option(names = "-verify_return_error", description = "Abort the handshake on a client certificate error.")
    boolean verifyReturnError;
    @Option(names = "-tls1_2", description = "Only TLS 1.2.")
    boolean tls12;
    @Option(names = "-tls1_3", description = "Only TLS 1.3.")
    boolean tls13;
    @Option(names = "-alpn", paramLabel = "list", description = "ALPN protocols to accept, comma-separated, in preference order.")
    String alpn;
    @Option(names = "-www", description = "Answer GET requests with a status page.")
    boolean www;
    @Option(names = "-naccept", paramLabel = "n", description = "Stop after n connections (default: never).")
    int naccept = -1;
    @Option(names = "-quiet", description = "No connection lines.")
    boolean quiet;

    SServer(Main.Io io) {
        super(io);
    }

    @Override
    public Integer call() throws Exception {
        String id = providerId();
        String bindHost = null;
        int port;
        if (accept.contains(":")) {
            String[] hp = HostPort.parse(accept, "-accept");
            bindHost = hp[0];
            port = Integer.parseInt(hp[1]);
        } else {
            port = HostPort.port(accept, "-accept");
        }
        ProtocolVersion version = Tls.version(tls12, tls13);
        if (verify != null && verifyRequired != null) {
            throw new CliException("-verify and -Verify exclude each other");
        }
        PrintStream out = io.out;
        try (SslContext ctx = newContext(SslMethod.TLS_SERVER, id)) {
            Tls.useCertificate(ctx, cert, key);
            Tls.protocol(ctx, version);
            // as s_server: one session id context, so sessions resume (also with client verification)
            ctx.set(Setting.SESSION_ID_CONTEXT, "s_server".getBytes(StandardCharsets.US_ASCII));
            if (alpn != null) {
                ctx.set(Setting.ALPN, Tls.alpn(alpn));
            }
            if (caFile != null) {
                ctx.setTrustAnchors(Tls.readCerts(caFile));
            }
            Integer depth = verify != null ? verify : verifyRequired;
            if (depth != null) {
                ctx.set(Setting.VERIFY_MODE, verifyRequired != null
                        ? EnumSet.of(VerifyMode.PEER, VerifyMode.FAIL_IF_NO_PEER_CERT) : EnumSet.of(VerifyMode.PEER));
                ctx.set(Setting.VERIFY_DEPTH, depth);
                ctx.set(Setting.VERIFY_CALLBACK, new VerifyLog(io.err, verifyReturnError, false));
                out.println("verify depth is " + depth + (verifyRequired != null ? ", must return a certificate" : ""));
            }
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
                try {
                    server.bind(bindHost == null ? new InetSocketAddress(port) : new InetSocketAddress(bindHost, port), 128);
                } catch (BindException e) {
                    throw new CliException("cannot listen on " + accept + ": " + e.getMessage()
                            + " (another server is using it; pick another -accept port)");
                }
                // as OpenSSL 3: the address is printed when it was asked for or chosen by the system
                InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
                out.println(port == 0 || bindHost != null ? "ACCEPT " + bound.getAddress().getHostAddress() + ":" + bound.getPort() : "ACCEPT");
                out.flush();
                StdinPump stdin = www ? null : new StdinPump(io.in);
                try {
                    for (int n = 0; naccept < 0 || n < naccept; n++) {
                        SocketChannel ch = server.accept();
                        serve(ctx, ch, stdin);
                        if (naccept < 0 || n + 1 < naccept) {
                            out.println("ACCEPT");
                        }
                        out.flush();
                    }
                } finally {
                    if (stdin != null) {
                        stdin.stop();
                    }
                }
                printStats(ctx.sessionCache().stats(), out);
                return 0;
            }
        }
    }

    private void serve(SslContext ctx, SocketChannel ch, StdinPump stdin) throws IOException {
        PrintStream out = io.out;
        Ssl ssl = ctx.newSsl();
        Conn conn;
        try {
            conn = new Conn(ch, ssl);
        } catch (IOException | RuntimeException e) {
            ssl.free();
            ch.close();
            throw e;
        }
        try (conn) {
            try {
                conn.handshake(15_000);
            } catch (SslException | CliException e) {
                io.err.println("ERROR");
                io.err.println("sslkit s_server: handshake with " + conn.peer() + " failed: " + Main.message(e));
                if (debug) {
                    e.printStackTrace(io.err);
                }
                return;
            }
            if (www) {
                www(ctx, conn);
                return;
            }
            if (!quiet) {
                printConnection(ssl, out);
            }
            out.flush();
            relay(conn, stdin);
        }
    }

    private static void printConnection(Ssl ssl, PrintStream out) {
        List<X509Certificate> peer = ssl.peerCertificates();
        if (!peer.isEmpty()) {
            out.println("Client certificate");
            Tls.printPem(peer, out, false);
            out.println("subject=" + Tls.oneline(peer.get(0).getSubjectX500Principal()));
            out.println("issuer=" + Tls.oneline(peer.get(0).getIssuerX500Principal()));
        }
        out.println("Protocol version: " + Tls.name(ssl.version()));
        out.println("CIPHER is " + Tls.cipher(ssl.cipherSuite()));
        if (ssl.alpnSelected() != null) {
            out.println("ALPN protocol: " + ssl.alpnSelected());
        }
        if (ssl.sessionReused()) {
            out.println("Reused session-id");
        }
    }

    private void relay(Conn conn, StdinPump stdin) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        while (true) {
            byte[] d;
            while (stdin != null && (d = stdin.poll()) != null) {
                if (d.length > 0) {
                    conn.writeAll(ByteBuffer.wrap(d));
                }
            }
            buf.clear();
            int r;
            try {
                r = conn.read(buf, 50);
            } catch (SslException e) {
                io.err.println("ERROR");
                io.err.println("sslkit s_server: " + Main.message(e));
                break;
            }
            if (r > 0) {
                io.out.write(buf.array(), 0, r);
                io.out.flush();
            } else if (r == Ssl.ZERO_RETURN) {
                io.out.println("DONE");
                break;
            }
        }
        io.out.println("shutting down SSL");
        conn.shutdown(0);
        io.out.println("CONNECTION CLOSED");
    }

    /** {@code -www}: reads the request, answers with the status page, closes. */
    private void www(SslContext ctx, Conn conn) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!req.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")
                && !req.toString(StandardCharsets.ISO_8859_1).contains("\n\n")) {
            buf.clear();
            int r = conn.read(buf, 100);
            if (r == Ssl.ZERO_RETURN || System.nanoTime() > deadline) {
                return;
            }
            if (r > 0) {
                req.write(buf.array(), 0, r);
            }
        }
        String first = req.toString(StandardCharsets.ISO_8859_1).split("\r?\n", 2)[0];
        ByteArrayOutputStream page = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(page, true, StandardCharsets.UTF_8);
        if (!first.startsWith("GET ")) {
            p.print("HTTP/1.0 400 Bad Request\r\nContent-type: text/plain\r\n\r\nsslkit s_server -www answers GET only\r\n");
        } else {
            p.print("HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n");
            p.println("<HTML><BODY BGCOLOR=\"#ffffff\">");
            p.println("<pre>");
            p.println();
            p.println("sslkit s_server -provider " + ctx.providerId() + " (" + ctx.provider().version() + ")");
            p.println("---");
            Ssl ssl = conn.ssl;
            p.println((ssl.sessionReused() ? "Reused, " : "New, ") + Tls.name(ssl.version()) + ", Cipher is " + Tls.cipher(ssl.cipherSuite()));
            if (ssl.getSession() != null) {
                Tls.printSession(ssl.getSession(), ssl.verifyResult(), ssl.verifyResult() == 0 ? "ok" : "error number " + ssl.verifyResult(), p);
            }
            printStats(ctx.sessionCache().stats(), p);
            List<X509Certificate> peer = ssl.peerCertificates();
            if (peer.isEmpty()) {
                p.println("no client certificate available");
            } else {
                p.println("Client certificate");
                Tls.printPem(peer, p, false);
            }
            p.println("</pre></BODY></HTML>");
        }
        conn.writeAll(ByteBuffer.wrap(page.toByteArray()));
        conn.shutdown(1000);
        if (!quiet) {
            io.out.println(first + " -> " + (conn.ssl.sessionReused() ? "Reused, " : "New, ") + Tls.name(conn.ssl.version())
                    + ", Cipher is " + Tls.cipher(conn.ssl.cipherSuite()));
        }
    }

    /** The statistics block of {@code s_server}'s {@code print_stats}. */
    static void printStats(SslSessionCache.Stats s, PrintStream out) {
        out.printf("%4d items in the session cache%n", s.number());
        out.printf("%4d client connects (SSL_connect())%n", s.connect());
        out.printf("%4d client renegotiates (SSL_connect())%n", s.connectRenegotiate());
        out.printf("%4d client connects that finished%n", s.connectGood());
        out.printf("%4d server accepts (SSL_accept())%n", s.accept());
        out.printf("%4d server renegotiates (SSL_accept())%n", s.acceptRenegotiate());
        out.printf("%4d server accepts that finished%n", s.acceptGood());
        out.printf("%4d session cache hits%n", s.hits());
        out.printf("%4d session cache misses%n", s.misses());
        out.printf("%4d session cache timeouts%n", s.timeouts());
        out.printf("%4d callback cache hits%n", s.cbHits());
        out.printf("%4d cache full overflows%n", s.cacheFull());
    }
}
