package dev.sslkit.bench.work;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The one server-certificate check every raw baseline makes (issue 13, item 3): the JDK's PKIX trust
 * manager over the bench's test root ({@code TrustManagerFactory.getDefaultAlgorithm()}, revocation
 * off), called with auth type {@code UNKNOWN} whatever the engine passes, then the host name
 * {@code localhost} against the leaf's DNS subjectAltNames. Raw JSSE and raw Conscrypt get it as
 * their {@link X509ExtendedTrustManager} (so neither engine adds its own endpoint identification or
 * algorithm checks around it), raw bctls calls {@link #checkServer} from its
 * {@code notifyServerCertificate}. Before, raw Conscrypt used Conscrypt's own {@code TrustManagerImpl}
 * and raw JSSE the JDK's with JSSE's endpoint identification, so the three raw figures paid for three
 * different verifications.
 *
 * <p>Thread safety: immutable; the JDK's trust manager is thread-safe.
 */
final class RawTrust extends X509ExtendedTrustManager {
    private final X509TrustManager pkix;

    RawTrust(X509TrustManager pkix) {
        this.pkix = pkix;
    }

    /**
     * PKIX + host check of a server chain.
     *
     * @param chain leaf first
     * @throws CertificateException if the chain does not verify or is not for {@code localhost}
     */
    void checkServer(X509Certificate[] chain) throws CertificateException {
        pkix.checkServerTrusted(chain, "UNKNOWN");
        if (!RawBc.hostMatches(chain[0])) {
            throw new CertificateException("server certificate is not for localhost");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServer(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServer(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        pkix.checkClientTrusted(chain, "UNKNOWN");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix.checkClientTrusted(chain, "UNKNOWN");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, "UNKNOWN");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
