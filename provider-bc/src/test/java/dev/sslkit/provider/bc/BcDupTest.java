package dev.sslkit.provider.bc;

import dev.sslkit.tck.AbstractDupTck;

/** The conformance kit's dup requirements on provider {@code bc}. */
class BcDupTest extends AbstractDupTck {
    @Override
    protected String providerId() {
        return "bc";
    }
}
