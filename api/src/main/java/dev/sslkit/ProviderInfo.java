package dev.sslkit;

/**
 * What sslkit found about one TLS provider.
 *
 * @param id          the provider's id ({@code jsse}, {@code bc}, {@code conscrypt})
 * @param version     the TLS library's version, e.g. {@code 17.0.15} or {@code 1.84}
 * @param available   whether it can run here
 * @param cause       why not, or {@code null} when available
 * @param location    where it was loaded from (module or jar)
 */
public record ProviderInfo(String id, String version, boolean available, String cause, String location) {
}
