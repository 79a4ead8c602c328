package dev.sslkit.provider.bc;

import dev.sslkit.tck.AbstractResourceTck;

/** The conformance kit's resource test (new → handshake → free cycles) on the bc provider. */
class BcResourceTest extends AbstractResourceTck {
    @Override
    protected String providerId() {
        return "bc";
    }
}
