package dev.sslkit.provider.sslengine;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Dispatches verification to the connection's {@code PeerVerifier}; checks nothing itself. Not a
 * provider's own trust manager class, so no provider-side hostname verification runs: core checks
 * host names.
 */
final class DispatchingTrustManager extends X509ExtendedTrustManager {
    private final EngineDispatch dispatch;

    DispatchingTrustManager(EngineDispatch dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain, authType, engine);
    }

    private void verify(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        SslEngineTlsEngine e = dispatch.lookup(engine);
        if (e == null) {
            throw new CertificateException(dispatch.providerId() + (dispatch.isByThread()
                    ? ": no sslkit connection is handshaking on this thread"
                    : ": no sslkit connection for this SSLEngine (already freed?)"));
        }
        e.verifyPeer(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        SslEngineTlsEngine e = EngineDispatch.CURRENT.get();
        return e == null ? new X509Certificate[0] : e.acceptedIssuers();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw socketsNotVerified();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw socketsNotVerified();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw socketsNotVerified();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw socketsNotVerified();
    }

    private CertificateException socketsNotVerified() {
        return new CertificateException(dispatch.providerId() + ": sslkit verifies SSLEngine connections only");
    }
}
