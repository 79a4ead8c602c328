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
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;

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
 * <li><b>chain building</b> ({@code build_chain}): from the leaf, each issuer is chosen as OpenSSL 3.0
 *     chooses it: first among the trust anchors (OpenSSL's default {@code X509_V_FLAG_TRUSTED_FIRST}),
 *     then among the certificates the peer sent, in any order, by name, authority/subject key
 *     identifiers, issuer and serial, and a decodable key of the type the signature needs; the first
 *     time-valid match wins, else the one expiring last (so a renewed intermediate or root is chosen
 *     over its expired twin). No signature is checked while building: the cost is linear in the
 *     certificates sent (at most {@code verifyDepth + 1} intermediates are linked), and a wrong choice
 *     is reported as a signature failure, as OpenSSL does. A certificate whose extensions do not decode
 *     is never linked or trusted ({@link CertInfo}). Any trust-store certificate ends the chain as a
 *     trust anchor, self-signed or not (like the JDK's PKIX, and OpenSSL's
 *     {@code X509_V_FLAG_PARTIAL_CHAIN}). An untrusted chain gets, at its top depth,
 *     {@code DEPTH_ZERO_SELF_SIGNED_CERT} (18), {@code SELF_SIGNED_CERT_IN_CHAIN} (19) or
 *     {@code UNABLE_TO_GET_ISSUER_CERT_LOCALLY} (20).</li>
 * <li><b>depth</b>: as {@code X509_VERIFY_PARAM_set_depth} documents for OpenSSL 1.1+: the limit counts
 *     intermediate CA certificates only, neither the leaf nor the trust anchor. Depth 0 allows a leaf
 *     issued directly by a trust anchor; with depth 1, one intermediate. More intermediates than the
 *     limit give {@code CERT_CHAIN_TOO_LONG} (22) at the depth of the first one too many
 *     ({@code verifyDepth + 1}). For an untrusted chain every certificate above the leaf counts,
 *     except a self-signed top.</li>
 * <li><b>extensions</b> ({@code check_extensions}, OpenSSL 3.0): critical extensions outside OpenSSL's
 *     {@code X509_supported_extension} set ({@code UNHANDLED_CRITICAL_EXTENSION} 34); proxy certificates
 *     (40); every certificate above the leaf, the trust anchor included, must be a CA by OpenSSL's
 *     {@code check_ca} (basicConstraints CA, keyUsage with keyCertSign if present; intermediates need
 *     basicConstraints) ({@code INVALID_CA} 79); the purpose ({@code params.purpose()}, default
 *     {@code sslserver} when the peer is the server, {@code sslclient} otherwise) at every depth, the
 *     trust anchor included, as {@code X509_check_purpose} judges it: extendedKeyUsage (anyExtendedKeyUsage
 *     alone does not do), nsCertType, and for the leaf keyUsage digitalSignature / keyEncipherment /
 *     keyAgreement (server) or digitalSignature / keyAgreement (client) ({@code INVALID_PURPOSE} 26);
 *     path length constraints ({@code PATH_LENGTH_EXCEEDED} 25).</li>
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
 *     {@code CERT_HAS_EXPIRED} 10); an issuer whose keyUsage lacks keyCertSign
 *     ({@code KEYUSAGE_NO_CERTSIGN} 32) or whose key does not decode (6).</li>
 * <li><b>name constraints</b> ({@code check_name_constraints}): every certificate but a self-issued
 *     intermediate against the constraints of every CA above it, <em>the trust anchor included</em>, for
 *     DNS, IPv4/IPv6, e-mail, directory names and URIs ({@link NameConstraintChecks}: 47, 48, 49, 51,
 *     52, 53). Whatever cannot be judged fails.</li>
 * </ol>
 * <p><b>The callback</b> is then called once per depth, from the deepest (the trust anchor) to depth
 * 0, with {@code preverifyOk} = no error at that depth and the first error found there (in the order
 * above). {@code false} stops with that error ({@code X509_V_ERR_UNSPECIFIED} if there was none);
 * {@code true} overrides it. OpenSSL calls the callback once per error as each check runs, then once
 * per depth; sslkit's single pass from the top gives the callback the same decisions in a
 * predictable order. As in OpenSSL, an overridden error stays the verify result. Without a callback
 * the first error in that order fails.
 *
 * <p><b>Fail closed</b>: extensions are decoded by sslkit, strictly ({@link CertInfo}), never through
 * the JDK's accessors that return {@code null} for what they cannot decode; a key that does not decode
 * fails the security level check (66/67) instead of throwing; an exception inside a check is a failure
 * ({@code UNSPECIFIED}), never a skipped check. Revocation (CRL, OCSP) is not checked.
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
    private static final String OID_NS_SGC = "2.16.840.1.113730.4.1";
    private static final String OID_MS_SGC = "1.3.6.1.4.1.311.10.3.3";

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
    private volatile long lastBuildWork;

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

    /**
     * The work the last chain building did: issuer candidates examined plus signatures checked. For
     * tests that bound path building's cost (issue 10 item 5) by counting rather than timing.
     *
     * @return the count for the last {@link #verify}, 0 before the first
     */
    long lastBuildWork() {
        return lastBuildWork;
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
        Outcome o;
        try {
            o = check(Arrays.asList(chain));
        } catch (RuntimeException e) {
            // fail closed: a check that could not run is a verification failure, never a skipped check
            o = new Outcome(X509Error.UNSPECIFIED, new CertificateVerifyException(X509Error.UNSPECIFIED, 0, e));
        }
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
        /** what sslkit decoded of each certificate, parallel to {@code certs} */
        final List<CertInfo> infos = new ArrayList<>();
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
            ch.infos.add(CertInfo.of(peer.get(0)));
            ch.trusted = true;
            ch.errors = new int[1];
            if (!dane.noEeNamechecks()) {
                checkIdentity(ch, hosts);
            }
            if (!keyAllowed(peer.get(0))) {
                ch.error(0, X509Error.EE_KEY_TOO_SMALL);
            }
            return runCallbacks(ch);
        }
        ch = build(peer, anchors, at);
        if (daneActive) {
            // DANE-TA(2): a certificate the peer sent above the leaf becomes the trust anchor
            for (int d = 1; d < ch.size() && !daneMatched; d++) {
                X509Certificate c = ch.certs.get(d);
                if (peer.contains(c) && anyMatch(Dane.DANE_TA, c)) {
                    while (ch.size() > d + 1) {
                        ch.certs.remove(ch.size() - 1);
                        ch.infos.remove(ch.infos.size() - 1);
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
        boolean tooLong = intermediates > verifyDepth;
        if (tooLong) {
            ch.error(verifyDepth + 1, X509Error.CERT_CHAIN_TOO_LONG);
        }
        boolean pkixOk = ch.trusted;
        // a chain cut at the depth limit reports only that (OpenSSL's build_chain)
        if (!ch.trusted && !tooLong && !(daneActive && !hasPkixRecords)) {
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
        checkNameConstraints(ch);
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

    /** The most certificates a chain may hold, whatever the depth setting. */
    private static final int MAX_PATH = 1024;

    /**
     * OpenSSL 3.0's {@code build_chain}, with its issuer choice, at a cost linear in the certificates
     * offered (for a given depth limit), with no signature checked while building.
     *
     * <p>At each step the issuer of the current top is looked up by name in hash maps, first among the
     * trust anchors ({@code X509_V_FLAG_TRUSTED_FIRST}), then among the certificates the peer sent, and
     * filtered as {@code X509_check_issued} does ({@code ossl_x509_likely_issued}): the authority key
     * identifier against the subject key identifier, issuer name and serial; the issuer's key must
     * decode and be of the type the signature algorithm needs; a certificate with an invalid extension
     * is never linked. Among the matches the first time-valid one wins, else the one expiring last
     * (OpenSSL's {@code find_issuer}): so a renewed intermediate is preferred to its expired twin
     * wherever the peer puts it. Building stops at a trust anchor, at a certificate that is likely
     * self-signed (self-issued, its own key identifiers and key type consistent), when no issuer is
     * found, or at the depth limit ({@code verifyDepth} + 1 intermediates, to report the excess).
     * Choosing the issuer by signature (instead of by name and identifiers, as OpenSSL does) would
     * accept chains OpenSSL refuses; {@code internal_verify} reports a wrong choice as a signature
     * failure, as OpenSSL does.
     */
    private final class Search {
        final Set<X509Certificate> anchorSet;
        final Map<X509Certificate, CertInfo> infos = new IdentityHashMap<>();
        final Index anchorIndex = new Index();
        final Index poolIndex = new Index();
        final Date at;
        final int limit;
        long work;

        Search(List<X509Certificate> peer, List<X509Certificate> anchors, Date at) {
            this.at = at;
            this.anchorSet = new HashSet<>(anchors);
            for (X509Certificate a : anchors) {
                anchorIndex.add(a, info(a));
            }
            Set<X509Certificate> seen = new HashSet<>();
            for (X509Certificate c : peer.subList(1, peer.size())) {
                if (seen.add(c)) {
                    poolIndex.add(c, info(c));
                }
            }
            // leaf + (verifyDepth + 1) intermediates + anchor: one more than allowed, to report the excess
            this.limit = (int) Math.min(MAX_PATH, Math.min((long) verifyDepth + 3, (long) peer.size() + 2));
        }

        CertInfo info(X509Certificate c) {
            return infos.computeIfAbsent(c, CertInfo::of);
        }

        /** {@code find_issuer}: the first time-valid likely issuer, else the one expiring last. */
        X509Certificate issuer(X509Certificate c, Index from, List<X509Certificate> path) {
            CertInfo ci = info(c);
            X509Certificate best = null;
            for (X509Certificate i : from.candidates(c.getIssuerX500Principal(), ci.akidKeyId)) {
                work++;
                if (i == c || path.contains(i) || !likelyIssued(ci, info(i))) {
                    continue;
                }
                if (timeValid(i)) {
                    return i;
                }
                if (best == null || i.getNotAfter().after(best.getNotAfter())) {
                    best = i;
                }
            }
            return best;
        }

        boolean timeValid(X509Certificate c) {
            try {
                c.checkValidity(at);
                return true;
            } catch (CertificateException | RuntimeException e) {
                return false;
            }
        }

        /** Builds the chain in place; {@code true} if it ends at a trust anchor. */
        boolean build(List<X509Certificate> path) {
            while (true) {
                X509Certificate cur = path.get(path.size() - 1);
                CertInfo ci = info(cur);
                if (ci.invalid) {
                    return false; // OpenSSL 3.0 neither trusts nor links a certificate whose extensions do not decode
                }
                if (anchorSet.contains(cur)) {
                    return true;
                }
                if (path.size() >= limit) {
                    return false;
                }
                X509Certificate a = issuer(cur, anchorIndex, path);
                if (a != null) {
                    path.add(a);
                    return true;
                }
                if (likelySelfSigned(ci)) {
                    return false;
                }
                X509Certificate u = issuer(cur, poolIndex, path);
                if (u == null) {
                    return false;
                }
                path.add(u);
            }
        }
    }

    /**
     * Certificates by subject name, and by subject key identifier within a name: a child that names its
     * issuer's key identifier examines only the certificates with that identifier (and those without
     * one), so a chain linked by key identifiers is built in time linear in its length, however many
     * certificates share the name.
     */
    private static final class Index {
        final Map<X500Principal, List<X509Certificate>> byName = new HashMap<>();
        final Map<X500Principal, List<X509Certificate>> withoutSkid = new HashMap<>();
        final Map<X500Principal, Map<java.nio.ByteBuffer, List<X509Certificate>>> bySkid = new HashMap<>();

        void add(X509Certificate c, CertInfo info) {
            X500Principal name = c.getSubjectX500Principal();
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(c);
            if (info.skid == null) {
                withoutSkid.computeIfAbsent(name, k -> new ArrayList<>()).add(c);
            } else {
                bySkid.computeIfAbsent(name, k -> new HashMap<>())
                        .computeIfAbsent(java.nio.ByteBuffer.wrap(info.skid), k -> new ArrayList<>()).add(c);
            }
        }

        /** In the order they were added, as OpenSSL scans its lists. */
        List<X509Certificate> candidates(X500Principal name, byte[] akidKeyId) {
            if (akidKeyId == null) {
                return byName.getOrDefault(name, List.of());
            }
            List<X509Certificate> keyed = bySkid.getOrDefault(name, Map.of()).getOrDefault(java.nio.ByteBuffer.wrap(akidKeyId), List.of());
            List<X509Certificate> rest = withoutSkid.getOrDefault(name, List.of());
            if (rest.isEmpty()) {
                return keyed;
            }
            Set<X509Certificate> keep = Collections.newSetFromMap(new IdentityHashMap<>());
            keep.addAll(keyed);
            keep.addAll(rest);
            List<X509Certificate> all = new ArrayList<>(byName.get(name));
            all.removeIf(c -> !keep.contains(c));
            return all;
        }
    }

    /** OpenSSL's {@code ossl_x509_likely_issued} after the name match: identifiers, a usable key of the right type. */
    static boolean likelyIssued(CertInfo child, CertInfo issuer) {
        return !issuer.invalid && akidMatches(child, issuer) && CertInfo.keyFitsSignature(issuer.keyType, child.sigKeyType);
    }

    /** OpenSSL's {@code EXFLAG_SS}: self-issued, its own AKID consistent, its key type fits its signature. */
    static boolean likelySelfSigned(CertInfo c) {
        return !c.invalid && c.selfIssued && akidMatches(c, c) && CertInfo.keyFitsSignature(c.keyType, c.sigKeyType);
    }

    /** OpenSSL's {@code X509_check_akid}: key identifier, then issuer name and serial, when the AKID gives them. */
    private static boolean akidMatches(CertInfo child, CertInfo issuer) {
        if (child.akidKeyId != null && issuer.skid != null && !Arrays.equals(child.akidKeyId, issuer.skid)) {
            return false;
        }
        if (child.akidSerial != null && !Arrays.equals(child.akidSerial, issuer.serial)) {
            return false;
        }
        if (!child.akidIssuers.isEmpty()) {
            for (byte[] n : child.akidIssuers) {
                if (new X500Principal(n).equals(new X500Principal(issuer.issuerDer))) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private Chain build(List<X509Certificate> peer, List<X509Certificate> anchors, Date at) {
        Search s = new Search(peer, anchors, at);
        List<X509Certificate> path = new ArrayList<>();
        path.add(peer.get(0));
        boolean trusted = s.build(path);
        lastBuildWork = s.work;
        Chain ch = new Chain();
        for (X509Certificate c : path) {
            ch.certs.add(c);
            ch.infos.add(s.info(c));
        }
        for (int i = 0; i + 1 < path.size(); i++) {
            ch.sigOk.add(null);
        }
        ch.trusted = trusted;
        CertInfo top = ch.infos.get(ch.size() - 1);
        ch.topSelfSigned = trusted ? top.selfIssued : likelySelfSigned(top);
        return ch;
    }

    private static boolean verifies(X509Certificate c, X509Certificate issuer) {
        try {
            PublicKey k = issuer.getPublicKey();
            if (k == null) {
                return false;
            }
            c.verify(k);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    // ---- check_extensions -----------------------------------------------------------------------------

    private boolean purposeIsServer() {
        String purpose = params.purpose() != null ? params.purpose() : (peerIsServer ? "sslserver" : "sslclient");
        return purpose.equals("sslserver");
    }

    /**
     * OpenSSL 3.0's {@code check_extensions} and {@code check_purpose}: invalid extensions (41),
     * critical extensions outside OpenSSL's set (34), proxy certificates (40), CA-ness of every
     * certificate above the leaf, trust anchor included ({@code check_ca}: 79), the purpose at every
     * depth ({@code X509_check_purpose}: 26) and path length constraints (25).
     */
    private void checkExtensions(Chain ch) {
        int n = ch.size();
        boolean server = purposeIsServer();
        int plen = 0;
        for (int d = 0; d < n; d++) {
            CertInfo ci = ch.infos.get(d);
            if (ci.invalid) {
                ch.error(d, X509Error.INVALID_EXTENSION);
            }
            for (String oid : ci.criticalOids) {
                if (!CertInfo.SUPPORTED_CRITICAL.contains(oid)) {
                    ch.error(d, X509Error.UNHANDLED_CRITICAL_EXTENSION);
                }
            }
            if (ci.allOids.contains(CertInfo.OID_PROXY_CERT_INFO)) {
                ch.error(d, X509Error.PROXY_CERTIFICATES_NOT_ALLOWED);
            }
            boolean selfSigned = d == n - 1 && ch.topSelfSigned;
            if (d > 0) {
                int ca = ci.caStatus(selfSigned);
                if (ca == 0 || (d < n - 1 && ca != 1)) {
                    ch.error(d, X509Error.INVALID_CA);
                }
            }
            if (!purposeOk(ci, server, d > 0, selfSigned)) {
                ch.error(d, X509Error.INVALID_PURPOSE);
            }
            if (d > 1 && ci.pathLen >= 0 && plen > ci.pathLen) {
                ch.error(d, X509Error.PATH_LENGTH_EXCEEDED);
            }
            if (d > 0 && !ci.selfIssued) {
                plen++;
            }
        }
    }

    /** {@code check_purpose_ssl_server} / {@code check_purpose_ssl_client} of OpenSSL 3.0's {@code v3_purp.c}. */
    static boolean purposeOk(CertInfo ci, boolean server, boolean ca, boolean selfSigned) {
        if (server ? ci.ekuRejects(OID_EKU_SERVER, OID_NS_SGC, OID_MS_SGC) : ci.ekuRejects(OID_EKU_CLIENT)) {
            return false;
        }
        if (ca) {
            if (ci.caStatus(selfSigned) == 0) {
                return false;
            }
            return ci.nsCertType < 0 || (ci.nsCertType & CertInfo.NS_SSL_CA) != 0;
        }
        if (server) {
            return !ci.nsRejects(CertInfo.NS_SSL_SERVER)
                    && !ci.kuRejects(CertInfo.KU_DIGITAL_SIGNATURE | CertInfo.KU_KEY_ENCIPHERMENT | CertInfo.KU_KEY_AGREEMENT);
        }
        return !ci.kuRejects(CertInfo.KU_DIGITAL_SIGNATURE | CertInfo.KU_KEY_AGREEMENT) && !ci.nsRejects(CertInfo.NS_SSL_CLIENT);
    }

    // ---- check_auth_level -----------------------------------------------------------------------------

    private void checkAuthLevel(Chain ch) {
        int n = ch.size();
        for (int d = 0; d < n; d++) {
            X509Certificate c = ch.certs.get(d);
            if (!keyAllowed(c)) {
                ch.error(d, d == 0 ? X509Error.EE_KEY_TOO_SMALL : X509Error.CA_KEY_TOO_SMALL);
            }
            if (d < n - 1 && !signatureAllowed(c)) {
                ch.error(d, X509Error.CA_MD_TOO_WEAK);
            }
        }
    }

    /** {@code check_key_level}; a key that cannot be decoded is never allowed (fail closed, as OpenSSL). */
    private boolean keyAllowed(X509Certificate c) {
        try {
            PublicKey k = c.getPublicKey();
            return k != null && SecurityLevels.allowsKey(securityLevel, secCallback, ssl, k);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean signatureAllowed(X509Certificate c) {
        try {
            return SecurityLevels.allowsSignature(securityLevel, secCallback, ssl, c);
        } catch (RuntimeException e) {
            return false;
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
            byte[] sel = r.selector() == Dane.SELECTOR_CERT ? c.getEncoded() : CertInfo.of(c).spki;
            if (sel == null) {
                return false;
            }
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

    /**
     * OpenSSL 3.0's {@code internal_verify}: from the top, each issuer must be allowed to sign
     * certificates ({@code KEYUSAGE_NO_CERTSIGN} 32 at the issuer's depth) and have a decodable key
     * ({@code UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY} 6 there), the signature must verify (7), and every
     * certificate must be valid at the verification time (9, 10).
     */
    private void checkSignaturesAndTime(Chain ch, Date at) {
        int n = ch.size();
        for (int d = n - 1; d >= 0; d--) {
            X509Certificate c = ch.certs.get(d);
            if (d < n - 1) {
                CertInfo issuer = ch.infos.get(d + 1);
                if (issuer.kuRejects(CertInfo.KU_KEY_CERT_SIGN)) {
                    ch.error(d + 1, X509Error.KEYUSAGE_NO_CERTSIGN);
                }
                if (!hasKey(ch.certs.get(d + 1))) {
                    ch.error(d + 1, X509Error.UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY);
                }
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
            } catch (RuntimeException e) {
                ch.error(d, X509Error.ERROR_IN_CERT_NOT_AFTER_FIELD);
            }
        }
    }

    private static boolean hasKey(X509Certificate c) {
        try {
            return c.getPublicKey() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * OpenSSL 3.0's {@code check_name_constraints}: every certificate but a self-issued intermediate
     * against the name constraints of every CA above it, trust anchor included (see
     * {@link NameConstraintChecks}); the error is reported at the constrained certificate's depth.
     */
    private void checkNameConstraints(Chain ch) {
        int n = ch.size();
        for (int i = n - 1; i >= 0; i--) {
            CertInfo x = ch.infos.get(i);
            if (i != 0 && x.selfIssued) {
                continue;
            }
            for (int j = n - 1; j > i; j--) {
                CertInfo.NameConstraints nc = ch.infos.get(j).nc;
                if (nc == null) {
                    continue;
                }
                int r;
                try {
                    r = NameConstraintChecks.check(x, i == 0, nc);
                } catch (RuntimeException e) {
                    r = X509Error.UNSPECIFIED; // fail closed: a check that cannot run is a failure
                }
                if (r != X509Error.OK) {
                    ch.error(i, r);
                }
            }
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
