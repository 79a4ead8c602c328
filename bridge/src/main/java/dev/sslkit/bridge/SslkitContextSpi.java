package dev.sslkit.bridge;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.SecureRandom;

/**
 * The {@code SSLContextSpi} behind {@code SSLContext.getInstance(protocol, "sslkit")}: one
 * {@link BridgeContext} (two sslkit contexts, client and server, on the configured backend) per
 * {@code init}. {@code Default} is initialised at once, as SunJSSE's is: trust from the JDK's default
 * trust manager ({@code javax.net.ssl.trustStore} or cacerts), keys from {@code javax.net.ssl.keyStore}
 * when set.
 *
 * <p>Thread safety: as JCA contexts, usable from any thread once initialised.
 */
final class SslkitContextSpi extends SSLContextSpi {
    private static final ThreadLocal<Boolean> MAKING_DEFAULT = new ThreadLocal<>();

    private final String protocol;
    private volatile BridgeContext bridge;

    SslkitContextSpi(String protocol) {
        this.protocol = protocol;
        if (protocol.equals("Default")) {
            if (MAKING_DEFAULT.get() != null) {
                throw new IllegalStateException("sslkit: the default SSLContext was requested while it was being made "
                        + "(the backend '" + dev.sslkit.Sslkit.configuredProviderId() + "' asked SSLContext.getDefault() "
                        + "again); refusing to recurse into the sslkit provider");
            }
            MAKING_DEFAULT.set(Boolean.TRUE);
            try {
                bridge = BridgeContext.create(protocol, defaultKeyManagers(), null, this);
            } catch (KeyManagementException e) {
                throw new IllegalStateException("sslkit: the default SSLContext cannot be made: " + e.getMessage(), e);
            } finally {
                MAKING_DEFAULT.remove();
            }
        }
    }

    /** For {@link SslkitSsl#asSSLContext}: {@link #view} follows at once. */
    SslkitContextSpi() {
        this.protocol = "view";
    }

    void view(BridgeContext b) {
        bridge = b;
    }

    private static KeyManager[] defaultKeyManagers() throws KeyManagementException {
        String file = System.getProperty("javax.net.ssl.keyStore");
        if (file == null || file.isEmpty() || file.equals("NONE")) {
            return null;
        }
        try {
            String type = System.getProperty("javax.net.ssl.keyStoreType", KeyStore.getDefaultType());
            String pw = System.getProperty("javax.net.ssl.keyStorePassword", "");
            KeyStore ks = KeyStore.getInstance(type);
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                ks.load(in, pw.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw.toCharArray());
            return kmf.getKeyManagers();
        } catch (Exception e) {
            KeyManagementException x = new KeyManagementException("sslkit: cannot load javax.net.ssl.keyStore " + file + ": " + e);
            x.initCause(e);
            throw x;
        }
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
        if (protocol.equals("Default")) {
            throw new KeyManagementException("Default SSLContext is initialized automatically");
        }
        if (protocol.equals("view")) {
            throw new KeyManagementException("sslkit: an SslkitSsl.asSSLContext view takes its keys and trust from its "
                    + "SslContext; init is refused");
        }
        bridge = BridgeContext.create(protocol, km, tm, this);
    }

    private BridgeContext bridge() {
        BridgeContext b = bridge;
        if (b == null) {
            throw new IllegalStateException("SSLContext is not initialized (call init first)");
        }
        return b;
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return new SslkitSocketFactory(bridge());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return new SslkitServerSocketFactory(bridge());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return new SslkitEngine(bridge(), null, -1);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return new SslkitEngine(bridge(), host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return bridge().serverSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return bridge().clientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return bridge().defaultParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return bridge().supportedParameters();
    }
}
