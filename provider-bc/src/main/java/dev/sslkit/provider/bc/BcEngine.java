package dev.sslkit.provider.bc;

import dev.sslkit.MsgCallback;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.TlsEngine;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsUtils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One connection's engine ({@code SSL}'s record and handshake layer) over bctls's non-blocking
 * {@link TlsClientProtocol} / {@link TlsServerProtocol}: {@link #unwrap} offers exactly one whole
 * record to {@code offerInput} (bctls's fast path) and moves the plaintext out with
 * {@code readInput}; {@link #wrap} writes at most one record of application data and moves
 * {@code readOutput} bytes into the caller's buffer. One {@link EngineResult} is reused; array-backed
 * buffers are passed to bctls without copying, others go through one reused scratch array.
 *
 * <p>bctls closes the whole connection when it sends or receives close_notify: its answer to the
 * peer's close_notify is held back until {@link #closeOutbound()} (so the application can still
 * call {@code shutdown()} to send it, as with OpenSSL), and after this side's own close_notify bctls
 * accepts no more input, so the next record from the peer is taken as its close_notify.
 */
final class BcEngine implements TlsEngine {
    /** TLS 1.2 ciphertext limit (2^14 + 2048) plus the header. */
    private static final int MAX_RECORD = 5 + 16384 + 2048;
    /**
     * The most a record bctls writes adds to its plaintext: header 5 + explicit IV 16 + MAC 48 +
     * padding 256 (TLS 1.2 CBC; AEAD adds at most 29, TLS 1.3 at most 22).
     */
    private static final int OVERHEAD = 325;
    /** The largest record bctls writes (what {@link #packetBufferSize()} promises), as JSSE's 16709. */
    private static final int MAX_OUT = 16384 + OVERHEAD;

    final BcContext ctx;
    final EngineSpec spec;
    final boolean client;
    private final EngineResult result = new EngineResult();
    private final boolean msgCallback;
    private TlsProtocol protocol;
    private BcClient bcClient;
    private BcServer bcServer;
    private byte[] scratch;

    private boolean handshakeComplete;
    private boolean finishedReported;
    private boolean outboundClosed;
    private boolean inboundDone;
    private boolean failed;
    private boolean sentCcs;
    private boolean receivedCcs;
    private BcSession session;
    private Boolean reused;
    private String alpn;

    BcEngine(BcContext ctx, EngineSpec spec) {
        this.ctx = ctx;
        this.spec = spec;
        this.client = spec.clientMode();
        this.msgCallback = spec.get(Setting.MSG_CALLBACK) != null;
    }

    @Override
    public void beginHandshake() throws SslException {
        if (protocol != null) {
            throw new SslException(SslReason.NO_RENEGOTIATION, "provider bc cannot renegotiate (bctls refuses it)");
        }
        try {
            if (client) {
                bcClient = new BcClient(this);
                TlsClientProtocol p = new TlsClientProtocol();
                protocol = p;
                p.connect(bcClient);
            } else {
                bcServer = new BcServer(this);
                TlsServerProtocol p = new TlsServerProtocol();
                protocol = p;
                p.accept(bcServer);
            }
        } catch (SslException e) {
            failed = true;
            throw e;
        } catch (IOException | RuntimeException e) {
            failed = true;
            if (e.getCause() instanceof SslException) {
                throw (SslException) e.getCause();
            }
            throw Errors.map(e, false, false);
        }
    }

    // ---- called by BcClient / BcServer -------------------------------------------------------------

    void alert(boolean sent, short level, short description) {
        if (description != AlertDescription.close_notify) {
            // close_notify is reported by core itself (shutdown / ZERO_RETURN)
            spec.events().alert(sent, level == org.bouncycastle.tls.AlertLevel.fatal, description);
        }
        if (msgCallback) {
            spec.events().message(sent, wireVersion(), MsgCallback.RT_ALERT, new byte[] {(byte) level, (byte) description});
        }
    }

    /** bctls's notifyHandshakeComplete: work out the session while the exporter is available. */
    void handshakeComplete(TlsContext context, boolean resumed, BcSession resumedSession) {
        SecurityParameters sp = context.getSecurityParametersConnection();
        handshakeComplete = true;
        reused = resumed;
        alpn = sp.getApplicationProtocol() == null ? null : sp.getApplicationProtocol().getUtf8Decoding();
        ProtocolVersion v = ProtocolVersion.ofWire(sp.getNegotiatedVersion().getFullVersion());
        long now = System.currentTimeMillis();
        if (TlsUtils.isTLSv13(sp.getNegotiatedVersion())) {
            List<X509Certificate> peer = resumedSession != null ? resumedSession.peerCertificates() : Certs.toX509(sp.getPeerCertificate());
            int prf = sp.getPRFAlgorithm();
            int hashLen = prf == PRFAlgorithm.tls13_hkdf_sha384 ? 48 : 32;
            byte[][] derived = derive13Resumption(context, hashLen);
            session = new BcSession(client ? null : ctx, null, derived[0], v, sp.getCipherSuite(), peer, now, derived[1], prf);
            if (!client) {
                ctx.remember(session);
            }
        } else if (resumed && resumedSession != null) {
            session = resumedSession;
        } else {
            BcSession s = new BcSession(client ? null : ctx, context.getSession(), sp.getSessionID().clone(), v,
                    sp.getCipherSuite(), Certs.toX509(sp.getPeerCertificate()), now, null, -1);
            session = s;
            if (!client) {
                ctx.remember(s);
            }
        }
    }

    /**
     * The TLS 1.3 resumption secret sslkit uses with bctls's external-PSK hooks (bctls 1.84 has no
     * NewSessionTicket support): identity and key from the RFC 8446 section 7.5 exporter of the
     * finished handshake, so both sides hold them without an extra message. Valid only inside
     * {@code notifyHandshakeComplete}.
     *
     * @return {identity (16 bytes), key (hash length)}
     */
    static byte[][] derive13Resumption(TlsContext context, int hashLen) {
        byte[] id = context.exportKeyingMaterial("EXPORTER-sslkit-bc-resumption-identity", null, 16);
        byte[] key = context.exportKeyingMaterial("EXPORTER-sslkit-bc-resumption-psk", null, hashLen);
        return new byte[][] {id, key};
    }

    private int wireVersion() {
        try {
            if (protocol != null) {
                TlsContext c = client ? bcClient.context() : bcServer.context();
                if (c != null && c.getServerVersion() != null) {
                    return c.getServerVersion().getFullVersion();
                }
            }
        } catch (RuntimeException ignored) {
            // not negotiated yet
        }
        return 0x0303;
    }

    // ---- wrap / unwrap ---------------------------------------------------------------------------

    /** Output bctls queued that may go out now (its automatic close_notify answer waits for closeOutbound). */
    private int sendable() {
        if (protocol == null) {
            return 0;
        }
        if (inboundDone && !outboundClosed && !failed) {
            return 0;
        }
        return protocol.getAvailableOutputBytes();
    }

    @Override
    public EngineResult wrap(ByteBuffer src, ByteBuffer dst) throws SslException {
        if (protocol == null) {
            throw new IllegalStateException("wrap before beginHandshake");
        }
        int consumed = 0;
        int avail = sendable();
        if (avail == 0 && handshakeComplete && !failed && !outboundClosed && !protocol.isClosed() && src.hasRemaining()) {
            // SSLEngine's contract: a record is produced whole or not at all, so write only as much
            // plaintext as leaves room for the record's overhead in dst
            int room = dst.remaining() - OVERHEAD;
            if (room <= 0) {
                return result.set(Status.BUFFER_OVERFLOW, handshakeState(), 0, 0);
            }
            int n = Math.min(Math.min(src.remaining(), protocol.getApplicationDataLimit()), room);
            try {
                if (src.hasArray()) {
                    protocol.writeApplicationData(src.array(), src.arrayOffset() + src.position(), n);
                } else {
                    byte[] s = scratch(n);
                    src.get(src.position(), s, 0, n);
                    protocol.writeApplicationData(s, 0, n);
                }
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw Errors.map(e, false, false);
            }
            src.position(src.position() + n);
            consumed = n;
            avail = sendable();
        }
        int produced = 0;
        if (avail > 0) {
            if (!dst.hasRemaining()) {
                return result.set(Status.BUFFER_OVERFLOW, handshakeState(), consumed, 0);
            }
            int start = dst.position();
            produced = protocol.readOutput(dst, Math.min(avail, dst.remaining()));
            if (msgCallback) {
                reportRecords(true, dst, start, produced);
            }
        }
        boolean closed = (outboundClosed || failed || protocol.isClosed()) && sendable() == 0;
        Status st = closed && consumed == 0 && produced == 0 ? Status.CLOSED : Status.OK;
        return result.set(st, stateAfterOp(), consumed, produced);
    }

    @Override
    public EngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SslException {
        if (protocol == null) {
            throw new IllegalStateException("unwrap before beginHandshake");
        }
        int buffered = protocol.getAvailableInputBytes();
        if (buffered > 0) {
            if (!dst.hasRemaining()) {
                return result.set(Status.BUFFER_OVERFLOW, handshakeState(), 0, 0);
            }
            int n = protocol.readInput(dst, Math.min(buffered, dst.remaining()));
            return result.set(Status.OK, stateAfterOp(), 0, n);
        }
        if (inboundDone || failed) {
            return result.set(Status.CLOSED, handshakeState(), 0, 0);
        }
        if (src.remaining() < 5) {
            return result.set(Status.BUFFER_UNDERFLOW, handshakeState(), 0, 0);
        }
        int p = src.position();
        int type = src.get(p) & 0xFF;
        int major = src.get(p + 1) & 0xFF;
        int len = ((src.get(p + 3) & 0xFF) << 8) | (src.get(p + 4) & 0xFF);
        boolean badHeader = type < 20 || type > 24 || major != 3;
        boolean tooLong = 5 + len > MAX_RECORD;
        if (!badHeader && !tooLong) {
            if (src.remaining() < 5 + len) {
                return result.set(Status.BUFFER_UNDERFLOW, handshakeState(), 0, 0);
            }
            if (handshakeComplete && type == ContentType.application_data && dst.remaining() < Math.min(len, 16384)) {
                return result.set(Status.BUFFER_OVERFLOW, handshakeState(), 0, 0);
            }
        }
        int rec = badHeader || tooLong ? 5 : 5 + len;
        if (outboundClosed) {
            // bctls accepts nothing after this side's close_notify: take the peer's next record as its answer
            src.position(p + rec);
            inboundDone = true;
            return result.set(Status.CLOSED, handshakeState(), rec, 0);
        }
        if (msgCallback) {
            reportRecords(false, src, p, rec);
        }
        try {
            if (src.hasArray()) {
                protocol.offerInput(src.array(), src.arrayOffset() + p, rec);
            } else {
                byte[] s = scratch(rec);
                src.get(p, s, 0, rec);
                protocol.offerInput(s, 0, rec);
            }
        } catch (IOException | RuntimeException e) {
            src.position(p + rec);
            failed = true;
            Throwable c = e.getCause();
            if (c instanceof SslException) {
                throw (SslException) c;
            }
            throw Errors.map(e, badHeader, tooLong);
        }
        src.position(p + rec);
        if (badHeader || tooLong) {
            failed = true;
            throw new SslException(badHeader ? SslReason.WRONG_VERSION_NUMBER : SslReason.PACKET_LENGTH_TOO_LONG,
                    badHeader ? "the peer's bytes are not a TLS record" : "a record of " + len + " bytes is longer than TLS allows");
        }
        if (protocol.isClosed()) {
            inboundDone = true; // the peer's close_notify (bctls queued its answer, held until closeOutbound)
        }
        int produced = 0;
        int avail = protocol.getAvailableInputBytes();
        if (avail > 0 && dst.hasRemaining()) {
            produced = protocol.readInput(dst, Math.min(avail, dst.remaining()));
        }
        Status st = inboundDone && produced == 0 ? Status.CLOSED : Status.OK;
        return result.set(st, stateAfterOp(), rec, produced);
    }

    private byte[] scratch(int n) {
        byte[] s = scratch;
        if (s == null || s.length < n) {
            s = new byte[Math.max(n, MAX_RECORD)];
            scratch = s;
        }
        return s;
    }

    /** Reports record headers, and plaintext handshake/CCS records, to the msg callback. */
    private void reportRecords(boolean sent, ByteBuffer buf, int start, int len) {
        int i = start;
        int end = start + len;
        while (end - i >= 5) {
            int type = buf.get(i) & 0xFF;
            int version = ((buf.get(i + 1) & 0xFF) << 8) | (buf.get(i + 2) & 0xFF);
            int rlen = ((buf.get(i + 3) & 0xFF) << 8) | (buf.get(i + 4) & 0xFF);
            byte[] header = new byte[5];
            buf.get(i, header, 0, 5);
            spec.events().message(sent, version, MsgCallback.RT_HEADER, header);
            if (end - i < 5 + rlen) {
                break;
            }
            boolean ccsSeen = sent ? sentCcs : receivedCcs;
            if (type == ContentType.change_cipher_spec) {
                byte[] b = new byte[rlen];
                buf.get(i + 5, b, 0, rlen);
                spec.events().message(sent, version, MsgCallback.RT_CHANGE_CIPHER_SPEC, b);
                if (sent) {
                    sentCcs = true;
                } else {
                    receivedCcs = true;
                }
            } else if (type == ContentType.handshake && !ccsSeen) {
                int j = i + 5;
                int rend = i + 5 + rlen;
                while (rend - j >= 4) {
                    int mlen = ((buf.get(j + 1) & 0xFF) << 16) | ((buf.get(j + 2) & 0xFF) << 8) | (buf.get(j + 3) & 0xFF);
                    int take = Math.min(4 + mlen, rend - j);
                    byte[] m = new byte[take];
                    buf.get(j, m, 0, take);
                    spec.events().message(sent, version, MsgCallback.RT_HANDSHAKE, m);
                    j += take;
                }
            }
            i += 5 + rlen;
        }
    }

    /** The state after an operation, reporting FINISHED once: handshake done and its last bytes taken. */
    private HandshakeState stateAfterOp() {
        if (handshakeComplete && !finishedReported && !failed && sendable() == 0) {
            finishedReported = true;
            return HandshakeState.FINISHED;
        }
        return handshakeState();
    }

    @Override
    public HandshakeState handshakeState() {
        if (protocol == null) {
            return HandshakeState.NOT_HANDSHAKING;
        }
        if (failed) {
            return sendable() > 0 ? HandshakeState.NEED_WRAP : HandshakeState.NOT_HANDSHAKING;
        }
        if (sendable() > 0) {
            return HandshakeState.NEED_WRAP;
        }
        if (!handshakeComplete) {
            return HandshakeState.NEED_UNWRAP;
        }
        return HandshakeState.NOT_HANDSHAKING;
    }

    @Override
    public Runnable delegatedTask() {
        return null;
    }

    @Override
    public void closeOutbound() {
        if (outboundClosed) {
            return;
        }
        outboundClosed = true;
        if (protocol != null && !protocol.isClosed()) {
            try {
                protocol.close();
            } catch (IOException e) {
                failed = true;
            }
        }
    }

    @Override
    public boolean isOutboundDone() {
        return (outboundClosed || failed || protocol == null) && (protocol == null || protocol.getAvailableOutputBytes() == 0);
    }

    @Override
    public boolean isInboundDone() {
        return inboundDone;
    }

    @Override
    public int packetBufferSize() {
        return MAX_OUT;
    }

    @Override
    public int applicationBufferSize() {
        return 16384;
    }

    @Override
    public EngineSession session() {
        return session;
    }

    @Override
    public Boolean sessionReused() {
        return handshakeComplete ? reused : null;
    }

    @Override
    public String alpnSelected() {
        return alpn;
    }

    @Override
    public void free() {
        protocol = null;
        bcClient = null;
        bcServer = null;
        scratch = null;
    }

    // ---- for tests in this package ------------------------------------------------------------------

    BcClient bcClient() {
        return bcClient;
    }

    BcServer bcServer() {
        return bcServer;
    }
}
