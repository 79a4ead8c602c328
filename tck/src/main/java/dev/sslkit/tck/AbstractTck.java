package dev.sslkit.tck;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.Sslkit;
import dev.sslkit.ProviderCapabilities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Base of every conformance test: a provider id, contexts with a generated PKI, and one-thread
 * pumping of two connections over a BIO pair. Subclasses in each provider module name the provider.
 * Every object a test makes through {@link #track} is freed after it, and the class fails if the
 * leak detector reported anything.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractTck {
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** @return the provider under test, e.g. {@code jsse} */
    protected abstract String providerId();

    /** @return the provider's declared capabilities */
    protected ProviderCapabilities caps() {
        try {
            return Sslkit.capabilities(providerId());
        } catch (SslException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the test PKI (EC P-256) */
    protected TestPki pki() {
        return TestPki.ec();
    }

    /** @param r a resource freed after the test (if still alive)  @param <T> its type  @return r */
    protected <T extends AutoCloseable> T track(T r) {
        resources.add(r);
        return r;
    }

    @AfterEach
    void freeTracked() throws Exception {
        Exception first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            AutoCloseable r = resources.get(i);
            try {
                if (r instanceof dev.sslkit.RefCounted) {
                    dev.sslkit.RefCounted rc = (dev.sslkit.RefCounted) r;
                    while (rc.refCnt() > 0) {
                        rc.free();
                    }
                } else {
                    r.close();
                }
            } catch (Exception e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        resources.clear();
        if (first != null) {
            throw first;
        }
    }

    private static long leaksAtStart;

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
    }

    @BeforeAll
    static void leakBaseline() throws InterruptedException {
        settle(); // what earlier classes left behind is counted before this class starts
        leaksAtStart = Sslkit.leaksDetected();
    }

    @AfterAll
    static void noLeaks() throws InterruptedException {
        settle();
        long now = Sslkit.leaksDetected();
        long mine = now - leaksAtStart;
        leaksAtStart = now;
        if (mine > 0) {
            fail("the leak detector reported " + mine + " unfreed sslkit object(s) in this class (see the log)");
        }
    }

    /** @return a server context with the PKI's server key, on the provider under test */
    protected SslContext serverContext() throws SslException {
        SslContext ctx = track(SslContext.newContext(SslMethod.TLS_SERVER, providerId()));
        ctx.set(Setting.CERTIFICATES, List.of(pki().serverKey()));
        ctx.setTrustAnchors(List.of(pki().root()));
        return ctx;
    }

    /** @return a client context trusting the PKI's root */
    protected SslContext clientContext() throws SslException {
        SslContext ctx = track(SslContext.newContext(SslMethod.TLS_CLIENT, providerId()));
        ctx.setTrustAnchors(List.of(pki().root()));
        return ctx;
    }

    /** @param ctx context  @param v version  @throws SslException if refused @return ctx pinned to one version */
    protected static SslContext only(SslContext ctx, ProtocolVersion v) throws SslException {
        ctx.set(Setting.MIN_PROTO_VERSION, v);
        ctx.set(Setting.MAX_PROTO_VERSION, v);
        return ctx;
    }

    /** A client and a server connection joined by a BIO pair. */
    public static final class Conn {
        /** client */
        public final Ssl client;
        /** server */
        public final Ssl server;

        Conn(Ssl client, Ssl server) {
            this.client = client;
            this.server = server;
        }
    }

    /**
     * @param cctx client context  @param sctx server context
     * @return two new connections over a fresh BIO pair (client has SNI/host "localhost")
     * @throws SslException if creation fails
     */
    protected Conn connect(SslContext cctx, SslContext sctx) throws SslException {
        Ssl c = track(cctx.newSsl());
        Ssl s = track(sctx.newSsl());
        c.setHostName("localhost");
        join(c, s);
        return new Conn(c, s);
    }

    /** Gives both a new BIO pair (each takes one end). @param c client @param s server */
    protected static void join(Ssl c, Ssl s) {
        Pump.connect(c, s);
    }

    /**
     * Runs both handshakes in this thread until both report 1 ({@link Pump#handshake}).
     *
     * @param c client  @param s server
     * @throws SslException on a TLS failure
     */
    public static void handshake(Ssl c, Ssl s) throws SslException {
        Pump.handshake(c, s);
    }

    /**
     * Sends {@code msg} from one side and reads it on the other ({@link Pump#send}).
     *
     * @param from sender  @param to receiver  @param msg bytes
     * @throws SslException on a TLS failure
     */
    public static void transfer(Ssl from, Ssl to, byte[] msg) throws SslException {
        Pump.send(from, to, msg);
    }

    /** @param s text @return UTF-8 bytes */
    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Clean shutdown both ways: client sends close_notify, server answers, both end with 1.
     *
     * @param c client  @param s server
     * @throws SslException on a TLS failure
     */
    public static void shutdownBoth(Ssl c, Ssl s) throws SslException {
        assertEquals(0, c.shutdown(), "first shutdown() sends close_notify and returns 0");
        ByteBuffer sink = ByteBuffer.allocate(64);
        assertEquals(Ssl.ZERO_RETURN, readUntilStatus(s, sink), "server reads the client's close_notify");
        assertEquals(1, s.shutdown(), "server's shutdown() after receiving close_notify returns 1");
        int r = 0;
        for (int i = 0; i < 10 && r != 1; i++) {
            r = c.shutdown();
        }
        assertEquals(1, r, "client's second shutdown() sees the server's close_notify");
        assertEquals(Ssl.SENT_SHUTDOWN | Ssl.RECEIVED_SHUTDOWN, c.getShutdown());
        assertEquals(Ssl.SENT_SHUTDOWN | Ssl.RECEIVED_SHUTDOWN, s.getShutdown());
    }

    private static int readUntilStatus(Ssl s, ByteBuffer sink) throws SslException {
        int r = 0;
        for (int i = 0; i < 100; i++) {
            sink.clear();
            r = s.read(sink);
            if (r < 0 && r != Ssl.WANT_READ) {
                return r;
            }
            if (r == Ssl.WANT_READ) {
                return r;
            }
        }
        return r;
    }
}
