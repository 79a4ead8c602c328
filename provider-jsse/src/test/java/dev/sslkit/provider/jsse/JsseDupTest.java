package dev.sslkit.provider.jsse;

import dev.sslkit.tck.AbstractDupTck;

/** The conformance kit's dup tests on the JSSE provider. */
class JsseDupTest extends AbstractDupTck {
    @Override
    protected String providerId() {
        return "jsse";
    }
}
