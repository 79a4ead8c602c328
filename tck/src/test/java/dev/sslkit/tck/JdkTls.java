package dev.sslkit.tck;

import dev.sslkit.CertifiedKey;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JDK (JSSE) contexts over the test PKI, independent of sslkit, to check the helpers against. */
final class JdkTls {
    private static final char[] PW = "changeit".toCharArray();

    private JdkTls() {
    }

    /** @param key presented key (or null) @param trusted trusted root (or null) @return an SSLContext */
    static SSLContext context(CertifiedKey key, X509Certificate trusted) throws Exception {
        KeyManagerFactory kmf = null;
        if (key != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", key.privateKey(), PW, key.chain().toArray(new X509Certificate[0]));
            kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, PW);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        if (trusted != null) {
            ts.setCertificateEntry("root", trusted);
        }
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
