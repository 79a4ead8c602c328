package dev.sslkit.cli;

import dev.sslkit.ProviderInfo;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.Sslkit;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** What every command shares: {@code -provider}, {@code -debug}, {@code -help}, the streams. */
abstract class Base implements Callable<Integer> {
    @Option(names = "-provider", paramLabel = "ID", order = 100,
            description = "TLS provider: jsse, bc, conscrypt (default: -Dsslkit.provider, $SSLKIT_PROVIDER, else jsse).")
    String provider;

    @Option(names = "-debug", order = 101, description = "Stack traces on errors and sslkit's log lines.")
    boolean debug;

    @Option(names = {"-help", "-h", "--help"}, usageHelp = true, order = 102, description = "This summary.")
    boolean help;

    final Main.Io io;

    Base(Main.Io io) {
        this.io = io;
    }

    /** @return the provider asked for, else the configured one */
    String providerId() {
        return provider != null ? provider : Sslkit.configuredProviderId();
    }

    /**
     * @param id a provider id
     * @return the installed provider
     * @throws CliException naming the installed providers if none has this id, or why it cannot run
     */
    static ProviderInfo requireProvider(String id) {
        List<ProviderInfo> all = Sslkit.providers();
        for (ProviderInfo p : all) {
            if (p.id().equals(id)) {
                if (!p.available()) {
                    throw new CliException("provider '" + id + "' cannot run here: " + p.cause());
                }
                return p;
            }
        }
        throw new CliException("unknown provider '" + id + "'; installed: " + describe(all));
    }

    /** @param all providers @return {@code jsse 17.0.15, bc 1.84, conscrypt 2.9.0 (unavailable: ...)} */
    static String describe(List<ProviderInfo> all) {
        List<String> s = new ArrayList<>();
        for (ProviderInfo p : all) {
            s.add(p.id() + " " + p.version() + (p.available() ? "" : " (unavailable: " + p.cause() + ")"));
        }
        return String.join(", ", s);
    }

    /**
     * {@code SSL_CTX_new} on the chosen provider, after checking it is installed and can run.
     *
     * @param method the method
     * @param id     the provider id
     * @return the context (caller frees)
     * @throws SslException if the provider refuses
     */
    static SslContext newContext(SslMethod method, String id) throws SslException {
        requireProvider(id);
        return SslContext.newContext(method, id);
    }
}
