package dev.sslkit.provider.bc;

import dev.sslkit.tck.AbstractHostilePeerTck;

/** The conformance kit's hostile-peer tests (issue 9) on the Bc provider. */
class BcHostilePeerTest extends AbstractHostilePeerTck {
    @Override
    protected String providerId() {
        return "bc";
    }
}
