/**
 * sslkit's JMH benchmarks, the cross-provider compare command, and the end-to-end demo. The raw
 * baselines are written against the providers' own libraries: JSSE, Conscrypt and bctls.
 */
module dev.sslkit.bench {
    requires dev.sslkit.api;
    requires dev.sslkit.tck;
    requires jmh.core;
    requires java.logging;
    requires jdk.management;
    requires org.conscrypt;
    requires org.bouncycastle.tls;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;

    exports dev.sslkit.bench;
    exports dev.sslkit.bench.work;
    exports dev.sslkit.bench.jmh;
    exports dev.sslkit.bench.compare;
}
