/** sslkit's JMH benchmarks, the cross-provider compare command, and the end-to-end demo. */
module dev.sslkit.bench {
    requires dev.sslkit.api;
    requires dev.sslkit.tck;

    exports dev.sslkit.bench;
}
