package dev.sslkit.provider.jsse;

import dev.sslkit.SslException;
import dev.sslkit.spi.TlsEngine;
import dev.sslkit.spi.TlsEngine.EngineResult;
import dev.sslkit.spi.TlsEngine.HandshakeState;
import dev.sslkit.spi.TlsEngine.Status;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Two engines connected by two heap buffers (kept in write mode), pumped by hand through the SPI. */
final class Pump {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    final TlsEngine client;
    final TlsEngine server;
    final ByteBuffer c2s = ByteBuffer.allocate(1 << 17);
    final ByteBuffer s2c = ByteBuffer.allocate(1 << 17);

    Pump(TlsEngine client, TlsEngine server) {
        this.client = client;
        this.server = server;
    }

    /** Runs the handshake to the end, then lets the client read what followed it (TLS 1.3 tickets). */
    Pump handshake() throws SslException {
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 200; i++) {
            boolean progress = step(client, s2c, c2s);
            progress |= step(server, c2s, s2c);
            if (!progress && client.handshakeState() == HandshakeState.NOT_HANDSHAKING
                    && server.handshakeState() == HandshakeState.NOT_HANDSHAKING) {
                return this;
            }
        }
        fail("handshake did not finish: client " + client.handshakeState() + ", server " + server.handshakeState());
        return this;
    }

    /** One engine does all it can: tasks, wraps, unwraps of what is buffered. @return whether anything happened */
    static boolean step(TlsEngine e, ByteBuffer in, ByteBuffer out) throws SslException {
        boolean progress = false;
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        for (int k = 0; k < 100; k++) {
            HandshakeState h = e.handshakeState();
            if (h == HandshakeState.NEED_TASK) {
                Runnable t;
                while ((t = e.delegatedTask()) != null) {
                    t.run();
                }
                progress = true;
            } else if (h == HandshakeState.NEED_WRAP) {
                EngineResult r = e.wrap(EMPTY, out);
                if (r.produced == 0) {
                    return progress;
                }
                progress = true;
            } else {
                in.flip();
                EngineResult r;
                try {
                    r = e.unwrap(in, app);
                } finally {
                    in.compact();
                }
                if (r.consumed == 0) {
                    return progress;
                }
                progress = true;
            }
        }
        return progress;
    }

    /** Sends text from one side and checks the other reads exactly it. */
    void send(boolean fromClient, String text) throws SslException {
        TlsEngine from = fromClient ? client : server;
        TlsEngine to = fromClient ? server : client;
        ByteBuffer net = fromClient ? c2s : s2c;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer src = ByteBuffer.wrap(bytes);
        while (src.hasRemaining()) {
            EngineResult w = from.wrap(src, net);
            assertEquals(Status.OK, w.status);
            assertTrue(w.consumed > 0);
        }
        ByteBuffer app = ByteBuffer.allocate(bytes.length + to.applicationBufferSize());
        net.flip();
        try {
            while (net.hasRemaining() && app.position() < bytes.length) {
                EngineResult r = to.unwrap(net, app);
                assertEquals(Status.OK, r.status);
                if (r.consumed == 0) {
                    break;
                }
            }
        } finally {
            net.compact();
        }
        app.flip();
        assertEquals(text, StandardCharsets.UTF_8.decode(app).toString());
    }

    /** close_notify from one side, then the other's reply; both end fully closed. */
    void close(boolean clientFirst) throws SslException {
        TlsEngine first = clientFirst ? client : server;
        TlsEngine second = clientFirst ? server : client;
        ByteBuffer firstOut = clientFirst ? c2s : s2c;
        ByteBuffer secondOut = clientFirst ? s2c : c2s;
        first.closeOutbound();
        EngineResult r = first.wrap(EMPTY, firstOut);
        assertEquals(Status.CLOSED, r.status);
        assertTrue(r.produced > 0, "close_notify produced");
        assertTrue(first.isOutboundDone());
        drain(second, firstOut);
        assertTrue(second.isInboundDone(), "peer's close_notify read");
        second.closeOutbound();
        second.wrap(EMPTY, secondOut);
        assertTrue(second.isOutboundDone());
        drain(first, secondOut);
        assertTrue(first.isInboundDone(), "reply close_notify read");
    }

    private static void drain(TlsEngine e, ByteBuffer in) throws SslException {
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        in.flip();
        try {
            while (in.hasRemaining()) {
                EngineResult r = e.unwrap(in, app);
                if (r.consumed == 0 || r.status == Status.CLOSED) {
                    break;
                }
            }
        } finally {
            in.compact();
        }
    }

    void free() {
        client.free();
        server.free();
    }
}
