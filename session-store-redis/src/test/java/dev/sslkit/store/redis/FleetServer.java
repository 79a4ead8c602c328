package dev.sslkit.store.redis;

import dev.sslkit.Bio;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslMethod;
import dev.sslkit.SslOption;
import dev.sslkit.tck.TestPki;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * One instance of a server fleet (issue 16): an sslkit server whose context shares sessions through
 * a {@link RedisSessionStore}. The fleet test starts three of these as separate JVMs; the README's
 * "Server fleets" section starts two by hand.
 *
 * <p>Arguments: {@code --port N} (0: any; the bound port is printed as {@code READY <port>}),
 * {@code --redis redis://127.0.0.1:6379}, {@code --sealing-key HEX} (16 or 32 bytes, the same on
 * every instance), {@code --pki DIR} (uses {@code DIR/server.pem} + {@code server.key}, or writes a
 * test PKI there first; clients trust {@code DIR/root.pem}), {@code --provider bc|conscrypt},
 * {@code --protocol TLSv1.2|TLSv1.3}, {@code --no-ticket}, {@code --deadline-ms N}.
 *
 * <p>Per connection it reads one line: any line is answered with {@code reused=<true|false>
 * cbHits=<n> storeErrors=<n>} and a clean shutdown; {@code DROP} is answered the same way and then
 * the connection is freed without close_notify, so its session is removed (RFC 2246) — from Redis,
 * for every instance. An HTTP request line (e.g. from {@code openssl s_client}) gets the same answer.
 */
public final class FleetServer {
    private FleetServer() {
    }

    /**
     * @param args see the class comment
     * @throws Exception on a setup failure
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-ticket")) {
                a.put("no-ticket", "true");
            } else {
                a.put(args[i].substring(2), args[++i]);
            }
        }
        Path pki = Path.of(a.getOrDefault("pki", "fleet-pki"));
        if (!Files.exists(pki.resolve("server.pem"))) {
            Files.createDirectories(pki);
            TestPki.ec().writePem(pki);
        }
        String pem = Files.readString(pki.resolve("server.key")) + Files.readString(pki.resolve("server.pem"));
        RedisSessionStore store = RedisSessionStore.builder(a.getOrDefault("redis", "redis://127.0.0.1:6379"))
                .sealingKey(1, HexFormat.of().parseHex(a.getOrDefault("sealing-key", "000102030405060708090a0b0c0d0e0f")))
                .lookupDeadline(java.time.Duration.ofMillis(Long.parseLong(a.getOrDefault("deadline-ms", "50"))))
                .build();
        SslContext ctx = SslContext.newContext(SslMethod.TLS_SERVER, a.getOrDefault("provider", "bc"));
        ctx.usePrivateKeyPem(pem);
        ctx.set(Setting.SESSION_ID_CONTEXT, "fleet-demo".getBytes(StandardCharsets.US_ASCII));
        if (a.containsKey("protocol")) {
            ProtocolVersion v = ProtocolVersion.ofName(a.get("protocol"));
            ctx.set(Setting.MIN_PROTO_VERSION, v);
            ctx.set(Setting.MAX_PROTO_VERSION, v);
        }
        if (a.containsKey("no-ticket")) {
            ctx.set(Setting.OPTIONS, EnumSet.of(SslOption.NO_TICKET));
        }
        ctx.set(Setting.SESSION_STORE, store);
        try (ServerSocket ss = new ServerSocket(Integer.parseInt(a.getOrDefault("port", "0")), 50, InetAddress.getLoopbackAddress())) {
            System.out.println("READY " + ss.getLocalPort());
            System.out.flush();
            while (true) {
                Socket sock = ss.accept();
                try {
                    serve(ctx, sock);
                } catch (Exception e) {
                    System.out.println("connection failed: " + e);
                    System.out.flush();
                }
            }
        }
    }

    private static void serve(SslContext ctx, Socket sock) throws Exception {
        sock.setSoTimeout(10_000);
        Ssl s = ctx.newSsl();
        try {
            Bio bio = Bio.newSocket(sock, true);
            s.setBio(bio, bio);
            s.accept();
            String line = readLine(s);
            var st = ctx.sessionCache().stats();
            String reply = "reused=" + s.sessionReused() + " cbHits=" + st.cbHits() + " storeErrors=" + st.storeErrors() + "\n";
            if (line.startsWith("GET ")) {
                reply = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + reply;
            }
            byte[] r = reply.getBytes(StandardCharsets.US_ASCII);
            s.write(r, 0, r.length);
            if (!line.equals("DROP")) {
                s.shutdown();
            }
        } finally {
            s.free(); // after DROP: no close_notify sent, so the session is removed everywhere
        }
    }

    private static String readLine(Ssl s) throws Exception {
        StringBuilder sb = new StringBuilder();
        byte[] b = new byte[1];
        while (sb.length() < 4096) {
            int n = s.read(b, 0, 1);
            if (n <= 0) {
                break;
            }
            if (b[0] == '\n') {
                break;
            }
            if (b[0] != '\r') {
                sb.append((char) b[0]);
            }
        }
        return sb.toString();
    }

}
