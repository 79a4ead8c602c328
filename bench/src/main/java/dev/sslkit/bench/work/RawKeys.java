package dev.sslkit.bench.work;

import dev.sslkit.tck.TestPki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The JDK key and trust managers over the bench's test PKI (EC P-256), for the raw engines. */
final class RawKeys {
    private static final char[] PW = "bench".toCharArray();

    private RawKeys() {
    }

    static KeyManager[] serverKeyManagers() throws GeneralSecurityException, java.io.IOException {
        TestPki pki = TestPki.ec();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", pki.serverKey().privateKey(), PW,
                pki.serverKey().chain().toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PW);
        return kmf.getKeyManagers();
    }

    private static KeyStore trustStore() throws GeneralSecurityException, java.io.IOException {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("root", TestPki.ec().root());
        return ts;
    }

    static TrustManager[] trustManagers() throws GeneralSecurityException, java.io.IOException {
        KeyStore ts = trustStore();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf.getTrustManagers();
    }

    static X509TrustManager trustManager() throws GeneralSecurityException, java.io.IOException {
        for (TrustManager t : trustManagers()) {
            if (t instanceof X509TrustManager) {
                return (X509TrustManager) t;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager");
    }

    /** @return the verification every raw baseline makes: JDK PKIX over the test root, then the host name */
    static RawTrust trust() throws GeneralSecurityException, java.io.IOException {
        return new RawTrust(trustManager());
    }

    /**
     * @param provider {@code jsse} or {@code conscrypt}
     * @return a new, initialised {@code SSLContext} of that provider: JSSE is
     *         {@code SSLContext.getInstance("TLS", "SunJSSE")}, Conscrypt {@code Conscrypt.newProvider()}
     * @throws GeneralSecurityException if the provider is missing
     */
    static SSLContext sslContext(String provider) throws GeneralSecurityException, java.io.IOException {
        SSLContext ctx;
        switch (provider) {
            case "jsse":
                ctx = SSLContext.getInstance("TLS", "SunJSSE");
                break;
            case "conscrypt":
                ctx = SSLContext.getInstance("TLS", ConscryptHolder.PROVIDER);
                break;
            default:
                throw new IllegalArgumentException("no raw SSLEngine for provider '" + provider + "'");
        }
        // the same check for every raw engine (RawTrust): JDK PKIX + host name, whatever auth type the engine passes
        ctx.init(serverKeyManagers(), new TrustManager[] {trust()}, null);
        return ctx;
    }

    /** Conscrypt, loaded on first use only (its native library may be missing). */
    static final class ConscryptHolder {
        static final Provider PROVIDER = newProvider();

        private static Provider newProvider() {
            if (!org.conscrypt.Conscrypt.isAvailable()) {
                Throwable t = availabilityCause();
                throw new IllegalStateException("Conscrypt is not available here" + (t == null ? "" : ": " + t), t);
            }
            return org.conscrypt.Conscrypt.newProvider();
        }

        private static Throwable availabilityCause() {
            try {
                org.conscrypt.Conscrypt.checkAvailability();
                return null;
            } catch (Throwable t) {
                return t;
            }
        }
    }
}
