package dev.sslkit.bridge;

import com.google.auto.service.AutoService;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;

/**
 * The {@code sslkit} JCA provider: {@code SSLContext} {@code TLS}, {@code TLSv1.2}, {@code TLSv1.3} and
 * {@code Default} backed by sslkit connections. There is no OpenSSL equivalent; the nearest is an
 * OpenSSL ENGINE/provider that swaps the implementation under an unchanged API.
 *
 * <p>Found by {@link java.util.ServiceLoader} ({@code provides java.security.Provider} on the module path,
 * {@code META-INF/services} from {@code @AutoService} on the class path), so both
 * {@code Security.addProvider(new SslkitProvider())} and a {@code java.security} properties file line
 * {@code security.provider.1=sslkit} work. The TLS backend is chosen when a context is made: the
 * system property {@code sslkit.provider}, else the environment variable {@code SSLKIT_PROVIDER}, else
 * {@code jsse} (the JDK's SunJSSE, always reached by name, so the bridge never recurses into itself).
 *
 * <p>Thread safety: immutable after construction, as JCA requires. The constructor does no crypto and
 * loads nothing, so the JDK can install it while its own providers are still loading.
 */
@AutoService(Provider.class)
public final class SslkitProvider extends Provider {
    private static final long serialVersionUID = 1L;

    /** The provider's name, for {@code SSLContext.getInstance("TLS", SslkitProvider.NAME)}. */
    public static final String NAME = "sslkit";

    /** The SSLContext algorithms registered, in order. */
    static final List<String> PROTOCOLS = List.of("TLS", "TLSv1.2", "TLSv1.3", "Default");

    /** Registers the four SSLContext services. */
    public SslkitProvider() {
        super(NAME, "0.1", "sslkit: javax.net.ssl over sslkit connections (OpenSSL's SSL objects) on jsse, bc or conscrypt");
        for (String p : PROTOCOLS) {
            putService(new ContextService(this, p));
        }
    }

    private static final class ContextService extends Service {
        ContextService(Provider provider, String protocol) {
            super(provider, "SSLContext", protocol, SslkitContextSpi.class.getName(),
                    null, Map.of());
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            try {
                return new SslkitContextSpi(getAlgorithm());
            } catch (RuntimeException e) {
                NoSuchAlgorithmException x = new NoSuchAlgorithmException(
                        "sslkit: cannot make SSLContext " + getAlgorithm() + ": " + e.getMessage());
                x.initCause(e);
                throw x;
            }
        }
    }
}
