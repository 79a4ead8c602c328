package dev.sslkit.core;

import com.google.auto.service.AutoService;
import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.ProviderInfo;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;
import dev.sslkit.core.bio.BioPairImpl;
import dev.sslkit.core.bio.ChannelBio;
import dev.sslkit.core.bio.MemoryBio;
import dev.sslkit.core.bio.SocketBio;
import dev.sslkit.SslReason;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.spi.SslkitRuntime;
import dev.sslkit.spi.TlsProvider;

import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;

/** The binding the api finds with {@link java.util.ServiceLoader}. */
@AutoService(SslkitRuntime.class)
public final class CoreRuntime implements SslkitRuntime {

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public CoreRuntime() {
    }

    @Override
    public SslContext newContext(SslMethod method, String providerId) throws SslException {
        Objects.requireNonNull(method, "method must not be null");
        return new ContextImpl(method, registry().select(providerId));
    }

    @Override
    public Bio newMemoryBio() {
        return new MemoryBio();
    }

    @Override
    public BioPair newBioPair(int size1, int size2) {
        return BioPairImpl.newPair(size1, size2);
    }

    @Override
    public Bio newSocketBio(Socket socket, boolean closeFlag) {
        return new SocketBio(Objects.requireNonNull(socket, "socket must not be null"), closeFlag);
    }

    @Override
    public Bio newChannelBio(SocketChannel channel, boolean closeFlag) {
        return new ChannelBio(Objects.requireNonNull(channel, "channel must not be null"), closeFlag);
    }

    @Override
    public SslSession sessionFromBytes(byte[] bytes, SslContext context) throws SslException {
        return SessionImpl.fromBytes(bytes, context);
    }

    @Override
    public List<ProviderInfo> providers() {
        return ProviderRegistry.get().infos();
    }

    @Override
    public Capabilities capabilities(String providerId) throws SslException {
        TlsProvider p = registry().byId(Objects.requireNonNull(providerId, "providerId must not be null"));
        if (p == null) {
            throw new SslException(SslReason.UNKNOWN_PROVIDER, "no TLS provider '" + providerId + "'; installed: "
                    + ProviderRegistry.get().infos().stream().map(ProviderInfo::id).collect(java.util.stream.Collectors.joining(", ")));
        }
        return p.capabilities();
    }

    @Override
    public long leaksDetected() {
        return LeakDetector.leaks();
    }

    /** @return the registry, a duplicate provider id reported as the checked error the caller declares */
    private static ProviderRegistry registry() throws SslException {
        try {
            return ProviderRegistry.get();
        } catch (ProviderRegistry.DuplicateProviderException e) {
            throw e.asSslException();
        }
    }
}
