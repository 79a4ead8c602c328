package dev.sslkit.provider.bc;

import dev.sslkit.tck.AbstractClearTck;

/** The conformance kit's clear requirements on provider {@code bc}. */
class BcClearTest extends AbstractClearTck {
    @Override
    protected String providerId() {
        return "bc";
    }
}
