package chorus.transport.tls;

import chorus.core.id.DeviceId;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A device's TLS identity: its private key and self-signed certificate, and the {@link DeviceId} derived
 * from the certificate. New identities are ECDSA P-384; loaded ones may also be Ed25519 (Syncthing 2.x)
 * or RSA (old Syncthing), so a Syncthing host keeps its device ID when it moves to chorus.
 */
public final class DeviceIdentity {
  /** The certificate's common name; like Syncthing's, it carries no meaning beyond tradition. */
  public static final String COMMON_NAME = "chorus";

  private final PrivateKey privateKey;
  private final X509Certificate certificate;
  private final DeviceId deviceId;

  private DeviceIdentity(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
    try {
      this.deviceId = DeviceId.fromCertificate(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /** Makes a new ECDSA P-384 key and a self-signed certificate valid for 20 years from {@code now}. */
  public static DeviceIdentity generate(Instant now, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp384r1"), random);
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + COMMON_NAME);
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          subject,
          new BigInteger(63, random),
          Date.from(now.minus(Duration.ofDays(1))),
          Date.from(now.plus(Duration.ofDays(20 * 365))),
          subject,
          pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, COMMON_NAME)));
      X509CertificateHolder holder = builder.build(
          new JcaContentSignerBuilder("SHA384withECDSA").setSecureRandom(random).build(pair.getPrivate()));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
      return new DeviceIdentity(pair.getPrivate(), cert);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("could not generate a device identity: " + e.getMessage(), e);
    }
  }

  /**
   * Loads a PEM certificate and PEM private key (SEC1 "EC PRIVATE KEY", PKCS#8 "PRIVATE KEY" or
   * "RSA PRIVATE KEY"), checking that the key belongs to the certificate.
   *
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static DeviceIdentity load(Path certPem, Path keyPem) throws IOException {
    String cert = Files.readString(certPem, StandardCharsets.ISO_8859_1);
    String key = Files.readString(keyPem, StandardCharsets.ISO_8859_1);
    return fromPem(cert, certPem.toString(), key, keyPem.toString());
  }

  /**
   * Parses a PEM certificate and PEM private key held in memory, as {@link #load} does files; used to check
   * an identity before it is written.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static DeviceIdentity fromPem(String certificatePem, String privateKeyPem) {
    return fromPem(certificatePem, "certificate", privateKeyPem, "private key");
  }

  private static DeviceIdentity fromPem(String certPem, String certName, String keyPem, String keyName) {
    X509Certificate cert = readCertificate(certPem, certName);
    PrivateKey key = readPrivateKey(keyPem, keyName);
    DeviceIdentity identity = new DeviceIdentity(key, cert);
    identity.checkKeyMatchesCertificate(certName, keyName);
    return identity;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public DeviceId deviceId() {
    return deviceId;
  }

  /** The certificate as PEM ("CERTIFICATE"): its DER bytes unchanged, so the device ID is kept. */
  public String certificatePem() {
    try {
      return toPem("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /**
   * The private key as PKCS#8 PEM ("PRIVATE KEY"), which names the curve for EC keys; SEC1 as written by
   * BouncyCastle from a JDK EC key would leave the curve out and could not be read back.
   */
  public String privateKeyPem() {
    return toPem("PRIVATE KEY", privateKey.getEncoded());
  }

  private static X509Certificate readCertificate(String pem, String file) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (!(object instanceof X509CertificateHolder holder)) {
        throw new IllegalArgumentException(file + ": no PEM certificate found"
            + (object == null ? "" : " (found " + object.getClass().getSimpleName() + ")"));
      }
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(holder.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(file + ": not a valid X.509 certificate: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a valid PEM file: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException(file + ": not a valid PEM file: " + e.getMessage(), e);
    }
  }

  private static PrivateKey readPrivateKey(String pem, String file) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IllegalArgumentException(file + ": no unencrypted PEM private key found"
          + (object == null ? "" : " (found " + object.getClass().getSimpleName() + ")"));
    } catch (org.bouncycastle.openssl.PEMException e) {
      throw new IllegalArgumentException(file + ": unsupported or damaged private key: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a valid PEM file: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException(file + ": not a valid PEM file: " + e.getMessage(), e);
    }
  }

  /** Signs a probe with the key and verifies it with the certificate's public key. */
  private void checkKeyMatchesCertificate(String certPem, String keyPem) {
    String algorithm = switch (privateKey.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "RSA" -> "SHA256withRSA";
      default -> throw new IllegalArgumentException(
          keyPem + ": unsupported key algorithm " + privateKey.getAlgorithm() + " (use ECDSA, Ed25519 or RSA)");
    };
    try {
      byte[] probe = "chorus key check".getBytes(StandardCharsets.US_ASCII);
      java.security.Signature signer = java.security.Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      PublicKey publicKey = certificate.getPublicKey();
      java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new IllegalArgumentException(keyPem + " is not the private key of " + certPem);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(keyPem + " does not fit " + certPem + ": " + e.getMessage(), e);
    }
  }

  private static String toPem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
