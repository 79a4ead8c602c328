/**
 * The {@code sslkit} command: OpenSSL's {@code s_client}, {@code s_server}, {@code s_time},
 * {@code sess_id} and {@code ciphers} on any sslkit provider, plus {@code providers} and
 * {@code compare}. Built on the public API ({@code dev.sslkit}) only; core and the providers are
 * found at run time.
 */
module dev.sslkit.cli {
    requires dev.sslkit.api;
    // OpenSSL's cipher-string parser (the ciphers command), moved out of the api by issue 11
    requires dev.sslkit.provider.sslengine;
    requires info.picocli;
    // Quiets sslkit's and bctls's INFO lines (provider choice, one line per bctls connection) unless -debug.
    requires java.logging;
    // s_time reports connections per user-CPU second, as OpenSSL's does.
    requires java.management;

    exports dev.sslkit.cli;
    // picocli fills the @Option fields and calls the commands reflectively.
    opens dev.sslkit.cli to info.picocli;
}
