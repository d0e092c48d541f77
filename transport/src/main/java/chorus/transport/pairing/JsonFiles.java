package chorus.transport.pairing;

import chorus.core.io.AtomicFile;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Small JSON state files in the device home: written to a temp file (created owner-only on POSIX) in
 * the same directory, fsynced and renamed over the old one, so a crash leaves old or new, never half.
 */
final class JsonFiles {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {}

  static void write(Path file, Object value) throws IOException {
    byte[] json = MAPPER.writeValueAsBytes(value);
    AtomicFile.write(file, json, AtomicFile.OWNER_ONLY);
  }
}
