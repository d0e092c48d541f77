package chorus.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path dir;

  @Test
  void replacesContentAndLeavesNoTempFileBehind() throws Exception {
    Path target = dir.resolve("sub/config.json");
    AtomicFile.write(target, "old".getBytes(), AtomicFile.OWNER_ONLY);
    AtomicFile.write(target, "new content".getBytes(), AtomicFile.OWNER_ONLY);
    assertArrayEquals("new content".getBytes(), Files.readAllBytes(target));
    try (Stream<Path> files = Files.list(target.getParent())) {
      assertEquals(List.of(target), files.toList());
    }
  }

  @Test
  void setsTheRequestedMode() throws Exception {
    Path secret = dir.resolve("key.pem");
    AtomicFile.write(secret, new byte[] {1, 2, 3}, AtomicFile.OWNER_ONLY);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    Path cert = dir.resolve("cert.pem");
    AtomicFile.write(cert, new byte[] {4}, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)));
  }
}
