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
 * bctls state for one {@code SslContext} ({@code SSL_CTX}): the crypto, and the ids of the server's
 * live sessions, only so that a session id generation callback's id can be checked for a conflict
 * ({@code SSL_R_SSL_SESSION_ID_CONFLICT}). Which session a server resumes is core's decision
 * ({@code EngineSpec.findSession}, from {@link BcServer}); core's eviction calls
 * {@link BcSession#invalidate()}, which removes the id here. Thread-safe.
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

    /** Remembers the id of a live server session (for the id conflict check). */
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
     * @param id a TLS 1.2 session id a session id generation callback produced
     * @return whether a live server session of this context has it ({@code SSL_has_matching_session_id})
     */
    boolean inUse(byte[] id) {
        if (id == null || id.length == 0) {
            return false;
        }
        synchronized (sessions) {
            BcSession s = sessions.get(ByteBuffer.wrap(id));
            return s != null && s.isResumable();
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
