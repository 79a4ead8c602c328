package dev.sslkit.bridge;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 5 (first bullet): {@code java.net.http.HttpClient} against {@code com.sun.net.httpserver.HttpsServer},
 * both on the sslkit provider, on every backend: the body, the protocol, the backend, and a resumed session on
 * the second connection (a second client sharing the SSLContext). The JDK's HttpsServer speaks HTTP/1.1 only,
 * so a client asking for HTTP/2 gets HTTP/1.1 through ALPN's absence.
 */
class HttpClientTest {
    static Stream<String> backends() {
        return Bridged.backends().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void httpClientAgainstHttpsServerWithResumption(String backend) throws Exception {
        SSLContext serverCtx = Bridged.context(backend);
        SSLContext clientCtx = Bridged.context(backend);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverCtx));
        List<String> serverSeen = new CopyOnWriteArrayList<>();
        server.createContext("/", ex -> {
            HttpsExchange hx = (HttpsExchange) ex;
            serverSeen.add(hx.getSSLSession().getProtocol() + " " + SslkitSsl.backend(hx.getSSLSession()) + " "
                    + SslkitSsl.sessionReused(hx.getSSLSession()));
            byte[] body = ("hello from " + backend + " " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            URI uri = URI.create("https://localhost:" + server.getAddress().getPort() + "/first");
            for (int round = 0; round < 2; round++) {
                for (HttpClient.Version v : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
                    HttpClient client = HttpClient.newBuilder().sslContext(clientCtx).version(v).build();
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode());
                    assertEquals("hello from " + backend + " /first", r.body());
                    assertEquals(HttpClient.Version.HTTP_1_1, r.version(), "HttpsServer has no h2");
                    javax.net.ssl.SSLSession s = r.sslSession().orElseThrow();
                    assertEquals("TLSv1.3", s.getProtocol());
                    assertTrue(s.getCipherSuite().startsWith("TLS_AES_") || s.getCipherSuite().startsWith("TLS_CHACHA20"),
                            s.getCipherSuite());
                    // HttpClient hands out an immutable copy of the session: backend and resumption are read on the server
                    assertEquals(Bridged.PKI.serverKey().leaf(), s.getPeerCertificates()[0]);
                }
            }
            assertEquals(4, serverSeen.size());
            assertEquals("TLSv1.3 " + backend + " false", serverSeen.get(0));
            assertTrue(serverSeen.get(1).endsWith(" true"), serverSeen.toString());
            assertFalse(serverSeen.stream().skip(1).anyMatch(x -> x.endsWith("false")), serverSeen.toString());
        } finally {
            server.stop(0);
        }
    }
}
