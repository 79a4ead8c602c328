package dev.sslkit.core.verify;

import dev.sslkit.Dane;
import dev.sslkit.SecurityCallback;
import dev.sslkit.Ssl;
import dev.sslkit.VerifyCallback;
import dev.sslkit.VerifyContext;
import dev.sslkit.VerifyMode;
import dev.sslkit.VerifyParams;
import dev.sslkit.spi.PeerVerifier;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Provider-independent verification of the peer's certificate chain: OpenSSL's
 * {@code ssl_verify_cert_chain} + {@code X509_verify_cert}, honouring the verify mode, callback and
 * depth ({@code SSL_set_verify}, {@code SSL_set_verify_depth}), {@code X509_VERIFY_PARAM} (hosts, IP,
 * e-mail, time, purpose), DANE ({@code SSL_dane_enable}), {@code SSL_set_max_cert_list} and the
 * security level ({@code SSL_set_security_level} / {@code SSL_set_security_callback}). A provider's
 * trust manager calls {@link #verify} and does no checks of its own.
 *
 * <p>One instance per connection and handshake, built by the engine driver from plain values.
 * {@link #verifyResult()} and {@link #calls()} tell the driver what {@code SSL_get_verify_result}
 * reports and whether the peer's chain was verified at all (it is not on session resumption).
 *
 * <h2>How a chain is checked</h2>
 * <ol>
 * <li><b>max cert list</b>: the size of the Certificate message body, {@code 3 + Σ(3 + DER length)},
 *     must not exceed {@code maxCertList}; otherwise it is refused in every verify mode (OpenSSL's
 *     {@code SSL_R_EXCESSIVE_MESSAGE_SIZE}), without touching the verify result.</li>
 * <li><b>chain building</b> ({@code build_chain}): from the leaf, each issuer is looked up first among
 *     the trust anchors (OpenSSL's default {@code X509_V_FLAG_TRUSTED_FIRST}), then among the
 *     certificates the peer sent, in any order. Issuers match by name (and key identifiers when both
 *     are present), preferring one whose key verifies the signature. Any trust-store certificate ends
 *     the chain as a trust anchor, self-signed or not (like the JDK's PKIX, and OpenSSL's
 *     {@code X509_V_FLAG_PARTIAL_CHAIN}). An untrusted chain gets, at its top depth,
 *     {@code DEPTH_ZERO_SELF_SIGNED_CERT} (18), {@code SELF_SIGNED_CERT_IN_CHAIN} (19) or
 *     {@code UNABLE_TO_GET_ISSUER_CERT_LOCALLY} (20).</li>
 * <li><b>depth</b>: as {@code X509_VERIFY_PARAM_set_depth} documents for OpenSSL 1.1+: the limit counts
 *     intermediate CA certificates only, neither the leaf nor the trust anchor. Depth 0 allows a leaf
 *     issued directly by a trust anchor; with depth 1, one intermediate. More intermediates than the
 *     limit give {@code CERT_CHAIN_TOO_LONG} (22) at the depth of the first one too many
 *     ({@code verifyDepth + 1}). For an untrusted chain every certificate above the leaf counts,
 *     except a self-signed top.</li>
 * <li><b>extensions</b> ({@code check_chain}): CA certificates need basicConstraints CA and, with a
 *     keyUsage, keyCertSign ({@code INVALID_CA} 24); path length constraints ({@code
 *     PATH_LENGTH_EXCEEDED} 25); the purpose ({@code params.purpose()}, default {@code sslserver} when
 *     the peer is the server, {@code sslclient} otherwise) must be in every extendedKeyUsage present,
 *     unless it has anyExtendedKeyUsage ({@code INVALID_PURPOSE} 26); unknown critical extensions
 *     ({@code UNHANDLED_CRITICAL_EXTENSION} 34).</li>
 * <li><b>security level</b> ({@code check_auth_level}): every key of the chain ({@code EE_KEY_TOO_SMALL}
 *     66 at depth 0, {@code CA_KEY_TOO_SMALL} 67 above) and every signature but the top one's
 *     ({@code CA_MD_TOO_WEAK} 68), by {@link SecurityLevels} or the security callback when set.</li>
 * <li><b>identity</b> ({@code check_id}) at depth 0: hosts ({@code HOSTNAME_MISMATCH} 62), e-mail (63),
 *     IP (64), see {@link NameChecks}. Expected hosts: {@code params.hosts()}; when empty, the DANE base
 *     domain if DANE is on; when still empty and the peer is the server, the SNI {@code serverName}.
 *     <b>The SNI fallback is sslkit's secure default</b>: OpenSSL checks no name unless
 *     {@code SSL_set1_host} was called. An SNI name that is an IP literal is checked as an IP.</li>
 * <li><b>DANE</b> (RFC 6698/7671 as OpenSSL implements them, when DANE is set with at least one
 *     record): DANE-EE(3) matching the leaf accepts it without PKIX, time or chain checks (RFC 7671
 *     5.1), with the name checks unless {@code noEeNamechecks}; DANE-TA(2) matching a certificate the
 *     peer sent above the leaf makes it the trust anchor; PKIX-EE(1) and PKIX-TA(0) (which may match the
 *     trust-store anchor) need the PKIX chain to succeed as well. No usable match gives
 *     {@code DANE_NO_MATCH} (65) at depth 0; with only DANE-TA/DANE-EE records the PKIX trust errors are
 *     then not reported, as PKIX was not asked for. Not implemented: DANE-TA records whose
 *     association is a full SPKI of an anchor the peer did not send.</li>
 * <li><b>signatures and time</b> ({@code internal_verify}): each signature by the next certificate
 *     ({@code CERT_SIGNATURE_FAILURE} 7; the trust anchor's own signature is not checked), and every
 *     certificate's validity at {@code params.time()} or now ({@code CERT_NOT_YET_VALID} 9,
 *     {@code CERT_HAS_EXPIRED} 10). Name constraints, when a CA carries them, are checked by the JDK's
 *     PKIX {@link CertPathValidator} (revocation off) ({@code PERMITTED_VIOLATION} 47).</li>
 * </ol>
 * <p><b>The callback</b> is then called once per depth, from the deepest (the trust anchor) to depth
 * 0, with {@code preverifyOk} = no error at that depth and the first error found there (in the order
 * above). {@code false} stops with that error ({@code X509_V_ERR_UNSPECIFIED} if there was none);
 * {@code true} overrides it. OpenSSL calls the callback once per error as each check runs, then once
 * per depth; sslkit's single pass from the top gives the callback the same decisions in a
 * predictable order. As in OpenSSL, an overridden error stays the verify result. Without a callback
 * the first error in that order fails.
 *
 * <p><b>Verify mode</b>: without {@link VerifyMode#PEER} ({@code SSL_VERIFY_NONE}) nothing is refused
 * (except an oversized list), but the result is still recorded and the callback still called.
 *
 * <p>Thread safety: a handshake calls {@link #verify} from one thread at a time; the counters are
 * safe to read from any thread.
 */
public final class CoreVerifier implements PeerVerifier {

    private static final String OID_EKU_SERVER = "1.3.6.1.5.5.7.3.1";
    private static final String OID_EKU_CLIENT = "1.3.6.1.5.5.7.3.2";
    private static final String OID_EKU_ANY = "2.5.29.37.0";
    private static final String OID_NAME_CONSTRAINTS = "2.5.29.30";
    private static final Set<String> HANDLED_CRITICAL = Set.of(
            "2.5.29.15", // keyUsage
            "2.5.29.19", // basicConstraints
            "2.5.29.17", // subjectAltName
            "2.5.29.18", // issuerAltName
            "2.5.29.37", // extendedKeyUsage
            OID_NAME_CONSTRAINTS,
            "2.5.29.32", // certificatePolicies
            "2.5.29.36", // policyConstraints
            "2.5.29.54", // inhibitAnyPolicy
            "2.5.29.35", // authorityKeyIdentifier
            "2.5.29.14"); // subjectKeyIdentifier

    private final Supplier<Collection<X509Certificate>> trustAnchors;
    private final boolean peerIsServer;
    private final Set<VerifyMode> verifyMode;
    private final VerifyCallback callback;
    private final int verifyDepth;
    private final VerifyParams params;
    private final Dane dane;
    private final long maxCertList;
    private final int securityLevel;
    private final SecurityCallback secCallback;
    private final String serverName;
    private final Ssl ssl;
    private final List<X509Certificate> clientCaList;

    private volatile long verifyResult = X509Error.OK;
    private volatile int calls;

    /**
     * Builds the verifier of one connection; every value is read as given, except the trust anchors,
     * which are read at each {@link #verify} (the trust store is shared with the context by
     * reference, as OpenSSL's {@code X509_STORE} is).
     *
     * @param trustAnchors  the trust store's certificates, read live
     * @param peerIsServer  whether the peer is the server (we are the client)
     * @param verifyMode    {@code SSL_set_verify} mode; empty = {@code SSL_VERIFY_NONE}
     * @param callback      the verify callback, or {@code null}
     * @param verifyDepth   {@code SSL_set_verify_depth}: the most intermediate CAs allowed (&ge; 0)
     * @param params        {@code X509_VERIFY_PARAM}
     * @param dane          DANE settings, or {@code null}
     * @param maxCertList   {@code SSL_set_max_cert_list}, in bytes (&gt; 0)
     * @param securityLevel {@code SSL_set_security_level}, 0..5
     * @param secCallback   {@code SSL_set_security_callback}, or {@code null} for the built-in table
     * @param serverName    the SNI host name we sent (client), or {@code null}
     * @param ssl           the connection, passed to the callbacks (may be {@code null})
     * @param clientCaList  {@code SSL_set0_client_CA_list}, or {@code null} to offer the trust anchors
     * @throws NullPointerException if a required value is {@code null}
     * @throws IllegalArgumentException if {@code verifyDepth < 0} or {@code maxCertList <= 0}
     */
    public CoreVerifier(Supplier<Collection<X509Certificate>> trustAnchors, boolean peerIsServer, Set<VerifyMode> verifyMode,
                        VerifyCallback callback, int verifyDepth, VerifyParams params, Dane dane, long maxCertList,
                        int securityLevel, SecurityCallback secCallback, String serverName, Ssl ssl,
                        List<X509Certificate> clientCaList) {
        this.trustAnchors = Objects.requireNonNull(trustAnchors, "trustAnchors must not be null");
        this.peerIsServer = peerIsServer;
        this.verifyMode = Set.copyOf(Objects.requireNonNull(verifyMode, "verifyMode must not be null"));
        this.callback = callback;
        if (verifyDepth < 0) {
            throw new IllegalArgumentException("verifyDepth must be >= 0: " + verifyDepth);
        }
        this.verifyDepth = verifyDepth;
        this.params = Objects.requireNonNull(params, "params must not be null");
        this.dane = dane;
        if (maxCertList <= 0) {
            throw new IllegalArgumentException("maxCertList must be > 0: " + maxCertList);
        }
        this.maxCertList = maxCertList;
        this.securityLevel = securityLevel;
        this.secCallback = secCallback;
        this.serverName = serverName;
        this.ssl = ssl;
        this.clientCaList = clientCaList == null ? null : List.copyOf(clientCaList);
    }

    /**
     * {@code SSL_get_verify_result}: {@code X509_V_OK} (0) until a chain was verified, then the last
     * error found (also when the callback overrode it), or 0.
     *
     * @return the verification result code ({@link X509Error})
     */
    public long verifyResult() {
        return verifyResult;
    }

    /** @return how many times {@link #verify} was called (0 after a resumed handshake) */
    public int calls() {
        return calls;
    }

    /**
     * The certificates a server names in its CertificateRequest: the client CA list when given
     * ({@code SSL_set0_client_CA_list}), else the trust anchors (what JSSE's trust managers offer).
     *
     * @return the certificates, possibly empty
     */
    @Override
    public X509Certificate[] acceptedIssuers() {
        if (clientCaList != null) {
            return clientCaList.toArray(new X509Certificate[0]);
        }
        Collection<X509Certificate> a = trustAnchors.get();
        return a == null ? new X509Certificate[0] : a.toArray(new X509Certificate[0]);
    }

    /**
     * Verifies the peer's chain: {@code ssl_verify_cert_chain}. See the class description for the checks.
     *
     * @param chain    the peer's chain as sent, leaf first
     * @param authType ignored (OpenSSL does not check the chain against the key exchange)
     * @throws CertificateVerifyException if the chain is refused (verify mode PEER); its message is
     *         {@code certificate verify failed: <text> (X509 error <code> at depth <d>)}
     * @throws CertificateException if the list exceeds {@code max_cert_list} or is empty
     */
    @Override
    public void verify(X509Certificate[] chain, String authType) throws CertificateException {
        synchronized (this) {
            calls++;
        }
        if (chain == null || chain.length == 0 || Arrays.asList(chain).contains(null)) {
            throw new CertificateException("certificate verify failed: the peer sent no certificate");
        }
        checkMaxCertList(chain);
        Outcome o = check(Arrays.asList(chain));
        verifyResult = o.result;
        if (o.failure != null && verifyMode.contains(VerifyMode.PEER)) {
            throw o.failure;
        }
    }

    private void checkMaxCertList(X509Certificate[] chain) throws CertificateException {
        long total = 3;
        for (X509Certificate c : chain) {
            total += 3 + c.getEncoded().length;
        }
        if (total > maxCertList) {
            throw new CertificateException("excessive message size: the peer's certificate list is " + total
                    + " bytes, more than max_cert_list (" + maxCertList + ")");
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static final class Outcome {
        final long result;
        final CertificateVerifyException failure;

        Outcome(long result, CertificateVerifyException failure) {
            this.result = result;
            this.failure = failure;
        }
    }

    /** The chain being verified: leaf first, the anchor (if any) last, with one error slot per depth. */
    private static final class Chain {
        final List<X509Certificate> certs = new ArrayList<>();
        /** sigOk[i]: whether certs[i]'s signature verified with certs[i+1]'s key (null = not checked yet) */
        final List<Boolean> sigOk = new ArrayList<>();
        boolean trusted;
        boolean topSelfSigned;
        int[] errors;

        void error(int depth, int code) {
            if (errors[depth] == X509Error.OK) {
                errors[depth] = code;
            }
        }

        int size() {
            return certs.size();
        }
    }

    private Outcome check(List<X509Certificate> peer) {
        Collection<X509Certificate> anchorsLive = trustAnchors.get();
        List<X509Certificate> anchors = anchorsLive == null ? List.of() : new ArrayList<>(anchorsLive);
        Date at = Date.from(Objects.requireNonNullElseGet(params.time(), Instant::now));
        List<String> hosts = expectedHosts();

        Chain ch;
        boolean daneActive = dane != null && !dane.records().isEmpty();
        boolean daneEe = false;
        boolean daneMatched = false;
        boolean hasPkixRecords = false;
        if (daneActive) {
            for (Dane.Tlsa r : dane.records()) {
                hasPkixRecords |= r.usage() == Dane.PKIX_TA || r.usage() == Dane.PKIX_EE;
            }
            if (anyMatch(Dane.DANE_EE, peer.get(0))) {
                daneEe = true;
                daneMatched = true;
            }
        }
        if (daneEe) {
            // DANE-EE(3): the leaf alone, no chain, no time checks (RFC 7671 section 5.1; OpenSSL's dane_verify)
            ch = new Chain();
            ch.certs.add(peer.get(0));
            ch.trusted = true;
            ch.errors = new int[1];
            if (!dane.noEeNamechecks()) {
                checkIdentity(ch, hosts);
            }
            if (!SecurityLevels.allowsKey(securityLevel, secCallback, ssl, peer.get(0).getPublicKey())) {
                ch.error(0, X509Error.EE_KEY_TOO_SMALL);
            }
            return runCallbacks(ch);
        }
        ch = build(peer, anchors);
        if (daneActive) {
            // DANE-TA(2): a certificate the peer sent above the leaf becomes the trust anchor
            for (int d = 1; d < ch.size() && !daneMatched; d++) {
                X509Certificate c = ch.certs.get(d);
                if (peer.contains(c) && anyMatch(Dane.DANE_TA, c)) {
                    while (ch.size() > d + 1) {
                        ch.certs.remove(ch.size() - 1);
                        ch.sigOk.remove(ch.sigOk.size() - 1);
                    }
                    ch.trusted = true;
                    ch.topSelfSigned = false;
                    daneMatched = true;
                }
            }
        }
        ch.errors = new int[ch.size()];
        int n = ch.size();

        // build_chain errors: depth limit, then trust
        int intermediates = ch.trusted ? Math.max(0, n - 2) : (n - 1 - (ch.topSelfSigned && n > 1 ? 1 : 0));
        if (intermediates > verifyDepth) {
            ch.error(verifyDepth + 1, X509Error.CERT_CHAIN_TOO_LONG);
        }
        boolean pkixOk = ch.trusted;
        if (!ch.trusted && !(daneActive && !hasPkixRecords)) {
            int code = ch.topSelfSigned
                    ? (n == 1 ? X509Error.DEPTH_ZERO_SELF_SIGNED_CERT : X509Error.SELF_SIGNED_CERT_IN_CHAIN)
                    : X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
            ch.error(n - 1, code);
        }

        checkExtensions(ch);
        checkAuthLevel(ch);
        checkIdentity(ch, hosts);

        if (daneActive && !daneMatched && pkixOk) {
            // PKIX-EE(1) on the leaf; PKIX-TA(0) on any certificate above it, the trust anchor included
            daneMatched = anyMatch(Dane.PKIX_EE, ch.certs.get(0));
            for (int d = 1; d < n && !daneMatched; d++) {
                daneMatched = anyMatch(Dane.PKIX_TA, ch.certs.get(d));
            }
        }
        if (daneActive && !daneMatched) {
            ch.error(0, X509Error.DANE_NO_MATCH);
        }

        checkSignaturesAndTime(ch, at);
        checkNameConstraints(ch, at);
        return runCallbacks(ch);
    }

    private List<String> expectedHosts() {
        if (!params.hosts().isEmpty()) {
            return params.hosts();
        }
        if (dane != null) {
            return List.of(dane.baseDomain());
        }
        if (peerIsServer && serverName != null && !serverName.isEmpty()) {
            return List.of(serverName);
        }
        return List.of();
    }

    // ---- build_chain ------------------------------------------------------------------------------

    private Chain build(List<X509Certificate> peer, List<X509Certificate> anchors) {
        Chain ch = new Chain();
        List<X509Certificate> pool = new ArrayList<>(peer.subList(1, peer.size()));
        X509Certificate cur = peer.get(0);
        ch.certs.add(cur);
        int limit = peer.size() + 2;
        while (ch.size() <= limit) {
            if (anchors.contains(cur)) {
                ch.trusted = true;
                ch.topSelfSigned = isSelfIssued(cur);
                return ch;
            }
            Candidate a = findIssuer(cur, anchors, ch.certs);
            if (a != null) {
                ch.sigOk.add(a.verified);
                ch.certs.add(a.cert);
                ch.trusted = true;
                ch.topSelfSigned = isSelfIssued(a.cert);
                return ch;
            }
            if (isSelfIssued(cur) && verifies(cur, cur)) {
                ch.topSelfSigned = true;
                return ch;
            }
            Candidate u = findIssuer(cur, pool, ch.certs);
            if (u == null) {
                return ch;
            }
            ch.sigOk.add(u.verified);
            ch.certs.add(u.cert);
            pool.remove(u.cert);
            cur = u.cert;
        }
        return ch;
    }

    private static final class Candidate {
        final X509Certificate cert;
        final boolean verified;

        Candidate(X509Certificate cert, boolean verified) {
            this.cert = cert;
            this.verified = verified;
        }
    }

    /** OpenSSL's {@code check_issued} by name (+ key identifiers), preferring a signature that verifies. */
    private static Candidate findIssuer(X509Certificate c, List<X509Certificate> from, List<X509Certificate> used) {
        X509Certificate first = null;
        for (X509Certificate i : from) {
            if (i.equals(c) || used.contains(i) || !i.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                continue;
            }
            if (!keyIdsMatch(c, i)) {
                continue;
            }
            if (verifies(c, i)) {
                return new Candidate(i, true);
            }
            if (first == null) {
                first = i;
            }
        }
        return first == null ? null : new Candidate(first, false);
    }

    private static boolean keyIdsMatch(X509Certificate child, X509Certificate issuer) {
        byte[] aki = KeyIds.authorityKeyId(child);
        byte[] ski = KeyIds.subjectKeyId(issuer);
        return aki == null || ski == null || Arrays.equals(aki, ski);
    }

    private static boolean isSelfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    private static boolean verifies(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    // ---- check_chain --------------------------------------------------------------------------------

    private void checkExtensions(Chain ch) {
        int n = ch.size();
        String purpose = params.purpose() != null ? params.purpose() : (peerIsServer ? "sslserver" : "sslclient");
        String ekuOid = purpose.equals("sslserver") ? OID_EKU_SERVER : OID_EKU_CLIENT;
        int lastAnchor = ch.trusted ? n - 1 : n;
        for (int d = 0; d < n; d++) {
            X509Certificate c = ch.certs.get(d);
            Set<String> crit = c.getCriticalExtensionOIDs();
            if (crit != null) {
                for (String oid : crit) {
                    if (!HANDLED_CRITICAL.contains(oid)) {
                        ch.error(d, X509Error.UNHANDLED_CRITICAL_EXTENSION);
                    }
                }
            }
            if (d > 0) {
                boolean isAnchor = d == lastAnchor;
                int bc = c.getBasicConstraints();
                boolean[] ku = c.getKeyUsage();
                if (!isAnchor && (bc < 0 || (ku != null && ku.length > 5 && !ku[5]))) {
                    ch.error(d, X509Error.INVALID_CA);
                }
                // number of non-self-issued intermediates below this CA, as RFC 5280 counts for pathLen
                int below = 0;
                for (int k = 1; k < d; k++) {
                    if (!isSelfIssued(ch.certs.get(k))) {
                        below++;
                    }
                }
                if (bc >= 0 && below > bc) {
                    ch.error(d, X509Error.PATH_LENGTH_EXCEEDED);
                }
                if (isAnchor) {
                    continue;
                }
            }
            if (!ekuAllows(c, ekuOid)) {
                ch.error(d, X509Error.INVALID_PURPOSE);
            }
        }
    }

    private static boolean ekuAllows(X509Certificate c, String oid) {
        List<String> eku;
        try {
            eku = c.getExtendedKeyUsage();
        } catch (Exception e) {
            return false;
        }
        return eku == null || eku.contains(oid) || eku.contains(OID_EKU_ANY);
    }

    // ---- check_auth_level -----------------------------------------------------------------------------

    private void checkAuthLevel(Chain ch) {
        int n = ch.size();
        for (int d = 0; d < n; d++) {
            X509Certificate c = ch.certs.get(d);
            if (!SecurityLevels.allowsKey(securityLevel, secCallback, ssl, c.getPublicKey())) {
                ch.error(d, d == 0 ? X509Error.EE_KEY_TOO_SMALL : X509Error.CA_KEY_TOO_SMALL);
            }
            if (d < n - 1 && !SecurityLevels.allowsSignature(securityLevel, secCallback, ssl, c)) {
                ch.error(d, X509Error.CA_MD_TOO_WEAK);
            }
        }
    }

    // ---- check_id -------------------------------------------------------------------------------------

    private void checkIdentity(Chain ch, List<String> hosts) {
        X509Certificate leaf = ch.certs.get(0);
        if (!hosts.isEmpty()) {
            boolean any = false;
            boolean allIp = true;
            for (String h : hosts) {
                boolean ip = NameChecks.isIpLiteral(h);
                allIp &= ip;
                if (ip ? NameChecks.matchesIp(leaf, h) : NameChecks.matchesHost(leaf, h, params.noWildcards(), params.noPartialWildcards())) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                ch.error(0, allIp ? X509Error.IP_ADDRESS_MISMATCH : X509Error.HOSTNAME_MISMATCH);
            }
        }
        if (params.email() != null && !NameChecks.matchesEmail(leaf, params.email())) {
            ch.error(0, X509Error.EMAIL_MISMATCH);
        }
        if (params.ip() != null && !NameChecks.matchesIp(leaf, params.ip())) {
            ch.error(0, X509Error.IP_ADDRESS_MISMATCH);
        }
    }

    // ---- DANE ---------------------------------------------------------------------------------------

    private boolean anyMatch(int usage, X509Certificate c) {
        for (Dane.Tlsa r : dane.records()) {
            if (r.usage() == usage && tlsaMatches(r, c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a TLSA record matches a certificate: selector 0 = the certificate's DER, 1 = its
     * SubjectPublicKeyInfo; matching type 0 = the bytes themselves, 1 = SHA-256, 2 = SHA-512.
     *
     * @param r a record
     * @param c a certificate
     * @return whether the association data equals the selected, matched bytes
     */
    static boolean tlsaMatches(Dane.Tlsa r, X509Certificate c) {
        try {
            byte[] sel = r.selector() == Dane.SELECTOR_CERT ? c.getEncoded() : c.getPublicKey().getEncoded();
            byte[] data;
            switch (r.mtype()) {
                case Dane.MATCH_FULL: data = sel; break;
                case Dane.MATCH_SHA256: data = MessageDigest.getInstance("SHA-256").digest(sel); break;
                case Dane.MATCH_SHA512: data = MessageDigest.getInstance("SHA-512").digest(sel); break;
                default: return false;
            }
            return MessageDigest.isEqual(data, r.data());
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            return false;
        }
    }

    // ---- internal_verify ------------------------------------------------------------------------------

    private void checkSignaturesAndTime(Chain ch, Date at) {
        int n = ch.size();
        for (int d = n - 1; d >= 0; d--) {
            X509Certificate c = ch.certs.get(d);
            if (d < n - 1) {
                Boolean ok = ch.sigOk.get(d);
                if (ok == null) {
                    ok = verifies(c, ch.certs.get(d + 1));
                }
                if (!ok) {
                    ch.error(d, X509Error.CERT_SIGNATURE_FAILURE);
                }
            }
            try {
                c.checkValidity(at);
            } catch (CertificateExpiredException e) {
                ch.error(d, X509Error.CERT_HAS_EXPIRED);
            } catch (CertificateNotYetValidException e) {
                ch.error(d, X509Error.CERT_NOT_YET_VALID);
            }
        }
    }

    private void checkNameConstraints(Chain ch, Date at) {
        int n = ch.size();
        if (!ch.trusted || n < 2) {
            return;
        }
        boolean any = false;
        for (int d = 1; d < n; d++) {
            Set<String> ext = ch.certs.get(d).getCriticalExtensionOIDs();
            Set<String> non = ch.certs.get(d).getNonCriticalExtensionOIDs();
            any |= (ext != null && ext.contains(OID_NAME_CONSTRAINTS)) || (non != null && non.contains(OID_NAME_CONSTRAINTS));
        }
        if (!any) {
            return;
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            PKIXParameters p = new PKIXParameters(Collections.singleton(new TrustAnchor(ch.certs.get(n - 1), null)));
            p.setRevocationEnabled(false);
            p.setDate(at);
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(ch.certs.subList(0, n - 1)), p);
        } catch (CertPathValidatorException e) {
            if (e.getReason() == PKIXReason.INVALID_NAME && e.getIndex() >= 0 && e.getIndex() < n) {
                ch.error(e.getIndex(), X509Error.PERMITTED_VIOLATION);
            }
        } catch (Exception e) {
            // the JDK could not evaluate the path: sslkit's own checks stand
        }
    }

    // ---- the verify callback --------------------------------------------------------------------------

    private Outcome runCallbacks(Chain ch) {
        int n = ch.size();
        long last = X509Error.OK;
        List<X509Certificate> view = Collections.unmodifiableList(ch.certs);
        for (int d = n - 1; d >= 0; d--) {
            int err = ch.errors[d];
            boolean ok = err == X509Error.OK;
            if (!ok) {
                last = err;
            }
            if (callback == null) {
                if (!ok) {
                    return new Outcome(err, new CertificateVerifyException(err, d, null));
                }
                continue;
            }
            boolean go;
            try {
                go = callback.verify(ok, new Ctx(d, ch.certs.get(d), view, err, ssl));
            } catch (RuntimeException e) {
                int code = ok ? X509Error.UNSPECIFIED : err;
                return new Outcome(code, new CertificateVerifyException(code, d, e));
            }
            if (!go) {
                int code = ok ? X509Error.UNSPECIFIED : err;
                return new Outcome(code, new CertificateVerifyException(code, d, null));
            }
        }
        return new Outcome(last, null);
    }

    private static final class Ctx implements VerifyContext {
        private final int depth;
        private final X509Certificate cert;
        private final List<X509Certificate> chain;
        private final int error;
        private final Ssl ssl;

        Ctx(int depth, X509Certificate cert, List<X509Certificate> chain, int error, Ssl ssl) {
            this.depth = depth;
            this.cert = cert;
            this.chain = chain;
            this.error = error;
            this.ssl = ssl;
        }

        @Override
        public int errorDepth() {
            return depth;
        }

        @Override
        public X509Certificate currentCertificate() {
            return cert;
        }

        @Override
        public List<X509Certificate> chain() {
            return chain;
        }

        @Override
        public int error() {
            return error;
        }

        @Override
        public String errorString() {
            return X509Error.text(error);
        }

        @Override
        public Ssl ssl() {
            return ssl;
        }

        @Override
        public String toString() {
            return "VerifyContext[depth " + depth + ", " + errorString() + ", " + cert.getSubjectX500Principal() + "]";
        }
    }
}
