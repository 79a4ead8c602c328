package dev.sslkit.tck;

import dev.sslkit.ExDataIndex;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslReason;
import dev.sslkit.SslSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SSL_dup: requirements D1–D5 and one test per row of SSL_dup's list. */
public abstract class AbstractDupTck extends AbstractTck {

    static Stream<Setting<?>> dupRows() {
        return Setting.values().stream().filter(Setting::copiedByDup);
    }

    static Stream<Setting<?>> notCopied() {
        return Setting.values().stream().filter(s -> !s.copiedByDup() && s.scope() != Setting.Scope.CONTEXT);
    }

    /** D1, one test per row: dup of a fresh connection copies the setting (or the provider rejects it clearly). */
    @ParameterizedTest(name = "D1 row: {0}")
    @MethodSource("dupRows")
    void d1_dupCopiesRow(Setting<Object> s) throws Exception {
        SslContext ctx = track(SslContext.newContext(SslMethod.TLS_SERVER, providerId()));
        Ssl src = track(ctx.newSsl());
        Object sample = SettingSamples.samples(pki(), caps()).get(s);
        if (!caps().supports(s)) {
            SslException e = assertThrows(SslException.class, () -> src.set(s, sample),
                    s + " is not declared by " + providerId() + ", so setting it must fail");
            assertTrue(e.hasReason(SslReason.SETTING_NOT_SUPPORTED), e.getMessage());
            assertTrue(e.getMessage().contains("'" + s.name() + "'") && e.getMessage().contains(providerId()), e.getMessage());
            return;
        }
        src.set(s, sample);
        Ssl copy = track(src.dup());
        assertNotSame(src, copy, "D1: a fresh connection is really copied");
        assertEquals(1, copy.refCnt(), "D1: the copy has reference count 1");
        assertSame(src.context(), copy.context(), "D1: same context");
        assertTrue(SettingSamples.same(sample, copy.get(s)), "D1: " + s + " copied, got " + copy.get(s));
    }

    /** D1 "nothing else": settings outside SSL_dup's list come from the context, not the source. */
    @ParameterizedTest(name = "D1 not copied: {0}")
    @MethodSource("notCopied")
    void d1_dupCopiesNothingElse(Setting<Object> s) throws Exception {
        SslContext ctx = track(SslContext.newContext(SslMethod.TLS_CLIENT, providerId()));
        Ssl src = track(ctx.newSsl());
        Object sample = SettingSamples.samples(pki(), caps()).get(s);
        if (!caps().supports(s)) {
            assertThrows(SslException.class, () -> src.set(s, sample));
            return;
        }
        src.set(s, sample);
        Ssl copy = track(src.dup());
        assertTrue(SettingSamples.same(ctx.get(s), copy.get(s)),
                "D1: " + s + " is not in SSL_dup's list, so the copy has the context's value, got " + copy.get(s));
    }

    /** D1 row "accept (server) or connect (client) state". */
    @Test
    void d1_dupCopiesRole() throws Exception {
        SslContext ctx = track(SslContext.newContext(SslMethod.TLS, providerId()));
        Ssl a = track(ctx.newSsl());
        a.setConnectState();
        assertFalse(track(a.dup()).isServer(), "connect state copied");
        Ssl b = track(ctx.newSsl());
        b.setAcceptState();
        assertTrue(track(b.dup()).isServer(), "accept state copied");
    }

    /** D2: once the handshake started, dup returns the same object with one more reference. */
    @Test
    void d2_dupAfterStartIsUpRef() throws Exception {
        Conn c = connect(clientContext(), serverContext());
        c.client.doHandshake(); // started, not finished
        assertFalse(c.client.inBefore());
        Ssl same = c.client.dup();
        assertSame(c.client, same, "D2: the same handle");
        assertEquals(2, c.client.refCnt(), "D2: one more reference");
        same.free();
        handshake(c.client, c.server);
        Ssl again = c.client.dup();
        assertSame(c.client, again, "D2: also after the handshake finished");
        again.free();
    }

    /** D3: the BIOs are not duplicated. */
    @Test
    void d3_noBios() throws Exception {
        Conn c = connect(clientContext(), serverContext());
        Ssl copy = track(c.client.dup());
        assertNull(copy.rbio(), "D3: no read BIO");
        assertNull(copy.wbio(), "D3: no write BIO");
        assertEquals(1, c.client.rbio().refCnt(), "D3: the source's BIO gained no reference");
    }

    /** D4: ex_data goes through each index's dup callback. */
    @Test
    void d4_exDataDupCallback() throws Exception {
        List<String> calls = new ArrayList<>();
        ExDataIndex<String> idx = ExDataIndex.newIndex(ExDataIndex.Kind.SSL, new ExDataIndex.Callbacks<>() {
            @Override
            public String onDup(Object from, Object to, String value) {
                calls.add("dup " + value);
                return value == null ? null : value + "-copy";
            }
        });
        Ssl src = track(clientContext().newSsl());
        src.setExData(idx, "data");
        Ssl copy = track(src.dup());
        assertEquals("data-copy", copy.getExData(idx), "D4: the dup callback's value");
        assertEquals("data", src.getExData(idx));
        assertEquals(List.of("dup data"), calls, "D4: called once for this index");
    }

    /** D5: a session on the source is shared by the copy (one more reference), with its id context. */
    @Test
    void d5_sessionShared() throws Exception {
        SslContext sctx = serverContext();
        SslContext cctx = clientContext();
        Conn c = connect(cctx, sctx);
        handshake(c.client, c.server);
        SslSession s = c.client.get1Session();
        shutdownBoth(c.client, c.server);
        Ssl fresh = track(cctx.newSsl());
        fresh.set(Setting.SESSION_ID_CONTEXT, utf8("ctx-1"));
        fresh.setSession(s);
        int before = s.refCnt();
        Ssl copy = track(fresh.dup());
        assertSame(s, copy.getSession(), "D5: the same session object");
        assertEquals(before + 1, s.refCnt(), "D5: one more reference");
        assertEquals("ctx-1", new String(copy.get(Setting.SESSION_ID_CONTEXT), java.nio.charset.StandardCharsets.UTF_8));
        s.free();
    }
}
