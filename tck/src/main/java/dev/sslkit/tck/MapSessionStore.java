package dev.sslkit.tck;

import dev.sslkit.SessionStore;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process {@link SessionStore} for tests (one JVM standing in for a fleet's shared store):
 * entries by (id context, id), removals told to every subscriber synchronously. TTLs are recorded,
 * not enforced. Thread-safe.
 */
public final class MapSessionStore implements SessionStore {
    private final Map<String, byte[]> entries = new ConcurrentHashMap<>();
    private final Map<String, Duration> ttls = new ConcurrentHashMap<>();
    private final List<RemovalListener> listeners = new CopyOnWriteArrayList<>();

    private static String key(byte[] idContext, byte[] id) {
        return HexFormat.of().formatHex(idContext) + ":" + HexFormat.of().formatHex(id);
    }

    @Override
    public CompletionStage<byte[]> get(byte[] idContext, byte[] id) {
        return CompletableFuture.completedFuture(entries.get(key(idContext, id)));
    }

    @Override
    public CompletionStage<Void> put(byte[] idContext, byte[] id, byte[] session, Duration ttl) {
        entries.put(key(idContext, id), session.clone());
        ttls.put(key(idContext, id), ttl);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> remove(byte[] idContext, byte[] id) {
        entries.remove(key(idContext, id));
        ttls.remove(key(idContext, id));
        listeners.forEach(l -> l.removed(idContext.clone(), id.clone()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public AutoCloseable subscribeRemovals(RemovalListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** @return the number of entries */
    public int size() {
        return entries.size();
    }

    /** @param idContext id context  @param id id  @return the TTL the entry was put with, or null */
    public Duration ttl(byte[] idContext, byte[] id) {
        return ttls.get(key(idContext, id));
    }

    /** @return the number of removal subscribers */
    public int subscribers() {
        return listeners.size();
    }

    @Override
    public String toString() {
        return "MapSessionStore[" + entries.size() + " entries]";
    }
}
