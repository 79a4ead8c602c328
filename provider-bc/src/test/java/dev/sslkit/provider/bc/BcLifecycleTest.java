package dev.sslkit.provider.bc;

import dev.sslkit.tck.AbstractLifecycleTck;

/** The conformance kit's lifecycle requirements on provider {@code bc}. */
class BcLifecycleTest extends AbstractLifecycleTck {
    @Override
    protected String providerId() {
        return "bc";
    }
}
