package dev.sslkit.provider.conscrypt;

import dev.sslkit.tck.AbstractHostilePeerTck;

/** The conformance kit's hostile-peer tests (issue 9) on the Conscrypt provider. */
class ConscryptHostilePeerTest extends AbstractHostilePeerTck {
    @Override
    protected String providerId() {
        return "conscrypt";
    }
}
