package dev.sslkit.core;

import dev.sslkit.IllegalReferenceCountException;
import dev.sslkit.RefCounted;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The one reference-count mechanism of sslkit (Netty's {@code AbstractReferenceCounted} shape):
 * the count starts at 1, {@link #upRef()} and {@link #free()} change it atomically, and the free that
 * reaches zero calls {@link #deallocate()} exactly once. Misuse throws
 * {@link IllegalReferenceCountException} with the object's name and the numbers.
 */
public abstract class RefCnt implements RefCounted {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(RefCnt.class, "refCnt", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through COUNT
    private volatile int refCnt = 1;

    /** Releases everything the object owns; called once, by the free that reaches zero. */
    protected abstract void deallocate();

    /** @return the name used in error messages, e.g. {@code Ssl@1f2e} */
    protected String describe() {
        return getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    public final boolean upRef() {
        for (;;) {
            int c = (int) COUNT.getVolatile(this);
            if (c <= 0 || c == Integer.MAX_VALUE) {
                throw new IllegalReferenceCountException(describe(), c, 1);
            }
            if (COUNT.compareAndSet(this, c, c + 1)) {
                return true;
            }
        }
    }

    /**
     * Takes a reference unless the count already reached zero: for a lock-free lookup that can race
     * the free of the last other reference (OpenSSL's {@code SSL_SESSION_up_ref} under the cache's
     * read lock).
     *
     * @return whether a reference was taken
     */
    final boolean tryUpRef() {
        for (;;) {
            int c = (int) COUNT.getVolatile(this);
            if (c <= 0) {
                return false;
            }
            if (c == Integer.MAX_VALUE) {
                throw new IllegalReferenceCountException(describe(), c, 1);
            }
            if (COUNT.compareAndSet(this, c, c + 1)) {
                return true;
            }
        }
    }

    @Override
    public final void free() {
        for (;;) {
            int c = (int) COUNT.getVolatile(this);
            if (c <= 0) {
                throw new IllegalReferenceCountException(describe(), c, -1);
            }
            if (COUNT.compareAndSet(this, c, c - 1)) {
                if (c == 1) {
                    deallocate();
                }
                return;
            }
        }
    }

    @Override
    public final int refCnt() {
        return (int) COUNT.getVolatile(this);
    }

    /** @return whether the object is still alive (count &gt; 0) */
    public final boolean isAlive() {
        return (int) COUNT.getVolatile(this) > 0;
    }

    /** @throws IllegalReferenceCountException if the object was freed */
    protected final void ensureAlive() {
        int c = (int) COUNT.getVolatile(this);
        if (c <= 0) {
            throw new IllegalReferenceCountException(describe(), c, 0);
        }
    }
}
