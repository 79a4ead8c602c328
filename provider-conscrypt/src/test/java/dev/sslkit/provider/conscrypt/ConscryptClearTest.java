package dev.sslkit.provider.conscrypt;

import dev.sslkit.tck.AbstractClearTck;

/** The conformance kit's clear tests on provider {@code conscrypt}. */
class ConscryptClearTest extends AbstractClearTck {
    @Override
    protected String providerId() {
        return ConscryptProvider.ID;
    }
}
