package dev.sslkit.core.engine;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.TlsEngine;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A toy {@link TlsEngine} for the driver's unit tests: TLS-shaped records (type, version, 16-bit
 * length) without cryptography. Handshake: the client wraps a HELLO (type 22), the server unwraps it
 * and wraps its own, the client unwraps that: both finished. Application data is type 23, alerts 21
 * ({@code [1, 0]} close_notify, {@code [2, d]} fatal). A record of type 99 is a protocol error: the
 * engine throws and queues a fatal alert, as a real engine does.
 */
final class FakeEngine implements TlsEngine {
    static final int HANDSHAKE = 22, APP = 23, ALERT = 21, GARBAGE = 99;
    static final int MAX_PLAINTEXT = 16384;

    private final boolean client;
    private final EngineResult result = new EngineResult();
    private HandshakeState hs;
    private boolean closeQueued;
    private int fatalQueued = -1;
    private boolean outboundDone;
    private boolean inboundDone;
    int begun;
    boolean freed;

    FakeEngine(boolean client) {
        this.client = client;
    }

    @Override
    public void beginHandshake() {
        begun++;
        hs = client ? HandshakeState.NEED_WRAP : HandshakeState.NEED_UNWRAP;
    }

    @Override
    public EngineResult wrap(ByteBuffer src, ByteBuffer dst) {
        if (fatalQueued >= 0 || closeQueued) {
            if (dst.remaining() < 7) {
                return result.set(Status.BUFFER_OVERFLOW, hs, 0, 0);
            }
            put(dst, ALERT, new byte[] {(byte) (fatalQueued >= 0 ? 2 : 1), (byte) Math.max(fatalQueued, 0)});
            fatalQueued = -1;
            closeQueued = false;
            outboundDone = true;
            return result.set(Status.CLOSED, hs, 0, 7);
        }
        if (outboundDone) {
            return result.set(Status.CLOSED, hs, 0, 0);
        }
        if (hs == HandshakeState.NEED_WRAP) {
            if (dst.remaining() < 10) {
                return result.set(Status.BUFFER_OVERFLOW, hs, 0, 0);
            }
            put(dst, HANDSHAKE, "HELLO".getBytes());
            if (client) {
                hs = HandshakeState.NEED_UNWRAP;
                return result.set(Status.OK, hs, 0, 10);
            }
            hs = HandshakeState.NOT_HANDSHAKING;
            return result.set(Status.OK, HandshakeState.FINISHED, 0, 10);
        }
        int n = Math.min(src.remaining(), MAX_PLAINTEXT);
        if (dst.remaining() < n + 5) {
            return result.set(Status.BUFFER_OVERFLOW, hs, 0, 0);
        }
        byte[] b = new byte[n];
        src.get(b);
        put(dst, APP, b);
        return result.set(Status.OK, hs, n, n + 5);
    }

    @Override
    public EngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SslException {
        if (inboundDone) {
            return result.set(Status.CLOSED, hs, 0, 0);
        }
        if (src.remaining() < 5) {
            return result.set(Status.BUFFER_UNDERFLOW, hs, 0, 0);
        }
        int p = src.position();
        int type = src.get(p) & 0xff;
        int len = ((src.get(p + 3) & 0xff) << 8) | (src.get(p + 4) & 0xff);
        if (src.remaining() < 5 + len) {
            return result.set(Status.BUFFER_UNDERFLOW, hs, 0, 0);
        }
        switch (type) {
            case HANDSHAKE:
                src.position(p + 5 + len);
                if (client) {
                    hs = HandshakeState.NOT_HANDSHAKING;
                    return result.set(Status.OK, HandshakeState.FINISHED, 5 + len, 0);
                }
                hs = HandshakeState.NEED_WRAP;
                return result.set(Status.OK, hs, 5 + len, 0);
            case APP:
                if (dst.remaining() < len) {
                    return result.set(Status.BUFFER_OVERFLOW, hs, 0, 0);
                }
                src.position(p + 5);
                for (int i = 0; i < len; i++) {
                    dst.put(src.get());
                }
                return result.set(Status.OK, hs, 5 + len, len);
            case ALERT:
                src.position(p + 5 + len);
                inboundDone = true;
                return result.set(Status.CLOSED, hs, 5 + len, 0);
            default:
                src.position(p + 5 + len);
                fatalQueued = 10; // unexpected_message
                throw new SslException(SslReason.alert(10, false), "fake engine: record type " + type);
        }
    }

    private static void put(ByteBuffer dst, int type, byte[] payload) {
        dst.put((byte) type).put((byte) 3).put((byte) 3).putShort((short) payload.length).put(payload);
    }

    @Override
    public HandshakeState handshakeState() {
        return hs;
    }

    @Override
    public Runnable delegatedTask() {
        return null;
    }

    @Override
    public void closeOutbound() {
        if (!outboundDone) {
            closeQueued = true;
        }
    }

    @Override
    public boolean isOutboundDone() {
        return outboundDone;
    }

    @Override
    public boolean isInboundDone() {
        return inboundDone;
    }

    @Override
    public int packetBufferSize() {
        return MAX_PLAINTEXT + 5;
    }

    @Override
    public int applicationBufferSize() {
        return MAX_PLAINTEXT;
    }

    @Override
    public EngineSession session() {
        return new EngineSession() {
            @Override public byte[] id() { return new byte[] {1}; }
            @Override public ProtocolVersion protocol() { return ProtocolVersion.TLS1_2; }
            @Override public String cipherSuite() { return "TLS_FAKE"; }
            @Override public List<X509Certificate> peerCertificates() { return List.of(); }
            @Override public long creationTimeMillis() { return 0; }
            @Override public boolean isResumable() { return true; }
            @Override public void invalidate() { }
        };
    }

    @Override
    public Boolean sessionReused() {
        return Boolean.FALSE;
    }

    @Override
    public String alpnSelected() {
        return null;
    }

    @Override
    public void free() {
        freed = true;
    }
}
