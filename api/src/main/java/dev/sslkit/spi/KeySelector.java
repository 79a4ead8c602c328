package dev.sslkit.spi;

import dev.sslkit.CertifiedKey;

import java.security.Principal;

/** Core's choice of the local key and chain among the connection's {@code CERTIFICATES}. */
public interface KeySelector {
    /**
     * @param keyTypes acceptable key algorithms as JSSE names them ({@code EC}, {@code RSA}, {@code RSASSA-PSS}, {@code EdDSA}...)
     * @param issuers  acceptable issuers, or {@code null} for any
     * @return the key and chain to use, or {@code null} if none fits
     */
    CertifiedKey select(String[] keyTypes, Principal[] issuers);
}
