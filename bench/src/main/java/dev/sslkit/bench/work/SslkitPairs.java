package dev.sslkit.bench.work;

import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;
import dev.sslkit.tck.TestPki;

import java.nio.ByteBuffer;
import java.util.List;

/** sslkit pairs: two {@link Ssl}s from a client and a server context, joined by {@code Bio.newPair(0, 0)}. */
final class SslkitPairs implements PairFactory {
    private final PairFactory.Spec spec;
    private final SslContext serverCtx;
    private final SslContext clientCtx;
    private SslSession saved;

    SslkitPairs(PairFactory.Spec spec) throws Exception {
        this.spec = spec;
        TestPki pki = TestPki.ec();
        serverCtx = SslContext.newContext(SslMethod.TLS_SERVER, spec.server());
        SslContext c = null;
        try {
            serverCtx.set(Setting.CERTIFICATES, List.of(pki.serverKey()));
            c = SslContext.newContext(SslMethod.TLS_CLIENT, spec.client());
            c.setTrustAnchors(pki.trustAnchors());
            configure(serverCtx, spec.suite());
            configure(c, spec.suite());
        } catch (Exception | Error e) {
            serverCtx.free();
            if (c != null) {
                c.free();
            }
            throw e;
        }
        clientCtx = c;
        if (spec.resume()) {
            try (SslkitPair p = newPair()) {
                p.handshake();
                ByteBuffer b = ByteBuffer.allocate(4096);
                p.sendBack(ByteBuffer.wrap(new byte[1]), b);
                p.send(ByteBuffer.wrap(new byte[1]), b);
                p.sendBack(ByteBuffer.wrap(new byte[1]), b);
                p.shutdown();
                saved = p.client.get1Session();
            } catch (Exception | Error e) {
                close();
                throw e;
            }
        }
    }

    static void configure(SslContext ctx, Proto.Suite suite) throws SslException {
        ctx.set(Setting.MIN_PROTO_VERSION, suite.proto().version());
        ctx.set(Setting.MAX_PROTO_VERSION, suite.proto().version());
        if (suite.proto() == Proto.TLS12) {
            ctx.set(Setting.CIPHER_LIST, suite.openssl());
        } else {
            try {
                ctx.set(Setting.CIPHERSUITES, suite.openssl());
            } catch (SslException e) {
                // Conscrypt cannot pin TLS 1.3 suites; the negotiated suite is checked instead
            }
        }
    }

    private String lastSuite;

    @Override
    public String lastCipherSuite() {
        return lastSuite;
    }

    private final ByteBuffer one = ByteBuffer.allocate(1);
    private final ByteBuffer sink = ByteBuffer.allocate(4096);

    @Override
    public boolean connection() throws Exception {
        try (SslkitPair p = newPair()) {
            p.handshake();
            p.sendBack(one.clear(), sink);
            lastSuite = p.cipherSuite();
            boolean r = p.resumed();
            // OpenSSL's quiet close: a connection freed without shutdown flags marks its session bad
            p.client.setShutdown(Ssl.SENT_SHUTDOWN | Ssl.RECEIVED_SHUTDOWN);
            p.server.setShutdown(Ssl.SENT_SHUTDOWN | Ssl.RECEIVED_SHUTDOWN);
            if (saved != null) {
                SslSession now = p.client.get1Session();
                if (now != null && now.isResumable()) {
                    saved.free();
                    saved = now;
                } else if (now != null) {
                    now.free();
                }
            }
            return r;
        }
    }

    @Override
    public Pair open() throws Exception {
        return newPair();
    }

    private SslkitPair newPair() throws SslException {
        Ssl c = clientCtx.newSsl();
        Ssl s;
        try {
            c.setHostName("localhost");
            if (saved != null) {
                c.setSession(saved);
            }
            s = serverCtx.newSsl();
        } catch (SslException | RuntimeException e) {
            c.free();
            throw e;
        }
        BioPair pair = Bio.newPair(0, 0);
        c.setBio(pair.first(), pair.first());
        s.setBio(pair.second(), pair.second());
        return new SslkitPair(c, s);
    }

    @Override
    public void close() {
        if (saved != null) {
            saved.free();
            saved = null;
        }
        serverCtx.free();
        if (clientCtx != null) {
            clientCtx.free();
        }
    }

    @Override
    public String toString() {
        return spec.toString();
    }

    /** The pair. */
    static final class SslkitPair implements Pair {
        final Ssl client;
        final Ssl server;

        SslkitPair(Ssl client, Ssl server) {
            this.client = client;
            this.server = server;
        }

        @Override
        public void handshake() throws SslException {
            int rc = 0;
            int rs = 0;
            int idle = 0;
            while (rc != 1 || rs != 1) {
                int pc = rc;
                int ps = rs;
                if (rc != 1) {
                    rc = client.doHandshake();
                }
                if (rs != 1) {
                    rs = server.doHandshake();
                }
                if (rc == pc && rs == ps && ++idle > MAX_IDLE) {
                    throw new IllegalStateException("sslkit handshake stalled: client " + rc + ", server " + rs);
                }
            }
        }

        @Override
        public void send(ByteBuffer src, ByteBuffer dst) throws SslException {
            transfer(client, server, src, dst);
        }

        @Override
        public void sendBack(ByteBuffer src, ByteBuffer dst) throws SslException {
            transfer(server, client, src, dst);
        }

        @Override
        public void sendArray(byte[] src, byte[] dst) throws SslException {
            int want = src.length;
            int sent = 0;
            int got = 0;
            int at = 0;
            int idle = 0;
            while (got < want) {
                int w = 0;
                if (sent < want) {
                    w = client.write(src, sent, want - sent);
                    if (w > 0) {
                        sent += w;
                    }
                }
                int r = server.read(dst, at, dst.length - at);
                if (r > 0) {
                    got += r;
                    at += r;
                    if (at == dst.length) {
                        at = 0;
                    }
                } else if (w <= 0 && ++idle > MAX_IDLE) {
                    throw new IllegalStateException("sslkit transfer stalled after " + got + " of " + want + " bytes");
                }
            }
        }

        private static void transfer(Ssl from, Ssl to, ByteBuffer src, ByteBuffer dst) throws SslException {
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
                } else if (w <= 0 && ++idle > MAX_IDLE) {
                    throw new IllegalStateException("sslkit transfer stalled after " + got + " of " + want + " bytes (write "
                            + w + ", read " + r + ")");
                } else if (r == Ssl.ZERO_RETURN) {
                    throw new IllegalStateException("close_notify during transfer");
                }
            }
        }

        void shutdown() throws SslException {
            int a = 0;
            int b = 0;
            for (int i = 0; i < 1000 && (a != 1 || b != 1); i++) {
                if (a != 1) {
                    a = client.shutdown();
                }
                if (b != 1) {
                    b = server.shutdown();
                }
            }
            if (a != 1 || b != 1) {
                throw new IllegalStateException("shutdown stalled: client " + a + ", server " + b);
            }
        }

        @Override
        public String cipherSuite() {
            return client.cipherSuite();
        }

        @Override
        public boolean resumed() {
            return client.sessionReused();
        }

        @Override
        public void close() {
            client.free();
            server.free();
        }
    }
}
