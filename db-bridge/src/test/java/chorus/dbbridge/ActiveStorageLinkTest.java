package chorus.dbbridge;

import static chorus.dbbridge.BridgeFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chorus.core.config.CatalogLink;
import chorus.core.feed.ChangeOrigin;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The ActiveStorage rule: attachments → blobs, the Disk service layout, and checksums compared. */
class ActiveStorageLinkTest extends BridgeTest {
  static final CatalogLink RULE = new CatalogLink(CatalogLink.Kind.ACTIVE_STORAGE, null, null, null, null, "Song", "file");

  static String md5(String s) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static void blob(BridgeFixture f, long song, String key, String checksum) throws Exception {
    f.execute("INSERT INTO songs (id, title) VALUES (" + song + ", 's" + song + "')",
        "INSERT INTO active_storage_blobs (id, key, filename, byte_size, checksum) VALUES (" + song + ", '" + key
            + "', 's.flac', 5, '" + checksum + "')",
        "INSERT INTO active_storage_attachments (name, record_type, record_id, blob_id) VALUES ('file', 'Song', "
            + song + ", " + song + ")");
  }

  @Test
  void blobsLinkByKeyAndAChecksumMismatchIsFound() throws Exception {
    try (BridgeFixture f = new BridgeFixture(pg, dir)) {
      blob(f, 1, "abcdkey1", md5("right"));
      blob(f, 2, "efghkey2", md5("expected bytes"));
      f.folder.seed("ab/cd/abcdkey1", "right".getBytes(StandardCharsets.UTF_8));
      f.folder.seed("ef/gh/efghkey2", "other bytes".getBytes(StandardCharsets.UTF_8));
      CatalogBridge b = f.start(RULE);
      await("first link", () -> b.status().lastLink() != null);
      assertEquals("present:1", f.state("ab/cd/abcdkey1"));
      assertEquals("t", f.query("SELECT checksum_ok FROM chorus.file_state WHERE song_id = 1"));
      assertEquals("present:2", f.state("ef/gh/efghkey2"));
      assertEquals("f", f.query("SELECT checksum_ok FROM chorus.file_state WHERE song_id = 2"), "mismatch found");

      // A blob attached later (its rows reached this host before the file): pending, then checked on arrival.
      blob(f, 3, "ijklkey3", md5("three"));
      await("pending blob", () -> "pending:3".equals(f.state("ij/kl/ijklkey3")));
      f.folder.write("ij/kl/ijklkey3", "three".getBytes(StandardCharsets.UTF_8), ChangeOrigin.LOCAL);
      await("present and checked", () -> "t".equals(f.query("SELECT checksum_ok FROM chorus.file_state WHERE song_id = 3")));
      f.folder.write("ij/kl/ijklkey3", "corrupted".getBytes(StandardCharsets.UTF_8), ChangeOrigin.LOCAL);
      await("corruption found", () -> "f".equals(f.query("SELECT checksum_ok FROM chorus.file_state WHERE song_id = 3")));
    }
  }
}
