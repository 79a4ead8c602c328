package dev.sslkit.provider.conscrypt;

import dev.sslkit.tck.AbstractLifecycleTck;

/** The conformance kit's lifecycle tests on provider {@code conscrypt}. */
class ConscryptLifecycleTest extends AbstractLifecycleTck {
    @Override
    protected String providerId() {
        return ConscryptProvider.ID;
    }
}
