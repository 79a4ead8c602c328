package dev.sslkit.provider.conscrypt;

import dev.sslkit.tck.AbstractSessionCacheTck;

/** The conformance kit's session cache scenarios (issue 4) on provider {@code conscrypt}. */
class ConscryptSessionCacheTest extends AbstractSessionCacheTck {
    @Override
    protected String providerId() {
        return "conscrypt";
    }
}
