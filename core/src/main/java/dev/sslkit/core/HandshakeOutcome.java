package dev.sslkit.core;

import dev.sslkit.InfoCallback;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.SslSessionCache;
import dev.sslkit.VerifyMode;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.TlsEngine;

/**
 * What one connection's handshakes mean for its session and its context's cache: which session is
 * offered, looked up, resumed or made; OpenSSL's {@code ssl_update_cache} (store, new-session
 * callback, auto-flush); TLS 1.3 tickets (a session per NewSessionTicket, single use with the client
 * cache); and every statistic a handshake counts ({@link CacheStatistics}, through its event methods
 * only). The RFC 2246 bad-session rule ({@link #clearBadSession()}) lives here too.
 *
 * <p>One per {@link SslImpl}, used on its thread; the connection keeps ownership of its session and
 * hands this class the decisions through {@link SslImpl#replaceSession}.
 */
final class HandshakeOutcome {
    private static final System.Logger LOG = System.getLogger("dev.sslkit");

    private final SslImpl conn;
    private final ContextImpl ctx;
    private final CacheStatistics stats;
    /** The session core chose for a server through {@code EngineSpec.findSession}; one reference. */
    private SessionImpl serverFound;
    /** Whether this client offered a session in its handshake (for the client-side miss count). */
    private boolean offered;
    private boolean reused;
    /**
     * TLS 1.3 client after its handshake: the provider session that NewSessionTickets extend (one
     * core session per ticket), open while tickets may come, and how many tickets were reported.
     */
    private SessionImpl.Shared ticketShared;
    private int ticketsSeen;

    HandshakeOutcome(SslImpl conn, ContextImpl ctx) {
        this.conn = conn;
        this.ctx = ctx;
        this.stats = ctx.cache.statistics;
    }

    /** @return whether the last handshake resumed a session */
    boolean reused() {
        return reused;
    }

    /**
     * Picks the session a client offers in the handshake about to start.
     *
     * @param server the role
     * @param session the connection's session, or {@code null}
     * @param pin the protocol version kept by {@code clear()}, or {@code null}
     * @return the provider session to offer (client), or {@code null}
     */
    EngineSession toOffer(boolean server, SessionImpl session, ProtocolVersion pin) {
        EngineSession toResume = null;
        if (!server && session != null && session.isResumable() && (pin == null || session.protocol() == pin)) {
            toResume = session.engineSession;
        }
        offered = toResume != null;
        return toResume;
    }

    /** The handshake started (the engine exists): counted. @param server the role */
    void started(boolean server) {
        stats.handshakeStarted(server);
    }

    /** A renegotiation starts. @param server the role */
    void renegotiationStarted(boolean server) {
        stats.renegotiationStarted(server);
    }

    /**
     * A server's lookup of the session a client offered, with OpenSSL's rules (see
     * {@link SessionCacheImpl#findForServer}); the session found is kept until the handshake finishes.
     *
     * @param id the offered id  @param sidCtx the id context  @param verifyPeer whether clients are verified
     * @return the provider session to resume, or {@code null}
     * @throws SslException {@code SESSION_ID_CONTEXT_UNINITIALIZED}
     */
    EngineSession findForServer(byte[] id, byte[] sidCtx, boolean verifyPeer) throws SslException {
        SessionImpl s = ctx.cache.findForServer(conn, id, sidCtx, verifyPeer, System.currentTimeMillis() / 1000);
        if (s == null) {
            return null;
        }
        if (serverFound != null) {
            serverFound.free();
        }
        serverFound = s;
        return s.engineSession;
    }

    /**
     * The engine finished the first handshake: decides whether it resumed, and refuses a resumption
     * OpenSSL would have refused.
     *
     * @param engine the engine  @param server the role  @param inferredReuse what core infers when the
     *        provider does not say (no keys selected / no peer verified)
     * @throws SslException {@code SESSION_ID_CONTEXT_UNINITIALIZED}
     */
    void finishing(TlsEngine engine, boolean server, boolean inferredReuse) throws SslException {
        Boolean own = engine.sessionReused();
        reused = own != null ? own : inferredReuse;
        if (server && reused && conn.verifyMode().contains(VerifyMode.PEER)) {
            byte[] sidCtx = conn.sessionIdContext();
            if (sidCtx == null || sidCtx.length == 0) {
                // OpenSSL makes resuming on a server that verifies clients without an id context fatal
                // (ssl_get_prev_session: SSL_R_SESSION_ID_CONTEXT_UNINITIALIZED). A provider whose server
                // resumes by its own cache gets here after the fact; refuse the connection all the same.
                engine.closeOutbound();
                throw new SslException(SslReason.SESSION_ID_CONTEXT_UNINITIALIZED, conn.describe() + ": the server verifies "
                        + "clients but has no session id context, and provider " + ctx.providerId() + " resumed a session; "
                        + "refused (set Setting.SESSION_ID_CONTEXT)");
            }
        }
    }

    /**
     * The first handshake is established: the connection's session, the cache, the statistics and
     * the info callback's HANDSHAKE_DONE, as OpenSSL's {@code tls_finish_handshake}.
     *
     * @param engine the engine  @param server the role
     * @throws SslException from a callback
     */
    void finished(TlsEngine engine, boolean server) throws SslException {
        EngineSession es = engine.session();
        long now = System.currentTimeMillis() / 1000;
        boolean made = false;
        SessionImpl session = conn.session();
        if (!server) {
            boolean tls13 = es != null && es.protocol() == ProtocolVersion.TLS1_3;
            if (reused && session != null) {
                stats.hit();
            } else if (es != null) {
                if (offered) {
                    // tls_process_server_hello: "If we were trying for session-id reuse but the server
                    // didn't resume" — the client's context counts a miss
                    stats.miss();
                }
                if (tls13) {
                    ticketShared = new SessionImpl.Shared(es, true); // its tickets will extend it
                    conn.replaceSession(newSession(ticketShared, now));
                } else {
                    conn.replaceSession(newSession(new SessionImpl.Shared(es, false), now));
                }
                made = true;
            }
            if (tls13) {
                tls13ClientFinished(engine, es);
                return;
            }
        } else {
            SessionImpl found = serverFound;
            serverFound = null;
            if (found == null && reused && es != null) {
                found = ctx.cache.lookup(es.id());
            }
            if (reused && found != null && es != null && es != found.engineSession
                    && es.protocol() == ProtocolVersion.TLS1_3) {
                // TLS 1.3: a resumption issues a new ticket, i.e. a new session (OpenSSL dups the
                // resumed one; ssl_update_cache then runs for TLS 1.3 hits too)
                found.free();
                conn.replaceSession(newSession(new SessionImpl.Shared(es, false), now));
                made = true;
                stats.hit();
            } else if (reused && found != null) {
                conn.replaceSession(found); // takes over the lookup's reference
                stats.hit();
            } else {
                if (found != null) {
                    found.free();
                }
                if (es != null) {
                    conn.replaceSession(newSession(new SessionImpl.Shared(es, false), now));
                    made = !reused;
                    if (reused) {
                        stats.hit(); // resumed from a ticket the cache never held
                    }
                }
            }
        }
        updateCache(server, made, now, true);
        releaseUnused(es);
        conn.info(InfoCallback.HANDSHAKE_DONE, 1);
        conn.info(server ? InfoCallback.ACCEPT_EXIT : InfoCallback.CONNECT_EXIT, 1);
    }

    /**
     * OpenSSL's {@code ssl_update_cache}: store a new session in the internal cache and tell the
     * new-session callback, as the cache mode and the TLS 1.3 server rules say; then the periodic
     * flush on every 256th good handshake; then count the good handshake.
     */
    private void updateCache(boolean server, boolean made, long now, boolean countGood) {
        SessionCacheImpl cache = ctx.cache;
        int mode = cache.mode();
        int roleMode = server ? SslSessionCache.SERVER : SslSessionCache.CLIENT;
        SessionImpl s = conn.session();
        // ssl_update_cache returns early — before its auto-flush too — for a session marked not
        // resumable and on a server that verifies clients without an id context. (OpenSSL also skips
        // sessions without an id; sslkit keeps id-less TLS 1.3 sessions, keyed by identity, because
        // some providers' TLS 1.3 sessions have none.)
        boolean eligible = s != null && !s.notResumable()
                && !(server && s.idContextRef().length == 0 && conn.verifyMode().contains(VerifyMode.PEER));
        if (eligible) {
            if (made && (mode & roleMode) != 0) {
                boolean tls13Server = server && s.protocol() == ProtocolVersion.TLS1_3;
                // a TLS 1.3 server stores only stateful tickets (SSL_OP_NO_TICKET, or a provider whose
                // server resumes through core's cache: its TLS 1.3 resumption is stateful) or when a
                // remove callback wants to hear of them
                if ((mode & SslSessionCache.NO_INTERNAL_STORE) == 0
                        && (!tls13Server || conn.setting(Setting.OPTIONS).contains(SslOption.NO_TICKET) || cache.hasRemoveCallback()
                            || ctx.provider.capabilities().serverCacheControlledByCore())) {
                    cache.add(s);
                }
                cache.notifyNew(conn, s);
            }
            // auto-flush on every 256th good handshake; the counter is read before this one is counted
            if ((mode & SslSessionCache.NO_AUTO_CLEAR) == 0 && (mode & roleMode) == roleMode && stats.flushDue(server)) {
                cache.flush(now);
            }
        }
        if (countGood) {
            stats.handshakeGood(server);
        }
    }

    /**
     * OpenSSL's {@code tls_finish_handshake} for a TLS 1.3 client: the cache is not updated now but
     * per NewSessionTicket ({@link #pollTickets}); a client whose cache mode includes
     * {@code CLIENT} removes the session it resumed, "we encourage applications to only use TLSv1.3
     * tickets once" (remove callback, non-resumable).
     */
    private void tls13ClientFinished(TlsEngine engine, EngineSession es) throws SslException {
        SessionCacheImpl cache = ctx.cache;
        if (ticketShared == null && es != null) {
            ticketShared = new SessionImpl.Shared(es, true); // a resumption: tickets extend the resumed engine's session
        }
        ticketsSeen = 0;
        SessionImpl session = conn.session();
        if (reused && (cache.mode() & SslSessionCache.CLIENT) != 0 && session != null) {
            cache.remove(session); // (a full handshake's session has no id in OpenSSL: nothing to remove)
        }
        stats.handshakeGood(false);
        conn.info(InfoCallback.HANDSHAKE_DONE, 1);
        conn.info(InfoCallback.CONNECT_EXIT, 1);
        pollTickets(engine);
    }

    /**
     * A TLS 1.3 client: for each NewSessionTicket the provider processed since the last call, a new
     * session ({@code tls_process_new_session_ticket} dups the connection's session), which becomes
     * the connection's session and goes to the cache and the new-session callback as
     * {@code ssl_update_cache} says. A provider that cannot count tickets gets one session, when its
     * session becomes resumable. Nothing happens on other connections.
     *
     * @param engine the engine, or {@code null}
     */
    void pollTickets(TlsEngine engine) {
        SessionImpl.Shared shared = ticketShared;
        if (shared == null || engine == null) {
            return;
        }
        int n = engine.ticketsReceived();
        if (n < 0) {
            n = ticketsSeen == 0 && shared.es.isResumable() ? 1 : ticketsSeen;
        }
        while (ticketsSeen < n) {
            ticketsSeen++;
            long now = System.currentTimeMillis() / 1000;
            conn.replaceSession(newSession(shared, now));
            updateCache(false, true, now, false);
        }
    }

    /**
     * A provider session handle core will not keep (a resumption keeps the session it resumed): it
     * is released now ({@link EngineSession#release()}), as a kept one is when its last
     * {@code SslSession} goes.
     */
    private void releaseUnused(EngineSession es) {
        SessionImpl session = conn.session();
        if (es == null || (session != null && session.engineSession == es) || (ticketShared != null && ticketShared.es == es)) {
            return;
        }
        try {
            es.release();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "provider failed to release a session", e);
        }
    }

    /** A new session over {@code shared}, with the connection's id context and the context's timeout. */
    private SessionImpl newSession(SessionImpl.Shared shared, long now) {
        return new SessionImpl(shared, ctx.providerId(), conn.sessionIdContext(), now, conn.setting(Setting.SESSION_TIMEOUT));
    }

    /**
     * OpenSSL's {@code ssl_clear_bad_session}: a session whose handshake finished without close_notify
     * sent is removed from the cache (RFC 2246).
     *
     * @param session the connection's session  @param established whether the handshake finished
     * @param sentShutdown whether close_notify was sent
     * @return whether it was bad
     */
    boolean clearBadSession(SessionImpl session, boolean established, boolean sentShutdown) {
        if (session != null && !sentShutdown && established) {
            ctx.cache.remove(session);
            return true;
        }
        return false;
    }

    /** A connection that fails removes the session it used or offered (R5). @param session its session */
    void failed(SessionImpl session) {
        if (session != null) {
            ctx.cache.remove(session);
        }
    }

    /** The connection is cleared or freed: the server's lookup and the ticket lineage are let go. */
    void reset() {
        if (serverFound != null) {
            serverFound.free();
            serverFound = null;
        }
        SessionImpl.Shared shared = ticketShared;
        ticketShared = null;
        ticketsSeen = 0;
        if (shared != null) {
            shared.close();
        }
        reused = false;
        offered = false;
    }
}
