package dev.sslkit.provider.conscrypt;

import dev.sslkit.spi.SessionStoreAccess;
import org.conscrypt.SSLServerSessionCache;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * A Conscrypt server's persistent cache over sslkit's session store (issue 16): Conscrypt's
 * {@code ServerSessionContext} (public {@code setPersistentCache}, reached through
 * {@code Conscrypt.setServerSessionCache}) gives every new server session with an id to
 * {@link #putSessionData} as BoringSSL's {@code i2d_SSL_SESSION} bytes, and asks
 * {@link #getSessionData} for an offered id its in-memory cache does not hold. One per Conscrypt
 * {@code SSLContext}, i.e. per session id context.
 *
 * <p>Limits, declared in the capability matrix: only sessions with an id take part (TLS 1.2 with
 * option {@code NO_TICKET}: with tickets BoringSSL gives a TLS 1.2 session no id and seals the ticket
 * with the server's own random key, which Conscrypt does not let the application set; TLS 1.3
 * resumption in BoringSSL is ticket-only).
 *
 * <p>Removal: Conscrypt has no public way to drop one entry of its server cache, so
 * {@link #drop} takes it out of {@code AbstractSessionContext.sessions} (package-private; the
 * {@code org.conscrypt} automatic module opens its packages) under Conscrypt's own lock.
 * Thread-safe.
 */
final class ConscryptStoreCache implements SSLServerSessionCache {
    private static final System.Logger LOG = System.getLogger(ConscryptStoreCache.class.getName());
    /** "CSK1": Conscrypt session bytes, format 1, so another provider's bytes under the same key are refused. */
    private static final byte[] MAGIC = "CSK1".getBytes(StandardCharsets.US_ASCII);
    private static final Field SESSIONS;
    private static final Field LOCK;
    private static final java.lang.reflect.Constructor<?> BYTE_ARRAY;

    static {
        Field s = null;
        Field l = null;
        java.lang.reflect.Constructor<?> b = null;
        try {
            ClassLoader cl = org.conscrypt.Conscrypt.class.getClassLoader();
            Class<?> asc = Class.forName("org.conscrypt.AbstractSessionContext", false, cl);
            s = asc.getDeclaredField("sessions");
            s.setAccessible(true);
            l = asc.getDeclaredField("lock");
            l.setAccessible(true);
            b = Class.forName("org.conscrypt.ByteArray", false, cl).getDeclaredConstructor(byte[].class);
            b.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "conscrypt: server cache internals not found; fleet removals reach only the store", e);
            s = null;
        }
        SESSIONS = s;
        LOCK = l;
        BYTE_ARRAY = b;
    }

    private final ConscryptContext context;
    private final byte[] idContext;
    private final SSLContext sslContext;

    ConscryptStoreCache(ConscryptContext context, byte[] idContext, SSLContext sslContext) {
        this.context = context;
        this.idContext = idContext.clone();
        this.sslContext = sslContext;
    }

    byte[] idContext() {
        return idContext;
    }

    @Override
    public byte[] getSessionData(byte[] sessionId) {
        SessionStoreAccess store = context.store();
        if (store == null || sessionId == null || sessionId.length == 0) {
            return null;
        }
        byte[] b = store.get(idContext, sessionId);
        if (b == null || b.length <= MAGIC.length || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null; // a miss, a failure core counted, or not a Conscrypt session
        }
        return Arrays.copyOfRange(b, MAGIC.length, b.length);
    }

    @Override
    public void putSessionData(SSLSession session, byte[] sessionData) {
        SessionStoreAccess store = context.store();
        byte[] id = session.getId();
        if (store == null || id == null || id.length == 0 || sessionData == null) {
            return;
        }
        int timeout = sslContext.getServerSessionContext().getSessionTimeout(); // sslkit's SESSION_TIMEOUT
        long left = timeout <= 0 ? 86400 : timeout - (System.currentTimeMillis() - session.getCreationTime()) / 1000;
        byte[] b = new byte[MAGIC.length + sessionData.length];
        System.arraycopy(MAGIC, 0, b, 0, MAGIC.length);
        System.arraycopy(sessionData, 0, b, MAGIC.length, sessionData.length);
        store.put(idContext, id, b, Math.max(1, left));
    }

    /** Drops the session with this id from Conscrypt's in-memory server cache (a fleet removal). */
    void drop(byte[] id) {
        if (SESSIONS == null) {
            return;
        }
        SSLSessionContext sc = sslContext.getServerSessionContext();
        try {
            Map<?, ?> map = (Map<?, ?>) SESSIONS.get(sc);
            Lock w = ((ReadWriteLock) LOCK.get(sc)).writeLock();
            Object key = BYTE_ARRAY.newInstance((Object) id.clone());
            w.lock();
            try {
                map.remove(key);
            } finally {
                w.unlock();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "conscrypt: could not drop a removed session from the server cache", e);
        }
    }
}
