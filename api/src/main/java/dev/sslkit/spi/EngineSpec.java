package dev.sslkit.spi;

import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.VerifyMode;

import java.util.Set;

/**
 * What core gives a provider to make one connection's engine: the resolved configuration (every
 * setting's value in force when the handshake started — defaults applied, the protocol version kept
 * by {@code clear()} applied — frozen, and already validated against the provider's declared
 * {@link Capabilities} by core's settings gate, so an engine applies values and never checks them),
 * the session to offer, and core's verifier, key selector and event sink. Valid for the engine's life;
 * it never changes and never reaches back into the connection.
 */
public interface EngineSpec {
    /** @return whether the engine is a client */
    boolean clientMode();

    /**
     * @param setting a setting
     * @param <T> its type
     * @return its resolved value for this handshake (explicit or default), fixed when the handshake started
     */
    <T> T get(Setting<T> setting);

    /** @return the verify mode in force, with sslkit's role default resolved ({@code {PEER}} for clients) */
    Set<VerifyMode> verifyMode();

    /** @return the SNI host name to send (client), or {@code null} */
    String serverName();

    /** @return the provider session to offer for resumption (client), or {@code null} for a full handshake */
    EngineSession sessionToResume();

    /**
     * For a server that lets sslkit decide which session to resume: core's cache lookup with
     * OpenSSL's rules (internal cache, get callback, id context, timeout, statistics).
     *
     * @param id the session id the client offered
     * @return the provider session to resume, or {@code null} for a full handshake
     * @throws dev.sslkit.SslException to fail the handshake, e.g. {@code SESSION_ID_CONTEXT_UNINITIALIZED} when
     *         a server that verifies clients has no session id context
     */
    default EngineSession findSession(byte[] id) throws dev.sslkit.SslException {
        return null;
    }

    /**
     * @return the security level ({@code SSL_set_security_level} and its callback) as algorithm
     *         constraints a provider can install on its engine (cipher suites, groups and signature
     *         schemes it negotiates), or {@code null} for none
     */
    default java.security.AlgorithmConstraints algorithmConstraints() {
        return null;
    }

    /** @return core's peer verification: the provider's trust manager must delegate to it */
    PeerVerifier verifier();

    /** @return core's key selection: the provider's key manager must delegate to it */
    KeySelector keySelector();

    /** @return where the provider reports alerts and messages it sees */
    EngineEvents events();
}
