package chorus.transport.testing;

import chorus.transport.tls.DeviceIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Mints device identities for tests: P-384 via the product code, Ed25519 and RSA like Syncthing's. */
public final class TestIdentities {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestIdentities() {}

  public static DeviceIdentity ec() {
    return DeviceIdentity.generate(Instant.parse("2026-01-01T00:00:00Z"), RANDOM);
  }

  /** An Ed25519 identity, written as PEM and loaded the way a home's identity is. */
  public static DeviceIdentity ed25519(Path dir) {
    return mint(dir, "Ed25519", null, "Ed25519");
  }

  /** A 2048-bit RSA identity (old Syncthing). */
  public static DeviceIdentity rsa(Path dir) {
    return mint(dir, "RSA", 2048, "SHA256withRSA");
  }

  private static DeviceIdentity mint(Path dir, String keyAlgorithm, Integer bits, String signature) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
      if (bits != null) {
        generator.initialize(bits, RANDOM);
      }
      KeyPair pair = generator.generateKeyPair();
      X500Name name = new X500Name("CN=syncthing");
      Instant now = Instant.parse("2026-01-01T00:00:00Z");
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          name, new BigInteger(63, RANDOM), Date.from(now.minus(Duration.ofDays(1))),
          Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
      X509Certificate cert = new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
      Files.createDirectories(dir);
      Path certFile = Files.createTempFile(dir, "cert", ".pem");
      Path keyFile = Files.createTempFile(dir, "key", ".pem");
      writePem(certFile, cert);
      writePem(keyFile, pair.getPrivate());
      return DeviceIdentity.load(certFile, keyFile);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writePem(Path file, Object object) throws IOException {
    try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
      writer.writeObject(object);
    }
  }
}
