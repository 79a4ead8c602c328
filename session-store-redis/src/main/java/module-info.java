/**
 * A {@link dev.sslkit.SessionStore} on Redis (issue 16): the instances of a server fleet share
 * sealed sessions through Redis, with the session timeout as TTL and removals for every instance.
 */
module dev.sslkit.store.redis {
    requires transitive dev.sslkit.api;
    requires lettuce.core;

    exports dev.sslkit.store.redis;
}
