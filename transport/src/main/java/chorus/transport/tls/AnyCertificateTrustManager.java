package chorus.transport.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Lets any certificate through the TLS handshake. Chorus has no CA: trust is the device ID, decided
 * after the handshake by {@link PeerVerifier}, which also logs the peer's ID with the reason when it
 * rejects. Only an absent certificate fails here (there is nothing to identify the peer by).
 *
 * <p>The handshake still proves the peer holds the private key of the certificate it presented, so the
 * certificate's hash is a sound identity.
 */
final class AnyCertificateTrustManager extends X509ExtendedTrustManager {
  static final AnyCertificateTrustManager INSTANCE = new AnyCertificateTrustManager();
  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private AnyCertificateTrustManager() {}

  private static void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the peer presented no certificate");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NO_ISSUERS;
  }
}
