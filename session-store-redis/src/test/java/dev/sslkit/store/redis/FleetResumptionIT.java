package dev.sslkit.store.redis;

import dev.sslkit.Bio;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.ProviderInfo;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;
import dev.sslkit.Sslkit;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.tck.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 4, with real processes: the test's own {@code redis-server} and, per provider that
 * declares fleet resumption, three {@link FleetServer} JVMs sharing it. A client connects
 * round-robin: a session made on the 1st server resumes on the 2nd and the 3rd (TLS 1.2 and 1.3, as
 * each provider declares), checked by the client's {@code sessionReused()} and the server's own
 * {@code sessionReused()} it reports back; a session removed on one server (freed without
 * close_notify, RFC 2246) is not resumed by the others.
 */
class FleetResumptionIT {
    private static RedisProcess redis;
    private static final List<Process> servers = new ArrayList<>();
    @TempDir
    static Path dir;
    private static TestPki pki;

    @BeforeAll
    static void redis() throws Exception {
        redis = RedisProcess.start();
        pki = TestPki.ec();
        pki.writePem(dir);
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (Process p : servers) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Starts three server JVMs of one provider, in parallel; returns their ports. */
    private static int[] fleet(String provider) throws Exception {
        Path target = Path.of("target");
        String cp = Files.readString(target.resolve("test-classpath.txt")).strip() + java.io.File.pathSeparator
                + target.resolve("test-classes").toAbsolutePath() + java.io.File.pathSeparator + target.resolve("classes").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", cp,
                    FleetServer.class.getName(), "--redis", redis.uri(), "--pki", dir.toString(), "--provider", provider,
                    "--sealing-key", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
                    // resumption, not the deadline, is under test here (a loaded 2-core machine); FleetFaultsIT tests the deadline
                    "--deadline-ms", "1000"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            servers.add(p);
            mine.add(p);
        }
        int[] ports = new int[3];
        for (int i = 0; i < 3; i++) {
            BufferedReader r = new BufferedReader(new InputStreamReader(mine.get(i).getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = r.readLine()) != null && !line.startsWith("READY ")) {
                seen.append(line).append('\n');
            }
            if (line == null) {
                throw new IllegalStateException("server " + i + " (" + provider + ") did not start:\n" + seen);
            }
            ports[i] = Integer.parseInt(line.substring(6).trim());
            Process p = mine.get(i);
            Thread t = new Thread(() -> r.lines().forEach(l -> System.err.println("[" + provider + " server] " + l)));
            t.setDaemon(true);
            t.start();
        }
        return ports;
    }

    /** One connection: offers {@code session} (or none), sends {@code line}, returns the session and both sides' reuse signals. */
    record Outcome(SslSession session, boolean clientReused, boolean serverReused, String reply) {
    }

    static Outcome connect(SslContext client, int port, SslSession session, String line) throws Exception {
        try (Socket sock = new Socket(InetAddress.getLoopbackAddress(), port)) {
            sock.setSoTimeout(10_000);
            Ssl c = client.newSsl();
            try {
                Bio bio = Bio.newSocket(sock, false);
                c.setBio(bio, bio);
                c.setHostName("localhost");
                if (session != null) {
                    c.setSession(session);
                }
                assertEquals(1, c.connect());
                byte[] out = (line + "\n").getBytes(StandardCharsets.US_ASCII);
                c.write(out, 0, out.length);
                byte[] in = new byte[256];
                StringBuilder reply = new StringBuilder();
                while (reply.indexOf("\n") < 0) {
                    int n = c.read(in, 0, in.length);
                    if (n <= 0) {
                        break;
                    }
                    reply.append(new String(in, 0, n, StandardCharsets.US_ASCII));
                }
                c.shutdown(); // our close_notify first: the client's session stays good whatever the server does
                String r = reply.toString().strip();
                return new Outcome(c.get1Session(), c.sessionReused(), r.contains("reused=true"), r);
            } finally {
                c.free();
            }
        }
    }

    static SslContext client(String provider, ProtocolVersion v) throws Exception {
        SslContext client = SslContext.newContext(SslMethod.TLS_CLIENT, provider);
        client.setTrustAnchors(pki.trustAnchors());
        client.set(Setting.MIN_PROTO_VERSION, v);
        client.set(Setting.MAX_PROTO_VERSION, v);
        return client;
    }

    /** Issue 16 item 4: round-robin resumption on three JVMs, and removal seen by every instance. */
    @Test
    @Timeout(120)
    void sessionsMadeOnOneServerResumeOnTheOthersAndRemovalsReachEveryInstance() throws Exception {
        int checked = 0;
        for (ProviderInfo info : Sslkit.providers()) {
            if (!info.available()) {
                continue;
            }
            dev.sslkit.ProviderCapabilities caps = Sslkit.capabilities(info.id());
            List<ProtocolVersion> versions = new ArrayList<>();
            for (ProtocolVersion v : List.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)) {
                if (caps.fleetResumption(v)) {
                    versions.add(v);
                }
            }
            if (versions.isEmpty()) {
                continue; // refuses Setting.SESSION_STORE: FleetRefusalTest
            }
            int[] ports = fleet(info.id());
            for (ProtocolVersion v : versions) {
                String what = info.id() + " " + v.protocolName();
                try (SslContext client = client(info.id(), v)) {
                    Outcome first = connect(client, ports[0], null, "HELLO");
                    assertFalse(first.clientReused() || first.serverReused(), what + ": first connection is a full handshake: " + first.reply());
                    SslSession s = first.session();
                    for (int i = 1; i <= 2; i++) {
                        Outcome o = connect(client, ports[i], s, "HELLO");
                        assertTrue(o.clientReused(), what + ": client resumed on server " + (i + 1) + ": " + o.reply());
                        assertTrue(o.serverReused(), what + ": server " + (i + 1) + " resumed: " + o.reply());
                        assertTrue(o.reply().matches(".*cbHits=[1-9].*"), what + ": found through the store: " + o.reply());
                        if (v == ProtocolVersion.TLS1_3) {
                            s.free();
                            s = o.session(); // TLS 1.3: resume with the newest ticket
                        } else {
                            o.session().free();
                        }
                    }
                    s.free();

                    // removal: made on 1, resumed and dropped (freed without close_notify) on 2
                    Outcome made = connect(client, ports[0], null, "HELLO");
                    Outcome dropped = connect(client, ports[1], made.session(), "DROP");
                    assertTrue(dropped.clientReused() && dropped.serverReused(), what + ": resumed before the drop: " + dropped.reply());
                    Thread.sleep(300); // the removal travels through Redis pub/sub
                    // the session the dropped connection ended with (TLS 1.3: its new ticket; TLS 1.2: the same id)
                    for (int i : new int[] {2, 0}) {
                        Outcome o = connect(client, ports[i], dropped.session(), "HELLO");
                        assertFalse(o.serverReused(), what + ": server " + (i + 1) + " must not resume a removed session: " + o.reply());
                        assertFalse(o.clientReused(), what + ": client must see a full handshake on server " + (i + 1));
                        o.session().free();
                    }
                    made.session().free();
                    dropped.session().free();
                    checked++;
                }
            }
        }
        assertTrue(checked >= 2, "at least bc TLS 1.2 and 1.3 were checked: " + checked);
    }
}
