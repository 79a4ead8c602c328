package dev.sslkit;

/**
 * The two ends of {@code BIO_new_bio_pair}.
 *
 * @param first  bytes written here are read from {@code second}
 * @param second bytes written here are read from {@code first}
 */
public record BioPair(Bio first, Bio second) {
}
