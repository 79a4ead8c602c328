package dev.sslkit.provider.jsse;

import dev.sslkit.tck.AbstractClearTck;

/** The conformance kit's clear tests on the JSSE provider. */
class JsseClearTest extends AbstractClearTck {
    @Override
    protected String providerId() {
        return "jsse";
    }
}
