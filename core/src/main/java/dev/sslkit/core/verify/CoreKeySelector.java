package dev.sslkit.core.verify;

import dev.sslkit.CertifiedKey;
import dev.sslkit.spi.KeySelector;

import java.security.Principal;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.EdECKey;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.x500.X500Principal;

/**
 * Chooses the local key and chain among a connection's {@code CERTIFICATES} slots, as OpenSSL picks
 * among the {@code CERT_PKEY} slots ({@code tls_choose_sigalg} / {@code ssl_get_server_cert_index}
 * and, for clients, {@code tls_process_cert_request}): the first slot whose key type is acceptable
 * and, when the peer named acceptable issuers, one whose chain contains such an issuer; if no slot
 * matches the issuers, the first slot of an acceptable type (OpenSSL also sends its certificate when
 * the CA names do not match).
 *
 * <p>Key type names are those JSSE and BCJSSE pass to {@code choose*Alias}:
 * <ul>
 * <li>key algorithms: {@code RSA}, {@code RSASSA-PSS} (an RSA key serves it too), {@code EC},
 *     {@code ECDSA}, {@code EdDSA}, {@code Ed25519}, {@code Ed448}, {@code DSA}, {@code DH};</li>
 * <li>TLS 1.2 key-exchange names: {@code ECDHE_ECDSA}, {@code ECDHE_RSA}, {@code DHE_RSA},
 *     {@code DHE_DSS}, {@code SRP_RSA}, {@code SRP_DSS}, {@code RSA_PSK};</li>
 * <li>JSSE's legacy {@code KEY_SIG} names ({@code EC_EC}, {@code EC_RSA}, {@code DH_RSA},
 *     {@code DH_DSA}): the key's type, then the algorithm that signed the leaf.</li>
 * </ul>
 * Thread-safe (its slots are immutable).
 */
public final class CoreKeySelector implements KeySelector {

    private final List<CertifiedKey> keys;
    private final AtomicInteger calls = new AtomicInteger();

    /**
     * @param keys the connection's key slots, in preference order
     * @throws NullPointerException if {@code keys} is {@code null}
     */
    public CoreKeySelector(List<CertifiedKey> keys) {
        this.keys = List.copyOf(Objects.requireNonNull(keys, "keys must not be null"));
    }

    /** @return how many times {@link #select} was called */
    public int calls() {
        return calls.get();
    }

    /**
     * {@code ssl_get_server_cert_index} / the client's certificate choice.
     *
     * @param keyTypes acceptable key types (see the class description); {@code null} or empty = none
     * @param issuers  acceptable issuers, or {@code null}/empty for any
     * @return the first fitting slot, or {@code null}
     */
    @Override
    public CertifiedKey select(String[] keyTypes, Principal[] issuers) {
        calls.incrementAndGet();
        if (keyTypes == null) {
            return null;
        }
        CertifiedKey firstTypeMatch = null;
        for (CertifiedKey k : keys) {
            if (!typeMatches(k, keyTypes)) {
                continue;
            }
            if (issuers == null || issuers.length == 0 || issuerMatches(k, issuers)) {
                return k;
            }
            if (firstTypeMatch == null) {
                firstTypeMatch = k;
            }
        }
        return firstTypeMatch;
    }

    private static boolean typeMatches(CertifiedKey k, String[] keyTypes) {
        for (String t : keyTypes) {
            if (t != null && matches(k.leaf(), t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param leaf    a leaf certificate
     * @param keyType a JSSE/BCJSSE key type name
     * @return whether the leaf's key (and, for {@code KEY_SIG} names, its signature) fits
     */
    static boolean matches(X509Certificate leaf, String keyType) {
        PublicKey pk = leaf.getPublicKey();
        String alg = keyAlg(pk);
        String t = keyType.toUpperCase(Locale.ROOT);
        switch (t) {
            case "RSA":
            case "DHE_RSA":
            case "ECDHE_RSA":
            case "SRP_RSA":
            case "RSA_PSK":
                return alg.equals("RSA");
            case "RSASSA-PSS":
                return alg.equals("RSA") || alg.equals("RSASSA-PSS");
            case "EC":
            case "ECDSA":
            case "ECDHE_ECDSA":
                return alg.equals("EC");
            case "EDDSA":
                return alg.equals("ED25519") || alg.equals("ED448");
            case "ED25519":
            case "ED448":
                return alg.equals(t);
            case "DSA":
            case "DHE_DSS":
            case "SRP_DSS":
                return alg.equals("DSA");
            case "DH":
                return alg.equals("DH");
            default:
                break;
        }
        int u = t.indexOf('_');
        if (u > 0) {
            // JSSE's legacy KEY_SIG form: EC_EC, EC_RSA, DH_RSA, DH_DSA
            String key = t.substring(0, u);
            String sig = t.substring(u + 1);
            String sigAlg = leaf.getSigAlgName().toUpperCase(Locale.ROOT);
            boolean keyOk = key.equals("EC") ? alg.equals("EC") : key.equals(alg);
            boolean sigOk = sig.equals("EC") ? sigAlg.contains("ECDSA") : sigAlg.contains(sig);
            return keyOk && sigOk;
        }
        return false;
    }

    private static String keyAlg(PublicKey pk) {
        if (pk instanceof EdECKey) {
            return ((EdECKey) pk).getParams().getName().toUpperCase(Locale.ROOT);
        }
        String a = pk.getAlgorithm().toUpperCase(Locale.ROOT);
        return a.equals("ECDSA") ? "EC" : a;
    }

    private static boolean issuerMatches(CertifiedKey k, Principal[] issuers) {
        for (X509Certificate c : k.chain()) {
            X500Principal iss = c.getIssuerX500Principal();
            for (Principal p : issuers) {
                if (p == null) {
                    continue;
                }
                if (p instanceof X500Principal ? iss.equals(p) : sameName(iss, p)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameName(X500Principal iss, Principal p) {
        try {
            return iss.equals(new X500Principal(p.getName()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
