/** sslkit's conformance kit: abstract JUnit 5 tests every provider's test suite extends, and the test PKI. */
module dev.sslkit.tck {
    requires transitive dev.sslkit.api;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;

    exports dev.sslkit.tck;
}
