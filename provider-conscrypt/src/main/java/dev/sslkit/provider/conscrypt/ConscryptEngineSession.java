package dev.sslkit.provider.conscrypt;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.spi.EngineSession;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * One negotiated Conscrypt session ({@code SSL_SESSION}), as a snapshot taken when the handshake
 * finished: Conscrypt's live session object reads the native {@code SSL}, which {@code SSL_free}
 * releases, so nothing here touches the engine afterwards.
 *
 * <p>A client session carries the synthetic {@link ClientKey} its engine was made with; Conscrypt
 * keeps the native session(s) under that key, TLS 1.3 tickets included (they arrive after the
 * handshake, with the server's first application data, and are single-use: each resumption
 * consumes one and the resumed connection brings new ones under the same key).
 */
final class ConscryptEngineSession implements EngineSession {
    private final ConscryptContext context;
    final ClientKey key;
    private final byte[] id;
    private final ProtocolVersion protocol;
    private final String cipherSuite;
    private final List<X509Certificate> peerCertificates;
    private final long creationTime;
    private volatile boolean invalidated;

    ConscryptEngineSession(ConscryptContext context, SSLSession s, ClientKey key) {
        this.context = context;
        this.key = key;
        byte[] i = s.getId();
        this.id = i == null ? new byte[0] : i.clone();
        this.protocol = ProtocolVersion.ofName(s.getProtocol());
        this.cipherSuite = s.getCipherSuite();
        this.peerCertificates = peers(s);
        this.creationTime = s.getCreationTime();
    }

    private static List<X509Certificate> peers(SSLSession s) {
        Certificate[] certs;
        try {
            certs = s.getPeerCertificates();
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            return List.of();
        }
        List<X509Certificate> out = new ArrayList<>(certs.length);
        for (Certificate c : certs) {
            if (c instanceof X509Certificate) {
                out.add((X509Certificate) c);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** @return whether a client engine of {@code ctx} can make Conscrypt offer this session */
    boolean offerable(ConscryptContext ctx) {
        return ctx == context && key != null && !invalidated;
    }

    @Override
    public byte[] id() {
        return id.clone();
    }

    @Override
    public ProtocolVersion protocol() {
        return protocol;
    }

    @Override
    public String cipherSuite() {
        return cipherSuite;
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        return peerCertificates;
    }

    @Override
    public long creationTimeMillis() {
        return creationTime;
    }

    /**
     * Client: not invalidated, and Conscrypt's client cache holds a valid session under this
     * session's key (for TLS 1.3: a ticket arrived and is not used up). Server: not invalidated
     * (a Conscrypt server resumes stateless tickets, and its session-id cache, by itself).
     */
    @Override
    public boolean isResumable() {
        if (invalidated) {
            return false;
        }
        if (key == null) {
            return true;
        }
        return context.cachedClientSessions(key) > 0;
    }

    /**
     * Never offered again by sslkit (a later client engine gets a fresh key). Limit: Conscrypt has
     * no public way to drop one entry of its caches (its session views throw on
     * {@code invalidate()}); a client's entry ages out of the bounded cache, and a server that issued
     * a stateless ticket resumes it if a client (not sslkit's) offers it.
     */
    @Override
    public void invalidate() {
        invalidated = true;
    }

    @Override
    public String toString() {
        return "ConscryptEngineSession[" + protocol + ", " + cipherSuite + (key == null ? "" : ", " + key) + "]";
    }
}
