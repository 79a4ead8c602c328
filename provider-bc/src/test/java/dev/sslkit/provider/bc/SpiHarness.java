package dev.sslkit.provider.bc;

import dev.sslkit.CertifiedKey;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.VerifyMode;
import dev.sslkit.spi.EngineEvents;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.KeySelector;
import dev.sslkit.spi.PeerVerifier;
import dev.sslkit.spi.TlsEngine;
import dev.sslkit.spi.TlsEngine.EngineResult;
import dev.sslkit.spi.TlsEngine.HandshakeState;
import dev.sslkit.spi.TlsEngine.Status;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Drives two {@link TlsEngine}s of provider bc directly, without core, through a hand-written {@link EngineSpec}. */
final class SpiHarness {
    private SpiHarness() {
    }

    /** A hand-written spec: settings by map, a verifier that counts and optionally refuses, a simple key selector. */
    static final class Spec implements EngineSpec, EngineEvents, PeerVerifier, KeySelector {
        final boolean client;
        final Map<Setting<?>, Object> values = new IdentityHashMap<>();
        Set<VerifyMode> verifyMode;
        String serverName = "localhost";
        EngineSession resume;
        String refuse;
        final AtomicInteger verifyCalls = new AtomicInteger();
        final AtomicInteger selectCalls = new AtomicInteger();
        final List<int[]> alerts = new ArrayList<>();
        final List<Object[]> messages = new ArrayList<>();
        X509Certificate[] lastChain;

        Spec(boolean client) {
            this.client = client;
            this.verifyMode = client ? EnumSet.of(VerifyMode.PEER) : EnumSet.noneOf(VerifyMode.class);
        }

        <T> Spec with(Setting<T> s, T v) {
            values.put(s, s.normalize(v));
            return this;
        }

        @Override
        public boolean clientMode() {
            return client;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get(Setting<T> setting) {
            return values.containsKey(setting) ? (T) values.get(setting) : setting.defaultValue();
        }

        @Override
        public Set<VerifyMode> verifyMode() {
            return verifyMode;
        }

        @Override
        public String serverName() {
            return client ? serverName : null;
        }

        @Override
        public EngineSession sessionToResume() {
            return resume;
        }

        /** The server's session store, standing in for core's cache (filled by {@link SpiHarness#handshake}). */
        Map<ByteBuffer, EngineSession> store;

        /** Core's role, simplified: any live resumable session of the same context. */
        @Override
        public EngineSession findSession(byte[] id) {
            if (store == null) {
                return null;
            }
            synchronized (store) {
                EngineSession s = store.get(ByteBuffer.wrap(id));
                return s != null && s.isResumable() ? s : null;
            }
        }

        @Override
        public PeerVerifier verifier() {
            return this;
        }

        @Override
        public KeySelector keySelector() {
            return this;
        }

        @Override
        public EngineEvents events() {
            return this;
        }


        @Override
        public void alert(boolean sent, boolean fatal, int description) {
            alerts.add(new int[] {sent ? 1 : 0, fatal ? 1 : 0, description});
        }

        @Override
        public void message(boolean sent, int version, int contentType, byte[] bytes) {
            messages.add(new Object[] {sent, version, contentType, bytes});
        }

        @Override
        public void verify(X509Certificate[] chain, String authType) throws CertificateException {
            verifyCalls.incrementAndGet();
            lastChain = chain;
            if (refuse != null) {
                throw new CertificateException(refuse);
            }
        }

        @Override
        public X509Certificate[] acceptedIssuers() {
            return new X509Certificate[0];
        }

        @Override
        public CertifiedKey select(String[] keyTypes, Principal[] issuers) {
            selectCalls.incrementAndGet();
            for (CertifiedKey k : get(Setting.CERTIFICATES)) {
                String alg = k.leaf().getPublicKey().getAlgorithm().toUpperCase(Locale.ROOT);
                for (String t : keyTypes) {
                    String u = t.toUpperCase(Locale.ROOT);
                    if (u.equals(alg) || (u.equals("RSASSA-PSS") && alg.equals("RSA"))) {
                        return k;
                    }
                }
            }
            return null;
        }
    }

    /** Two engines and the bytes in flight between them. */
    static final class Pair {
        final TlsEngine client;
        final TlsEngine server;
        final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        ByteBuffer serverIn = ByteBuffer.allocate(0);
        ByteBuffer clientIn = ByteBuffer.allocate(0);
        Map<ByteBuffer, EngineSession> serverStore;

        Pair(TlsEngine client, TlsEngine server) {
            this.client = client;
            this.server = server;
        }
    }

    static final BcProvider PROVIDER = new BcProvider();

    static BcContext context(SslMethod m) throws SslException {
        return (BcContext) PROVIDER.newContext(m);
    }

    /** Per server context, what core's cache would hold. */
    private static final Map<BcContext, Map<ByteBuffer, EngineSession>> STORES = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    static Pair pair(BcContext cctx, Spec c, BcContext sctx, Spec s) throws SslException {
        s.store = STORES.computeIfAbsent(sctx, k -> new java.util.HashMap<>());
        Pair p = new Pair(cctx.newEngine(c), sctx.newEngine(s));
        p.serverStore = s.store;
        p.client.beginHandshake();
        p.server.beginHandshake();
        return p;
    }

    /** Runs both handshakes; rethrows the first failure. */
    static void handshake(Pair p) throws SslException {
        for (int round = 0; round < 200; round++) {
            boolean cDone = p.client.sessionReused() != null && p.client.handshakeState() == HandshakeState.NOT_HANDSHAKING;
            boolean sDone = p.server.sessionReused() != null && p.server.handshakeState() == HandshakeState.NOT_HANDSHAKING;
            if (cDone && sDone && p.serverIn.remaining() == 0 && p.clientIn.remaining() == 0) {
                EngineSession ss = p.server.session();
                if (p.serverStore != null && ss != null && ss.id().length > 0) {
                    synchronized (p.serverStore) {
                        p.serverStore.put(ByteBuffer.wrap(ss.id()), ss); // as core's update_cache would
                    }
                }
                return;
            }
            flushAll(p.client, p.toServer);
            p.serverIn = append(p.serverIn, p.toServer);
            drain(p.server, p.serverIn, null);
            flushAll(p.server, p.toClient);
            p.clientIn = append(p.clientIn, p.toClient);
            drain(p.client, p.clientIn, null);
        }
        throw new AssertionError("handshake did not finish: client " + p.client.handshakeState() + ", server " + p.server.handshakeState());
    }

    /** Sends bytes from one engine to the other and returns what the receiver read. */
    static byte[] send(Pair p, boolean fromClient, byte[] data) throws SslException {
        TlsEngine from = fromClient ? p.client : p.server;
        TlsEngine to = fromClient ? p.server : p.client;
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteBuffer net = ByteBuffer.allocate(from.packetBufferSize());
        while (src.hasRemaining()) {
            net.clear();
            EngineResult r = from.wrap(src, net);
            if (r.status != Status.OK) {
                throw new AssertionError("wrap: " + r.status);
            }
            wire.write(net.array(), 0, net.position());
        }
        ByteBuffer in = ByteBuffer.wrap(wire.toByteArray());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        drain(to, in, got);
        return got.toByteArray();
    }

    static void flushAll(TlsEngine e, ByteArrayOutputStream out) throws SslException {
        ByteBuffer net = ByteBuffer.allocate(e.packetBufferSize());
        for (int i = 0; i < 50 && e.handshakeState() == HandshakeState.NEED_WRAP; i++) {
            net.clear();
            e.wrap(ByteBuffer.allocate(0), net);
            out.write(net.array(), 0, net.position());
        }
    }

    /** Unwraps every whole record in {@code in}; collects plaintext into {@code app} if given. */
    static void drain(TlsEngine e, ByteBuffer in, ByteArrayOutputStream app) throws SslException {
        ByteBuffer dst = ByteBuffer.allocate(e.applicationBufferSize() + 256);
        for (;;) {
            dst.clear();
            EngineResult r = e.unwrap(in, dst);
            if (app != null) {
                app.write(dst.array(), 0, dst.position());
            }
            if (r.status == Status.BUFFER_UNDERFLOW || r.status == Status.CLOSED || (r.consumed == 0 && r.produced == 0)) {
                return;
            }
        }
    }

    static ByteBuffer append(ByteBuffer rest, ByteArrayOutputStream more) {
        ByteBuffer n = ByteBuffer.allocate(rest.remaining() + more.size());
        n.put(rest).put(more.toByteArray()).flip();
        more.reset();
        return n;
    }
}
