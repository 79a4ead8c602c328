package dev.sslkit.provider.conscrypt;

import dev.sslkit.tck.AbstractDupTck;

/** The conformance kit's dup tests on provider {@code conscrypt}. */
class ConscryptDupTest extends AbstractDupTck {
    @Override
    protected String providerId() {
        return ConscryptProvider.ID;
    }
}
