package dev.sslkit.provider.jsse;

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
 * One JSSE session, with the synthetic client key it is cached under (clients only).
 *
 * <p>A client session can be offered again ({@link #offerable}) while it is valid and no later full
 * handshake stored another session under its key. TLS 1.3: JSSE keeps only the newest ticket per
 * key, so offering an older session of a lineage (A, after B resumed from A and got a ticket)
 * offers the newest ticket of that same lineage: same server, same original authentication.
 */
final class JsseSession implements EngineSession {
    private final JsseContext context;
    final SSLSession session;
    final ClientKey key;
    private final int generation;
    private boolean released;

    JsseSession(JsseContext context, SSLSession session, ClientKey key, int generation) {
        this.context = context;
        this.session = session;
        this.key = key;
        this.generation = generation;
        if (key != null) {
            key.retain();
        }
    }

    /** @return whether a client engine of {@code ctx} can make JSSE offer this session */
    boolean offerable(JsseContext ctx) {
        return ctx == context && key != null && session.isValid() && key.generation() == generation;
    }

    @Override
    public byte[] id() {
        return session.getId().clone();
    }

    @Override
    public ProtocolVersion protocol() {
        return ProtocolVersion.ofName(session.getProtocol());
    }

    @Override
    public String cipherSuite() {
        return session.getCipherSuite();
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        Certificate[] certs;
        try {
            certs = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
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

    @Override
    public long creationTimeMillis() {
        return session.getCreationTime();
    }

    /**
     * Client: valid, not replaced under its key, and in JSSE's client cache (for TLS 1.3: a
     * NewSessionTicket of this lineage arrived and sslkit has not dropped the key). Server: valid (a server that issued a stateless ticket resumes it
     * whatever this says, see {@link #invalidate()}).
     */
    @Override
    public boolean isResumable() {
        if (!session.isValid()) {
            return false;
        }
        if (key == null) {
            return true;
        }
        if (key.generation() != generation) {
            return false;
        }
        if ("TLSv1.3".equals(session.getProtocol())) {
            // JSSE files each TLS 1.3 ticket as a new session under the key, with an id of its own
            return key.hasTicket();
        }
        return context.sslContext().getClientSessionContext().getSession(session.getId()) != null;
    }

    /**
     * {@code SSLSession.invalidate()}: removes it from JSSE's caches (a client's also drops the
     * entry of its key). Limit: a JSSE server that issued a stateless session ticket (the default,
     * {@code jdk.tls.server.enableSessionTicketExtension}) keeps no state for it, so invalidating the
     * server's session does not stop a client that still holds the ticket from resuming.
     */
    @Override
    public void invalidate() {
        session.invalidate();
    }

    /**
     * A client session's cache entry is keyed by its synthetic key, which the sessions of one lineage
     * share (the full handshake's, and those of the connections that resumed it, with their TLS 1.3
     * tickets). Once sslkit lets go of the last of them nobody can offer the key again: drop the
     * entry, or JSSE's client cache would fill with dead sessions (up to its size limit). A server
     * session stays: a client may still hold it.
     */
    @Override
    public void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        if (key != null && key.releaseOne()) {
            key.dropTickets();
            javax.net.ssl.SSLSession cached = context.sslContext().getClientSessionContext().getSession(session.getId());
            if (cached != null) {
                cached.invalidate();
            }
            session.invalidate();
        }
    }

    @Override
    public String toString() {
        return "JsseSession[" + session.getProtocol() + ", " + session.getCipherSuite() + (key == null ? "" : ", " + key) + "]";
    }
}
