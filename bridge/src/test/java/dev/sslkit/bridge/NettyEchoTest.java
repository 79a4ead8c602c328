package dev.sslkit.bridge;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 15 item 5 (Netty bullet): Netty 4.2's {@code SslHandler} with sslkit engines on both sides, on every
 * backend: a 64 KB echo, the protocol, the ALPN result (server selector) and the backend of each side.
 */
class NettyEchoTest {
    static Stream<String> backends() {
        return Bridged.backends().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void echoThroughSslHandler(String backend) throws Exception {
        SSLContext ctx = Bridged.context(backend);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        AtomicReference<SSLEngine> serverEngine = new AtomicReference<>();
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SSLEngine e = ctx.createSSLEngine();
                            e.setUseClientMode(false);
                            e.setHandshakeApplicationProtocolSelector((en, offered) -> offered.contains("echo/1") ? "echo/1" : null);
                            serverEngine.set(e);
                            ch.pipeline().addLast(new SslHandler(e), new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext c, Object msg) {
                                    c.writeAndFlush(msg);
                                }
                            });
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            byte[] data = new byte[65536];
            new java.util.Random(5).nextBytes(data);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            CompletableFuture<byte[]> done = new CompletableFuture<>();
            SSLEngine ce = ctx.createSSLEngine("localhost", port);
            ce.setUseClientMode(true);
            SSLParameters p = ce.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setApplicationProtocols(new String[]{"echo/1"});
            ce.setSSLParameters(p);
            SslHandler clientSsl = new SslHandler(ce);
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(clientSsl, new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext c, Object msg) {
                                    ByteBuf b = (ByteBuf) msg;
                                    byte[] chunk = new byte[b.readableBytes()];
                                    b.readBytes(chunk);
                                    b.release();
                                    got.write(chunk, 0, chunk.length);
                                    if (got.size() >= data.length) {
                                        done.complete(got.toByteArray());
                                    }
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext c, Throwable t) {
                                    done.completeExceptionally(t);
                                }
                            });
                        }
                    }).connect("127.0.0.1", port).sync().channel();
            clientSsl.handshakeFuture().get(20, TimeUnit.SECONDS);
            client.writeAndFlush(Unpooled.wrappedBuffer(data));
            assertArrayEquals(data, done.get(20, TimeUnit.SECONDS));
            assertEquals("TLSv1.3", ce.getSession().getProtocol());
            assertEquals("echo/1", ce.getApplicationProtocol());
            assertEquals("echo/1", serverEngine.get().getApplicationProtocol());
            assertEquals(backend, SslkitSsl.backend(ce.getSession()));
            assertEquals(backend, SslkitSsl.backend(serverEngine.get().getSession()));
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
