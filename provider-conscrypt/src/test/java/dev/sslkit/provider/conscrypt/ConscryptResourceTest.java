package dev.sslkit.provider.conscrypt;

import dev.sslkit.tck.AbstractResourceTck;

/** The conformance kit's resource test (new → handshake → free cycles) on the conscrypt provider. */
class ConscryptResourceTest extends AbstractResourceTck {
    @Override
    protected String providerId() {
        return "conscrypt";
    }
}
