package chorus.transport.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers the one device key whatever key type the TLS stack asks for. Netty's OpenSSL glue only asks
 * for RSA and EC key types, so without this an Ed25519 device certificate (Syncthing 2.x) finds "no key
 * material" with BoringSSL although BoringSSL itself signs with Ed25519 fine. Not used with the JDK
 * provider, which matches Ed25519 keys itself.
 */
final class DeviceKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "device";

  private final PrivateKey key;
  private final X509Certificate[] chain;

  DeviceKeyManager(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.chain = new X509Certificate[] {certificate};
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return new String[] {ALIAS};
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return ALIAS;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return ALIAS;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return new String[] {ALIAS};
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return ALIAS;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return ALIAS;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }
}
