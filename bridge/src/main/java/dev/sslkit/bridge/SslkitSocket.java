package dev.sslkit.bridge;

import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A blocking {@code SSLSocket} over an sslkit engine ({@link SslkitEngine}: one {@code Ssl} with memory
 * BIOs) layered on a plain {@link java.net.Socket}: OpenSSL's {@code SSL_set_fd} usage, with the records
 * moved by this class. Reading and writing may happen on two threads at once (HTTP/2 clients do); the
 * handshake runs once, on the first I/O or {@link #startHandshake()}.
 *
 * <p>{@link #close()} sends close_notify ({@code SSL_shutdown}), closes the plain socket when this socket
 * owns it (auto-close) and frees the connection; a socket dropped unclosed is freed by the engine's cleaner.
 *
 * <p>Thread safety: one reader and one writer at a time; settings before the handshake.
 */
final class SslkitSocket extends SSLSocket {
    private final SslkitEngine engine;
    private final java.net.Socket raw;
    private final boolean autoClose;
    private final Object handshakeLock = new Object();
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private final List<HandshakeCompletedListener> listeners = new CopyOnWriteArrayList<>();
    private final ByteBuffer netIn = ByteBuffer.allocate(BridgeSession.PACKET_BUFFER_SIZE); // write mode
    private final ByteBuffer netOut = ByteBuffer.allocate(BridgeSession.PACKET_BUFFER_SIZE);
    private final ByteBuffer appIn = ByteBuffer.allocate(BridgeSession.APPLICATION_BUFFER_SIZE).flip(); // read mode
    private volatile boolean handshaken;
    private volatile boolean closed;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    SslkitSocket(BridgeContext bridge, java.net.Socket raw, String host, int port, boolean autoClose, boolean clientMode) {
        this.engine = new SslkitEngine(bridge, host, port);
        this.engine.setUseClientMode(clientMode);
        this.raw = raw;
        this.autoClose = autoClose;
    }

    SslkitEngine engine() {
        return engine;
    }

    // ---- handshake ----------------------------------------------------------------------------------

    @Override
    public void startHandshake() throws IOException {
        checkOpen();
        synchronized (handshakeLock) {
            if (handshaken) {
                return;
            }
            engine.beginHandshake();
            for (;;) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_WRAP) {
                    synchronized (writeLock) {
                        wrap(ByteBuffer.allocate(0));
                    }
                } else if (hs == HandshakeStatus.NEED_UNWRAP) {
                    synchronized (readLock) {
                        if (!unwrapOnce()) {
                            throw new SSLException("sslkit: the peer closed the connection during the handshake");
                        }
                    }
                } else {
                    break;
                }
            }
            handshaken = true;
        }
        if (!listeners.isEmpty()) {
            HandshakeCompletedEvent ev = new HandshakeCompletedEvent(this, engine.getSession());
            for (HandshakeCompletedListener l : listeners) {
                l.handshakeCompleted(ev);
            }
        }
    }

    /** Wraps {@code src} (all of it) and writes the records out; the caller holds the write lock. */
    private int wrap(ByteBuffer src) throws IOException {
        int consumed = 0;
        do {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            consumed += r.bytesConsumed();
            if (netOut.position() > 0) {
                raw.getOutputStream().write(netOut.array(), 0, netOut.position());
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                if (src.hasRemaining()) {
                    throw new SocketException("sslkit: the connection is closed");
                }
                break;
            }
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("sslkit: unexpected wrap result " + r);
            }
        } while (src.hasRemaining());
        raw.getOutputStream().flush();
        return consumed;
    }

    /**
     * Unwraps one record into {@link #appIn}, reading from the socket as needed; the caller holds the read
     * lock. @return {@code false} at end of stream (peer's close_notify or the transport's end)
     */
    private boolean unwrapOnce() throws IOException {
        for (;;) {
            netIn.flip();
            appIn.compact();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
                netIn.compact();
            }
            switch (r.getStatus()) {
                case OK:
                    if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && handshaken) {
                        synchronized (writeLock) {
                            wrap(ByteBuffer.allocate(0)); // a post-handshake answer (key update)
                        }
                    }
                    return true;
                case CLOSED:
                    if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        try {
                            synchronized (writeLock) {
                                wrap(ByteBuffer.allocate(0)); // our close_notify in answer
                            }
                        } catch (IOException e) {
                            // the peer may have gone already
                        }
                    }
                    return false;
                case BUFFER_UNDERFLOW:
                    int n = raw.getInputStream().read(netIn.array(), netIn.position(), netIn.remaining());
                    if (n < 0) {
                        try {
                            engine.closeInbound();
                        } catch (SSLException e) {
                            if (!handshaken) {
                                throw new EOFException("sslkit: the peer closed the connection during the handshake");
                            }
                            throw e;
                        }
                        return false;
                    }
                    netIn.position(netIn.position() + n);
                    break;
                case BUFFER_OVERFLOW:
                default:
                    throw new SSLException("sslkit: unexpected unwrap result " + r);
            }
        }
    }

    private void checkOpen() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = read(b, 0, 1);
            return n < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            checkOpen();
            startHandshake();
            if (len == 0) {
                return 0;
            }
            synchronized (readLock) {
                while (!appIn.hasRemaining()) {
                    if (engine.isInboundDone() || !unwrapOnce()) {
                        if (!appIn.hasRemaining()) {
                            return -1;
                        }
                    }
                }
                int n = Math.min(len, appIn.remaining());
                appIn.get(b, off, n);
                return n;
            }
        }

        @Override
        public int available() {
            synchronized (readLock) {
                return appIn.remaining();
            }
        }

        @Override
        public void close() throws IOException {
            SslkitSocket.this.close();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            checkOpen();
            startHandshake();
            synchronized (writeLock) {
                wrap(ByteBuffer.wrap(b, off, len));
            }
        }

        @Override
        public void close() throws IOException {
            SslkitSocket.this.close();
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        checkOpen();
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        checkOpen();
        return out;
    }

    /** Sends close_notify, closes the plain socket if owned, frees the connection. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            engine.closeOutbound();
            if (!raw.isClosed() && !raw.isOutputShutdown()) {
                synchronized (writeLock) {
                    wrap(ByteBuffer.allocate(0));
                }
            }
        } catch (IOException e) {
            // best effort: the peer may be gone
        } finally {
            try {
                engine.closeInbound();
            } catch (SSLException e) {
                // no close_notify from the peer: nothing more to read anyway
            }
            if (autoClose) {
                raw.close();
            }
        }
    }

    // ---- SSLSocket settings: the engine's ------------------------------------------------------------------

    @Override public String[] getSupportedCipherSuites() { return engine.getSupportedCipherSuites(); }
    @Override public String[] getEnabledCipherSuites() { return engine.getEnabledCipherSuites(); }
    @Override public void setEnabledCipherSuites(String[] suites) { engine.setEnabledCipherSuites(suites); }
    @Override public String[] getSupportedProtocols() { return engine.getSupportedProtocols(); }
    @Override public String[] getEnabledProtocols() { return engine.getEnabledProtocols(); }
    @Override public void setEnabledProtocols(String[] protocols) { engine.setEnabledProtocols(protocols); }
    @Override public void setUseClientMode(boolean mode) { engine.setUseClientMode(mode); }
    @Override public boolean getUseClientMode() { return engine.getUseClientMode(); }
    @Override public void setNeedClientAuth(boolean need) { engine.setNeedClientAuth(need); }
    @Override public boolean getNeedClientAuth() { return engine.getNeedClientAuth(); }
    @Override public void setWantClientAuth(boolean want) { engine.setWantClientAuth(want); }
    @Override public boolean getWantClientAuth() { return engine.getWantClientAuth(); }
    @Override public void setEnableSessionCreation(boolean flag) { engine.setEnableSessionCreation(flag); }
    @Override public boolean getEnableSessionCreation() { return engine.getEnableSessionCreation(); }
    @Override public SSLParameters getSSLParameters() { return engine.getSSLParameters(); }
    @Override public void setSSLParameters(SSLParameters params) { engine.setSSLParameters(params); }
    @Override public String getApplicationProtocol() { return engine.getApplicationProtocol(); }
    @Override public String getHandshakeApplicationProtocol() { return engine.getHandshakeApplicationProtocol(); }
    @Override public SSLSession getHandshakeSession() { return engine.getHandshakeSession(); }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
        engine.setHandshakeApplicationProtocolSelector(selector == null ? null : (e, l) -> selector.apply(this, l));
    }

    /** As SunJSSE: runs the handshake if needed; a failed handshake gives the null session. */
    @Override
    public SSLSession getSession() {
        try {
            startHandshake();
        } catch (IOException e) {
            // SunJSSE returns the invalid null session
        }
        return engine.getSession();
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener l) {
        listeners.add(Objects.requireNonNull(l, "listener must not be null"));
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener l) {
        if (!listeners.remove(l)) {
            throw new IllegalArgumentException("listener not registered");
        }
    }

    // ---- java.net.Socket: the plain socket's ---------------------------------------------------------------

    @Override public void connect(SocketAddress endpoint, int timeout) throws IOException { raw.connect(endpoint, timeout); }
    @Override public void bind(SocketAddress bindpoint) throws IOException { raw.bind(bindpoint); }
    @Override public InetAddress getInetAddress() { return raw.getInetAddress(); }
    @Override public InetAddress getLocalAddress() { return raw.getLocalAddress(); }
    @Override public int getPort() { return raw.getPort(); }
    @Override public int getLocalPort() { return raw.getLocalPort(); }
    @Override public SocketAddress getRemoteSocketAddress() { return raw.getRemoteSocketAddress(); }
    @Override public SocketAddress getLocalSocketAddress() { return raw.getLocalSocketAddress(); }
    @Override public void setTcpNoDelay(boolean on) throws SocketException { raw.setTcpNoDelay(on); }
    @Override public boolean getTcpNoDelay() throws SocketException { return raw.getTcpNoDelay(); }
    @Override public void setSoLinger(boolean on, int linger) throws SocketException { raw.setSoLinger(on, linger); }
    @Override public int getSoLinger() throws SocketException { return raw.getSoLinger(); }
    @Override public void setSoTimeout(int timeout) throws SocketException { raw.setSoTimeout(timeout); }
    @Override public int getSoTimeout() throws SocketException { return raw.getSoTimeout(); }
    @Override public void setSendBufferSize(int size) throws SocketException { raw.setSendBufferSize(size); }
    @Override public int getSendBufferSize() throws SocketException { return raw.getSendBufferSize(); }
    @Override public void setReceiveBufferSize(int size) throws SocketException { raw.setReceiveBufferSize(size); }
    @Override public int getReceiveBufferSize() throws SocketException { return raw.getReceiveBufferSize(); }
    @Override public void setKeepAlive(boolean on) throws SocketException { raw.setKeepAlive(on); }
    @Override public boolean getKeepAlive() throws SocketException { return raw.getKeepAlive(); }
    @Override public boolean isConnected() { return raw.isConnected(); }
    @Override public boolean isBound() { return raw.isBound(); }
    @Override public boolean isClosed() { return closed || raw.isClosed(); }
    @Override public boolean isInputShutdown() { return raw.isInputShutdown(); }
    @Override public boolean isOutputShutdown() { return raw.isOutputShutdown(); }

    @Override
    public void shutdownInput() throws IOException {
        throw new UnsupportedOperationException("The method shutdownInput() is not supported in SSLSocket");
    }

    @Override
    public void shutdownOutput() throws IOException {
        throw new UnsupportedOperationException("The method shutdownOutput() is not supported in SSLSocket");
    }

    @Override
    public String toString() {
        return "SslkitSocket[" + engine + ", " + raw + "]";
    }
}
