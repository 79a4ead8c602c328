package dev.sslkit;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain, leaf first: one slot of OpenSSL's {@code CERT}
 * ({@code SSL_use_certificate} + {@code SSL_use_PrivateKey} + {@code SSL_set1_chain}).
 *
 * @param privateKey the private key
 * @param chain      the certificate chain, leaf first, at least the leaf
 */
public record CertifiedKey(PrivateKey privateKey, List<X509Certificate> chain) {
    public CertifiedKey {
        Objects.requireNonNull(privateKey, "privateKey must not be null");
        Objects.requireNonNull(chain, "chain must not be null");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least the leaf certificate");
        }
    }

    /** @param key the private key  @param chain leaf first  @return the pair */
    public static CertifiedKey of(PrivateKey key, X509Certificate... chain) {
        return new CertifiedKey(key, List.of(chain));
    }

    /** @return the leaf certificate */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** @return the key algorithm of the leaf's public key, e.g. {@code EC} or {@code RSA} */
    public String keyType() {
        return leaf().getPublicKey().getAlgorithm();
    }
}
