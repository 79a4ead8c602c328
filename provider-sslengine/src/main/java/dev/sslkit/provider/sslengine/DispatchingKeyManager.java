package dev.sslkit.provider.sslengine;

import dev.sslkit.CertifiedKey;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** Dispatches key selection to the connection's {@code KeySelector}; selects nothing itself. */
final class DispatchingKeyManager extends X509ExtendedKeyManager {
    private final EngineDispatch dispatch;

    DispatchingKeyManager(EngineDispatch dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        SslEngineTlsEngine e = dispatch.lookup(engine);
        return e == null || keyType == null ? null : e.chooseAlias(new String[] {keyType}, issuers);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        SslEngineTlsEngine e = dispatch.lookup(engine);
        return e == null || keyType == null ? null : e.chooseAlias(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey k = dispatch.key(alias);
        return k == null ? null : k.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey k = dispatch.key(alias);
        return k == null ? null : k.privateKey();
    }

    // sslkit drives engines only: there is no connection to select for without one.
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
