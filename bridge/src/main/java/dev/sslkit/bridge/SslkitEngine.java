package dev.sslkit.bridge;

import dev.sslkit.Bio;
import dev.sslkit.CertifiedKey;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslSession;
import dev.sslkit.Sslkit;
import dev.sslkit.VerifyCallback;
import dev.sslkit.VerifyMode;
import dev.sslkit.VerifyParams;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLProtocolException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code SSLEngine} over one sslkit {@link Ssl} ({@code SSL_new}) with two memory BIOs
 * ({@code BIO_s_mem}): {@code unwrap} writes one whole TLS record into the read BIO and runs
 * {@code SSL_do_handshake} / {@code SSL_read}; {@code wrap} runs {@code SSL_do_handshake} /
 * {@code SSL_write} and drains the write BIO into the caller's buffer.
 *
 * <p>States: <i>new</i> (no {@code Ssl} yet: settings are only recorded), <i>handshaking</i> (from
 * {@link #beginHandshake()} or the first wrap/unwrap, the {@code Ssl} made with the settings of that
 * moment), <i>established</i>, <i>closing</i> ({@code closeOutbound}: close_notify queued), <i>closed</i>
 * (both directions done: the {@code Ssl} is freed). An engine dropped without closing is freed by a
 * {@link Cleaner} (the JDK API has no free); a Conscrypt engine's native {@code SSL} goes with it.
 *
 * <p>Thread safety: every public method takes the engine's lock, so {@code wrap} and {@code unwrap} may
 * be called from different threads (as SunJSSE allows); they run one at a time, as an {@code Ssl} needs.
 */
final class SslkitEngine extends SSLEngine {
    private static final System.Logger LOG = System.getLogger("dev.sslkit.bridge");
    private static final int MAX_PLAINTEXT = 16384;
    private static final int MAX_RECORD_BODY = 16384 + 2048;
    private static final int MAX_WRITE_CHUNK = 16000;
    private static final int WRAP_OVERHEAD = BridgeSession.PACKET_BUFFER_SIZE - MAX_PLAINTEXT;
    private static final int HOSTNAME_MISMATCH = 62;

    private final BridgeContext bridge;

    // ---- settings (recorded until the Ssl is made) --------------------------------------------------
    private boolean clientMode;
    private String[] protocols;
    private String[] suites;
    private String[] alpn = new String[0];
    private BiFunction<SSLEngine, List<String>, String> selector;
    private boolean needClientAuth;
    private boolean wantClientAuth;
    private boolean clientAuthSet;
    private String endpointId;
    private List<SNIServerName> serverNames;
    private Collection<SNIMatcher> sniMatchers;
    private boolean cipherOrder;

    // ---- the connection -------------------------------------------------------------------------------
    private Resources res;
    private Cleaner.Cleanable cleanable;
    private Ssl ssl;
    private Bio rbio;
    private Bio wbio;
    private ClientHello hello;
    private boolean helloDone;
    private boolean established;
    private boolean finishedReported;
    private boolean failed;
    private boolean outboundClosed;
    private boolean inboundDone;
    private boolean receivedCloseNotify;
    private String sessionKey;
    private SslSession lastStored;
    private BridgeSession session;
    private String handshakeAlpn;
    private List<SNIServerName> requestedNames = List.of();
    private CertificateException trustFailure;
    private ByteBuffer staging;
    private ByteBuffer scratch;

    SslkitEngine(BridgeContext bridge, String host, int port) {
        super(host, port);
        this.bridge = bridge;
        if (host != null && port > 0) {
            sessionKey = host + ":" + port;
        }
    }

    /** What the cleaner frees: never refers to the engine. */
    private static final class Resources implements Runnable {
        private Ssl ssl;

        Resources(Ssl ssl) {
            this.ssl = ssl;
        }

        @Override
        public synchronized void run() {
            Ssl s = ssl;
            ssl = null;
            if (s != null) {
                s.free();
            }
        }
    }

    // ---- lifecycle --------------------------------------------------------------------------------------

    private void start() throws SSLException {
        if (ssl != null || res != null) {
            return;
        }
        SslContext ctx = bridge.context(clientMode);
        Ssl s;
        try {
            s = ctx.newSsl();
        } catch (SslException | IllegalStateException e) {
            failed = true;
            throw new SSLException("sslkit: cannot make a connection on backend '" + bridge.providerId + "': " + e.getMessage(), e);
        }
        res = new Resources(s);
        cleanable = BridgeContext.CLEANER.register(this, res);
        ssl = s;
        try {
            if (clientMode) {
                s.setConnectState();
            } else {
                s.setAcceptState();
                hello = new ClientHello();
            }
            Bio r = Bio.newMemory();
            Bio w = Bio.newMemory();
            s.setBio(r, w);
            rbio = r;
            wbio = w;
            applyProtocolsAndSuites(s);
            if (clientMode) {
                applyClient(s);
            } else {
                applyServer(s);
            }
        } catch (SslException | RuntimeException e) {
            failed = true;
            release();
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new SSLException("sslkit: cannot configure the connection on backend '" + bridge.providerId + "': "
                    + e.getMessage(), e);
        }
    }

    private void applyProtocolsAndSuites(Ssl s) throws SslException {
        ProtocolVersion min = null;
        ProtocolVersion max = null;
        if (protocols != null) {
            Set<ProtocolVersion> set = EnumSet.noneOf(ProtocolVersion.class);
            for (String p : protocols) {
                set.add(ProtocolVersion.ofName(p));
            }
            if (set.isEmpty()) {
                throw new IllegalArgumentException("sslkit: no protocol enabled");
            }
            min = set.stream().min(Enum::compareTo).get();
            max = set.stream().max(Enum::compareTo).get();
            for (ProtocolVersion v : ProtocolVersion.values()) {
                if (v.compareTo(min) > 0 && v.compareTo(max) < 0 && !set.contains(v)) {
                    throw new IllegalArgumentException("sslkit: enabled protocols must be a contiguous range "
                            + "(SSL_set_min_proto_version / SSL_set_max_proto_version): " + Arrays.toString(protocols));
                }
            }
        } else if (clientMode && bridge.clientMax != null) {
            max = bridge.clientMax;
        }
        if (suites != null) {
            List<String> tls13 = new ArrayList<>();
            List<String> tls12 = new ArrayList<>();
            for (String c : suites) {
                (isTls13Suite(c) ? tls13 : tls12).add(c);
            }
            if (tls13.isEmpty()) {
                if (max == null || max.compareTo(ProtocolVersion.TLS1_2) > 0) {
                    max = ProtocolVersion.TLS1_2;
                }
            } else if (!new LinkedHashSet<>(tls13).equals(new LinkedHashSet<>(BridgeContext.TLS13_SUITES))) {
                s.set(Setting.CIPHERSUITES, String.join(":", tls13));
            }
            if (tls12.isEmpty()) {
                if (min == null || min.compareTo(ProtocolVersion.TLS1_3) < 0) {
                    min = ProtocolVersion.TLS1_3;
                }
            } else if (!new LinkedHashSet<>(tls12).equals(new LinkedHashSet<>(BridgeContext.DEFAULT_SUITES.subList(3, BridgeContext.DEFAULT_SUITES.size())))) {
                s.set(Setting.CIPHER_LIST, String.join(":", tls12));
            }
        }
        if (min != null) {
            s.set(Setting.MIN_PROTO_VERSION, min);
        }
        if (max != null) {
            s.set(Setting.MAX_PROTO_VERSION, max);
        }
    }

    private static boolean isTls13Suite(String name) {
        return name.startsWith("TLS_AES_") || name.startsWith("TLS_CHACHA20_POLY1305_SHA256")
                || name.startsWith("TLS_SM4_");
    }

    private boolean identification() {
        return endpointId != null && (endpointId.equalsIgnoreCase("HTTPS") || endpointId.equalsIgnoreCase("LDAPS"));
    }

    private void applyClient(Ssl s) throws SslException {
        String host = getPeerHost();
        String sni = null;
        if (serverNames != null) {
            for (SNIServerName n : serverNames) {
                if (n instanceof SNIHostName) {
                    sni = ((SNIHostName) n).getAsciiName();
                    break;
                }
            }
        } else if (host != null && !HostCheck.isIpLiteral(host) && host.indexOf('.') > 0 && !host.endsWith(".")) {
            sni = host; // SunJSSE's rule: a dotted host name, not an IP literal
        }
        if (sni != null) {
            s.setHostName(sni);
            requestedNames = List.of(new SNIHostName(sni));
        }
        boolean ident = identification();
        if (ident && host != null && bridge.customTrust == null) {
            VerifyParams vp = s.get(Setting.VERIFY_PARAM);
            s.set(Setting.VERIFY_PARAM, HostCheck.isIpLiteral(host) ? vp.withIp(host) : vp.withHost(host));
        }
        if (bridge.customTrust != null) {
            s.set(Setting.VERIFY_CALLBACK, trustCallback(new WeakReference<>(this)));
        } else if (!ident && sni != null && s.get(Setting.VERIFY_CALLBACK) == null) {
            // sslkit checks the SNI name by default; without endpoint identification SunJSSE checks no name
            s.set(Setting.VERIFY_CALLBACK, SslkitEngine::allowNameMismatch);
        }
        if (sessionKey != null) {
            SslSession cached = bridge.clientSession(sessionKey);
            if (cached != null) {
                try {
                    s.setSession(cached);
                } catch (SslException e) {
                    LOG.log(System.Logger.Level.DEBUG, "sslkit bridge: cached session not offered: {0}", e.getMessage());
                } finally {
                    cached.free();
                }
            }
        }
        if (alpn.length > 0) {
            s.set(Setting.ALPN, List.of(alpn));
        }
    }

    private void applyServer(Ssl s) throws SslException {
        if (needClientAuth) {
            s.set(Setting.VERIFY_MODE, EnumSet.of(VerifyMode.PEER, VerifyMode.FAIL_IF_NO_PEER_CERT));
        } else if (wantClientAuth) {
            s.set(Setting.VERIFY_MODE, EnumSet.of(VerifyMode.PEER));
        } else if (clientAuthSet) {
            s.set(Setting.VERIFY_MODE, EnumSet.noneOf(VerifyMode.class));
        }
        if (bridge.customTrust != null && (needClientAuth || wantClientAuth)) {
            s.set(Setting.VERIFY_CALLBACK, trustCallback(new WeakReference<>(this)));
        }
        if (selector == null && alpn.length > 0) {
            s.set(Setting.ALPN, List.of(alpn));
        }
    }

    /** The custom trust manager decides at depth 0; sslkit's own chain errors (no anchors) are not the verdict. */
    private static VerifyCallback trustCallback(WeakReference<SslkitEngine> ref) {
        return (ok, c) -> {
            if (c.errorDepth() != 0) {
                return true;
            }
            SslkitEngine e = ref.get();
            return e != null && e.trustedByManager(c.chain());
        };
    }

    private static boolean allowNameMismatch(boolean ok, dev.sslkit.VerifyContext c) {
        if (ok) {
            return true;
        }
        if (c.errorDepth() != 0 || c.error() != HOSTNAME_MISMATCH) {
            return false;
        }
        // the name check ran before the leaf's time and signature checks: repeat those here
        try {
            X509Certificate leaf = c.currentCertificate();
            leaf.checkValidity();
            if (c.chain().size() > 1) {
                leaf.verify(c.chain().get(1).getPublicKey());
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean trustedByManager(List<X509Certificate> chain) {
        X509TrustManager tm = bridge.customTrust;
        X509Certificate[] arr = chain.toArray(X509Certificate[]::new);
        try {
            if (clientMode) {
                if (tm instanceof X509ExtendedTrustManager) {
                    ((X509ExtendedTrustManager) tm).checkServerTrusted(arr, "UNKNOWN", this);
                } else {
                    tm.checkServerTrusted(arr, "UNKNOWN");
                    if (identification()) {
                        HostCheck.check(getPeerHost(), arr[0]);
                    }
                }
            } else {
                String auth = arr[0].getPublicKey().getAlgorithm();
                if (tm instanceof X509ExtendedTrustManager) {
                    ((X509ExtendedTrustManager) tm).checkClientTrusted(arr, auth, this);
                } else {
                    tm.checkClientTrusted(arr, auth);
                }
            }
            return true;
        } catch (CertificateException | RuntimeException e) {
            trustFailure = e instanceof CertificateException ? (CertificateException) e : new CertificateException(e);
            return false;
        }
    }

    private void release() {
        ssl = null;
        rbio = null;
        wbio = null;
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    private void maybeRelease() {
        if (ssl != null && isOutboundDoneLocked() && (inboundDone || failed)) {
            release();
        }
    }

    // ---- handshake ----------------------------------------------------------------------------------------

    @Override
    public synchronized void beginHandshake() throws SSLException {
        if (established) {
            throw new SSLException("sslkit: renegotiation and key update through beginHandshake() are not supported");
        }
        if (outboundClosed || inboundDone) {
            throw new SSLException("sslkit: the engine is closed");
        }
        start();
        if (clientMode && ssl != null && wbio.pending() == 0) {
            handshake();
        }
    }

    private void handshake() throws SSLException {
        int r;
        try {
            r = ssl.doHandshake();
        } catch (SslException | RuntimeException e) {
            throw fail(e);
        }
        if (r == 1) {
            onEstablished();
        }
    }

    private void onEstablished() {
        established = true;
        SslSession owned = ssl.get1Session();
        X509Certificate[] local = null;
        if (!clientMode) {
            List<CertifiedKey> keys = ssl.get(Setting.CERTIFICATES);
            if (keys != null && !keys.isEmpty()) {
                local = keys.get(0).chain().toArray(X509Certificate[]::new);
            }
        }
        ProtocolVersion v = ssl.version();
        session = new BridgeSession(bridge, !clientMode, owned, v == null ? "NONE" : v.protocolName(), ssl.cipherSuite(),
                ssl.peerCertificates(), local, getPeerHost(), getPeerPort(), requestedNames, ssl.sessionReused());
        String a = ssl.alpnSelected();
        session.alpn(a == null ? "" : a);
        storeClientSession();
    }

    /** A client keeps the newest resumable session per peer (TLS 1.3: one per NewSessionTicket). */
    private void storeClientSession() {
        if (!clientMode || sessionKey == null || ssl == null) {
            return;
        }
        SslSession cur = ssl.getSession();
        if (cur != null && cur != lastStored && cur.isResumable()) {
            lastStored = cur;
            SslSession ref = ssl.get1Session();
            if (ref != null) {
                bridge.storeClientSession(sessionKey, ref);
            }
        }
    }

    private void onClientHello() throws SSLException {
        String name = hello.serverName();
        if (name != null) {
            try {
                requestedNames = List.of(new SNIHostName(name));
            } catch (IllegalArgumentException e) {
                requestedNames = List.of();
            }
        }
        if (sniMatchers != null && !sniMatchers.isEmpty()) {
            for (SNIServerName n : requestedNames) {
                for (SNIMatcher m : sniMatchers) {
                    if (m.getType() == n.getType() && !m.matches(n)) {
                        failed = true;
                        throw new SSLHandshakeException("sslkit: unrecognized_name: the SNI matcher refused " + n);
                    }
                }
            }
        }
        if (selector != null && hello.alpn() != null && !hello.alpn().isEmpty()) {
            List<String> offered = hello.alpn();
            String chosen = selector.apply(this, offered);
            if (chosen == null || (!chosen.isEmpty() && !offered.contains(chosen))) {
                failed = true;
                throw new SSLHandshakeException("sslkit: no_application_protocol: the ALPN selector chose "
                        + (chosen == null ? "none" : chosen) + " of " + offered);
            }
            if (!chosen.isEmpty()) {
                handshakeAlpn = chosen;
                try {
                    ssl.set(Setting.ALPN, List.of(chosen));
                } catch (SslException e) {
                    throw fail(e);
                }
            }
        } else if (selector == null && alpn.length > 0 && hello.alpn() != null) {
            for (String p : alpn) {
                if (hello.alpn().contains(p)) {
                    handshakeAlpn = p;
                    break;
                }
            }
        }
    }

    private SSLException fail(Exception e) {
        failed = true;
        String msg = "sslkit (" + bridge.providerId + "): " + e.getMessage();
        SSLException x = established ? new SSLException(msg, e) : new SSLHandshakeException(msg);
        if (!established) {
            x.initCause(trustFailure != null ? trustFailure : e);
            if (trustFailure != null) {
                x.addSuppressed(e);
            }
        }
        return x;
    }

    // ---- wrap ---------------------------------------------------------------------------------------------

    @Override
    public synchronized SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        Objects.requireNonNull(srcs, "srcs must not be null");
        Objects.requireNonNull(dst, "dst must not be null");
        Objects.checkFromIndexSize(offset, length, srcs.length);
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (ssl == null) {
            if (res != null || outboundClosed || failed) {
                return new SSLEngineResult(Status.CLOSED, status(), 0, 0);
            }
            start();
        }
        if (wbio.pending() > 0) {
            return drain(dst, 0);
        }
        if (failed || outboundClosed) {
            maybeRelease();
            return new SSLEngineResult(Status.CLOSED, status(), 0, 0);
        }
        if (!established) {
            if (clientMode || helloDone) {
                handshake();
                if (wbio.pending() > 0) {
                    return drain(dst, 0);
                }
            }
            return new SSLEngineResult(Status.OK, statusAfter(), 0, 0);
        }
        int total = 0;
        int first = -1;
        for (int i = offset; i < offset + length; i++) {
            int r = srcs[i].remaining();
            if (r > 0 && first < 0) {
                first = i;
            }
            total += r;
        }
        if (total == 0) {
            return new SSLEngineResult(Status.OK, statusAfter(), 0, 0);
        }
        // below one full record: a 16384-byte SSL_write on the conscrypt backend over a memory BIO leaves the
        // record inside Conscrypt (nothing reaches the BIO; seen 2026-12-04, a core finding reported to the lead)
        int chunk = Math.min(total, MAX_WRITE_CHUNK);
        if (dst.remaining() < chunk + WRAP_OVERHEAD) {
            return new SSLEngineResult(Status.BUFFER_OVERFLOW, status(), 0, 0);
        }
        int written;
        try {
            ByteBuffer src = srcs[first];
            if (src.remaining() >= chunk) {
                int lim = src.limit();
                src.limit(src.position() + chunk);
                try {
                    written = ssl.write(src);
                } finally {
                    src.limit(lim);
                }
            } else {
                if (staging == null) {
                    staging = ByteBuffer.allocate(MAX_PLAINTEXT);
                }
                staging.clear();
                for (int i = first; i < offset + length && staging.hasRemaining(); i++) {
                    ByteBuffer b = srcs[i].duplicate();
                    if (b.remaining() > staging.remaining()) {
                        b.limit(b.position() + staging.remaining());
                    }
                    staging.put(b);
                }
                staging.flip();
                written = ssl.write(staging);
                int left = Math.max(written, 0);
                for (int i = first; i < offset + length && left > 0; i++) {
                    int n = Math.min(left, srcs[i].remaining());
                    srcs[i].position(srcs[i].position() + n);
                    left -= n;
                }
            }
        } catch (SslException | RuntimeException e) {
            throw fail(e);
        }
        if (written <= 0) {
            written = 0;
        }
        return drain(dst, written);
    }

    private SSLEngineResult drain(ByteBuffer dst, int consumed) throws SSLException {
        int pending = wbio.pending();
        if (consumed == 0 && dst.remaining() < Math.min(pending, BridgeSession.PACKET_BUFFER_SIZE)) {
            return new SSLEngineResult(Status.BUFFER_OVERFLOW, status(), 0, 0);
        }
        int produced;
        try {
            produced = Math.max(0, wbio.read(dst));
        } catch (IOException e) {
            throw fail(e);
        }
        boolean closed = (outboundClosed || failed) && wbio.pending() == 0;
        HandshakeStatus hs = statusAfter();
        if (closed) {
            maybeRelease();
        }
        return new SSLEngineResult(closed ? Status.CLOSED : Status.OK, hs, consumed, produced);
    }

    // ---- unwrap -------------------------------------------------------------------------------------------

    @Override
    public synchronized SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        Objects.requireNonNull(src, "src must not be null");
        Objects.requireNonNull(dsts, "dsts must not be null");
        Objects.checkFromIndexSize(offset, length, dsts.length);
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].isReadOnly()) {
                throw new ReadOnlyBufferException();
            }
        }
        if (inboundDone) {
            return new SSLEngineResult(Status.CLOSED, status(), 0, 0);
        }
        if (ssl == null) {
            if (res != null || failed) {
                return new SSLEngineResult(Status.CLOSED, status(), 0, 0);
            }
            start();
        }
        if (failed) {
            return new SSLEngineResult(Status.CLOSED, status(), 0, 0);
        }
        if (established && ssl.pending() > 0) {
            int n = read(dsts, offset, length);
            return new SSLEngineResult(inboundDone ? Status.CLOSED : Status.OK, statusAfter(), 0, n);
        }
        int p = src.position();
        if (src.remaining() < 5) {
            return new SSLEngineResult(Status.BUFFER_UNDERFLOW, status(), 0, 0);
        }
        int type = src.get(p) & 0xff;
        int len = ((src.get(p + 3) & 0xff) << 8) | (src.get(p + 4) & 0xff);
        if (type < 20 || type > 24 || len > MAX_RECORD_BODY) {
            SSLException x = new SSLProtocolException("sslkit: not a TLS record (content type " + type + ", length " + len + ")");
            failed = true;
            throw x;
        }
        if (src.remaining() < 5 + len) {
            return new SSLEngineResult(Status.BUFFER_UNDERFLOW, status(), 0, 0);
        }
        if (established && type == 23 && capacity(dsts, offset, length) < Math.min(len, MAX_PLAINTEXT)) {
            return new SSLEngineResult(Status.BUFFER_OVERFLOW, status(), 0, 0);
        }
        ByteBuffer rec = src.duplicate();
        rec.limit(p + 5 + len);
        boolean run = true;
        if (!clientMode && !helloDone) {
            helloDone = hello.offer(rec);
            run = helloDone;
        }
        try {
            int n = rbio.write(rec);
            if (n != 5 + len) {
                throw new IOException("memory BIO took " + n + " of " + (5 + len) + " bytes");
            }
        } catch (IOException e) {
            throw fail(e);
        }
        src.position(p + 5 + len);
        int consumed = 5 + len;
        if (!established) {
            if (run) {
                if (!clientMode && hello != null) {
                    onClientHello();
                    hello = null;
                }
                handshake();
            }
            return new SSLEngineResult(Status.OK, statusAfter(), consumed, 0);
        }
        int produced = read(dsts, offset, length);
        return new SSLEngineResult(inboundDone ? Status.CLOSED : Status.OK, statusAfter(), consumed, produced);
    }

    private static long capacity(ByteBuffer[] dsts, int offset, int length) {
        long c = 0;
        for (int i = offset; i < offset + length; i++) {
            c += dsts[i].remaining();
        }
        return c;
    }

    private int read(ByteBuffer[] dsts, int offset, int length) throws SSLException {
        int produced = 0;
        try {
            boolean any = false;
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer d = dsts[i];
                while (d.hasRemaining()) {
                    any = true;
                    int r = ssl.read(d);
                    if (r > 0) {
                        produced += r;
                        continue;
                    }
                    if (r == Ssl.ZERO_RETURN) {
                        onCloseNotify();
                    }
                    storeClientSession();
                    return produced;
                }
            }
            if (!any) {
                // no room for data: still let sslkit process a non-data record (alert, post-handshake message)
                if (scratch == null) {
                    scratch = ByteBuffer.allocate(MAX_PLAINTEXT);
                }
                scratch.clear();
                int r = ssl.read(scratch);
                if (r == Ssl.ZERO_RETURN) {
                    onCloseNotify();
                } else if (r > 0) {
                    throw new SSLException("sslkit: application data arrived with no room to put it");
                }
            }
        } catch (SslException | RuntimeException e) {
            throw fail(e);
        }
        storeClientSession();
        return produced;
    }

    private void onCloseNotify() {
        receivedCloseNotify = true;
        inboundDone = true;
        closeOutboundLocked(); // answer with our close_notify (duplex close, as OpenSSL applications do)
    }

    // ---- status ---------------------------------------------------------------------------------------------

    private HandshakeStatus status() {
        if (ssl == null) {
            return HandshakeStatus.NOT_HANDSHAKING;
        }
        if (wbio.pending() > 0) {
            return HandshakeStatus.NEED_WRAP;
        }
        if (!established && !failed && !outboundClosed && !inboundDone) {
            return HandshakeStatus.NEED_UNWRAP;
        }
        return HandshakeStatus.NOT_HANDSHAKING;
    }

    private HandshakeStatus statusAfter() {
        HandshakeStatus hs = status();
        if (hs == HandshakeStatus.NOT_HANDSHAKING && established && !finishedReported) {
            finishedReported = true;
            return HandshakeStatus.FINISHED;
        }
        return hs;
    }

    @Override
    public synchronized HandshakeStatus getHandshakeStatus() {
        HandshakeStatus hs = status();
        return hs;
    }

    @Override
    public Runnable getDelegatedTask() {
        return null; // sslkit runs the provider's tasks inside the handshake call
    }

    // ---- close ----------------------------------------------------------------------------------------------

    @Override
    public synchronized void closeInbound() throws SSLException {
        if (inboundDone) {
            return;
        }
        inboundDone = true;
        boolean truncated = ssl != null && !receivedCloseNotify && !failed;
        closeOutboundLocked();
        maybeRelease();
        if (truncated) {
            throw new SSLException("Inbound closed before receiving peer's close_notify: possible truncation attack? (sslkit)");
        }
    }

    @Override
    public synchronized boolean isInboundDone() {
        return inboundDone;
    }

    @Override
    public synchronized void closeOutbound() {
        closeOutboundLocked();
    }

    private void closeOutboundLocked() {
        if (outboundClosed) {
            return;
        }
        outboundClosed = true;
        if (ssl != null && established && !failed) {
            try {
                ssl.shutdown();
            } catch (SslException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "sslkit bridge: close_notify not sent: {0}", e.getMessage());
            }
        }
        maybeRelease();
    }

    @Override
    public synchronized boolean isOutboundDone() {
        return isOutboundDoneLocked();
    }

    private boolean isOutboundDoneLocked() {
        return (outboundClosed || failed) && (ssl == null || wbio.pending() == 0);
    }

    // ---- sessions ---------------------------------------------------------------------------------------------

    @Override
    public synchronized SSLSession getSession() {
        BridgeSession s = session;
        if (s == null) {
            return BridgeSession.none(bridge, !clientMode, getPeerHost(), getPeerPort());
        }
        s.accessed();
        return s;
    }

    @Override
    public synchronized SSLSession getHandshakeSession() {
        if (ssl == null || established || failed) {
            return null;
        }
        return new BridgeSession(bridge, !clientMode, null, "NONE", "SSL_NULL_WITH_NULL_NULL", null, null, getPeerHost(),
                getPeerPort(), requestedNames, false);
    }

    @Override
    public synchronized String getApplicationProtocol() {
        if (!established) {
            return null;
        }
        String a = ssl != null ? ssl.alpnSelected() : session.alpn();
        return a == null ? "" : a;
    }

    @Override
    public synchronized String getHandshakeApplicationProtocol() {
        return established || ssl == null ? null : handshakeAlpn;
    }

    @Override
    public synchronized void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        this.selector = selector;
    }

    @Override
    public synchronized BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return selector;
    }

    // ---- settings -------------------------------------------------------------------------------------------

    private void checkNotStarted(String what) {
        if (ssl != null || res != null) {
            throw new IllegalStateException("sslkit: " + what + " cannot change once the handshake has started");
        }
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return BridgeContext.DEFAULT_SUITES.toArray(String[]::new);
    }

    @Override
    public synchronized String[] getEnabledCipherSuites() {
        return suites != null ? suites.clone() : BridgeContext.DEFAULT_SUITES.toArray(String[]::new);
    }

    @Override
    public synchronized void setEnabledCipherSuites(String[] names) {
        if (names == null) {
            throw new IllegalArgumentException("cipher suites must not be null");
        }
        List<String> keep = new ArrayList<>();
        for (String n : names) {
            if (n == null) {
                throw new IllegalArgumentException("cipher suite name must not be null");
            }
            // SunJSSE accepts names it knows but does not enable; sslkit keeps only the suites it supports
            if (BridgeContext.DEFAULT_SUITES.contains(n)) {
                keep.add(n);
            }
        }
        if (keep.isEmpty() && names.length > 0) {
            throw new IllegalArgumentException("sslkit (" + bridge.providerId + "): none of the cipher suites is supported: "
                    + Arrays.toString(names) + "; supported: " + BridgeContext.DEFAULT_SUITES);
        }
        List<String> tls13 = keep.stream().filter(SslkitEngine::isTls13Suite).toList();
        if (!tls13.isEmpty() && !new LinkedHashSet<>(tls13).equals(new LinkedHashSet<>(BridgeContext.TLS13_SUITES))) {
            try {
                if (!Sslkit.capabilities(bridge.providerId).supports(Setting.CIPHERSUITES)) {
                    throw new IllegalArgumentException("sslkit: setting ciphersuites (SSL_set_ciphersuites: a subset of the TLS 1.3 "
                            + "suites " + tls13 + ") is not supported by provider " + bridge.providerId);
                }
            } catch (SslException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        checkNotStarted("enabled cipher suites");
        suites = keep.toArray(String[]::new);
    }

    @Override
    public String[] getSupportedProtocols() {
        return bridge.supportedProtocols.toArray(String[]::new);
    }

    @Override
    public synchronized String[] getEnabledProtocols() {
        return protocols != null ? protocols.clone() : bridge.defaultProtocols(clientMode);
    }

    @Override
    public synchronized void setEnabledProtocols(String[] names) {
        if (names == null) {
            throw new IllegalArgumentException("protocols must not be null");
        }
        for (String n : names) {
            if (!bridge.supportedProtocols.contains(n)) {
                throw new IllegalArgumentException("sslkit: protocol " + n + " is not supported by provider "
                        + bridge.providerId + " (supported: " + bridge.supportedProtocols + ")");
            }
        }
        checkNotStarted("enabled protocols");
        protocols = names.clone();
    }

    @Override
    public synchronized void setUseClientMode(boolean mode) {
        if (ssl != null || res != null) {
            if (mode != clientMode) {
                throw new IllegalArgumentException("sslkit: cannot change the mode once the handshake has started");
            }
            return;
        }
        clientMode = mode;
    }

    @Override
    public synchronized boolean getUseClientMode() {
        return clientMode;
    }

    @Override
    public synchronized void setNeedClientAuth(boolean need) {
        needClientAuth = need;
        wantClientAuth = false;
        clientAuthSet = true;
    }

    @Override
    public synchronized boolean getNeedClientAuth() {
        return needClientAuth;
    }

    @Override
    public synchronized void setWantClientAuth(boolean want) {
        wantClientAuth = want;
        needClientAuth = false;
        clientAuthSet = true;
    }

    @Override
    public synchronized boolean getWantClientAuth() {
        return wantClientAuth;
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        if (!flag) {
            throw new IllegalArgumentException("sslkit: enableSessionCreation=false (resume-only) is not supported by "
                    + "provider " + bridge.providerId);
        }
    }

    @Override
    public boolean getEnableSessionCreation() {
        return true;
    }

    @Override
    public synchronized SSLParameters getSSLParameters() {
        SSLParameters p = new SSLParameters(getEnabledCipherSuites(), getEnabledProtocols());
        if (needClientAuth) {
            p.setNeedClientAuth(true);
        } else if (wantClientAuth) {
            p.setWantClientAuth(true);
        }
        p.setEndpointIdentificationAlgorithm(endpointId);
        if (serverNames != null) {
            p.setServerNames(serverNames);
        }
        if (sniMatchers != null) {
            p.setSNIMatchers(sniMatchers);
        }
        p.setApplicationProtocols(alpn.clone());
        p.setUseCipherSuitesOrder(cipherOrder);
        return p;
    }

    @Override
    public synchronized void setSSLParameters(SSLParameters p) {
        if (p.getAlgorithmConstraints() != null) {
            throw new IllegalArgumentException("sslkit: SSLParameters.algorithmConstraints is not supported by provider "
                    + bridge.providerId + " (use sslkit's security level, SSL_set_security_level)");
        }
        if (p.getCipherSuites() != null) {
            setEnabledCipherSuites(p.getCipherSuites());
        }
        if (p.getProtocols() != null) {
            setEnabledProtocols(p.getProtocols());
        }
        if (p.getNeedClientAuth()) {
            setNeedClientAuth(true);
        } else if (p.getWantClientAuth()) {
            setWantClientAuth(true);
        } else {
            setNeedClientAuth(false);
        }
        endpointId = p.getEndpointIdentificationAlgorithm();
        if (p.getServerNames() != null) {
            serverNames = List.copyOf(p.getServerNames());
        }
        if (p.getSNIMatchers() != null) {
            sniMatchers = List.copyOf(p.getSNIMatchers());
        }
        String[] ap = p.getApplicationProtocols();
        for (String a : ap) {
            if (a == null || a.isEmpty() || a.length() > 255) {
                throw new IllegalArgumentException("sslkit: bad application protocol name: " + a);
            }
        }
        alpn = ap.clone();
        cipherOrder = p.getUseCipherSuitesOrder();
    }

    @Override
    public String toString() {
        return "SslkitEngine[" + (clientMode ? "client" : "server") + ", backend " + bridge.providerId
                + (ssl != null ? ", " + ssl : "") + "]";
    }
}
