package dev.sslkit.core;

import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.ProviderInfo;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;
import dev.sslkit.spi.SslkitRuntime;

import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.List;

/** Placeholder binding; replaced by the real runtime in the core lifecycle work. */
public final class CoreRuntime implements SslkitRuntime {
    @Override public SslContext newContext(SslMethod method, String providerId) throws SslException { throw new UnsupportedOperationException(); }
    @Override public Bio newMemoryBio() { throw new UnsupportedOperationException(); }
    @Override public BioPair newBioPair(int size1, int size2) { throw new UnsupportedOperationException(); }
    @Override public Bio newSocketBio(Socket socket, boolean closeFlag) { throw new UnsupportedOperationException(); }
    @Override public Bio newChannelBio(SocketChannel channel, boolean closeFlag) { throw new UnsupportedOperationException(); }
    @Override public SslSession sessionFromBytes(byte[] bytes, SslContext context) throws SslException { throw new UnsupportedOperationException(); }
    @Override public List<ProviderInfo> providers() { throw new UnsupportedOperationException(); }
}
