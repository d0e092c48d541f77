package chorus.transport.pairing;

import chorus.core.io.AtomicFile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.ToIntFunction;

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

  /**
   * Reads a versioned state file: null if it does not exist; an IOException naming the file if it is
   * not valid JSON of {@code type} or its format version is not {@code expectedVersion}.
   */
  static <T> T readVersioned(Path file, Class<T> type, ToIntFunction<T> version, int expectedVersion)
      throws IOException {
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    T form;
    try {
      form = MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IOException(file + " is damaged: " + e.getOriginalMessage(), e);
    }
    if (form == null || version.applyAsInt(form) != expectedVersion) {
      throw new IOException(file + ": unsupported format version " + (form == null ? "?" : version.applyAsInt(form)));
    }
    return form;
  }

  static void write(Path file, Object value) throws IOException {
    byte[] json = MAPPER.writeValueAsBytes(value);
    AtomicFile.write(file, json, AtomicFile.OWNER_ONLY);
  }
}
