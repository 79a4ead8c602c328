package dev.sslkit.cli;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code openssl s_client} on an sslkit provider: connects, prints OpenSSL's connection summary
 * ({@code New, TLSv1.3, Cipher is …}, {@code Verify return code: 0 (ok)}), then sends stdin to the
 * server and the server's data to stdout. {@code -reconnect} reconnects five times with the session
 * and prints {@code Reused} or {@code New} for each.
 *
 * <p>Verification follows OpenSSL's tool, not sslkit's library default: errors are printed and the
 * connection continues unless {@code -verify_return_error}. Unlike OpenSSL 3.0's tool, a TLS 1.3
 * {@code -reconnect} waits for the server's tickets (a bidirectional shutdown) before reconnecting, so
 * it shows whether TLS 1.3 resumption really works.
 */
@Command(name = "s_client", sortOptions = false, description = "Connect to a TLS server, as openssl s_client.")
final class SClient extends Base {
    @Option(names = "-connect", paramLabel = "host:port", description = "Server to connect to (default localhost:4433).")
    String connect = "localhost:4433";
    @Option(names = "-servername", paramLabel = "name", description = "SNI and the name checked (default: the -connect host unless it is an address).")
    String servername;
    @Option(names = "-noservername", description = "Send no SNI.")
    boolean noServername;
    @Option(names = "-CAfile", paramLabel = "file", description = "Trusted certificates, PEM (default: the JDK's cacerts).")
    Path caFile;
    @Option(names = "-cert", paramLabel = "file", description = "Client certificate chain, PEM.")
    Path cert;
    @Option(names = "-key", paramLabel = "file", description = "Client private key, PEM (default: in -cert).")
    Path key;
    @Option(names = "-tls1_2", description = "Only TLS 1.2.")
    boolean tls12;
    @Option(names = "-tls1_3", description = "Only TLS 1.3.")
    boolean tls13;
    @Option(names = "-alpn", paramLabel = "list", description = "ALPN protocols to offer, comma-separated.")
    String alpn;
    @Option(names = "-reconnect", description = "Reconnect 5 times with the session; each is Reused or New.")
    boolean reconnect;
    @Option(names = "-sess_out", paramLabel = "file", description = "Save the session (providers that export sessions: bc).")
    Path sessOut;
    @Option(names = "-sess_in", paramLabel = "file", description = "Resume the session saved with -sess_out.")
    Path sessIn;
    @Option(names = "-verify_return_error", description = "Abort the handshake on a verification error.")
    boolean verifyReturnError;
    @Option(names = "-showcerts", description = "Print every certificate the server sent.")
    boolean showcerts;
    @Option(names = "-brief", description = "Only a short summary, on stderr.")
    boolean brief;
    @Option(names = "-quiet", description = "No summary or certificate lines; implies -ign_eof.")
    boolean quiet;
    @Option(names = "-ign_eof", description = "Keep the connection open at end of stdin, until the server closes.")
    boolean ignEof;

    SClient(Main.Io io) {
        super(io);
    }

    @Override
    public Integer call() throws Exception {
        String id = providerId();
        String[] hp = HostPort.parse(connect, "-connect");
        String host = hp[0];
        int port = Integer.parseInt(hp[1]);
        ProtocolVersion version = Tls.version(tls12, tls13);
        PrintStream out = io.out;
        PrintStream err = io.err;
        if ((sessOut != null || sessIn != null) && !Sslkit.capabilities(id).sessionExport()) {
            throw new CliException((sessOut != null ? "-sess_out" : "-sess_in") + ": provider " + id
                    + " cannot serialize sessions (SslSession.toBytes / i2d_SSL_SESSION); providers that can: " + SessId.exporters());
        }
        boolean summary = !quiet && !brief;
        VerifyLog verify = new VerifyLog(err, verifyReturnError, !summary);
        try (SslContext ctx = newContext(SslMethod.TLS_CLIENT, id)) {
            ctx.set(Setting.VERIFY_MODE, EnumSet.of(VerifyMode.PEER));
            ctx.set(Setting.VERIFY_CALLBACK, verify);
            if (caFile != null) {
                ctx.setTrustAnchors(Tls.readCerts(caFile));
            } else {
                ctx.setDefaultVerifyPaths();
            }
            if (cert != null) {
                Tls.useCertificate(ctx, cert, key);
            } else if (key != null) {
                throw new CliException("-key needs -cert");
            }
            Tls.protocol(ctx, version);
            if (alpn != null) {
                ctx.set(Setting.ALPN, Tls.alpn(alpn));
            }
            SslSession session = null;
            if (sessIn != null) {
                session = SslSession.fromBytes(Tls.readSessionPem(sessIn), ctx);
            }
            String sni = noServername ? null : servername != null ? servername : HostPort.isAddress(host) ? null : host;
            Conn conn = null;
            try {
                conn = open(ctx, host, port, sni, session, verify);
                SslSession.free(session);
                session = null;
                if (summary) {
                    printFull(conn.ssl, verify, out);
                } else if (brief) {
                    printBrief(conn.ssl, verify, err);
                }
                if (sessOut != null) {
                    saveSession(conn, sessOut);
                }
                for (int i = 0; reconnect && i < 5; i++) {
                    if (conn.ssl.version() == ProtocolVersion.TLS1_3) {
                        conn.collectTickets(100, out);
                    }
                    conn.shutdown(2000);
                    session = conn.ssl.get1Session();
                    conn.close();
                    conn = null;
                    out.println("drop connection and then reconnect");
                    conn = open(ctx, host, port, sni, session, verify);
                    SslSession.free(session);
                    session = null;
                    if (summary) {
                        printShort(conn.ssl, verify, out);
                    } else if (brief) {
                        printBrief(conn.ssl, verify, err);
                    }
                }
                out.flush();
                relay(conn);
                return 0;
            } finally {
                SslSession.free(session);
                if (conn != null) {
                    conn.close();
                }
            }
        }
    }

    private Conn open(SslContext ctx, String host, int port, String sni, SslSession session, VerifyLog verify) throws IOException {
        verify.reset();
        Ssl ssl = ctx.newSsl();
        Conn conn;
        try {
            if (sni != null) {
                ssl.setHostName(sni);
            }
            if (session != null) {
                ssl.setSession(session);
            }
            conn = new Conn(Conn.connect(host, port, 10_000), ssl);
        } catch (IOException | RuntimeException e) {
            ssl.free();
            throw e;
        }
        // OpenSSL prints the socket descriptor; Java has none to show, so this is the one a fresh process gets
        io.out.println("CONNECTED(00000003)");
        try {
            conn.handshake(15_000);
        } catch (SslException e) {
            conn.close();
            if (verify.failed() && verifyReturnError) {
                throw new CliException("certificate verify failed: " + verify.describe(), e);
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            conn.close();
            throw e;
        }
        return conn;
    }

    private void saveSession(Conn conn, Path file) throws IOException {
        // TLS 1.3: the session is the server's ticket, which comes after the handshake
        if (conn.ssl.version() == ProtocolVersion.TLS1_3) {
            conn.collectTickets(100, io.out);
        }
        try (SslSession s = conn.ssl.get1Session()) {
            if (s == null) {
                throw new CliException("-sess_out: the server sent no session to save");
            }
            byte[] b;
            try {
                b = s.toBytes();
            } catch (SslException e) {
                throw new CliException("-sess_out: provider " + s.providerId() + " cannot save this session: " + e.detail(), e);
            }
            Files.writeString(file, Tls.sessionPem(b), StandardCharsets.US_ASCII);
        }
    }

    /** stdin to the server, the server to stdout, until end of input (unless -ign_eof) or the server closes. */
    private void relay(Conn conn) throws IOException {
        if ((conn.ssl.getShutdown() & Ssl.SENT_SHUTDOWN) != 0) {
            io.err.println("DONE");
            return;
        }
        StdinPump stdin = new StdinPump(io.in);
        boolean keepOpen = ignEof || quiet;
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        try {
            while (true) {
                byte[] d;
                while ((d = stdin.poll()) != null) {
                    if (d.length == 0) {
                        if (!keepOpen) {
                            // as OpenSSL's s_client: send close_notify and go, without waiting for the peer's
                            conn.shutdown(0);
                            io.err.println("DONE");
                            return;
                        }
                    } else {
                        conn.writeAll(ByteBuffer.wrap(d));
                    }
                }
                buf.clear();
                int r;
                try {
                    r = conn.read(buf, 50);
                } catch (SslException e) {
                    io.err.println("read:errno=0 (" + Main.message(e) + ")");
                    return;
                }
                if (r > 0) {
                    io.out.write(buf.array(), 0, r);
                    io.out.flush();
                } else if (r == Ssl.ZERO_RETURN) {
                    io.err.println("closed");
                    conn.shutdown(0);
                    return;
                }
            }
        } finally {
            stdin.stop();
        }
    }

    /** The block OpenSSL prints after the first handshake. */
    private void printFull(Ssl ssl, VerifyLog verify, PrintStream out) {
        List<X509Certificate> chain = ssl.peerCertificates();
        out.println("---");
        if (chain.isEmpty()) {
            out.println("no peer certificate available");
        } else {
            out.println("Certificate chain");
            for (int i = 0; i < chain.size(); i++) {
                X509Certificate c = chain.get(i);
                out.println(" " + i + " s:" + Tls.oneline(c.getSubjectX500Principal()));
                out.println("   i:" + Tls.oneline(c.getIssuerX500Principal()));
                out.println("   a:PKEY: " + c.getPublicKey().getAlgorithm() + ", " + Tls.bits(c.getPublicKey())
                        + " (bit); sigalg: " + c.getSigAlgName());
                out.println("   v:NotBefore: " + Tls.date(c.getNotBefore()) + "; NotAfter: " + Tls.date(c.getNotAfter()));
                if (showcerts) {
                    Tls.printPem(List.of(c), out, false);
                }
            }
            out.println("---");
            if (!showcerts) {
                out.println("Server certificate");
                Tls.printPem(chain, out, false);
            }
            out.println("subject=" + Tls.oneline(chain.get(0).getSubjectX500Principal()));
            out.println("issuer=" + Tls.oneline(chain.get(0).getIssuerX500Principal()));
        }
        out.println("---");
        out.println("SSL handshake done by sslkit provider " + ssl.context().providerId() + " " + ssl.context().provider().version());
        out.println(verify.failed() || ssl.verifyResult() != 0 ? "Verification error: " + verifyText(ssl, verify) : "Verification: OK");
        out.println("---");
        out.println((ssl.sessionReused() ? "Reused, " : "New, ") + Tls.name(ssl.version()) + ", Cipher is " + Tls.cipher(ssl.cipherSuite()));
        if (!chain.isEmpty()) {
            out.println("Server public key is " + Tls.bits(chain.get(0).getPublicKey()) + " bit");
        }
        out.println("Compression: NONE");
        out.println("Expansion: NONE");
        out.println(ssl.alpnSelected() == null ? "No ALPN negotiated" : "ALPN protocol: " + ssl.alpnSelected());
        if (ssl.version() == ProtocolVersion.TLS1_3) {
            out.println("Early data was not sent");
        } else if (ssl.getSession() != null) {
            Tls.printSession(ssl.getSession(), verifyCode(ssl, verify), verifyText(ssl, verify), out);
        }
        out.println("Verify return code: " + verifyCode(ssl, verify) + " (" + verifyText(ssl, verify) + ")");
        out.println("---");
    }

    /** What OpenSSL prints after each -reconnect handshake. */
    private static void printShort(Ssl ssl, VerifyLog verify, PrintStream out) {
        out.println(verify.failed() || ssl.verifyResult() != 0 ? "Verification error: " + verifyText(ssl, verify) : "Verification: OK");
        out.println("---");
        out.println((ssl.sessionReused() ? "Reused, " : "New, ") + Tls.name(ssl.version()) + ", Cipher is " + Tls.cipher(ssl.cipherSuite()));
        out.println("Compression: NONE");
        out.println("Expansion: NONE");
        out.println(ssl.alpnSelected() == null ? "No ALPN negotiated" : "ALPN protocol: " + ssl.alpnSelected());
        out.println("Verify return code: " + verifyCode(ssl, verify) + " (" + verifyText(ssl, verify) + ")");
        out.println("---");
    }

    /** OpenSSL's {@code -brief} lines (on stderr). */
    private static void printBrief(Ssl ssl, VerifyLog verify, PrintStream err) {
        err.println("CONNECTION ESTABLISHED");
        err.println("Protocol version: " + Tls.name(ssl.version()));
        err.println("Ciphersuite: " + Tls.cipher(ssl.cipherSuite()));
        List<X509Certificate> chain = ssl.peerCertificates();
        if (!chain.isEmpty()) {
            err.println("Peer certificate: " + Tls.oneline(chain.get(0).getSubjectX500Principal()));
        }
        err.println(verify.failed() || ssl.verifyResult() != 0 ? "Verification error: " + verifyText(ssl, verify) : "Verification: OK");
        if (ssl.alpnSelected() != null) {
            err.println("ALPN protocol: " + ssl.alpnSelected());
        }
        err.println(ssl.sessionReused() ? "Session: Reused" : "Session: New");
    }

    private static long verifyCode(Ssl ssl, VerifyLog verify) {
        long r = ssl.verifyResult();
        return r != 0 ? r : verify.error();
    }

    private static String verifyText(Ssl ssl, VerifyLog verify) {
        long r = ssl.verifyResult();
        if (r == 0 && !verify.failed()) {
            return "ok";
        }
        return r == verify.error() || r == 0 ? verify.text() : "error number " + r;
    }
}
