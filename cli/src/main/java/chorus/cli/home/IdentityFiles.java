package chorus.cli.home;

import chorus.core.io.AtomicFile;
import chorus.core.id.DeviceId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/**
 * Writes and reads the identity files of a device home. The home directory is made owner-only (0700) and
 * the private key is created owner-only (0600) from its first byte: it goes to a temp file opened with
 * those permissions, is fsynced, and is renamed into place, so it is never readable by others, not even
 * for an instant, and a crash leaves the old key or the new one.
 *
 * <p>Reading the device ID needs only the certificate's DER bytes and SHA-256, so {@code chorus id} does
 * not load a crypto provider or parse X.509; the node loads the full identity with the transport module.
 */
public final class IdentityFiles {
  static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> CERT_MODE = PosixFilePermissions.fromString("rw-r--r--");
  private static final String BEGIN_CERT = "-----BEGIN CERTIFICATE-----";
  private static final String END_CERT = "-----END CERTIFICATE-----";

  private IdentityFiles() {}

  /** True if the home holds a certificate or a key (a whole or partial identity). */
  public static boolean exists(DeviceHome home) {
    return Files.exists(home.certFile()) || Files.exists(home.keyFile());
  }

  /** Creates the home directory (and its parents) and makes it owner-only. */
  public static void createHome(DeviceHome home) throws IOException {
    Path dir = home.dir();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IdentityException(dir + " exists and is not a directory; it cannot be the device home");
    }
    if (dir.getParent() != null) {
      Files.createDirectories(dir.getParent());
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
    }
    Files.setPosixFilePermissions(dir, DIR_MODE);
  }

  /** Writes the certificate and the private key (PEM text), each atomically, the key owner-only throughout. */
  public static void write(DeviceHome home, String certificatePem, String privateKeyPem) throws IOException {
    AtomicFile.write(home.keyFile(), privateKeyPem.getBytes(StandardCharsets.US_ASCII), KEY_MODE);
    AtomicFile.write(home.certFile(), certificatePem.getBytes(StandardCharsets.US_ASCII), CERT_MODE);
    AtomicFile.syncDirectory(home.dir());
  }

  /**
   * The device ID of the home's certificate.
   *
   * @throws IdentityException if there is no certificate or it is not a PEM certificate
   */
  public static DeviceId readDeviceId(DeviceHome home) throws IOException {
    Path file = home.certFile();
    try {
      return DeviceId.fromCertificate(readCertificateDer(file));
    } catch (NoSuchFileException e) {
      throw new IdentityException("no device identity in " + home.dir() + " (" + file.getFileName()
          + " is missing); run 'chorus init' first");
    }
  }

  /** The DER bytes of the first certificate in a PEM file. */
  public static byte[] readCertificateDer(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    int begin = text.indexOf(BEGIN_CERT);
    int end = begin < 0 ? -1 : text.indexOf(END_CERT, begin);
    if (begin < 0 || end < 0) {
      throw new IdentityException(file + ": no PEM certificate found (expected a " + BEGIN_CERT + " block)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN_CERT.length(), end).trim());
    } catch (IllegalArgumentException e) {
      throw new IdentityException(file + ": the certificate is not valid base64: " + e.getMessage(), e);
    }
    if (!isOneDerSequence(der)) {
      throw new IdentityException(file + ": the certificate is damaged (its bytes are not one DER structure)");
    }
    return der;
  }

  /** True if {@code der} is exactly one DER SEQUENCE, as every X.509 certificate is. */
  static boolean isOneDerSequence(byte[] der) {
    if (der.length < 2 || der[0] != 0x30) {
      return false;
    }
    int first = der[1] & 0xff;
    long length;
    int header;
    if (first < 0x80) {
      length = first;
      header = 2;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 4 || der.length < 2 + n) {
        return false;
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (der[2 + i] & 0xff);
      }
      header = 2 + n;
    }
    return header + length == der.length;
  }

}
