package dev.sslkit.provider.bc;

import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslReason;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.ProviderContext;
import dev.sslkit.spi.TlsEngine;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * bctls state for one {@code SslContext} ({@code SSL_CTX}): the crypto and the server side's
 * resumable sessions, by TLS 1.2 session id and by TLS 1.3 resumption PSK identity
 * ({@code SSL_CTX}'s internal session cache as bctls's {@code TlsServer.getSessionToResume} sees it).
 * Core's session cache stays the authority on eviction: it calls {@link BcSession#invalidate()},
 * which removes the entry here. Thread-safe.
 */
final class BcContext implements ProviderContext {
    /** OpenSSL's default cache size ({@code SSL_SESSION_CACHE_MAX_SIZE_DEFAULT}). */
    private static final int MAX = 20480;

    private final TlsCrypto crypto;
    private final SslMethod method;
    private final Map<ByteBuffer, BcSession> sessions = new LinkedHashMap<>(64, 0.75f, true);
    private volatile boolean freed;

    BcContext(TlsCrypto crypto, SslMethod method) {
        this.crypto = crypto;
        this.method = method;
    }

    TlsCrypto crypto() {
        return crypto;
    }

    @Override
    public TlsEngine newEngine(EngineSpec spec) throws SslException {
        if (freed) {
            throw new SslException(SslReason.PROVIDER_ERROR, "bc provider context was freed");
        }
        return new BcEngine(this, spec);
    }

    /** Remembers a server session for resumption (bctls's {@code getSessionToResume} / PSK lookup). */
    void remember(BcSession s) {
        if (s.idRef().length == 0) {
            return;
        }
        synchronized (sessions) {
            sessions.put(ByteBuffer.wrap(s.idRef()), s);
            if (sessions.size() > MAX) {
                Iterator<BcSession> it = sessions.values().iterator();
                it.next();
                it.remove();
            }
        }
    }

    /**
     * @param id        a session id or PSK identity
     * @param timeoutMs the context's session timeout
     * @return the live resumable session, or {@code null}
     */
    BcSession lookup(byte[] id, long timeoutMs) {
        if (id == null || id.length == 0) {
            return null;
        }
        synchronized (sessions) {
            BcSession s = sessions.get(ByteBuffer.wrap(id));
            if (s == null) {
                return null;
            }
            if (!s.isResumable() || System.currentTimeMillis() - s.creationTimeMillis() > timeoutMs) {
                sessions.remove(ByteBuffer.wrap(id));
                return null;
            }
            return s;
        }
    }

    void forget(BcSession s) {
        synchronized (sessions) {
            sessions.remove(ByteBuffer.wrap(s.idRef()), s);
        }
    }

    int storedSessions() {
        synchronized (sessions) {
            return sessions.size();
        }
    }

    @Override
    public void free() {
        freed = true;
        synchronized (sessions) {
            sessions.clear();
        }
    }

    @Override
    public String toString() {
        return "BcContext[" + method + "]";
    }
}
