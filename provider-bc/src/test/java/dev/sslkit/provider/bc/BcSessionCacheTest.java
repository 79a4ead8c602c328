package dev.sslkit.provider.bc;

import dev.sslkit.tck.AbstractSessionCacheTck;

/** The conformance kit's session cache scenarios (issue 4) on provider {@code bc}. */
class BcSessionCacheTest extends AbstractSessionCacheTck {
    @Override
    protected String providerId() {
        return "bc";
    }
}
