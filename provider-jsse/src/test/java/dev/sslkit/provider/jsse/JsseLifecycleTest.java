package dev.sslkit.provider.jsse;

import dev.sslkit.tck.AbstractLifecycleTck;

/** The conformance kit's lifecycle tests on the JSSE provider. */
class JsseLifecycleTest extends AbstractLifecycleTck {
    @Override
    protected String providerId() {
        return "jsse";
    }
}
