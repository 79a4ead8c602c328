package dev.sslkit.provider.conscrypt;

import org.conscrypt.Conscrypt;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import javax.net.ssl.SSLEngine;

/**
 * The few package-private Conscrypt members sslkit needs where Conscrypt has no public API:
 * {@code Java8EngineWrapper.delegate} → {@code ConscryptEngine.ssl} ({@code NativeSsl}) →
 * {@code NativeSsl.ssl} (the {@code SSL*}), for BoringSSL's {@code SSL_session_reused} and for
 * checking (and, as a last resort, forcing) the release of the native {@code SSL} at
 * {@code SSL_free}. {@code org.conscrypt} is an automatic module, which opens every package, so
 * this works on the module path as well as on the class path.
 *
 * <p>Every member is looked up once; if any is missing (another Conscrypt version) the lookups
 * yield {@code null} and callers fall back: reuse is then inferred by core, and release relies on
 * Conscrypt's own {@code freeIfDone()} alone.
 */
final class Natives {
    private static final System.Logger LOG = System.getLogger(Natives.class.getName());

    private static final Field WRAPPER_DELEGATE;
    private static final Field ENGINE_SSL;
    private static final Field NATIVE_SSL_ADDRESS;
    private static final Method SESSION_REUSED;
    private static final Method CLOSE_AND_FREE;

    static {
        Field wd = null;
        Field es = null;
        Field ns = null;
        Method sr = null;
        Method cf = null;
        try {
            ClassLoader cl = Conscrypt.class.getClassLoader();
            Class<?> wrapper = Class.forName("org.conscrypt.Java8EngineWrapper", false, cl);
            Class<?> engine = Class.forName("org.conscrypt.ConscryptEngine", false, cl);
            Class<?> nativeSsl = Class.forName("org.conscrypt.NativeSsl", false, cl);
            Class<?> nativeCrypto = Class.forName("org.conscrypt.NativeCrypto", false, cl);
            wd = accessible(wrapper.getDeclaredField("delegate"));
            es = accessible(engine.getDeclaredField("ssl"));
            ns = accessible(nativeSsl.getDeclaredField("ssl"));
            sr = nativeCrypto.getDeclaredMethod("SSL_session_reused", long.class, nativeSsl);
            sr.setAccessible(true);
            cf = engine.getDeclaredMethod("closeAndFreeResources");
            cf.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "conscrypt: internals not found; session reuse is inferred by core", e);
            wd = null;
        }
        WRAPPER_DELEGATE = wd;
        ENGINE_SSL = es;
        NATIVE_SSL_ADDRESS = ns;
        SESSION_REUSED = sr;
        CLOSE_AND_FREE = cf;
    }

    private static final Field SESSIONS_BY_HOST_AND_PORT;
    private static final java.lang.reflect.Constructor<?> HOST_AND_PORT;

    static {
        Field f = null;
        java.lang.reflect.Constructor<?> c = null;
        try {
            ClassLoader cl = Conscrypt.class.getClassLoader();
            Class<?> csc = Class.forName("org.conscrypt.ClientSessionContext", false, cl);
            Class<?> hp = Class.forName("org.conscrypt.ClientSessionContext$HostAndPort", false, cl);
            f = accessible(csc.getDeclaredField("sessionsByHostAndPort"));
            c = hp.getDeclaredConstructor(String.class, int.class);
            c.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "conscrypt: client cache internals not found; sessions are counted by walking the cache", e);
            f = null;
            c = null;
        }
        SESSIONS_BY_HOST_AND_PORT = f;
        HOST_AND_PORT = c;
    }

    private Natives() {
    }

    /**
     * @param clientContext Conscrypt's client session context
     * @param host          a peer host
     * @param port          a peer port
     * @return how many sessions its {@code sessionsByHostAndPort} holds for them (each TLS 1.3 ticket
     *         is one), looked up directly; {@code -1} if the internals are not there
     */
    static int cachedSessions(Object clientContext, String host, int port) {
        if (SESSIONS_BY_HOST_AND_PORT == null || !SESSIONS_BY_HOST_AND_PORT.getDeclaringClass().isInstance(clientContext)) {
            return -1;
        }
        try {
            java.util.Map<?, ?> map = (java.util.Map<?, ?>) SESSIONS_BY_HOST_AND_PORT.get(clientContext);
            Object key = HOST_AND_PORT.newInstance(host, port);
            synchronized (map) { // ClientSessionContext guards the map with itself
                java.util.List<?> l = (java.util.List<?>) map.get(key);
                return l == null ? 0 : l.size();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    private static Field accessible(Field f) {
        f.setAccessible(true);
        return f;
    }

    private static Object inner(SSLEngine e) throws IllegalAccessException {
        if (WRAPPER_DELEGATE == null) {
            return null;
        }
        return WRAPPER_DELEGATE.getDeclaringClass().isInstance(e) ? WRAPPER_DELEGATE.get(e)
                : ENGINE_SSL.getDeclaringClass().isInstance(e) ? e : null;
    }

    /** @return BoringSSL's {@code SSL_session_reused} for a live engine, or {@code null} */
    static Boolean sessionReused(SSLEngine e) {
        try {
            Object engine = inner(e);
            if (engine == null) {
                return null;
            }
            Object nativeSsl = ENGINE_SSL.get(engine);
            long address = NATIVE_SSL_ADDRESS.getLong(nativeSsl);
            if (address == 0) {
                return null;
            }
            return (Boolean) SESSION_REUSED.invoke(null, address, nativeSsl);
        } catch (ReflectiveOperationException | RuntimeException ex) {
            LOG.log(System.Logger.Level.DEBUG, "conscrypt: SSL_session_reused not readable", ex);
            return null;
        }
    }

    /** @return whether the engine's native SSL is freed, or {@code null} if that cannot be told */
    static Boolean released(SSLEngine e) {
        try {
            Object engine = inner(e);
            if (engine == null) {
                return null;
            }
            Object nativeSsl = ENGINE_SSL.get(engine);
            return nativeSsl == null || NATIVE_SSL_ADDRESS.getLong(nativeSsl) == 0;
        } catch (ReflectiveOperationException | RuntimeException ex) {
            return null;
        }
    }

    /** @return {@code true} unless the native SSL is known to be still allocated */
    static boolean isReleased(SSLEngine e) {
        Boolean r = released(e);
        return r == null || r;
    }

    /** Calls Conscrypt's own {@code closeAndFreeResources()} (what its finalizer calls). */
    static void forceRelease(SSLEngine e) {
        try {
            Object engine = inner(e);
            if (engine != null && CLOSE_AND_FREE != null) {
                Object nativeSsl = ENGINE_SSL.get(engine);
                synchronized (nativeSsl) { // Conscrypt's callers hold this lock
                    CLOSE_AND_FREE.invoke(engine);
                }
                LOG.log(System.Logger.Level.DEBUG, "conscrypt: native SSL released by closeAndFreeResources()");
            }
        } catch (ReflectiveOperationException | RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "conscrypt: could not release an engine's native SSL; "
                    + "Conscrypt's finalizer will", ex);
        }
    }
}
