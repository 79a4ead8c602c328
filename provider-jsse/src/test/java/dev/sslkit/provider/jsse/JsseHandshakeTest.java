package dev.sslkit.provider.jsse;

import dev.sslkit.tck.AbstractHandshakeTck;

/** The conformance kit's handshake tests on the JSSE provider. */
class JsseHandshakeTest extends AbstractHandshakeTck {
    @Override
    protected String providerId() {
        return "jsse";
    }
}
