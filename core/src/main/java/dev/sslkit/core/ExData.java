package dev.sslkit.core;

import dev.sslkit.ExDataIndex;

import java.util.List;

/**
 * The ex_data slots of one object: OpenSSL's {@code CRYPTO_EX_DATA} with its new/dup/free
 * callbacks run per index.
 */
final class ExData {
    private static final Object[] NONE = new Object[0];

    private final ExDataIndex.Kind kind;
    private Object[] slots;

    ExData(ExDataIndex.Kind kind, Object owner) {
        this.kind = kind;
        List<ExDataIndex<?>> idx = ExDataIndex.indexes(kind);
        int n = idx.size();
        if (n == 0) {
            slots = NONE;
        } else {
            slots = new Object[n];
            for (int i = 0; i < n; i++) {
                slots[i] = idx.get(i).callbacks().onNew(owner);
            }
        }
    }

    private void check(ExDataIndex<?> index) {
        if (index.kind() != kind) {
            throw new IllegalArgumentException("ex_data index " + index + " belongs to " + index.kind() + ", not " + kind);
        }
    }

    <T> void set(ExDataIndex<T> index, T value) {
        check(index);
        int i = index.index();
        if (i >= slots.length) {
            Object[] n = new Object[i + 1];
            System.arraycopy(slots, 0, n, 0, slots.length);
            slots = n;
        }
        slots[i] = value;
    }

    @SuppressWarnings("unchecked")
    <T> T get(ExDataIndex<T> index) {
        check(index);
        int i = index.index();
        return i < slots.length ? (T) slots[i] : null;
    }

    /** {@code CRYPTO_dup_ex_data}: each index's dup callback decides the copy's value (D4). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void dupInto(Object from, Object to, ExData target) {
        List<ExDataIndex<?>> idx = ExDataIndex.indexes(kind);
        for (int i = 0; i < slots.length && i < idx.size(); i++) {
            ExDataIndex.Callbacks cb = idx.get(i).callbacks();
            Object v = cb.onDup(from, to, slots[i]);
            target.set((ExDataIndex) idx.get(i), v);
        }
    }

    /** {@code CRYPTO_free_ex_data}: every index's free callback, then the slots are gone (R2). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void free(Object owner) {
        List<ExDataIndex<?>> idx = ExDataIndex.indexes(kind);
        RuntimeException first = null;
        for (int i = 0; i < idx.size(); i++) {
            Object v = i < slots.length ? slots[i] : null;
            try {
                ((ExDataIndex.Callbacks) idx.get(i).callbacks()).onFree(owner, v);
            } catch (RuntimeException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        slots = NONE;
        if (first != null) {
            throw first;
        }
    }
}
