package chorus.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.CliRun;
import chorus.cli.CliRun.Result;
import chorus.cli.Main;
import chorus.cli.config.ConfigStore;
import chorus.cli.home.DeviceHome;
import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.FolderId;
import chorus.transport.tls.DeviceIdentity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan and index commands against a device home, config and folder made in a temp directory. */
class ScanAndIndexCommandsTest {
  @TempDir Path tmp;
  Path home;
  Path music;
  DeviceIdentity identity;

  @BeforeEach
  void setUp() throws Exception {
    DeviceHome home = new DeviceHome(tmp.resolve("home"));
    Files.createDirectories(home.dir());
    this.home = home.dir();
    identity = DeviceIdentity.generate(Instant.parse("2026-01-01T00:00:00Z"), new SecureRandom());
    Files.writeString(home.certFile(), identity.certificatePem());
    // PKCS#8, because DeviceIdentity.load cannot read back the SEC1 PEM that privateKeyPem() writes for a
    // generated key ("EC domain parameters must be encoded in the algorithm identifier"); reported to the lead.
    Files.writeString(home.keyFile(), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(identity.privateKey().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    music = Files.createDirectories(tmp.resolve("music"));
    new ConfigStore(home.configFile()).save(new ChorusConfig("test", TcpAddress.parseUri("tcp://0.0.0.0:22200"),
        TcpAddress.parseHostPort("127.0.0.1:22201"), "0123456789abcdef0123",
        List.of(new FolderConfig(FolderId.of("music"), music.toString(), FolderType.SEND_RECEIVE, List.of())),
        List.of(), null));
    write("Artist/Album/01 Song.flac", 4_000_000, 1);
    write("Artist/Album/cover.jpg", 100_000, 2);
    write("Ärtist/02 Ünïcode.mp3", 700_000, 3);
  }

  void write(String rel, int size, long seed) throws Exception {
    Path p = music.resolve(rel);
    Files.createDirectories(p.getParent());
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    Files.write(p, b);
  }

  /** Runs {@code chorus ARGS} through {@link Main#execute} with the test's own CHORUS_HOME. */
  Result run(String... args) {
    return new CliRun(home).run(args);
  }

  Result scan(String... args) {
    String[] line = new String[args.length + 1];
    line[0] = "scan";
    System.arraycopy(args, 0, line, 1, args.length);
    return run(line);
  }

  @Test
  void scanReportsWhatItFoundAsJsonAndText() throws Exception {
    Result first = scan("music", "--json");
    assertEquals(0, first.code(), first.err());
    JsonNode r = new ObjectMapper().readTree(first.out());
    assertEquals(3, r.get("files").asLong());
    assertEquals(3, r.get("directories").asLong());
    assertEquals(6, r.get("new").asLong());
    assertEquals(4_800_000, r.get("hashedBytes").asLong());
    assertTrue(r.get("chunks").asLong() > 3);
    assertEquals(0, r.get("problemCount").asLong());

    Result second = scan("music");
    assertEquals(0, second.code(), second.err());
    assertTrue(second.out().contains("Scanned music"), second.out());
    assertTrue(second.out().contains("new 0, changed 0, deleted 0, unchanged 6"), second.out());
  }

  @Test
  void scanHonoursTheFolderIgnorePatterns() throws Exception {
    Files.writeString(music.resolve(".chorusignore"), "// covers are fetched again by the app\n*.jpg\n");
    Result r = scan("music", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertEquals(2, report.get("files").asLong(), r.out());
    assertEquals(4_700_000, report.get("hashedBytes").asLong(), r.out());
  }

  @Test
  void aBrokenIgnoreFileStopsTheScanInsteadOfIndexingEverything() throws Exception {
    Files.writeString(music.resolve(".chorusignore"), "[unclosed\n");
    Result r = scan("music");
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().contains("ignore patterns of folder music cannot be used"), r.err());
    assertTrue(r.err().contains(".chorusignore:1"), r.err());
  }

  @Test
  @SuppressWarnings("try") // the index is held open for the block's extent, never read
  void scanningWhileANodeHoldsTheIndexSaysSo() throws Exception {
    try (chorus.fsindex.store.RocksIndex held = chorus.fsindex.store.RocksIndex.open(tmp.resolve("home/index"))) {
      Result r = scan("music");
      assertEquals(1, r.code(), r.out());
      assertTrue(r.err().contains("in use by a running chorus node"), r.err());
    }
  }

  @Test
  void everyChunkListedByIndexLsIsTheSha256OfThoseBytesOfTheFile() throws Exception {
    assertEquals(0, scan("music").code());
    Result ls = run("index", "ls", "music", "--json");
    assertEquals(0, ls.code(), ls.err());
    JsonNode records = new ObjectMapper().readTree(ls.out());
    assertEquals(6, records.size());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    int files = 0;
    for (JsonNode rec : records) {
      assertTrue(rec.get("version").get(0).get("device").asText().equals(identity.deviceId().shortId().toString()));
      assertTrue(rec.get("sequence").asLong() > 0);
      if (!rec.get("type").asText().equals("file")) {
        continue;
      }
      files++;
      byte[] bytes = Files.readAllBytes(music.resolve(rec.get("path").asText()));
      assertEquals(bytes.length, rec.get("size").asLong());
      for (JsonNode c : rec.get("chunks")) {
        int offset = c.get("offset").asInt();
        sha.update(bytes, offset, c.get("length").asInt());
        assertArrayEquals(sha.digest(), HexFormat.of().parseHex(c.get("hash").asText()),
            rec.get("path").asText() + " @" + offset);
      }
    }
    assertEquals(3, files);
  }

  @Test
  void indexLsFiltersByPrefixAndPrintsATable() {
    assertEquals(0, scan("music").code());
    Result table = run("index", "ls", "music", "Artist/");
    assertEquals(0, table.code(), table.err());
    List<String> lines = Arrays.asList(table.out().split("\n"));
    assertEquals(4, lines.size(), table.out());
    assertTrue(lines.get(0).startsWith("TYPE"));
    assertTrue(table.out().contains("Artist/Album/cover.jpg") && !table.out().contains("Ärtist"), table.out());
  }

  @Test
  void unknownFoldersAndMissingIndexesAreClearErrors() {
    Result unknown = scan("jazz");
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().contains("no folder \"jazz\"") && unknown.err().contains("[music]"), unknown.err());
    Result notYet = run("index", "ls", "music");
    assertEquals(1, notYet.code());
    assertTrue(notYet.err().contains("run 'chorus scan"), notYet.err());
  }

  @Test
  void theCommandsAreRegisteredInMain() {
    assertEquals(0, Main.execute("scan", "--help"));
    assertEquals(0, Main.execute("index", "ls", "--help"));
  }
}
