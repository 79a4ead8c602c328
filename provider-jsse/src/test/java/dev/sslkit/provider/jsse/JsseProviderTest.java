package dev.sslkit.provider.jsse;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.SslReason;
import dev.sslkit.VerifyMode;
import dev.sslkit.spi.Capabilities;
import dev.sslkit.spi.TlsProvider;

import java.util.EnumSet;
import java.util.ServiceLoader;
import javax.net.ssl.SSLParameters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Identity, capabilities, and core's settings gate fed by jsse's declaration (issue 11 item 3). */
class JsseProviderTest {
    private final JsseProvider provider = new JsseProvider();

    @Test
    @Timeout(10)
    void identity() {
        assertEquals("jsse", provider.id());
        assertTrue(provider.version().startsWith(Runtime.version().toString()), provider.version());
        assertTrue(provider.isAvailable());
        boolean found = false;
        // tests run patched into the provider module, which declares no `uses`
        JsseProviderTest.class.getModule().addUses(TlsProvider.class);
        for (TlsProvider p : ServiceLoader.load(TlsProvider.class)) {
            found |= p instanceof JsseProvider;
        }
        assertTrue(found, "found by ServiceLoader");
    }

    @Test
    @Timeout(10)
    void capabilitiesAreDeclaredByTheRunningJdk() {
        Capabilities caps = provider.capabilities();
        assertTrue(caps.protocols().containsAll(EnumSet.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)));
        for (ProtocolVersion v : EnumSet.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)) {
            assertTrue(caps.resumes(v, true));
            assertTrue(caps.resumes(v, false));
        }
        boolean hasSigSchemes;
        try {
            SSLParameters.class.getMethod("setSignatureSchemes", String[].class);
            hasSigSchemes = true;
        } catch (NoSuchMethodException e) {
            hasSigSchemes = false;
        }
        assertEquals(hasSigSchemes, caps.supports(Setting.SIGALGS));
        for (Setting<?> s : Setting.values()) {
            if (s.layer() == Setting.Layer.PROVIDER && !caps.supports(s)) {
                assertNotNull(caps.note(s), "undeclared setting " + s + " has a note saying why");
            }
        }
        assertTrue(caps.supports(SslOption.CIPHER_SERVER_PREFERENCE));
        assertFalse(caps.supports(SslOption.NO_TICKET));
        assertFalse(caps.supports(SslMode.SEND_FALLBACK_SCSV));
        assertFalse(caps.supports(Setting.TMP_DH));
        assertTrue(caps.note(Setting.TMP_DH).contains("jdk.tls.server.defaultDHEParameters"));
    }

    @Test
    @Timeout(10)
    void checkSettingRejectsWithSettingAndProviderNamed() {
        SslException e = assertThrows(SslException.class,
                () -> gate(Setting.OPTIONS, EnumSet.of(SslOption.NO_COMPRESSION, SslOption.NO_TICKET)));
        assertTrue(e.hasReason(SslReason.SETTING_NOT_SUPPORTED));
        assertTrue(e.getMessage().contains("setting 'options' (SSL_set_options / SSL_clear_options) is not supported by provider jsse"),
                e.getMessage());
        assertTrue(e.getMessage().contains("NO_TICKET"), e.getMessage());

        e = assertThrows(SslException.class,
                () -> gate(Setting.VERIFY_MODE, EnumSet.of(VerifyMode.PEER, VerifyMode.POST_HANDSHAKE)));
        assertTrue(e.getMessage().contains("setting 'verify_mode'"), e.getMessage());

        e = assertThrows(SslException.class, () -> gate(Setting.MODE, EnumSet.of(SslMode.SEND_FALLBACK_SCSV)));
        assertTrue(e.hasReason(SslReason.SETTING_NOT_SUPPORTED));

        e = assertThrows(SslException.class, () -> gate(Setting.TMP_DH, new Object()));
        assertTrue(e.getMessage().contains("tmp_dh") && e.getMessage().contains("jsse"), e.getMessage());

        if (!provider.capabilities().supports(Setting.SIGALGS)) {
            e = assertThrows(SslException.class, () -> gate(Setting.SIGALGS, java.util.List.of("ecdsa_secp256r1_sha256")));
            assertTrue(e.getMessage().contains("JDK 19"), e.getMessage());
        }
        if (!provider.capabilities().protocols().contains(ProtocolVersion.TLS1_1)) {
            e = assertThrows(SslException.class, () -> gate(Setting.MAX_PROTO_VERSION, ProtocolVersion.TLS1_1));
            assertTrue(e.getMessage().contains("max_proto_version"), e.getMessage());
        }
        assertDoesNotThrow(() -> gate(Setting.MIN_PROTO_VERSION, ProtocolVersion.TLS1_0));
        assertDoesNotThrow(() -> gate(Setting.OPTIONS,
                EnumSet.of(SslOption.NO_COMPRESSION, SslOption.CIPHER_SERVER_PREFERENCE, SslOption.IGNORE_UNEXPECTED_EOF)));
    }

    @Test
    @Timeout(10)
    void cipherLists() throws SslException {
        gate(Setting.CIPHER_LIST, "ECDHE-ECDSA-AES128-GCM-SHA256:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        gate(Setting.CIPHER_LIST, "DEFAULT:!ECDHE-RSA-AES128-SHA");
        gate(Setting.CIPHERSUITES, "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256");

        SslException e = assertThrows(SslException.class, () -> gate(Setting.CIPHER_LIST, "ECDHE-ECDSA-AES128-GCM-SHA256:FOO"));
        assertTrue(e.hasReason(SslReason.BAD_SETTING));
        assertTrue(e.getMessage().contains("cipher_list: unknown cipher 'FOO'"), e.getMessage());

        e = assertThrows(SslException.class, () -> gate(Setting.CIPHER_LIST, "TLS_AES_128_GCM_SHA256"));
        assertTrue(e.hasReason(SslReason.BAD_SETTING));
        e = assertThrows(SslException.class, () -> gate(Setting.CIPHERSUITES, "ECDHE-RSA-AES128-GCM-SHA256"));
        assertTrue(e.hasReason(SslReason.BAD_SETTING));
        e = assertThrows(SslException.class, () -> gate(Setting.CIPHER_LIST, "DEFAULT:!DEFAULT"));
        assertTrue(e.hasReason(SslReason.NO_CIPHER_MATCH));
    }

    /** Issue 11 item 3: a value goes through core's one settings gate against jsse's declaration, as every set does. */
    @SuppressWarnings("unchecked")
    private static <T> void gate(Setting<T> setting, Object value) throws SslException {
        try (dev.sslkit.SslContext c = dev.sslkit.SslContext.newContext(dev.sslkit.SslMethod.TLS_SERVER, "jsse")) {
            c.set(setting, (T) value);
        }
    }
}
