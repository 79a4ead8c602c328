package dev.sslkit.bridge;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * {@code SSLSocketFactory} of an sslkit {@code SSLContext}: client sockets ({@link SslkitSocket}) over plain
 * sockets, each an sslkit connection ({@code SSL_new} + {@code SSL_set_connect_state}). The peer's host
 * and port key the client session cache, as in SunJSSE.
 *
 * <p>Thread safety: any thread.
 */
final class SslkitSocketFactory extends SSLSocketFactory {
    private final BridgeContext bridge;

    SslkitSocketFactory(BridgeContext bridge) {
        this.bridge = bridge;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return BridgeContext.DEFAULT_SUITES.toArray(String[]::new);
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return BridgeContext.DEFAULT_SUITES.toArray(String[]::new);
    }

    /** An unconnected socket: {@code connect} it, then use it. */
    @Override
    public Socket createSocket() {
        return new SslkitSocket(bridge, new Socket(), null, -1, true, true);
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        if (!s.isConnected()) {
            throw new java.net.SocketException("the layered socket must be connected");
        }
        return new SslkitSocket(bridge, s, host, port, autoClose, true);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket(new Socket(host, port), host, port, true);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(new Socket(host, port, localHost, localPort), host, port, true);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port));
        return createSocket(s, host.getHostName(), port, true);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = new Socket(address, port, localAddress, localPort);
        return createSocket(s, address.getHostName(), port, true);
    }
}
