package dev.sslkit.provider.jsse;

import dev.sslkit.tck.AbstractResourceTck;

/** The conformance kit's resource test (new → handshake → free cycles) on the jsse provider. */
class JsseResourceTest extends AbstractResourceTck {
    @Override
    protected String providerId() {
        return "jsse";
    }
}
