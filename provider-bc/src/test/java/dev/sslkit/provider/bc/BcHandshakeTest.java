package dev.sslkit.provider.bc;

import dev.sslkit.tck.AbstractHandshakeTck;

/** The conformance kit's handshake requirements on provider {@code bc}. */
class BcHandshakeTest extends AbstractHandshakeTck {
    @Override
    protected String providerId() {
        return "bc";
    }
}
