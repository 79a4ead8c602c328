package dev.sslkit.tck;

import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.Ssl;
import dev.sslkit.SslException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Drives two {@link Ssl} connections joined by a {@link Bio#newPair BIO pair} in one thread: the
 * handshake, a message each way, and the bidirectional shutdown. Written against the api only, so it
 * works for every provider and for test doubles.
 *
 * <pre>{@code
 * Ssl client = clientCtx.newSsl(), server = serverCtx.newSsl();
 * Pump.connect(client, server);                 // client gets pair.first(), server pair.second()
 * Pump.handshake(client, server);               // both doHandshake() == 1, or AssertionError / SslException
 * Pump.send(client, server, "ping".getBytes()); // write, then read until the bytes arrive
 * Pump.shutdown(client, server);                // both shutdown() == 1
 * }</pre>
 *
 * <p>Each loop counts <em>rounds</em> (one call on each side still working) and stops with an
 * {@link AssertionError} after {@code maxIdleRounds} consecutive rounds in which no side made
 * progress (no bytes entered or left either side's BIOs, no status changed), or after
 * {@value #MAX_ROUNDS} rounds in all. The message names each side, its last status and its BIOs'
 * fill. A fatal {@link SslException} from either side is rethrown as it is, with a suppressed
 * {@link AssertionError} saying which side threw in which round.
 *
 * <p>Thread safety: none; use from the thread that owns both connections.
 */
public final class Pump {

    /** Consecutive rounds without progress tolerated by default before failing. */
    public static final int DEFAULT_MAX_IDLE_ROUNDS = 16;
    /** Rounds after which any loop fails, progress or not. */
    public static final int MAX_ROUNDS = 100_000;

    private static final int READ_CHUNK = 32 * 1024;

    private Pump() {
    }

    /**
     * Joins two connections with a new {@code BIO_new_bio_pair} of default buffer sizes: the client
     * uses {@code pair.first()} for reading and writing, the server {@code pair.second()}. Each
     * connection takes over the single reference of its end ({@link Ssl#setBio} with {@code rbio ==
     * wbio}), so freeing the connections frees the pair.
     *
     * @param client one connection (usually the client)
     * @param server the other
     * @return the pair, borrowed from the connections
     */
    public static BioPair connect(Ssl client, Ssl server) {
        BioPair pair = Bio.newPair(0, 0);
        connect(client, server, pair);
        return pair;
    }

    /**
     * Joins two connections with the given pair: {@code client.setBio(first, first)},
     * {@code server.setBio(second, second)}. The connections take over the caller's references.
     *
     * @param client one connection
     * @param server the other
     * @param pair   the pair
     */
    public static void connect(Ssl client, Ssl server, BioPair pair) {
        Objects.requireNonNull(client, "client must not be null");
        Objects.requireNonNull(server, "server must not be null");
        Objects.requireNonNull(pair, "pair must not be null");
        client.setBio(pair.first(), pair.first());
        server.setBio(pair.second(), pair.second());
    }

    /**
     * Calls {@link Ssl#doHandshake()} on each side in turn until both have returned 1, with
     * {@link #DEFAULT_MAX_IDLE_ROUNDS}.
     *
     * @param a one connection (usually the client)
     * @param b the other
     * @return the number of rounds it took
     * @throws SslException a fatal failure of either side, unchanged
     * @throws AssertionError if the handshake stalls
     */
    public static int handshake(Ssl a, Ssl b) throws SslException {
        return handshake(a, b, DEFAULT_MAX_IDLE_ROUNDS);
    }

    /**
     * Calls {@link Ssl#doHandshake()} on each side in turn until both have returned 1. A side that has
     * returned 1 is not called again.
     *
     * @param a             one connection (usually the client)
     * @param b             the other
     * @param maxIdleRounds consecutive rounds without progress before failing, &gt;= 1
     * @return the number of rounds it took
     * @throws SslException a fatal failure of either side, unchanged
     * @throws AssertionError if the handshake stalls
     */
    public static int handshake(Ssl a, Ssl b, int maxIdleRounds) throws SslException {
        Side sa = new Side(a, b, "a");
        Side sb = new Side(b, a, "b");
        checkIdle(maxIdleRounds);
        int idle = 0;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            boolean progress = false;
            for (Side s : new Side[] {sa, sb}) {
                if (!s.done) {
                    progress |= s.call(round, "doHandshake", Ssl::doHandshake);
                    s.done = s.last == 1;
                }
            }
            if (sa.done && sb.done) {
                return round;
            }
            idle = progress ? 0 : idle + 1;
            if (idle >= maxIdleRounds) {
                throw stalled("handshake", round, idle, sa, sb);
            }
        }
        throw stalled("handshake", MAX_ROUNDS, idle, sa, sb);
    }

    /**
     * Sends {@code data} from one connection to the other: {@link Ssl#write} on {@code from} and
     * {@link Ssl#read} on {@code to}, interleaved (so messages larger than the pair's buffers pass),
     * until exactly these bytes have arrived. {@link Ssl#WANT_READ} and {@link Ssl#WANT_WRITE} are
     * retried. Finishes the handshake first if it has not finished.
     *
     * @param from the sender
     * @param to   the receiver
     * @param data the bytes
     * @throws SslException a fatal failure of either side
     * @throws AssertionError if the transfer stalls, the receiver sees close_notify, or other bytes arrive
     */
    public static void send(Ssl from, Ssl to, byte[] data) throws SslException {
        send(from, to, data, DEFAULT_MAX_IDLE_ROUNDS);
    }

    /**
     * As {@link #send(Ssl, Ssl, byte[])} with a given idle bound.
     *
     * @param from          the sender
     * @param to            the receiver
     * @param data          the bytes
     * @param maxIdleRounds consecutive rounds without progress before failing, &gt;= 1
     * @throws SslException a fatal failure of either side
     * @throws AssertionError if the transfer stalls, the receiver sees close_notify, or other bytes arrive
     */
    public static void send(Ssl from, Ssl to, byte[] data, int maxIdleRounds) throws SslException {
        Objects.requireNonNull(data, "data must not be null");
        checkIdle(maxIdleRounds);
        Side sender = new Side(from, to, "a");
        Side receiver = new Side(to, from, "b");
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteArrayOutputStream received = new ByteArrayOutputStream(data.length);
        ByteBuffer dst = ByteBuffer.allocate(READ_CHUNK);
        int idle = 0;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            boolean progress = false;
            if (src.hasRemaining() || sender.last == Ssl.WANT_WRITE) {
                // after WANT_WRITE, OpenSSL's rule: call write again (it sends what is still pending)
                progress |= sender.call(round, "write", s -> s.write(src));
            }
            dst.clear();
            progress |= receiver.call(round, "read", s -> s.read(dst));
            if (receiver.last > 0) {
                received.write(dst.array(), 0, receiver.last);
            } else if (receiver.last == Ssl.ZERO_RETURN) {
                throw new AssertionError(receiver.name + " read close_notify (ZERO_RETURN) after " + received.size()
                        + " of " + data.length + " bytes; " + sender.describe() + "; " + receiver.describe());
            }
            if (received.size() > data.length) {
                throw new AssertionError(receiver.name + " received " + received.size() + " bytes, more than the "
                        + data.length + " sent");
            }
            if (!src.hasRemaining() && sender.last != Ssl.WANT_WRITE && received.size() == data.length) {
                byte[] got = received.toByteArray();
                if (!Arrays.equals(data, got)) {
                    throw new AssertionError(receiver.name + " received other bytes than " + sender.name
                            + " sent (first difference at index " + Arrays.mismatch(data, got) + ")");
                }
                return;
            }
            idle = progress ? 0 : idle + 1;
            if (idle >= maxIdleRounds) {
                throw stalled("send of " + data.length + " bytes (" + (data.length - src.remaining()) + " written, "
                        + received.size() + " received)", round, idle, sender, receiver);
            }
        }
        throw stalled("send", MAX_ROUNDS, idle, sender, receiver);
    }

    /**
     * A request from {@code client} to {@code server}, then a response back: two {@link #send}s.
     *
     * @param client   the client
     * @param server   the server
     * @param request  bytes sent client to server
     * @param response bytes sent server to client
     * @throws SslException a fatal failure of either side
     * @throws AssertionError as {@link #send}
     */
    public static void exchange(Ssl client, Ssl server, byte[] request, byte[] response) throws SslException {
        send(client, server, request);
        send(server, client, response);
    }

    /**
     * The full, clean, bidirectional shutdown: calls {@link Ssl#shutdown()} on each side in turn until
     * both have returned 1 (each sent close_notify and received the other's). Only {@code shutdown()} is
     * called, as {@code SSL_shutdown} is meant to be; a side that returned 1 is not called again.
     *
     * @param a one connection (it sends close_notify first)
     * @param b the other
     * @return the number of rounds it took
     * @throws SslException a transport failure of either side
     * @throws AssertionError if the shutdown stalls
     */
    public static int shutdown(Ssl a, Ssl b) throws SslException {
        Side sa = new Side(a, b, "a");
        Side sb = new Side(b, a, "b");
        int idle = 0;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            boolean progress = false;
            for (Side s : new Side[] {sa, sb}) {
                if (!s.done) {
                    progress |= s.call(round, "shutdown", Ssl::shutdown);
                    s.done = s.last == 1;
                }
            }
            if (sa.done && sb.done) {
                return round;
            }
            idle = progress ? 0 : idle + 1;
            if (idle >= DEFAULT_MAX_IDLE_ROUNDS) {
                throw stalled("shutdown", round, idle, sa, sb);
            }
        }
        throw stalled("shutdown", MAX_ROUNDS, idle, sa, sb);
    }

    /**
     * @param ret a value returned by {@code doHandshake}, {@code read}, {@code write} or {@code shutdown}
     * @return a readable name: {@code WANT_READ}, {@code WANT_WRITE}, {@code ZERO_RETURN}, or the number
     */
    public static String statusName(int ret) {
        switch (ret) {
            case Ssl.WANT_READ: return "WANT_READ";
            case Ssl.WANT_WRITE: return "WANT_WRITE";
            case Ssl.ZERO_RETURN: return "ZERO_RETURN";
            default: return Integer.toString(ret);
        }
    }

    private static void checkIdle(int maxIdleRounds) {
        if (maxIdleRounds < 1) {
            throw new IllegalArgumentException("maxIdleRounds must be >= 1: " + maxIdleRounds);
        }
    }

    private static AssertionError stalled(String what, int round, int idle, Side a, Side b) {
        return new AssertionError(what + " made no progress for " + idle + " rounds (round " + round + "): "
                + a.describe() + "; " + b.describe());
    }

    @FunctionalInterface
    private interface Call {
        int apply(Ssl ssl) throws SslException;
    }

    /** One connection being driven: its label, last status and done flag. */
    private static final class Side {
        final Ssl ssl;
        final String name;
        int last = Integer.MIN_VALUE;
        String lastCall = "none";
        boolean done;

        Side(Ssl ssl, Ssl peer, String fallback) {
            this.ssl = Objects.requireNonNull(ssl, "ssl must not be null");
            Objects.requireNonNull(peer, "ssl must not be null");
            if (ssl == peer) {
                throw new IllegalArgumentException("both sides are the same Ssl object: " + ssl);
            }
            String role = role(ssl);
            this.name = role.equals(role(peer)) ? fallback + " (" + role + ")" : role;
        }

        private static String role(Ssl s) {
            try {
                return s.isServer() ? "server" : "client";
            } catch (RuntimeException e) {
                return "?";
            }
        }

        /** Calls once; returns whether it made progress. */
        boolean call(int round, String callName, Call call) throws SslException {
            Bio r = ssl.rbio();
            Bio w = ssl.wbio();
            if (r == null || w == null) {
                throw new AssertionError(name + " has no " + (r == null ? "read" : "write")
                        + " BIO; join the connections with Pump.connect first");
            }
            long before = fill(r, w);
            int prev = last;
            try {
                last = call.apply(ssl);
            } catch (SslException | RuntimeException e) {
                e.addSuppressed(new AssertionError(name + " threw from " + callName + " in round " + round
                        + " (its previous status: " + (prev == Integer.MIN_VALUE ? "none" : statusName(prev) + " from " + lastCall) + ")"));
                throw e;
            }
            lastCall = callName;
            return last > 0 || last != prev || fill(r, w) != before;
        }

        private static long fill(Bio r, Bio w) {
            return ((long) r.pending() << 32) ^ (w.writeGuarantee() & 0xffffffffL);
        }

        String describe() {
            String bios;
            try {
                bios = "rbio pending " + ssl.rbio().pending() + ", wbio write guarantee " + ssl.wbio().writeGuarantee();
            } catch (RuntimeException e) {
                bios = "BIOs unreadable: " + e;
            }
            return name + " last " + lastCall + " returned " + (last == Integer.MIN_VALUE ? "nothing" : statusName(last))
                    + (done ? " (done)" : "") + " [" + bios + "]";
        }
    }
}
