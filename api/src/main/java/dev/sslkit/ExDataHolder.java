package dev.sslkit;

/** An object with application-data slots ({@code SSL_set_ex_data} / {@code SSL_get_ex_data}). */
public interface ExDataHolder {
    /**
     * {@code *_set_ex_data}.
     *
     * @param index the slot; must be of this object's kind
     * @param value the value, or {@code null}
     * @param <T>   the value type
     * @throws IllegalArgumentException if the index is of another kind
     * @throws IllegalReferenceCountException if the object was freed
     */
    <T> void setExData(ExDataIndex<T> index, T value);

    /**
     * {@code *_get_ex_data}.
     *
     * @param index the slot
     * @param <T>   the value type
     * @return the value, or {@code null}
     * @throws IllegalReferenceCountException if the object was freed
     */
    <T> T getExData(ExDataIndex<T> index);
}
