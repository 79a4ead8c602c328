package dev.sslkit.provider.jsse;

import dev.sslkit.tck.AbstractSessionCacheTck;

/** The conformance kit's session cache scenarios (issue 4) on provider {@code jsse}. */
class JsseSessionCacheTest extends AbstractSessionCacheTck {
    @Override
    protected String providerId() {
        return "jsse";
    }
}
