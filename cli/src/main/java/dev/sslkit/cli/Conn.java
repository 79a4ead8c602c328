package dev.sslkit.cli;

import dev.sslkit.Bio;
import dev.sslkit.Ssl;
import dev.sslkit.SslException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One connection over a non-blocking socket channel, driven the way OpenSSL's tools drive theirs:
 * {@code SSL_do_handshake}/{@code SSL_read}/{@code SSL_write}/{@code SSL_shutdown} until they stop
 * wanting I/O, waiting in {@code select()} in between. Owns the {@link Ssl} (one reference) and the
 * channel (closed with the socket BIO on free). One thread at a time.
 */
final class Conn implements AutoCloseable {
    final Ssl ssl;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;

    /**
     * @param channel a connected channel; made non-blocking; closed by {@link #close()}
     * @param ssl     a new connection, whose reference this object takes over
     * @throws IOException if the channel cannot be registered
     */
    Conn(SocketChannel channel, Ssl ssl) throws IOException {
        this.channel = channel;
        this.ssl = ssl;
        channel.configureBlocking(false);
        channel.socket().setTcpNoDelay(true);
        this.selector = Selector.open();
        this.key = channel.register(selector, 0);
        Bio b = Bio.newChannel(channel, true);
        ssl.setBio(b, b);
    }

    /**
     * A TCP connection, as {@code BIO_do_connect} makes it.
     *
     * @param host      host name or address
     * @param port      port
     * @param timeoutMs how long to try
     * @return the connected channel (blocking; {@link Conn} makes it non-blocking)
     * @throws IOException with the OS's reason, e.g. {@code Connection refused}
     */
    static SocketChannel connect(String host, int port, int timeoutMs) throws IOException {
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new CliException("cannot resolve host '" + host + "'");
        }
        SocketChannel ch = SocketChannel.open();
        try {
            ch.socket().connect(a, timeoutMs);
            return ch;
        } catch (SocketTimeoutException e) {
            ch.close();
            throw new CliException("connect to " + host + ":" + port + " timed out after " + timeoutMs + " ms");
        } catch (IOException e) {
            ch.close();
            throw new CliException("connect to " + host + ":" + port + " failed: " + e.getMessage());
        }
    }

    /**
     * Waits for what an I/O call asked for.
     *
     * @param want   {@link Ssl#WANT_READ} or {@link Ssl#WANT_WRITE}
     * @param waitMs at most this long (0: do not wait)
     * @return whether the channel became ready
     * @throws IOException on a selector failure
     */
    boolean await(int want, long waitMs) throws IOException {
        key.interestOps(want == Ssl.WANT_WRITE ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        int n = waitMs <= 0 ? selector.selectNow() : selector.select(waitMs);
        selector.selectedKeys().clear();
        return n > 0;
    }

    /**
     * {@code SSL_do_handshake} until done.
     *
     * @param timeoutMs the handshake must finish within this
     * @throws IOException on a TLS or transport failure, or a timeout
     */
    void handshake(long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            int r = ssl.doHandshake();
            if (r == 1) {
                return;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new CliException("handshake timed out after " + timeoutMs + " ms (the peer sent nothing)");
            }
            await(r, left);
        }
    }

    /**
     * {@code SSL_read}, waiting up to {@code waitMs} for data.
     *
     * @param dst    where to put the data
     * @param waitMs how long to wait when nothing is there
     * @return bytes read, 0 if none came, or {@link Ssl#ZERO_RETURN} when the peer closed
     * @throws IOException on a TLS or transport failure
     */
    int read(ByteBuffer dst, long waitMs) throws IOException {
        int r = ssl.read(dst);
        if (r > 0 || r == Ssl.ZERO_RETURN) {
            return r;
        }
        if (await(r, waitMs)) {
            r = ssl.read(dst);
            if (r > 0 || r == Ssl.ZERO_RETURN) {
                return r;
            }
        }
        return 0;
    }

    /**
     * {@code SSL_write} of every byte.
     *
     * @param src the data
     * @throws IOException on a TLS or transport failure
     */
    void writeAll(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int r = ssl.write(src);
            if (r < 0) {
                await(r, 1000);
            }
        }
    }

    /**
     * Reads what the peer sends right after the handshake — a TLS 1.3 server's NewSessionTickets, from
     * which the client's resumable sessions are made — until it has been quiet for {@code idleMs}
     * (at most one second). Application data that comes with them goes to {@code sink}.
     *
     * @param idleMs quiet time that ends the wait
     * @param sink   where application data goes, or {@code null} to drop it
     * @throws IOException on a TLS or transport failure
     */
    void collectTickets(long idleMs, java.io.OutputStream sink) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            buf.clear();
            int r = read(buf, idleMs);
            if (r == Ssl.ZERO_RETURN) {
                return;
            }
            if (r == 0 && buf.position() == 0) {
                return;
            }
            if (r > 0 && sink != null) {
                sink.write(buf.array(), 0, r);
            }
        }
    }

    /**
     * Waits (at most {@code maxMs}) for the connection's session to change from {@code current}: a
     * TLS 1.3 client gets a new session from each NewSessionTicket, which servers send right after
     * the handshake. Application data that arrives meanwhile is dropped (s_time reads none).
     *
     * @param current the session the connection had after its handshake
     * @param maxMs   how long to wait
     * @return whether a new session came
     * @throws IOException on a TLS or transport failure
     */
    boolean awaitNewSession(dev.sslkit.SslSession current, long maxMs) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        long end = System.nanoTime() + maxMs * 1_000_000L;
        while (ssl.getSession() == current) {
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            buf.clear();
            if (read(buf, 1) == Ssl.ZERO_RETURN) {
                return ssl.getSession() != current;
            }
        }
        return true;
    }

    /**
     * {@code SSL_shutdown} twice, as a bidirectional shutdown: sends close_notify, then waits (at most
     * {@code waitMs}) for the peer's, reading what comes first (TLS 1.3 tickets arrive here).
     *
     * @param waitMs how long to wait for the peer's close_notify; 0: send ours only
     * @return whether both close_notify were exchanged
     */
    boolean shutdown(long waitMs) {
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        try {
            while (true) {
                int r = ssl.shutdown();
                if (r == 1) {
                    return true;
                }
                if (r == 0 && waitMs == 0) {
                    return false;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                await(r == 0 ? Ssl.WANT_READ : r, Math.min(left, 100));
            }
        } catch (IOException | RuntimeException e) {
            // the peer closed the transport without close_notify: ours was sent (or the flag kept),
            // so the session stays resumable as with OpenSSL's tools
            if ((ssl.getShutdown() & Ssl.SENT_SHUTDOWN) == 0) {
                ssl.setShutdown(Ssl.SENT_SHUTDOWN);
            }
            return false;
        }
    }

    /** @return the channel's remote address as host:port */
    String peer() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }

    /** Frees the connection (and with it the socket BIO and channel) and the selector. */
    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing held
        }
        ssl.free();
        if (channel.isOpen()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** @param e a failure @return whether it is a TLS failure (not a transport one) */
    static boolean isTls(Throwable e) {
        return e instanceof SslException;
    }
}
