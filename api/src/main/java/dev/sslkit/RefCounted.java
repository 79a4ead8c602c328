package dev.sslkit;

/**
 * An object with OpenSSL's reference-count lifecycle: created with one reference, {@link #upRef()}
 * adds one, {@link #free()} removes one and releases everything at zero.
 *
 * <p>Thread safety: {@code upRef}, {@code free} and {@code refCnt} are atomic and may race with each
 * other; a free that reaches zero wins and every later use throws
 * {@link IllegalReferenceCountException}.
 */
public interface RefCounted extends AutoCloseable {

    /**
     * Adds one reference ({@code SSL_up_ref}, {@code SSL_CTX_up_ref}, {@code SSL_SESSION_up_ref},
     * {@code BIO_up_ref}).
     *
     * @return {@code true} (OpenSSL's return value 1)
     * @throws IllegalReferenceCountException if the object was already freed; it stays freed (R1)
     */
    boolean upRef();

    /**
     * Removes one reference ({@code SSL_free} and friends). At zero the object releases everything
     * it owns and can no longer be used.
     *
     * @throws IllegalReferenceCountException if the object was already freed (R3)
     */
    void free();

    /** @return the current reference count; 0 once freed. Never throws. */
    int refCnt();

    /** The same as {@link #free()}, for try-with-resources. */
    @Override
    default void close() {
        free();
    }
}
