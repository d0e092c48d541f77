package chorus.cli.config;

import chorus.core.config.ChorusConfig;
import chorus.core.io.AtomicFile;
import chorus.transport.api.ApiJson;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Reads and writes the device's JSON config. Reading rejects unknown fields and bad values with the file,
 * the field and the reason ({@link ConfigException}); writing goes to a temp file in the same directory,
 * fsyncs it and renames it over the old one, so a crash leaves the old or the new config, never half.
 */
public final class ConfigStore {
  /** One lock per config file within this JVM; the file lock alone throws when the same JVM asks twice. */
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

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

  /** Loads, applies {@code edit}, validates and saves; on any error the file is untouched. */
  public ChorusConfig update(Function<ChorusConfig, ChorusConfig> edit) throws IOException {
    return edit(edit::apply);
  }

  /**
   * Loads, applies {@code edit}, validates and saves, holding the config lock throughout so that two
   * processes (two commands, or a command and the node) never lose each other's change. If the edit
   * refuses, changes nothing, or the result is invalid, the file is untouched.
   */
  @SuppressWarnings("try") // the file lock is held for the block's extent, never read
  public ChorusConfig edit(ConfigEdit edit) throws IOException {
    Path lockFile = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".lock");
    ReentrantLock inProcess = LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    inProcess.lock();
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      ChorusConfig current = load();
      ChorusConfig updated = edit.apply(current);
      if (!updated.equals(current)) {
        save(updated);
      }
      return updated;
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + " does not exist; run 'chorus init' first");
    } finally {
      inProcess.unlock();
    }
  }

  /**
   * The mapper, with chorus's value types in their text forms (the same module the local API uses, so a
   * device ID or address reads the same in config.json and in API answers), strict on input.
   */
  public static ObjectMapper newMapper() {
    return ApiJson.strict().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
