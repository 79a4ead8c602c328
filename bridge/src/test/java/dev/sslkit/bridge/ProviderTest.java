package dev.sslkit.bridge;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.security.KeyManagementException;
import java.security.Provider;
import java.security.Security;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 1: the {@code sslkit} JCA provider, found by ServiceLoader (class path: the
 * {@code @AutoService} file), its four SSLContext algorithms, and the backend chosen by {@code sslkit.provider}.
 */
class ProviderTest {
    @Test
    void foundByServiceLoaderWithFourSslContexts() {
        Provider found = null;
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.getName().equals("sslkit")) {
                found = p;
            }
        }
        assertTrue(found instanceof SslkitProvider, "sslkit provider not found by ServiceLoader");
        for (String alg : SslkitProvider.PROTOCOLS) {
            assertTrue(found.getService("SSLContext", alg) != null, alg);
        }
    }

    @Test
    void getInstanceByNameAndBackendSelection() throws Exception {
        Security.addProvider(new SslkitProvider());
        try {
            for (String alg : SslkitProvider.PROTOCOLS) {
                assertEquals("sslkit", SSLContext.getInstance(alg, "sslkit").getProvider().getName());
            }
            for (String backend : Bridged.backends()) {
                SSLContext c = Bridged.context(backend);
                SSLContext s = Bridged.context(backend);
                SSLEngine ce = c.createSSLEngine("localhost", 1);
                SSLEngine se = s.createSSLEngine();
                new Bridged.Pump(ce, se).handshake();
                assertEquals(backend, SslkitSsl.backend(ce.getSession()));
                assertEquals(backend, SslkitSsl.backend(se.getSession()));
            }
        } finally {
            Security.removeProvider("sslkit");
        }
    }

    @Test
    void unknownBackendIsAClearError() throws Exception {
        System.setProperty("sslkit.provider", "nosuch");
        try {
            SSLContext c = SSLContext.getInstance("TLS", Bridged.PROVIDER);
            KeyManagementException x = assertThrows(KeyManagementException.class, () -> c.init(null, null, null));
            assertTrue(x.getMessage().contains("nosuch") && x.getMessage().contains("jsse"), x.getMessage());
        } finally {
            System.clearProperty("sslkit.provider");
        }
    }

    @Test
    void defaultContextRefusesInit() throws Exception {
        SSLContext d = SSLContext.getInstance("Default", Bridged.PROVIDER);
        assertThrows(KeyManagementException.class, () -> d.init(null, null, null));
    }
}
