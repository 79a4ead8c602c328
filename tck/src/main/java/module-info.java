/**
 * sslkit's conformance kit: abstract JUnit 5 tests every provider's test suite extends, and the
 * helpers they share: the generated test PKI ({@code TestPki}), the {@code openssl} binary on
 * loopback ({@code OpenSslBinary}), the one-thread BIO-pair driver ({@code Pump}), requirement tags
 * and the leak check extension.
 */
module dev.sslkit.tck {
    requires transitive dev.sslkit.api;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires java.management; // ThreadMXBean: the hostile-peer tests measure CPU time (issue 9)
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;

    exports dev.sslkit.tck;
    // JUnit calls the kit's test methods (often package-private) and constructors reflectively.
    opens dev.sslkit.tck to org.junit.platform.commons;
}
