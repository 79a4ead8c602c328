package dev.sslkit;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An application-data slot ({@code SSL_get_ex_new_index}, {@code SSL_CTX_get_ex_new_index},
 * {@code SSL_SESSION_get_ex_new_index}) with its new/dup/free callbacks. Indexes are global and
 * never released, as in OpenSSL; allocate them once, in a static field.
 *
 * <p>When an object of the index's kind is created, every registered index's {@link Callbacks#onNew}
 * runs; {@link Ssl#dup()} runs {@link Callbacks#onDup} per index (D4); the last free runs
 * {@link Callbacks#onFree} (R2).
 *
 * @param <T> the value type
 */
public final class ExDataIndex<T> {

    /** The kind of object an index belongs to ({@code CRYPTO_EX_INDEX_*}). */
    public enum Kind {
        /** {@code CRYPTO_EX_INDEX_SSL}: connections */
        SSL,
        /** {@code CRYPTO_EX_INDEX_SSL_CTX}: contexts */
        SSL_CTX,
        /** {@code CRYPTO_EX_INDEX_SSL_SESSION}: sessions */
        SSL_SESSION
    }

    /**
     * The callbacks of one index ({@code CRYPTO_EX_new}, {@code CRYPTO_EX_dup}, {@code CRYPTO_EX_free}).
     * Each has a default that does nothing special.
     *
     * @param <T> the value type
     */
    public interface Callbacks<T> {
        /** @param owner the new object  @return the slot's initial value (default {@code null}) */
        default T onNew(Object owner) {
            return null;
        }

        /**
         * @param from  the object copied
         * @param to    the copy
         * @param value the value in {@code from}'s slot
         * @return the value for {@code to}'s slot (default: the same object, as OpenSSL copies the pointer)
         */
        default T onDup(Object from, Object to, T value) {
            return value;
        }

        /** @param owner the object being released  @param value the slot's value, may be {@code null} */
        default void onFree(Object owner, T value) {
        }
    }

    private static final List<List<ExDataIndex<?>>> REGISTRY = List.of(
            new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());

    private final Kind kind;
    private final int index;
    private final Callbacks<T> callbacks;

    private ExDataIndex(Kind kind, int index, Callbacks<T> callbacks) {
        this.kind = kind;
        this.index = index;
        this.callbacks = callbacks;
    }

    /**
     * Allocates a new index.
     *
     * @param kind      the kind of object
     * @param callbacks the callbacks
     * @param <T>       the value type
     * @return the index
     */
    public static <T> ExDataIndex<T> newIndex(Kind kind, Callbacks<T> callbacks) {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(callbacks, "callbacks must not be null");
        List<ExDataIndex<?>> l = REGISTRY.get(kind.ordinal());
        synchronized (l) {
            ExDataIndex<T> idx = new ExDataIndex<>(kind, l.size(), callbacks);
            l.add(idx);
            return idx;
        }
    }

    /**
     * {@code SSL_get_ex_new_index} with no callbacks.
     *
     * @param kind the kind
     * @param <T> the value type
     * @return a new index with no callbacks
     */
    public static <T> ExDataIndex<T> newIndex(Kind kind) {
        return newIndex(kind, new Callbacks<T>() { });
    }

    /** @param kind the kind  @return every index allocated for it, by index */
    public static List<ExDataIndex<?>> indexes(Kind kind) {
        return REGISTRY.get(kind.ordinal());
    }

    /** @return the kind */
    public Kind kind() {
        return kind;
    }

    /** @return the slot number */
    public int index() {
        return index;
    }

    /** @return the callbacks */
    public Callbacks<T> callbacks() {
        return callbacks;
    }

    @Override
    public String toString() {
        return "ExDataIndex[" + kind + " #" + index + "]";
    }
}
