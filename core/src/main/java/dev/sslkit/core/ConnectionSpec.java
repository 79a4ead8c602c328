package dev.sslkit.core;

import dev.sslkit.CustomExtension;
import dev.sslkit.InfoCallback;
import dev.sslkit.MsgCallback;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SessionIdGenerator;
import dev.sslkit.SslException;
import dev.sslkit.VerifyMode;
import dev.sslkit.core.verify.CoreKeySelector;
import dev.sslkit.core.verify.CoreVerifier;
import dev.sslkit.core.verify.SecurityLevels;
import dev.sslkit.core.verify.VerifierConfig;
import dev.sslkit.spi.EngineEvents;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.KeySelector;
import dev.sslkit.spi.PeerVerifier;

import java.security.AlgorithmConstraints;
import java.util.List;
import java.util.Set;

/**
 * What the provider sees of one connection's handshake ({@link EngineSpec}) and where it reports
 * what it sees ({@link EngineEvents}). Made at the first handshake step; valid for the engine's life.
 */
final class ConnectionSpec implements EngineSpec, EngineEvents {
    private final SslImpl conn;
    private final boolean client;
    private final EngineSession toResume;
    private final ProtocolVersion pin;
    private final CoreVerifier verifier;
    private final CoreKeySelector keySelector;
    private final HandshakeOutcome outcome;
    /** Every setting's value for this handshake, defaults and the kept protocol version applied; never changes. */
    private final Object[] resolved;
    private final Set<VerifyMode> verifyMode;

    /**
     * The spec of the handshake {@code conn} is starting: a verifier and a key selector built from its
     * settings now.
     *
     * @param conn the connection  @param toResume the session a client offers, or {@code null}
     * @param pin the protocol version kept by {@code clear()}, or {@code null}  @param outcome its outcome
     * @return the spec
     */
    static ConnectionSpec forHandshake(SslImpl conn, EngineSession toResume, ProtocolVersion pin, HandshakeOutcome outcome) {
        boolean server = conn.server();
        CoreVerifier verifier = new VerifierConfig()
                .trustAnchors(conn.ctx::trustAnchors)
                .peerIsServer(!server)
                .verifyMode(conn.verifyMode())
                .callback(conn.setting(Setting.VERIFY_CALLBACK))
                .verifyDepth(conn.setting(Setting.VERIFY_DEPTH))
                .params(conn.setting(Setting.VERIFY_PARAM))
                .dane(conn.setting(Setting.DANE))
                .maxCertList(conn.setting(Setting.MAX_CERT_LIST))
                .securityLevel(conn.setting(Setting.SECURITY_LEVEL))
                .securityCallback(conn.setting(Setting.SECURITY_CALLBACK))
                .serverName(conn.setting(Setting.SERVER_NAME))
                .ssl(conn)
                .clientCaList(conn.setting(Setting.CLIENT_CA_LIST))
                .newVerifier();
        CoreKeySelector keySelector = new CoreKeySelector(conn.setting(Setting.CERTIFICATES));
        return new ConnectionSpec(conn, !server, toResume, pin, verifier, keySelector, outcome);
    }

    private ConnectionSpec(SslImpl conn, boolean client, EngineSession toResume, ProtocolVersion pin, CoreVerifier verifier,
                   CoreKeySelector keySelector, HandshakeOutcome outcome) {
        this.conn = conn;
        this.client = client;
        this.toResume = toResume;
        this.pin = pin;
        this.verifier = verifier;
        this.keySelector = keySelector;
        this.outcome = outcome;
        this.verifyMode = conn.verifyMode();
        List<Setting<?>> all = Setting.values();
        Object[] r = new Object[all.size()];
        for (Setting<?> s : all) {
            r[s.index()] = conn.setting(s);
        }
        if (pin != null) {
            r[Setting.MIN_PROTO_VERSION.index()] = pin;
            r[Setting.MAX_PROTO_VERSION.index()] = pin;
        }
        this.resolved = r;
    }

    @Override
    public boolean clientMode() {
        return client;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) resolved[setting.index()];
    }

    @Override
    public Set<VerifyMode> verifyMode() {
        return verifyMode;
    }

    @Override
    public String serverName() {
        return get(Setting.SERVER_NAME);
    }

    @Override
    public EngineSession sessionToResume() {
        return toResume;
    }

    @Override
    public AlgorithmConstraints algorithmConstraints() {
        return SecurityLevels.constraints(conn.setting(Setting.SECURITY_LEVEL), conn.setting(Setting.SECURITY_CALLBACK), conn);
    }

    @Override
    public EngineSession findSession(byte[] id) throws SslException {
        return outcome.findForServer(id, conn.sessionIdContext(), conn.verifyMode().contains(VerifyMode.PEER));
    }

    /** @return whether the handshake looks resumed to core: no key selected (server) or no peer verified (client) */
    boolean looksResumed() {
        return client ? verifier.calls() == 0 : keySelector.calls() == 0;
    }

    /** @return {@code SSL_get_verify_result} of this handshake */
    long verifyResult() {
        return verifier.verifyResult();
    }

    @Override
    public PeerVerifier verifier() {
        return verifier;
    }

    @Override
    public KeySelector keySelector() {
        return keySelector;
    }

    @Override
    public EngineEvents events() {
        return this;
    }

    @Override
    public byte[] addExtension(CustomExtension extension) {
        return extension.add().add(conn);
    }

    @Override
    public boolean parseExtension(CustomExtension extension, byte[] data) {
        return extension.parse().parse(conn, data);
    }

    @Override
    public int generateSessionId(SessionIdGenerator generator, byte[] id) {
        return generator.generate(conn, id);
    }

    @Override
    public void alert(boolean sent, boolean fatal, int description) {
        conn.info(sent ? InfoCallback.WRITE_ALERT : InfoCallback.READ_ALERT, ((fatal ? 2 : 1) << 8) | description);
    }

    @Override
    public void message(boolean sent, int version, int contentType, byte[] bytes) {
        MsgCallback cb = conn.setting(Setting.MSG_CALLBACK);
        if (cb != null) {
            cb.onMessage(sent, version, contentType, bytes.clone(), conn);
        }
    }
}
