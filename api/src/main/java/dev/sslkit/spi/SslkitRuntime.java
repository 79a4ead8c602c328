package dev.sslkit.spi;

import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.ProviderInfo;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;

import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.List;

/** The binding the api's static entry points delegate to; implemented by {@code dev.sslkit.core} only. */
public interface SslkitRuntime {
    /** @param method the method  @param providerId the provider id, or {@code null} for the configured one  @return a new context @throws SslException if the provider is unknown or unavailable */
    SslContext newContext(SslMethod method, String providerId) throws SslException;

    /** @return a new memory BIO */
    Bio newMemoryBio();

    /** @param size1 first buffer  @param size2 second buffer  @return a new pair */
    BioPair newBioPair(int size1, int size2);

    /** @param socket the socket  @param closeFlag close on last free  @return a socket BIO */
    Bio newSocketBio(Socket socket, boolean closeFlag);

    /** @param channel the channel  @param closeFlag close on last free  @return a channel BIO */
    Bio newChannelBio(SocketChannel channel, boolean closeFlag);

    /** @param bytes serialized session  @param context its context  @return the session @throws SslException if invalid */
    SslSession sessionFromBytes(byte[] bytes, SslContext context) throws SslException;

    /** @return the providers found */
    List<ProviderInfo> providers();

    /**
     * @param providerId a provider id
     * @return what that provider declares it honours
     * @throws SslException if no such provider is installed
     */
    Capabilities capabilities(String providerId) throws SslException;

    /** @return how many unfreed objects the leak detector has reported in this JVM (0 if it is off) */
    default long leaksDetected() {
        return 0;
    }
}
