package chorus.fsindex.version;

import chorus.core.config.VersioningConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** A real folder in a temp directory, a clock the test moves, and a versioner over both. */
final class VersionFolder {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now;

    ManualClock(Instant start) {
      now = start;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  final Path root;
  final ManualClock clock = new ManualClock(T0);
  final Versioner versioner;

  VersionFolder(Path tmp, VersioningConfig config) throws IOException {
    root = Files.createDirectories(tmp.resolve("folder"));
    versioner = Versioner.forFolder(root, config, clock);
  }

  void at(Duration sinceT0) {
    clock.now = T0.plus(sinceT0);
  }

  Path write(String path, String content) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  /** Writes {@code content} at {@code path} and archives it at T0 + {@code when}. */
  void archiveAt(Duration when, String path, String content) throws IOException {
    write(path, content);
    at(when);
    if (!versioner.archive(path)) {
      throw new AssertionError("not archived: " + path);
    }
  }

  Path versions() {
    return root.resolve(".chorus-versions");
  }

  /** The tags of {@code path}'s versions, oldest first. */
  List<String> tags(String path) throws IOException {
    return versioner.list(path).stream().filter(v -> v.path().equals(path)).map(StoredVersion::tag).toList();
  }

  /** The contents of {@code path}'s versions, oldest first. */
  List<String> contents(String path) throws IOException {
    return versioner.list(path).stream().filter(v -> v.path().equals(path)).map(v -> read(v.file())).toList();
  }

  static String tag(Duration sinceT0) {
    return VersionName.TAG.format(T0.plus(sinceT0));
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static FileTime mtime(Path p) throws IOException {
    return Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }
}
