package dev.sslkit.tck;

import dev.sslkit.CustomExtension;
import dev.sslkit.Dane;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.ServerInfo;
import dev.sslkit.Setting;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.TmpDh;
import dev.sslkit.VerifyMode;
import dev.sslkit.VerifyParams;
import dev.sslkit.ProviderCapabilities;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A non-default value for every setting, so tests can see whether it was copied or inherited. */
public final class SettingSamples {
    private SettingSamples() {
    }

    /**
     * @param pki  the test PKI
     * @param caps the provider's capabilities (options are chosen among those it honours)
     * @return a sample per setting
     */
    public static Map<Setting<?>, Object> samples(TestPki pki, ProviderCapabilities caps) {
        Map<Setting<?>, Object> m = new IdentityHashMap<>();
        m.put(Setting.SESSION_ID_CONTEXT, "sid-ctx-sample".getBytes(StandardCharsets.US_ASCII));
        m.put(Setting.TMP_DH, TmpDh.auto());
        m.put(Setting.CERTIFICATES, List.of(pki.serverKey()));
        m.put(Setting.SIGALGS, List.of("ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256"));
        m.put(Setting.CLIENT_SIGALGS, List.of("ecdsa_secp256r1_sha256"));
        m.put(Setting.DANE, Dane.enable("localhost").withTlsa(Dane.DANE_TA, Dane.SELECTOR_SPKI, Dane.MATCH_FULL,
                pki.root().getPublicKey().getEncoded()));
        Set<SslOption> opts = EnumSet.noneOf(SslOption.class);
        opts.addAll(caps.options());
        m.put(Setting.OPTIONS, opts);
        m.put(Setting.MODE, EnumSet.of(SslMode.AUTO_RETRY, SslMode.ENABLE_PARTIAL_WRITE, SslMode.ACCEPT_MOVING_WRITE_BUFFER));
        m.put(Setting.MIN_PROTO_VERSION, ProtocolVersion.TLS1_3);
        m.put(Setting.MAX_PROTO_VERSION, ProtocolVersion.TLS1_2);
        m.put(Setting.VERIFY_MODE, EnumSet.of(VerifyMode.PEER, VerifyMode.FAIL_IF_NO_PEER_CERT));
        m.put(Setting.VERIFY_CALLBACK, (dev.sslkit.VerifyCallback) (ok, ctx) -> ok);
        m.put(Setting.VERIFY_DEPTH, 3);
        m.put(Setting.VERIFY_PARAM, VerifyParams.DEFAULT.withHost("sample.example").withNoWildcards(true));
        m.put(Setting.MSG_CALLBACK, (dev.sslkit.MsgCallback) (w, v, t, b, s) -> { });
        m.put(Setting.INFO_CALLBACK, (dev.sslkit.InfoCallback) (s, w, r) -> { });
        m.put(Setting.PASSWORD_CALLBACK, (dev.sslkit.PasswordCallback) enc -> "pw".toCharArray());
        m.put(Setting.SESSION_ID_GENERATOR, (dev.sslkit.SessionIdGenerator) (s, id) -> id.length);
        m.put(Setting.CIPHER_LIST, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256");
        m.put(Setting.CIPHERSUITES, "TLS_AES_128_GCM_SHA256");
        m.put(Setting.MAX_CERT_LIST, 4096L);
        m.put(Setting.NUM_TICKETS, caps.tls13TicketsAfterFull()); // the only number a provider accepts
        m.put(Setting.READ_AHEAD, Boolean.TRUE);
        m.put(Setting.CA_LIST, List.of(pki.root()));
        m.put(Setting.CLIENT_CA_LIST, List.of(pki.root()));
        m.put(Setting.SECURITY_LEVEL, 3);
        m.put(Setting.SECURITY_CALLBACK, (dev.sslkit.SecurityCallback) (s, op, bits, alg, lvl) -> true);
        m.put(Setting.SERVERINFO, List.of(new ServerInfo(18, new byte[] {0, 4, 1, 2, 3, 4})));
        m.put(Setting.PSK_IDENTITY_HINT, "sample-hint");
        m.put(Setting.CUSTOM_EXTENSIONS, List.of(new CustomExtension(65280, s -> new byte[] {1}, (s, d) -> true)));
        m.put(Setting.CLIENT_CERT_TYPES, List.of(64, 1));
        m.put(Setting.SESSION_TIMEOUT, 1234L);
        m.put(Setting.ALPN, List.of("h2", "http/1.1"));
        m.put(Setting.QUIET_SHUTDOWN, Boolean.TRUE);
        m.put(Setting.SERVER_NAME, "sample.example");
        m.put(Setting.SESSION_STORE, new MapSessionStore());
        for (Setting<?> s : Setting.values()) {
            if (!m.containsKey(s)) {
                throw new IllegalStateException("SettingSamples has no sample for " + s + ": add one");
            }
        }
        return m;
    }

    /** @param a a value  @param b another  @return equality, comparing arrays by content */
    public static boolean same(Object a, Object b) {
        if (a instanceof byte[] && b instanceof byte[]) {
            return Arrays.equals((byte[]) a, (byte[]) b);
        }
        return Objects.equals(a, b);
    }
}
