package dev.sslkit.provider.jsse;

import dev.sslkit.tck.AbstractHostilePeerTck;

/** The conformance kit's hostile-peer tests (issue 9) on the Jsse provider. */
class JsseHostilePeerTest extends AbstractHostilePeerTck {
    @Override
    protected String providerId() {
        return "jsse";
    }
}
