/** sslkit's JMH benchmarks and the cross-provider compare command. */
module dev.sslkit.bench {
    requires dev.sslkit.api;
}
