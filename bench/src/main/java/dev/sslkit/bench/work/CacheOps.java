package dev.sslkit.bench.work;

import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;
import dev.sslkit.SslSessionCache;
import dev.sslkit.tck.TestPki;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSessionContext;

/**
 * The session cache operations, shared by the JMH benchmark and {@code compare}. A TLS 1.2 server
 * context of one provider serves {@code 2 * n} handshakes; the server sessions of the first {@code n}
 * stay in its cache, the other {@code n} are removed.
 *
 * <ul>
 * <li>lookup: {@code cache.add(s)} of a session already cached — the id hash probe under the cache
 *     lock, which finds it, relinks it in the expiry list (as OpenSSL's {@code SSL_CTX_add_session}
 *     does) and returns false; the same loop as the native reference's {@code cache.lookup} (the
 *     public api has no bare lookup; the server's own lookup by id, which takes no lock, runs inside
 *     resumed handshakes, measured there);</li>
 * <li>insert: {@code cache.add(s)} of an uncached session, then {@code cache.remove(s)} so that the
 *     next insert is an insert again;</li>
 * <li>raw lookup: {@code SSLSessionContext.getSession(id)} of the raw engine's server session context
 *     (jsse, conscrypt) for the ids of sessions it served; bctls keeps no server session cache, a
 *     SunJSSE server with stateless tickets (its default) keeps none either, and no engine has a
 *     public insert.</li>
 * </ul>
 */
public final class CacheOps implements AutoCloseable {
    private final SslContext server;
    private final SslSessionCache cache;
    private final SslSession[] cached;
    private final SslSession[] spare;
    private final SSLSessionContext rawSessions;
    private final byte[][] rawIds;

    /**
     * @param provider a provider id
     * @param n        sessions per set (a power of two)
     * @throws Exception if the provider is unavailable or handshakes fail
     */
    public CacheOps(String provider, int n) throws Exception {
        TestPki pki = TestPki.ec();
        server = SslContext.newContext(SslMethod.TLS_SERVER, provider);
        List<SslSession> sessions = new ArrayList<>();
        try (SslContext client = SslContext.newContext(SslMethod.TLS_CLIENT, provider)) {
            server.set(Setting.CERTIFICATES, List.of(pki.serverKey()));
            client.setTrustAnchors(pki.trustAnchors());
            SslkitPairs.configure(server, Proto.Suite.ECDHE_ECDSA_AES128_GCM);
            SslkitPairs.configure(client, Proto.Suite.ECDHE_ECDSA_AES128_GCM);
            for (int i = 0; i < 2 * n; i++) {
                try (Ssl c = client.newSsl(); Ssl s = server.newSsl()) {
                    c.setHostName("localhost");
                    BioPair pair = Bio.newPair(0, 0);
                    c.setBio(pair.first(), pair.first());
                    s.setBio(pair.second(), pair.second());
                    new SslkitPairs.SslkitPair(c, s).handshake();
                    sessions.add(s.get1Session());
                }
            }
        } catch (Exception | Error e) {
            sessions.forEach(x -> x.free());
            server.free();
            throw e;
        }
        cache = server.sessionCache();
        cached = sessions.subList(0, n).toArray(new SslSession[0]);
        spare = sessions.subList(n, 2 * n).toArray(new SslSession[0]);
        for (SslSession s : cached) {
            cache.add(s);
        }
        for (SslSession s : spare) {
            cache.remove(s);
        }
        if (provider.equals("bc")) {
            rawSessions = null;
            rawIds = null;
        } else {
            SSLContext raw = RawKeys.sslContext(provider);
            List<byte[]> ids = new ArrayList<>();
            rawSessions = raw.getServerSessionContext();
            rawIds = rawServerIds(raw, n, ids);
        }
    }

    private static byte[][] rawServerIds(SSLContext raw, int n, List<byte[]> ids) throws Exception {
        for (int i = 0; i < n; i++) {
            javax.net.ssl.SSLEngine c = raw.createSSLEngine();
            c.setUseClientMode(true);
            javax.net.ssl.SSLEngine s = raw.createSSLEngine();
            s.setUseClientMode(false);
            for (javax.net.ssl.SSLEngine e : new javax.net.ssl.SSLEngine[] {c, s}) {
                javax.net.ssl.SSLParameters p = e.getSSLParameters();
                p.setProtocols(new String[] {"TLSv1.2"});
                p.setCipherSuites(new String[] {Proto.Suite.ECDHE_ECDSA_AES128_GCM.iana()});
                e.setSSLParameters(p);
            }
            ByteBuffer c2s = ByteBuffer.allocate(64 * 1024);
            ByteBuffer s2c = ByteBuffer.allocate(64 * 1024);
            ByteBuffer scratch = ByteBuffer.allocate(EngineSide.SCRATCH);
            EngineSide cs = new EngineSide(c, s2c, c2s, scratch);
            EngineSide ss = new EngineSide(s, c2s, s2c, scratch);
            for (int k = 0; k < 1000 && !(cs.done && ss.done); k++) {
                cs.step();
                ss.step();
            }
            byte[] id = s.getSession().getId();
            if (id != null && id.length > 0 && raw.getServerSessionContext().getSession(id) != null) {
                ids.add(id);
            }
        }
        return ids.isEmpty() ? null : ids.toArray(new byte[0][]);
    }

    /** @return sessions per set */
    public int size() {
        return cached.length;
    }

    /** @param i any index (masked)  @return the lookup's result, false when found */
    public boolean lookup(int i) {
        return cache.add(cached[i & (cached.length - 1)]);
    }

    /** @param i any index (masked); threads must use disjoint indexes  @return whether it was inserted */
    public boolean insert(int i) {
        SslSession s = spare[i & (spare.length - 1)];
        boolean added = cache.add(s);
        cache.remove(s);
        return added;
    }

    /**
     * @param i any index
     * @return the raw server session context's session for a served id
     * @throws UnsupportedOperationException for bc, or if the raw engine keeps no session under its ids
     */
    public Object rawLookup(int i) {
        if (rawIds == null) {
            throw new UnsupportedOperationException(rawSessions == null ? "bctls keeps no server session cache"
                    : "the raw server session context kept no sessions under their ids");
        }
        return rawSessions.getSession(rawIds[i % rawIds.length]);
    }

    /** @return whether {@link #rawLookup} works for this provider */
    public boolean hasRawLookup() {
        return rawIds != null;
    }

    @Override
    public void close() {
        for (SslSession s : cached) {
            s.free();
        }
        for (SslSession s : spare) {
            s.free();
        }
        server.free();
    }
}
