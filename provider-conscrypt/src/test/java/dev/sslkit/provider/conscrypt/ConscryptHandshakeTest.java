package dev.sslkit.provider.conscrypt;

import dev.sslkit.tck.AbstractHandshakeTck;

/** The conformance kit's handshake tests on provider {@code conscrypt}. */
class ConscryptHandshakeTest extends AbstractHandshakeTck {
    @Override
    protected String providerId() {
        return ConscryptProvider.ID;
    }
}
