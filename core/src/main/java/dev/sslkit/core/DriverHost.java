package dev.sslkit.core;

import dev.sslkit.InfoCallback;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.core.bio.CoreBio;
import dev.sslkit.core.engine.EngineDriver;
import dev.sslkit.spi.TlsEngine;

/**
 * What a connection's {@link EngineDriver} asks of it: the BIOs the connection owns, the modes and
 * options in force, the callbacks, and the {@link HandshakeOutcome} at the points where records
 * become sessions.
 */
final class DriverHost implements EngineDriver.Host {
    private final SslImpl conn;

    DriverHost(SslImpl conn) {
        this.conn = conn;
    }

    @Override
    public CoreBio rbio() {
        return conn.readBio();
    }

    @Override
    public CoreBio wbio() {
        return conn.writeBio();
    }

    @Override
    public String describe() {
        return conn.describe();
    }

    @Override
    public boolean server() {
        return conn.server();
    }

    @Override
    public boolean hasMode(SslMode mode) {
        return conn.setting(Setting.MODE).contains(mode);
    }

    @Override
    public boolean hasOption(SslOption option) {
        return conn.setting(Setting.OPTIONS).contains(option);
    }

    @Override
    public dev.sslkit.ProtocolVersion negotiatedVersion() {
        SessionImpl s = conn.session();
        return conn.driver().phase() == EngineDriver.Phase.ESTABLISHED && s != null ? s.protocol() : null;
    }

    /**
     * Issue 9 item 3: the peer started a TLS 1.2 renegotiation (a TLS 1.3 key update is not one).
     * OpenSSL 3.0's default allows it and reports it: {@code SSL_CB_HANDSHAKE_START} to the info
     * callback, one more {@code SSL_CTX_sess_accept_renegotiate} / {@code connect_renegotiate};
     * {@code SSL_OP_NO_RENEGOTIATION} refuses it.
     */
    @Override
    public Boolean peerRenegotiation() {
        SessionImpl s = conn.session();
        if (s == null || s.protocol() == dev.sslkit.ProtocolVersion.TLS1_3) {
            return null;
        }
        if (conn.setting(Setting.OPTIONS).contains(SslOption.NO_RENEGOTIATION)) {
            return Boolean.FALSE;
        }
        conn.outcome().renegotiationStarted(conn.server());
        conn.info(InfoCallback.HANDSHAKE_START, 1);
        return Boolean.TRUE;
    }

    @Override
    public boolean quietShutdown() {
        return conn.setting(Setting.QUIET_SHUTDOWN);
    }

    @Override
    public void startHandshake() throws SslException {
        conn.startHandshake();
    }

    @Override
    public void info(int where, int ret) {
        conn.info(where, ret);
    }

    @Override
    public void handshakeFinishing(TlsEngine engine) throws SslException {
        conn.outcome().finishing(engine, conn.server(), conn.spec().looksResumed());
    }

    @Override
    public void handshakeFinished(TlsEngine engine) throws SslException {
        conn.verifyResult(conn.spec().verifyResult());
        conn.outcome().finished(engine, conn.server());
    }

    @Override
    public void postHandshakeRecord() {
        conn.outcome().pollTickets(conn.driver().engine());
    }

    @Override
    public void failed(SslException failure) {
        // R5, last sentence: a connection that fails removes the session it used or offered
        conn.outcome().failed(conn.session());
        conn.info(conn.server() ? InfoCallback.ACCEPT_EXIT : InfoCallback.CONNECT_EXIT, -1);
    }
}
