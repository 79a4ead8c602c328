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
 */
final class RawPairs implements PairFactory {
    private static final int TRANSPORT = 128 * 1024;
    private final PairFactory.Spec spec;
    private final SSLContext clientCtx;
    private final SSLContext serverCtx;
    private final RawBc.ClientShared bcClient;
    private final RawBc.ServerShared bcServer;
    private long fullServerBytes = -1;
    private int nextPort;
    private String lastSuite;

    RawPairs(PairFactory.Spec spec) throws Exception {
        this.spec = spec;
        clientCtx = spec.client().equals("bc") ? null : RawKeys.sslContext(spec.client());
        serverCtx = spec.server().equals("bc") ? null : RawKeys.sslContext(spec.server());
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
        try (RawPair p = newPair(true)) {
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

    private final ByteBuffer one = ByteBuffer.allocate(1);
    private final ByteBuffer sink = ByteBuffer.allocate(64 * 1024);

    @Override
    public boolean connection() throws Exception {
        try (RawPair p = newPair(spec.resume())) {
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
        return newPair(spec.resume());
    }

    private ByteBuffer buffer() {
        return spec.direct() ? ByteBuffer.allocateDirect(TRANSPORT) : ByteBuffer.allocate(TRANSPORT);
    }

    private RawPair newPair(boolean resume) throws Exception {
        ByteBuffer c2s = buffer();
        ByteBuffer s2c = buffer();
        RawSide c;
        RawBc.Client bcPeer = null;
        if (clientCtx != null) {
            // a peer host and port make JSSE look up (and keep) client sessions: only when resuming. Conscrypt
            // looks sessions up even without a peer host (by SNI), so its full handshakes use a new port each time.
            SSLEngine e;
            if (resume) {
                e = clientCtx.createSSLEngine("localhost", 443);
            } else if (spec.client().equals("conscrypt")) {
                e = clientCtx.createSSLEngine("localhost", 1024 + (nextPort++ & 0x7fff));
            } else {
                e = clientCtx.createSSLEngine();
            }
            e.setUseClientMode(true);
            SSLParameters p = params(e);
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(java.util.List.of(new SNIHostName("localhost")));
            e.setSSLParameters(p);
            if (spec.client().equals("conscrypt")) {
                org.conscrypt.Conscrypt.setUseSessionTickets(e, true);
            }
            c = new EngineSide(e, s2c, c2s);
        } else {
            bcPeer = new RawBc.Client(bcClient, spec.suite(), resume);
            TlsClientProtocol p = new TlsClientProtocol();
            RawBc.Client peer = bcPeer;
            p.connect(peer);
            c = new BcSide(p, () -> peer.finished, s2c, c2s);
        }
        RawSide s;
        if (serverCtx != null) {
            SSLEngine e = serverCtx.createSSLEngine();
            e.setUseClientMode(false);
            e.setSSLParameters(params(e));
            if (spec.server().equals("conscrypt")) {
                org.conscrypt.Conscrypt.setUseSessionTickets(e, true);
            }
            s = new EngineSide(e, c2s, s2c);
        } else {
            RawBc.Server peer = new RawBc.Server(bcServer, spec.suite());
            TlsServerProtocol p = new TlsServerProtocol();
            p.accept(peer);
            s = new BcSide(p, () -> peer.finished, c2s, s2c);
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
