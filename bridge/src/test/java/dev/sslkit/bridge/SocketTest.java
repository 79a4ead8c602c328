package dev.sslkit.bridge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 3 (blocking users): {@code SSLSocketFactory} / {@code SSLServerSocketFactory} of the sslkit
 * context, on every backend: an echo of 100 KB, protocol, backend, resumption on the second connection, and
 * close_notify ending the peer's stream.
 */
class SocketTest {
    static Stream<String> backends() {
        return Bridged.backends().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void echoOverSocketsWithResumption(String backend) throws Exception {
        SSLContext ctx = Bridged.context(backend);
        try (SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Boolean> server = CompletableFuture.supplyAsync(() -> {
                boolean lastReused = false;
                for (int i = 0; i < 2; i++) {
                    try (SSLSocket s = (SSLSocket) ss.accept()) {
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        byte[] buf = new byte[8192];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n);
                        }
                        lastReused = SslkitSsl.sessionReused(s.getSession());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return lastReused;
            });
            byte[] data = new byte[100_000];
            new java.util.Random(3).nextBytes(data);
            for (int i = 0; i < 2; i++) {
                try (SSLSocket c = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                    c.startHandshake();
                    assertEquals("TLSv1.3", c.getSession().getProtocol());
                    assertEquals(backend, SslkitSsl.backend(c.getSession()));
                    assertEquals(i == 1, SslkitSsl.sessionReused(c.getSession()), "client resumed, connection " + i);
                    CompletableFuture<Void> w = CompletableFuture.runAsync(() -> {
                        try {
                            c.getOutputStream().write(data);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    byte[] back = new byte[data.length];
                    new DataInputStream(c.getInputStream()).readFully(back);
                    w.get(30, TimeUnit.SECONDS);
                    assertArrayEquals(data, back);
                }
            }
            assertTrue(server.get(30, TimeUnit.SECONDS), "server resumed the second connection");
            assertFalse(ss.getUseClientMode());
        }
    }
}
