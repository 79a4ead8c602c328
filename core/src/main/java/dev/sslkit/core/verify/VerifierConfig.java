package dev.sslkit.core.verify;

import dev.sslkit.Dane;
import dev.sslkit.SecurityCallback;
import dev.sslkit.Ssl;
import dev.sslkit.VerifyCallback;
import dev.sslkit.VerifyMode;
import dev.sslkit.VerifyParams;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything one connection's {@link CoreVerifier} is built from, by name instead of by position:
 * {@code new VerifierConfig().trustAnchors(..).peerIsServer(..)...newVerifier()}. Unset values keep
 * the verifier's neutral defaults (no callback, depth 100, default parameters, no DANE, 100 KiB cert
 * list, security level 0). Mutable; one connection builds one and drops it.
 */
public final class VerifierConfig {
    private Supplier<Collection<X509Certificate>> trustAnchors = List::of;
    private boolean peerIsServer;
    private Set<VerifyMode> verifyMode = Set.of();
    private VerifyCallback callback;
    private int verifyDepth = 100;
    private VerifyParams params = VerifyParams.DEFAULT;
    private Dane dane;
    private long maxCertList = 100 * 1024;
    private int securityLevel;
    private SecurityCallback securityCallback;
    private String serverName;
    private Ssl ssl;
    private List<X509Certificate> clientCaList;

    /** @param v the trust store's certificates, read at each verification  @return this */
    public VerifierConfig trustAnchors(Supplier<Collection<X509Certificate>> v) {
        trustAnchors = v;
        return this;
    }

    /** @param v whether the peer is the server (we are the client)  @return this */
    public VerifierConfig peerIsServer(boolean v) {
        peerIsServer = v;
        return this;
    }

    /** @param v {@code SSL_set_verify} mode; empty = {@code SSL_VERIFY_NONE}  @return this */
    public VerifierConfig verifyMode(Set<VerifyMode> v) {
        verifyMode = v;
        return this;
    }

    /** @param v the verify callback, or {@code null}  @return this */
    public VerifierConfig callback(VerifyCallback v) {
        callback = v;
        return this;
    }

    /** @param v {@code SSL_set_verify_depth}  @return this */
    public VerifierConfig verifyDepth(int v) {
        verifyDepth = v;
        return this;
    }

    /** @param v {@code X509_VERIFY_PARAM}  @return this */
    public VerifierConfig params(VerifyParams v) {
        params = v;
        return this;
    }

    /** @param v DANE settings, or {@code null}  @return this */
    public VerifierConfig dane(Dane v) {
        dane = v;
        return this;
    }

    /** @param v {@code SSL_set_max_cert_list}, bytes  @return this */
    public VerifierConfig maxCertList(long v) {
        maxCertList = v;
        return this;
    }

    /** @param v {@code SSL_set_security_level}  @return this */
    public VerifierConfig securityLevel(int v) {
        securityLevel = v;
        return this;
    }

    /** @param v {@code SSL_set_security_callback}, or {@code null}  @return this */
    public VerifierConfig securityCallback(SecurityCallback v) {
        securityCallback = v;
        return this;
    }

    /** @param v the SNI host name sent (client), or {@code null}  @return this */
    public VerifierConfig serverName(String v) {
        serverName = v;
        return this;
    }

    /** @param v the connection passed to the callbacks, or {@code null}  @return this */
    public VerifierConfig ssl(Ssl v) {
        ssl = v;
        return this;
    }

    /** @param v {@code SSL_set0_client_CA_list}, or {@code null} to offer the trust anchors  @return this */
    public VerifierConfig clientCaList(List<X509Certificate> v) {
        clientCaList = v;
        return this;
    }

    /**
     * @return a verifier with these values (see {@link CoreVerifier}'s constructor for their rules)
     * @throws NullPointerException if a required value is {@code null}
     * @throws IllegalArgumentException if the depth is negative or the cert list size not positive
     */
    public CoreVerifier newVerifier() {
        return new CoreVerifier(trustAnchors, peerIsServer, verifyMode, callback, verifyDepth, params, dane, maxCertList,
                securityLevel, securityCallback, serverName, ssl, clientCaList);
    }
}
