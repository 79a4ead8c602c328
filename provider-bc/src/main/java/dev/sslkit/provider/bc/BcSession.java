package dev.sslkit.provider.bc;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;
import dev.sslkit.spi.EngineSession;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsSecret;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;

/**
 * One bctls session ({@code SSL_SESSION}). TLS 1.2: a bctls {@link TlsSession} (id + master
 * secret), resumed by session id. TLS 1.3: bctls 1.84 neither sends nor uses NewSessionTicket, so
 * sslkit resumes through bctls's external-PSK hooks instead: at the end of a full TLS 1.3 handshake
 * both sides derive a PSK identity and key from the RFC 8446 exporter of that connection (see
 * {@link BcEngine#derive13Resumption}); the client offers it on its next handshake, the server finds
 * it in its context's store, and the handshake runs as a psk_dhe_ke PSK handshake (fresh ECDHE,
 * no certificates). Only sslkit's bc provider understands these identities; any other server ignores
 * them and does a full handshake.
 */
final class BcSession implements EngineSession {
    private static final int MAGIC = 0x53424331; // "SBC1"

    private final BcContext owner;
    private volatile TlsSession tls;
    private final byte[] id;
    private final ProtocolVersion protocol;
    private final int suite;
    private final List<X509Certificate> peer;
    private final long created;
    private final byte[] psk;
    private final int prf;
    private volatile boolean invalid;

    BcSession(BcContext owner, TlsSession tls, byte[] id, ProtocolVersion protocol, int suite, List<X509Certificate> peer,
              long created, byte[] psk, int prf) {
        this.owner = owner;
        this.tls = tls;
        this.id = id;
        this.protocol = protocol;
        this.suite = suite;
        this.peer = List.copyOf(peer);
        this.created = created;
        this.psk = psk;
        this.prf = prf;
    }

    TlsSession tls() {
        return tls;
    }

    byte[] idRef() {
        return id;
    }

    byte[] psk() {
        return psk;
    }

    int prf() {
        return prf;
    }

    int suiteCode() {
        return suite;
    }

    @Override
    public byte[] id() {
        return id.clone();
    }

    @Override
    public ProtocolVersion protocol() {
        return protocol;
    }

    @Override
    public String cipherSuite() {
        return Names.suiteName(suite);
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        return peer;
    }

    @Override
    public long creationTimeMillis() {
        return created;
    }

    @Override
    public boolean isResumable() {
        if (invalid) {
            return false;
        }
        TlsSession t = tls;
        return t != null ? t.isResumable() && id.length > 0 : psk != null;
    }

    @Override
    public void invalidate() {
        invalid = true;
        TlsSession t = tls;
        if (t != null) {
            t.invalidate();
        }
        if (owner != null) {
            owner.forget(this);
        }
    }

    /** sslkit let go of it (not cached, no connection, no user reference): it is no longer live. */
    @Override
    public void release() {
        if (owner != null) {
            owner.forget(this);
        }
    }

    /**
     * Format: magic, kind (2 = TLS 1.2 master secret, 3 = TLS 1.3 derived PSK), wire version,
     * suite, creation time, id, secret, PRF (TLS 1.3) / EMS flag and server extensions (TLS 1.2),
     * peer chain (DER).
     */
    @Override
    public byte[] export() throws SslException {
        if (!isResumable()) {
            throw new SslException(SslReason.BAD_VALUE, "this bc session is not resumable and cannot be exported");
        }
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            DataOutputStream o = new DataOutputStream(bo);
            o.writeInt(MAGIC);
            TlsSession t = tls;
            o.writeByte(t != null ? 2 : 3);
            o.writeShort(protocol.wireVersion());
            o.writeInt(suite);
            o.writeLong(created);
            bytes(o, id);
            if (t != null) {
                SessionParameters sp = t.exportSessionParameters();
                bytes(o, copy(sp.getMasterSecret()));
                o.writeBoolean(sp.isExtendedMasterSecret());
                Hashtable<?, ?> ext = sp.readServerExtensions();
                o.writeInt(ext == null ? 0 : ext.size());
                if (ext != null) {
                    for (Enumeration<?> en = ext.keys(); en.hasMoreElements();) {
                        Integer k = (Integer) en.nextElement();
                        o.writeInt(k);
                        bytes(o, (byte[]) ext.get(k));
                    }
                }
            } else {
                bytes(o, psk);
                o.writeInt(prf);
            }
            o.writeInt(peer.size());
            for (X509Certificate c : peer) {
                bytes(o, c.getEncoded());
            }
            o.flush();
            return bo.toByteArray();
        } catch (IOException | java.security.cert.CertificateEncodingException e) {
            throw new SslException(SslReason.BAD_VALUE, "could not export the bc session: " + e, e);
        }
    }

    /** Copies a secret's bytes without destroying it ({@code extract()} would). */
    /**
     * A private copy of the bctls session for one resumption attempt by a server. bctls invalidates
     * the session it was given, and destroys its master secret, when that handshake fails; but
     * whether the cached session survives a refused resumption is core's decision, and OpenSSL keeps
     * it (an extended-master-secret mismatch, for one, leaves the server's session resumable).
     *
     * @param crypto the crypto to hold the copied master secret
     * @return a session with the same id and parameters and its own secret, or {@code null} if this
     *         one is no longer resumable
     */
    TlsSession forResumption(TlsCrypto crypto) {
        TlsSession t = tls;
        if (t == null || !t.isResumable()) {
            return null;
        }
        try {
            SessionParameters sp = t.exportSessionParameters();
            if (sp == null) {
                return null;
            }
            SessionParameters own = new SessionParameters.Builder()
                    .setCipherSuite(sp.getCipherSuite())
                    .setExtendedMasterSecret(sp.isExtendedMasterSecret())
                    .setMasterSecret(crypto.createSecret(copy(sp.getMasterSecret())))
                    .setNegotiatedVersion(sp.getNegotiatedVersion())
                    .setLocalCertificate(sp.getLocalCertificate())
                    .setPeerCertificate(sp.getPeerCertificate())
                    .setPSKIdentity(sp.getPSKIdentity())
                    .setSRPIdentity(sp.getSRPIdentity())
                    .setServerExtensions(sp.readServerExtensions())
                    .build();
            return TlsUtils.importSession(t.getSessionID(), own);
        } catch (IOException | RuntimeException e) {
            return null; // the secret was destroyed meanwhile: not resumable
        }
    }

    static byte[] copy(TlsSecret s) throws IOException {
        return s.encrypt((in, off, len) -> java.util.Arrays.copyOfRange(in, off, off + len));
    }

    static BcSession importFrom(byte[] b, TlsCrypto crypto) throws SslException {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            if (in.readInt() != MAGIC) {
                throw new SslException(SslReason.BAD_VALUE, "not a session exported by sslkit's bc provider");
            }
            int kind = in.readByte();
            ProtocolVersion v = ProtocolVersion.ofWire(in.readUnsignedShort());
            int suite = in.readInt();
            long created = in.readLong();
            byte[] id = bytes(in);
            byte[] secret = bytes(in);
            TlsSession tls = null;
            int prf = -1;
            boolean ems = false;
            Hashtable<Integer, byte[]> ext = null;
            if (kind == 2) {
                ems = in.readBoolean();
                int n = in.readInt();
                ext = new Hashtable<>();
                for (int i = 0; i < n; i++) {
                    int k = in.readInt();
                    ext.put(k, bytes(in));
                }
            } else if (kind == 3) {
                prf = in.readInt();
            } else {
                throw new SslException(SslReason.BAD_VALUE, "unknown bc session kind " + kind);
            }
            int n = in.readInt();
            List<X509Certificate> peer = new ArrayList<>(n);
            TlsCertificate[] chain = new TlsCertificate[n];
            java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509");
            for (int i = 0; i < n; i++) {
                byte[] der = bytes(in);
                peer.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
                chain[i] = crypto.createCertificate(der);
            }
            if (kind == 2) {
                SessionParameters sp = new SessionParameters.Builder()
                        .setCipherSuite(suite)
                        .setExtendedMasterSecret(ems)
                        .setMasterSecret(crypto.createSecret(secret))
                        .setNegotiatedVersion(org.bouncycastle.tls.ProtocolVersion.get(v.wireVersion() >>> 8, v.wireVersion() & 0xFF))
                        .setPeerCertificate(n == 0 ? Certificate.EMPTY_CHAIN : new Certificate(chain))
                        .setServerExtensions(ext)
                        .build();
                tls = TlsUtils.importSession(id, sp);
                secret = null;
            }
            return new BcSession(null, tls, id, v, suite, peer, created, secret, prf);
        } catch (IOException | java.security.cert.CertificateException | IllegalArgumentException e) {
            throw new SslException(SslReason.BAD_VALUE, "not a valid bc session: " + e, e);
        }
    }

    private static void bytes(DataOutputStream o, byte[] b) throws IOException {
        o.writeInt(b.length);
        o.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new IOException("bad length " + n);
        }
        return in.readNBytes(n);
    }

    @Override
    public String toString() {
        return "BcSession[" + protocol.protocolName() + ", " + cipherSuite() + ", id " + id.length + " bytes]";
    }
}
