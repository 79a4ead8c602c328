package dev.sslkit.store.redis;

import dev.sslkit.SessionStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link SessionStore} on Redis, for a fleet of sslkit servers: {@code ctx.set(Setting.SESSION_STORE,
 * RedisSessionStore.builder("redis://cache:6379").sealingKey(1, key).build())}. The Apache httpd
 * counterpart is {@code SSLSessionCache redis:} ({@code mod_socache_redis}).
 *
 * <ul>
 * <li>Keys: {@code <prefix>:<hex session id context>:<hex session id>} (prefix default
 *     {@code sslkit:session}), so servers of different id contexts never share sessions.</li>
 * <li>Values: the serialized session sealed with AES-GCM under the configured key ring (format
 *     version 1, see the README); a value that does not open — garbage, another key, a value moved
 *     to another key — fails the lookup, which gives a full handshake.</li>
 * <li>TTL: {@code SET … PX} with the session's remaining timeout, so Redis expires entries when
 *     sslkit would.</li>
 * <li>Removal: {@code DEL} and a {@code PUBLISH} on {@code <prefix>:removed}, which every instance
 *     subscribes to, so each drops its in-process copy.</li>
 * <li>Faults: one Lettuce connection with {@code REJECT_COMMANDS} while disconnected (a stopped Redis
 *     fails fast instead of queueing), automatic reconnect and re-subscription, a command timeout for
 *     puts and removes; lookups are bounded by {@link #lookupDeadline()} (default 5 ms) in sslkit's
 *     core, which cancels them.</li>
 * </ul>
 *
 * <p>Ticket keys: no provider lets the application set its TLS ticket keys (see the capability
 * matrix), so this store keeps no ticket key ring. Thread safety: safe for concurrent use; one
 * instance may serve several contexts. {@link #close()} closes the connections.
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisSessionStore.class.getName());

    /**
     * An AES key of the sealing ring.
     *
     * @param id  the key's id (0–255), written beside each sealed value
     * @param key 16 or 32 bytes
     */
    public record SealingKey(int id, byte[] key) {
        /** @throws IllegalArgumentException for a bad id or key length */
        public SealingKey {
            if (id < 0 || id > 255) {
                throw new IllegalArgumentException("sealing key id must be 0-255: " + id);
            }
            Objects.requireNonNull(key, "key must not be null");
            if (key.length != 16 && key.length != 32) {
                throw new IllegalArgumentException("sealing key must be 16 or 32 bytes (AES-128/256): " + key.length);
            }
            key = key.clone();
        }
    }

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisAsyncCommands<byte[], byte[]> redis;
    private final StatefulRedisPubSubConnection<byte[], byte[]> pubsub;
    private final Sealer sealer;
    private final String prefix;
    private final byte[] channel;
    private final Duration lookupDeadline;
    private final String uri;
    private final List<RemovalListener> listeners = new CopyOnWriteArrayList<>();

    private RedisSessionStore(Builder b) {
        this.sealer = new Sealer(b.keys);
        this.prefix = b.prefix;
        this.channel = (b.prefix + ":removed").getBytes(StandardCharsets.UTF_8);
        this.lookupDeadline = b.lookupDeadline;
        RedisURI u = RedisURI.create(b.uri);
        this.uri = u.getHost() + ":" + u.getPort();
        this.client = RedisClient.create(u);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(b.commandTimeout).build())
                .timeoutOptions(TimeoutOptions.enabled(b.commandTimeout))
                .requestQueueSize(b.requestQueueSize)
                .build());
        try {
            this.connection = client.connect(ByteArrayCodec.INSTANCE);
            this.redis = connection.async();
            this.pubsub = client.connectPubSub(ByteArrayCodec.INSTANCE);
            pubsub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] ch, byte[] message) {
                    onRemovalMessage(message);
                }
            });
            pubsub.sync().subscribe(channel);
            warmUp(b.commandTimeout);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw new IllegalStateException("session store: cannot connect to Redis at " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads and runs once what the first lookup needs (AES-GCM, the codec, one round trip), so that a
     * cold JVM's first resumption does not miss its few-millisecond deadline.
     */
    private void warmUp(Duration timeout) {
        byte[] k = key(new byte[0], new byte[] {0});
        try {
            sealer.open(k, sealer.seal(k, new byte[64]));
            redis.get(k).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "session store: warm-up failed", e);
        }
    }

    /**
     * @param redisUri a Lettuce Redis URI, e.g. {@code redis://localhost:6379} or {@code rediss://…}
     * @return a builder
     */
    public static Builder builder(String redisUri) {
        return new Builder(redisUri);
    }

    private byte[] key(byte[] idContext, byte[] id) {
        return (prefix + ":" + HexFormat.of().formatHex(idContext) + ":" + HexFormat.of().formatHex(id)).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public CompletionStage<byte[]> get(byte[] idContext, byte[] id) {
        byte[] k = key(idContext, id);
        return redis.get(k).thenApply(v -> {
            if (v == null) {
                return null;
            }
            try {
                return sealer.open(k, v);
            } catch (GeneralSecurityException e) {
                throw new CompletionException(new GeneralSecurityException("session store value under "
                        + new String(k, StandardCharsets.US_ASCII) + " does not open: " + e.getMessage(), e));
            }
        });
    }

    @Override
    public CompletionStage<Void> put(byte[] idContext, byte[] id, byte[] session, Duration ttl) {
        byte[] k = key(idContext, id);
        byte[] sealed;
        try {
            sealed = sealer.seal(k, session);
        } catch (GeneralSecurityException e) {
            return CompletableFuture.failedFuture(e);
        }
        return redis.set(k, sealed, SetArgs.Builder.px(Math.max(1, ttl.toMillis()))).thenApply(ok -> null);
    }

    @Override
    public CompletionStage<Void> remove(byte[] idContext, byte[] id) {
        byte[] k = key(idContext, id);
        CompletionStage<Long> del = redis.del(k);
        CompletionStage<Long> pub = redis.publish(channel, (HexFormat.of().formatHex(idContext) + ":" + HexFormat.of().formatHex(id))
                .getBytes(StandardCharsets.US_ASCII));
        return del.thenCombine(pub, (a, b) -> null);
    }

    @Override
    public AutoCloseable subscribeRemovals(RemovalListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void onRemovalMessage(byte[] message) {
        String m = new String(message, StandardCharsets.US_ASCII);
        int c = m.indexOf(':');
        byte[] idContext;
        byte[] id;
        try {
            idContext = HexFormat.of().parseHex(m, 0, c);
            id = HexFormat.of().parseHex(m, c + 1, m.length());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "session store: ignoring a malformed removal message");
            return;
        }
        for (RemovalListener l : listeners) {
            try {
                l.removed(idContext.clone(), id.clone());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "session store: a removal listener threw; ignored", e);
            }
        }
    }

    @Override
    public Duration lookupDeadline() {
        return lookupDeadline;
    }

    /** Closes the Redis connections; the store fails every later call (counted by sslkit as store errors). */
    @Override
    public void close() {
        try {
            pubsub.close();
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public String toString() {
        return "RedisSessionStore[" + uri + ", " + prefix + "]";
    }

    /** Configures a {@link RedisSessionStore}. Not thread-safe. */
    public static final class Builder {
        private final String uri;
        private final List<SealingKey> keys = new ArrayList<>();
        private String prefix = "sslkit:session";
        private Duration lookupDeadline = Duration.ofMillis(5);
        private Duration commandTimeout = Duration.ofSeconds(1);
        private int requestQueueSize = 10_000;

        private Builder(String uri) {
            this.uri = Objects.requireNonNull(uri, "redisUri must not be null");
        }

        /**
         * Adds a key to the sealing ring: the first added seals, all open (add the previous keys after
         * the current one while rotating).
         *
         * @param id  the key id, 0–255
         * @param key 16 or 32 bytes (AES-128/256)
         * @return this
         */
        public Builder sealingKey(int id, byte[] key) {
            keys.add(new SealingKey(id, key));
            return this;
        }

        /** @param p the key prefix (default {@code sslkit:session})  @return this */
        public Builder keyPrefix(String p) {
            if (p == null || p.isBlank()) {
                throw new IllegalArgumentException("keyPrefix must not be blank");
            }
            prefix = p;
            return this;
        }

        /**
         * @param d how long a handshake waits for a lookup (default 5 ms); past it the handshake is a
         *          full one and sslkit counts a store error
         * @return this
         */
        public Builder lookupDeadline(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("lookupDeadline must be > 0");
            }
            lookupDeadline = d;
            return this;
        }

        /** @param d connect and command timeout for puts and removes (default 1 s)  @return this */
        public Builder commandTimeout(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be > 0");
            }
            commandTimeout = d;
            return this;
        }

        /**
         * @return a store connected to Redis
         * @throws IllegalStateException    if Redis cannot be reached
         * @throws IllegalArgumentException if no sealing key was given
         */
        public RedisSessionStore build() {
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("a RedisSessionStore needs a sealing key (sealingKey(id, key)): sessions "
                        + "hold their master secret and are never stored in the clear");
            }
            return new RedisSessionStore(this);
        }
    }
}
