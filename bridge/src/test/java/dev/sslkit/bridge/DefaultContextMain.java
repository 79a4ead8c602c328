package dev.sslkit.bridge;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Run by {@link DefaultContextIT} in its own JVM: prints which provider {@code SSLContext.getDefault()} comes
 * from and the outcome of a handshake from that default context (trust from {@code javax.net.ssl.trustStore})
 * to a SunJSSE server; no sslkit call is made to install anything.
 */
public final class DefaultContextMain {
    private DefaultContextMain() {
    }

    public static void main(String[] args) throws Exception {
        // this JVM's test PKI is its own: its root becomes the default trust store, as a deployment's would be
        java.nio.file.Path trust = java.nio.file.Files.createTempFile("sslkit-trust", ".p12");
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("root", Bridged.PKI.root());
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(trust)) {
            ks.store(out, Bridged.PW);
        }
        System.setProperty("javax.net.ssl.trustStore", trust.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(Bridged.PW));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        SSLContext d = SSLContext.getDefault();
        SSLEngine c = d.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLEngine s = Bridged.sunJsse().createSSLEngine();
        new Bridged.Pump(c, s).handshake();
        System.out.println("default=" + d.getProvider().getName() + " backend=" + SslkitSsl.backend(c.getSession())
                + " protocol=" + c.getSession().getProtocol() + " first=" + java.security.Security.getProviders()[0].getName());
    }
}
