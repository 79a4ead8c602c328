package dev.sslkit.provider.conscrypt;

import dev.sslkit.CertifiedKey;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslException;
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
import dev.sslkit.tck.TestPki;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drives two provider engines directly through the SPI, without core: a test double of
 * {@link EngineSpec} that counts key selections and verifications, and a pump that records every
 * byte each side sends (to look at the ClientHello on the wire).
 */
final class SpiHarness {
    private SpiHarness() {
    }

    /** A spec whose verifier accepts the test PKI's chains and whose key selector returns one key. */
    static final class Spec implements EngineSpec, EngineEvents {
        final boolean client;
        final Map<Setting<?>, Object> settings = new HashMap<>();
        String serverName;
        EngineSession resume;
        CertifiedKey key;
        int keyCalls;
        int verifyCalls;
        final List<int[]> alerts = new ArrayList<>();

        Spec(boolean client, TestPki pki) {
            this.client = client;
            this.key = client ? null : pki.serverKey();
        }

        <T> Spec with(Setting<T> s, T v) {
            settings.put(s, v);
            return this;
        }

        @Override
        public boolean clientMode() {
            return client;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get(Setting<T> setting) {
            return settings.containsKey(setting) ? (T) settings.get(setting) : setting.defaultValue();
        }

        @Override
        public Set<VerifyMode> verifyMode() {
            return client ? EnumSet.of(VerifyMode.PEER) : EnumSet.noneOf(VerifyMode.class);
        }

        @Override
        public String serverName() {
            return serverName;
        }

        @Override
        public EngineSession sessionToResume() {
            return resume;
        }

        @Override
        public PeerVerifier verifier() {
            return new PeerVerifier() {
                @Override
                public void verify(X509Certificate[] chain, String authType) throws CertificateException {
                    verifyCalls++;
                }

                @Override
                public X509Certificate[] acceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
        }

        @Override
        public KeySelector keySelector() {
            return (String[] keyTypes, Principal[] issuers) -> {
                keyCalls++;
                return key;
            };
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
        }
    }

    /** One side: its engine and the bytes it sent so far. */
    static final class Side {
        final TlsEngine engine;
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteBuffer inbound = ByteBuffer.allocate(64 * 1024).flip();
        final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        boolean finished;

        Side(TlsEngine engine) {
            this.engine = engine;
        }
    }

    /** Runs the handshake to the end on both sides. */
    static void handshake(Side c, Side s) throws SslException {
        c.engine.beginHandshake();
        s.engine.beginHandshake();
        for (int round = 0; round < 100 && !(c.finished && s.finished); round++) {
            step(c, s);
            step(s, c);
        }
        if (!(c.finished && s.finished)) {
            throw new AssertionError("handshake stalled: client " + c.engine.handshakeState() + ", server " + s.engine.handshakeState());
        }
    }

    /** Wraps what one side has to send and unwraps what it received. */
    static void step(Side me, Side peer) throws SslException {
        ByteBuffer out = ByteBuffer.allocate(me.engine.packetBufferSize());
        for (int i = 0; i < 16; i++) {
            HandshakeState h = me.engine.handshakeState();
            if (h != HandshakeState.NEED_WRAP) {
                break;
            }
            out.clear();
            EngineResult r = me.engine.wrap(ByteBuffer.allocate(0), out);
            deliver(me, peer, out);
            note(me, r);
            if (r.status == Status.CLOSED) {
                break;
            }
        }
        unwrapAll(me);
    }

    static void unwrapAll(Side me) throws SslException {
        ByteBuffer app = ByteBuffer.allocate(me.engine.applicationBufferSize() + 1024);
        while (me.inbound.hasRemaining()) {
            app.clear();
            EngineResult r = me.engine.unwrap(me.inbound, app);
            note(me, r);
            me.plaintext.write(app.array(), 0, r.produced);
            if (r.status != Status.OK || (r.consumed == 0 && r.produced == 0)) {
                break;
            }
            if (me.engine.handshakeState() == HandshakeState.NEED_WRAP) {
                break;
            }
        }
    }

    private static void note(Side me, EngineResult r) {
        if (r.handshakeState == HandshakeState.FINISHED
                || (me.engine.session() != null && me.engine.handshakeState() == HandshakeState.NOT_HANDSHAKING)) {
            me.finished = true;
        }
    }

    static void deliver(Side from, Side to, ByteBuffer out) {
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        from.sent.write(b, 0, b.length);
        ByteBuffer n = ByteBuffer.allocate(to.inbound.remaining() + b.length);
        n.put(to.inbound).put(b).flip();
        to.inbound = n;
    }

    /** Sends application data from one side and unwraps it on the other. */
    static byte[] send(Side from, Side to, byte[] data) throws SslException {
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer out = ByteBuffer.allocate(from.engine.packetBufferSize());
        to.plaintext.reset();
        while (src.hasRemaining()) {
            out.clear();
            from.engine.wrap(src, out);
            deliver(from, to, out);
        }
        unwrapAll(to);
        // a post-handshake message (TLS 1.3 ticket) may need a second pass
        unwrapAll(to);
        return to.plaintext.toByteArray();
    }

    /** close_notify both ways. */
    static void close(Side c, Side s) throws SslException {
        c.engine.closeOutbound();
        ByteBuffer out = ByteBuffer.allocate(c.engine.packetBufferSize());
        c.engine.wrap(ByteBuffer.allocate(0), out);
        deliver(c, s, out);
        unwrapAll(s);
        s.engine.closeOutbound();
        out.clear();
        s.engine.wrap(ByteBuffer.allocate(0), out);
        deliver(s, c, out);
        unwrapAll(c);
    }

    /**
     * @param clientHello the first bytes a client sent (one handshake record)
     * @return the SNI host names in it (extension 0), empty if it has none
     */
    static List<String> sniNames(byte[] clientHello) {
        ByteBuffer b = ByteBuffer.wrap(clientHello);
        List<String> names = new ArrayList<>();
        if (b.get() != 22) {
            throw new AssertionError("not a handshake record");
        }
        b.position(5);
        if (b.get() != 1) {
            throw new AssertionError("not a ClientHello");
        }
        b.position(b.position() + 3 + 2 + 32); // length, version, random
        int sid = b.get() & 0xff;
        b.position(b.position() + sid); // session id
        int suites = b.getShort() & 0xffff;
        b.position(b.position() + suites); // cipher suites
        int comp = b.get() & 0xff;
        b.position(b.position() + comp); // compression
        int extLen = b.getShort() & 0xffff;
        int extEnd = b.position() + extLen;
        while (b.position() < extEnd) {
            int type = b.getShort() & 0xffff;
            int len = b.getShort() & 0xffff;
            int next = b.position() + len;
            if (type == 0) {
                int listLen = b.getShort() & 0xffff;
                int listEnd = b.position() + listLen;
                while (b.position() < listEnd) {
                    b.get(); // name type
                    byte[] n = new byte[b.getShort() & 0xffff];
                    b.get(n);
                    names.add(new String(n, java.nio.charset.StandardCharsets.US_ASCII));
                }
            }
            b.position(next);
        }
        return names;
    }
}
