package dev.sslkit.bridge;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * {@code SSLServerSocketFactory} of an sslkit {@code SSLContext}: each accepted socket is an sslkit server
 * connection ({@code SSL_new} + {@code SSL_set_accept_state}) with the server socket's parameters.
 *
 * <p>Thread safety: any thread.
 */
final class SslkitServerSocketFactory extends SSLServerSocketFactory {
    private final BridgeContext bridge;

    SslkitServerSocketFactory(BridgeContext bridge) {
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

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new Server(bridge);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        Server s = new Server(bridge);
        s.bind(new java.net.InetSocketAddress(port));
        return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        Server s = new Server(bridge);
        s.bind(new java.net.InetSocketAddress(port), backlog);
        return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
        Server s = new Server(bridge);
        s.bind(new java.net.InetSocketAddress(ifAddress, port), backlog);
        return s;
    }

    /** The listening socket: a plain server socket whose accepted sockets are wrapped. */
    private static final class Server extends SSLServerSocket {
        private final BridgeContext bridge;
        private final SslkitEngine template;

        Server(BridgeContext bridge) throws IOException {
            this.bridge = bridge;
            this.template = new SslkitEngine(bridge, null, -1);
            template.setUseClientMode(false);
        }

        @Override
        public Socket accept() throws IOException {
            Socket plain = new Socket();
            implAccept(plain);
            SslkitSocket s = new SslkitSocket(bridge, plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true,
                    template.getUseClientMode());
            s.setSSLParameters(template.getSSLParameters());
            return s;
        }

        @Override public String[] getEnabledCipherSuites() { return template.getEnabledCipherSuites(); }
        @Override public void setEnabledCipherSuites(String[] suites) { template.setEnabledCipherSuites(suites); }
        @Override public String[] getSupportedCipherSuites() { return template.getSupportedCipherSuites(); }
        @Override public String[] getSupportedProtocols() { return template.getSupportedProtocols(); }
        @Override public String[] getEnabledProtocols() { return template.getEnabledProtocols(); }
        @Override public void setEnabledProtocols(String[] protocols) { template.setEnabledProtocols(protocols); }
        @Override public void setNeedClientAuth(boolean need) { template.setNeedClientAuth(need); }
        @Override public boolean getNeedClientAuth() { return template.getNeedClientAuth(); }
        @Override public void setWantClientAuth(boolean want) { template.setWantClientAuth(want); }
        @Override public boolean getWantClientAuth() { return template.getWantClientAuth(); }
        @Override public void setUseClientMode(boolean mode) { template.setUseClientMode(mode); }
        @Override public boolean getUseClientMode() { return template.getUseClientMode(); }
        @Override public void setEnableSessionCreation(boolean flag) { template.setEnableSessionCreation(flag); }
        @Override public boolean getEnableSessionCreation() { return template.getEnableSessionCreation(); }
        @Override public SSLParameters getSSLParameters() { return template.getSSLParameters(); }
        @Override public void setSSLParameters(SSLParameters params) { template.setSSLParameters(params); }

        @Override
        public String toString() {
            return "SslkitServerSocket[" + super.toString() + ", backend " + bridge.providerId + "]";
        }
    }
}
