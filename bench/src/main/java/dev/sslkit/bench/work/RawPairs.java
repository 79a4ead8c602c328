package dev.sslkit.bench.work;

import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

import java.nio.ByteBuffer;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Raw pairs: each side is its provider's raw engine — {@code SSLEngine} for jsse
 * ({@code SSLContext.getInstance("TLS", "SunJSSE")}) and conscrypt ({@code Conscrypt.newProvider()},
 * session tickets turned on with {@code Conscrypt.setUseSessionTickets} so that resumption can
 * happen), bctls's non-blocking protocol objects for bc — joined by two byte buffers, and driven by
 * the same loop as sslkit's pairs. Resumption is recognised by the server's handshake bytes: a
 * resumed handshake sends no certificate, so it is smaller than the primed full one.
 *
 * <p>Doing the same work as sslkit (issue 13, Part 1), so that sslkit ÷ raw measures sslkit's own cost:
 * <ol>
 * <li>the two transport buffers and the sides' scratch buffers are the factory's, allocated once and
 *     reused by every {@link #connection()} (sslkit's BIO pair and read buffers are its own per-connection
 *     cost); {@link #open()} (a pair that lives on, for bulk) gets buffers of its own;</li>
 * <li>{@link Pair#close()} closes each engine the way sslkit's {@code free()} does, inside the timed
 *     operation — raw Conscrypt engines release their native {@code SSL} then, not in a finalizer;</li>
 * <li>every raw client verifies the server the same way ({@link RawTrust}: JDK PKIX + host name);</li>
 * <li>the transport buffers are heap buffers always, as sslkit's {@code Bio.newPair} is: "direct" is
 *     the application buffers only;</li>
 * <li>full handshakes cache sessions on both sides as sslkit does: a JSSE or Conscrypt client engine
 *     is made with a peer host and a fresh port (so the engine files its session in its client cache
 *     and never finds one to offer), the session caches are sized as sslkit's providers size them, and
 *     the raw bctls server keeps TLS 1.2 sessions in a bounded map.</li>
 * </ol>
 */
final class RawPairs implements PairFactory {
    private static final int TRANSPORT = 128 * 1024;
    /** The session cache sizes sslkit's providers set ({@code JsseContext}, {@code ConscryptContext}). */
    private static final int JSSE_CACHE = 1 << 16;
    private static final int CONSCRYPT_CACHE = 1024;
    private final PairFactory.Spec spec;
    private final SSLContext clientCtx;
    private final SSLContext serverCtx;
    private final RawBc.ClientShared bcClient;
    private final RawBc.ServerShared bcServer;
    private long fullServerBytes = -1;
    private long nextKey;
    private String lastSuite;

    RawPairs(PairFactory.Spec spec) throws Exception {
        this.spec = spec;
        clientCtx = spec.client().equals("bc") ? null : cached(RawKeys.sslContext(spec.client()), spec.client());
        serverCtx = spec.server().equals("bc") ? null : cached(RawKeys.sslContext(spec.server()), spec.server());
        bcClient = spec.client().equals("bc") ? new RawBc.ClientShared() : null;
        bcServer = spec.server().equals("bc") ? new RawBc.ServerShared() : null;
        if (spec.resume() && spec.suite().proto() == Proto.TLS13 && spec.client().equals("bc")) {
            throw new UnsupportedOperationException("raw bctls client cannot resume TLS 1.3 "
                    + "(bctls 1.84 has no session tickets; sslkit's bc provider adds its own resumption PSK)");
        }
        if (spec.resume() && spec.suite().proto() == Proto.TLS13 && spec.server().equals("bc")) {
            throw new UnsupportedOperationException("raw bctls server cannot resume TLS 1.3 "
                    + "(bctls 1.84 has no session tickets; sslkit's bc provider adds its own resumption PSK)");
        }
        // the primed full handshake: its size tells resumed handshakes apart; TLS 1.3 tickets arrive with data
        try (RawPair p = newPair(true, c2s, s2c)) {
            p.handshake();
            ByteBuffer b = ByteBuffer.allocate(64 * 1024);
            p.sendBack(ByteBuffer.wrap(new byte[1]), b);
            p.send(ByteBuffer.wrap(new byte[1]), b);
            p.sendBack(ByteBuffer.wrap(new byte[1]), b);
            fullServerBytes = p.server.handshakeBytesOut;
            if (bcClient != null) {
                bcClient.resume = p.bcClientPeer.session;
            }
        }
    }

    private static SSLContext cached(SSLContext ctx, String provider) {
        int size = provider.equals("jsse") ? JSSE_CACHE : CONSCRYPT_CACHE;
        ctx.getClientSessionContext().setSessionCacheSize(size);
        ctx.getServerSessionContext().setSessionCacheSize(size);
        return ctx;
    }

    private final ByteBuffer one = ByteBuffer.allocate(1);
    private final ByteBuffer sink = ByteBuffer.allocate(64 * 1024);

    @Override
    public boolean connection() throws Exception {
        try (RawPair p = newPair(spec.resume(), c2s.clear(), s2c.clear())) {
            p.handshake();
            p.sendBack(one.clear(), sink);
            lastSuite = p.cipherSuite();
            if (bcClient != null && spec.resume() && p.bcClientPeer.session != null) {
                bcClient.resume = p.bcClientPeer.session;
            }
            return p.resumed();
        }
    }

    @Override
    public String lastCipherSuite() {
        return lastSuite;
    }

    @Override
    public Pair open() throws Exception {
        return newPair(spec.resume(), ByteBuffer.allocate(TRANSPORT), ByteBuffer.allocate(TRANSPORT));
    }

    /** The transport buffers {@link #connection()} reuses: heap, as sslkit's BIO pair. */
    private final ByteBuffer c2s = ByteBuffer.allocate(TRANSPORT);
    private final ByteBuffer s2c = ByteBuffer.allocate(TRANSPORT);
    /** Scratch for the engine sides' handshake unwraps and bctls's direct-buffer copies, shared by every pair. */
    private final ByteBuffer engineScratch = ByteBuffer.allocate(EngineSide.SCRATCH);
    private final byte[] bcScratch = new byte[64 * 1024];

    private RawPair newPair(boolean resume, ByteBuffer c2s, ByteBuffer s2c) throws Exception {
        RawSide c;
        RawBc.Client bcPeer = null;
        if (clientCtx != null) {
            // a peer host and port make the engine look up and keep client sessions. Full handshakes use a new
            // (host, port) each time, as sslkit's providers make every client engine with a fresh key: the session is
            // cached, none is found to offer (JSSE keys its cache by host and port, Conscrypt by SNI name and port).
            SSLEngine e;
            if (resume) {
                e = clientCtx.createSSLEngine("localhost", 443);
            } else {
                long n = ++nextKey;
                // ports from 1024: never 443, the key the primed (and resumed) sessions are filed under
                e = clientCtx.createSSLEngine("raw-session-" + n + ".invalid", 1024 + (int) (n % 64000));
            }
            e.setUseClientMode(true);
            SSLParameters p = params(e);
            p.setEndpointIdentificationAlgorithm(null); // RawTrust checks the host, as sslkit's core does
            p.setServerNames(java.util.List.of(new SNIHostName("localhost")));
            e.setSSLParameters(p);
            if (spec.client().equals("conscrypt")) {
                org.conscrypt.Conscrypt.setUseSessionTickets(e, true);
            }
            c = new EngineSide(e, s2c, c2s, engineScratch);
        } else {
            bcPeer = new RawBc.Client(bcClient, spec.suite(), resume);
            TlsClientProtocol p = new TlsClientProtocol();
            RawBc.Client peer = bcPeer;
            p.connect(peer);
            c = new BcSide(p, () -> peer.finished, s2c, c2s, bcScratch);
        }
        RawSide s;
        if (serverCtx != null) {
            SSLEngine e = serverCtx.createSSLEngine();
            e.setUseClientMode(false);
            e.setSSLParameters(params(e));
            if (spec.server().equals("conscrypt")) {
                org.conscrypt.Conscrypt.setUseSessionTickets(e, true);
            }
            s = new EngineSide(e, c2s, s2c, engineScratch);
        } else {
            RawBc.Server peer = new RawBc.Server(bcServer, spec.suite());
            TlsServerProtocol p = new TlsServerProtocol();
            p.accept(peer);
            s = new BcSide(p, () -> peer.finished, c2s, s2c, bcScratch);
        }
        return new RawPair(c, s, bcPeer);
    }

    private SSLParameters params(SSLEngine e) {
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(new String[] {spec.suite().proto().label()});
        if (spec.suite().proto() == Proto.TLS12 || !e.getClass().getName().startsWith("org.conscrypt")) {
            // Conscrypt cannot pin TLS 1.3 suites (it filters their names out); the negotiated one is checked
            p.setCipherSuites(new String[] {spec.suite().iana()});
        }
        return p;
    }

    @Override
    public void close() {
        // SSLContexts and bctls state are garbage collected
    }

    @Override
    public String toString() {
        return spec.toString();
    }

    /** The pair. */
    final class RawPair implements Pair {
        final RawSide client;
        final RawSide server;
        final RawBc.Client bcClientPeer;

        RawPair(RawSide client, RawSide server, RawBc.Client bcClientPeer) {
            this.client = client;
            this.server = server;
            this.bcClientPeer = bcClientPeer;
        }

        @Override
        public void handshake() throws Exception {
            int idle = 0;
            while (!client.done || !server.done) {
                boolean progress = client.step();
                progress |= server.step();
                if (!progress && ++idle > MAX_IDLE) {
                    throw new IllegalStateException("raw handshake stalled (" + spec + "): client done " + client.done
                            + ", server done " + server.done);
                }
            }
        }

        @Override
        public void send(ByteBuffer src, ByteBuffer dst) throws Exception {
            transfer(client, server, src, dst);
        }

        @Override
        public void sendBack(ByteBuffer src, ByteBuffer dst) throws Exception {
            transfer(server, client, src, dst);
        }

        private void transfer(RawSide from, RawSide to, ByteBuffer src, ByteBuffer dst) throws Exception {
            dst.clear();
            int want = src.remaining();
            int got = 0;
            int idle = 0;
            while (got < want) {
                int w = src.hasRemaining() ? from.write(src) : 0;
                int r = to.read(dst);
                if (r > 0) {
                    got += r;
                    if (!dst.hasRemaining()) {
                        dst.clear();
                    }
                } else if (w <= 0) {
                    // post-handshake messages (tickets) may need the receiver's peer to step
                    from.step();
                    if (++idle > MAX_IDLE) {
                        throw new IllegalStateException("raw transfer stalled after " + got + " of " + want + " bytes (" + spec + ")");
                    }
                }
            }
        }

        @Override
        public String cipherSuite() {
            return client instanceof EngineSide ? ((EngineSide) client).engine.getSession().getCipherSuite()
                    : bcClientPeer.suiteName();
        }

        @Override
        public boolean resumed() {
            return fullServerBytes > 0 && server.handshakeBytesOut < fullServerBytes - 200;
        }

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }
}
