package chorus.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated identity survives the trip through PEM text and files with its device ID. */
class DeviceIdentityPemTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void aGeneratedIdentityReadsBackWithTheSameId() throws Exception {
    DeviceIdentity identity = DeviceIdentity.generate(NOW, new SecureRandom());
    assertEquals(384, ((ECPublicKey) identity.certificate().getPublicKey()).getParams().getCurve().getField().getFieldSize());
    assertTrue(identity.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"), identity.privateKeyPem());
    assertTrue(identity.certificatePem().startsWith("-----BEGIN CERTIFICATE-----\n"), identity.certificatePem());

    DeviceIdentity again = DeviceIdentity.fromPem(identity.certificatePem(), identity.privateKeyPem());
    assertEquals(identity.deviceId(), again.deviceId());
    assertEquals(DeviceId.fromCertificate(identity.certificate().getEncoded()), identity.deviceId());

    Path cert = Files.writeString(dir.resolve("cert.pem"), identity.certificatePem());
    Path key = Files.writeString(dir.resolve("key.pem"), identity.privateKeyPem());
    assertEquals(identity.deviceId(), DeviceIdentity.load(cert, key).deviceId());
  }

  @Test
  void twoIdentitiesDiffer() {
    SecureRandom random = new SecureRandom();
    assertNotEquals(DeviceIdentity.generate(NOW, random).deviceId(), DeviceIdentity.generate(NOW, random).deviceId());
  }

  @Test
  void aKeyOfAnotherIdentityIsRefused() {
    SecureRandom random = new SecureRandom();
    DeviceIdentity a = DeviceIdentity.generate(NOW, random);
    DeviceIdentity b = DeviceIdentity.generate(NOW, random);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DeviceIdentity.fromPem(a.certificatePem(), b.privateKeyPem()));
    assertTrue(e.getMessage().contains("is not the private key of"), e.getMessage());
  }

  @Test
  void garbageIsRefusedWithTheFileName() throws Exception {
    DeviceIdentity a = DeviceIdentity.generate(NOW, new SecureRandom());
    Path cert = Files.writeString(dir.resolve("cert.pem"), "nothing here");
    Path key = Files.writeString(dir.resolve("key.pem"), a.privateKeyPem());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceIdentity.load(cert, key));
    assertTrue(e.getMessage().startsWith(cert + ": no PEM certificate found"), e.getMessage());
    Files.writeString(cert, a.certificatePem());
    Files.writeString(key, a.certificatePem());
    e = assertThrows(IllegalArgumentException.class, () -> DeviceIdentity.load(cert, key));
    assertTrue(e.getMessage().startsWith(key + ": no unencrypted PEM private key found"), e.getMessage());
  }
}
