package chorus.cli.config;

import chorus.core.config.ChorusConfig;
import chorus.core.io.AtomicFile;
import chorus.transport.api.ApiJson;
import chorus.transport.pairing.FileMutex;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes the device's JSON config. Reading rejects unknown fields and bad values with the file,
 * the field and the reason ({@link ConfigException}); writing goes to a temp file in the same directory,
 * fsyncs it and renames it over the old one, so a crash leaves the old or the new config, never half.
 */
public final class ConfigStore {
  private final Path file;
  private final ObjectMapper mapper;

  public ConfigStore(Path file) {
    this.file = file;
    this.mapper = newMapper();
  }

  public Path file() {
    return file;
  }

  public boolean exists() {
    return Files.exists(file);
  }

  /** Loads and validates the config. */
  public ChorusConfig load() throws IOException {
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + " does not exist; run 'chorus init' first");
    }
    ChorusConfig config;
    try {
      config = mapper.readValue(json, ChorusConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(file + ": unknown field \"" + e.getPropertyName() + "\" at " + ApiJson.fieldPath(e), e);
    } catch (JsonMappingException e) {
      throw new ConfigException(file + ": bad value at " + ApiJson.fieldPath(e) + ": " + ApiJson.rootMessage(e), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ConfigException(file + ": not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    }
    ConfigValidator.validate(config, file);
    return config;
  }

  /** Validates and writes atomically. */
  public void save(ChorusConfig config) throws IOException {
    ConfigValidator.validate(config, file);
    byte[] json = (mapper.writeValueAsString(config) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    AtomicFile.write(file, json, AtomicFile.OWNER_ONLY);
  }

  /**
   * Loads, applies {@code edit}, validates and saves, holding the config lock throughout so that two
   * processes (two commands, or a command and the node) never lose each other's change. If the edit
   * refuses, changes nothing, or the result is invalid, the file is untouched. The lock is the one the
   * pairing files use too ({@link FileMutex}: in-process, then {@code .config.json.lock}).
   */
  public ChorusConfig edit(ConfigEdit edit) throws IOException {
    if (!Files.exists(file)) { // before taking the lock, which would create the home directory
      throw new ConfigException(file + " does not exist; run 'chorus init' first");
    }
    return FileMutex.withLock(file, () -> {
      ChorusConfig current = load();
      ChorusConfig updated = edit.apply(current);
      if (!updated.equals(current)) {
        save(updated);
      }
      return updated;
    });
  }

  /**
   * The mapper, with chorus's value types in their text forms (the same module the local API uses, so a
   * device ID or address reads the same in config.json and in API answers), strict on input.
   */
  public static ObjectMapper newMapper() {
    return ApiJson.strict().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
