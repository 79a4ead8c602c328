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
