package dev.sslkit.provider.jsse;

import dev.sslkit.CertifiedKey;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.VerifyMode;
import dev.sslkit.spi.EngineEvents;
import dev.sslkit.spi.EngineSession;
import dev.sslkit.spi.EngineSpec;
import dev.sslkit.spi.KeySelector;
import dev.sslkit.spi.PeerVerifier;

import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A hand-written {@link EngineSpec}: settings in a map, a trivial key selector, a recording verifier. */
final class TestSpec implements EngineSpec {
    final boolean client;
    final Map<Setting<?>, Object> settings = new HashMap<>();
    Set<VerifyMode> verifyMode;
    String serverName;
    EngineSession resume;
    CertifiedKey key;
    volatile String refuse;
    final AtomicInteger keySelections = new AtomicInteger();
    final AtomicInteger verifications = new AtomicInteger();
    volatile Principal[] lastIssuers;
    volatile X509Certificate[] lastChain;
    final List<String> alerts = new CopyOnWriteArrayList<>();

    TestSpec(boolean client) {
        this.client = client;
        this.key = client ? null : TestPki.SERVER;
        if (!client) {
            settings.put(Setting.CERTIFICATES, List.of(TestPki.SERVER));
        }
    }

    static TestSpec client() {
        return new TestSpec(true);
    }

    static TestSpec server() {
        return new TestSpec(false);
    }

    <T> TestSpec set(Setting<T> s, T value) {
        settings.put(s, value);
        return this;
    }

    @Override
    public boolean clientMode() {
        return client;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return settings.containsKey(setting) ? (T) settings.get(setting) : setting.defaultValue();
    }

    @Override
    public Set<VerifyMode> verifyMode() {
        return verifyMode != null ? verifyMode : client ? EnumSet.of(VerifyMode.PEER) : EnumSet.noneOf(VerifyMode.class);
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public EngineSession sessionToResume() {
        return resume;
    }

    @Override
    public PeerVerifier verifier() {
        return new PeerVerifier() {
            @Override
            public void verify(X509Certificate[] chain, String authType) throws CertificateException {
                verifications.incrementAndGet();
                lastChain = chain.clone();
                if (refuse != null) {
                    throw new CertificateException(refuse);
                }
            }

            @Override
            public X509Certificate[] acceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }

    @Override
    public KeySelector keySelector() {
        return (String[] keyTypes, Principal[] issuers) -> {
            keySelections.incrementAndGet();
            lastIssuers = issuers;
            return key != null && Arrays.asList(keyTypes).contains(key.keyType()) ? key : null;
        };
    }

    @Override
    public EngineEvents events() {
        return new EngineEvents() {
            @Override
            public void alert(boolean sent, boolean fatal, int description) {
                alerts.add((sent ? "sent " : "received ") + (fatal ? "fatal " : "warning ") + description);
            }

            @Override
            public void message(boolean sent, int version, int contentType, byte[] bytes) {
            }
        };
    }

}
