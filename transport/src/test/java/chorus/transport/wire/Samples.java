package chorus.transport.wire;

import chorus.core.config.FolderType;
import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.core.protocol.ChunkHint;
import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.ChunkResponse;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.ClusterConfig.SharedFolder;
import chorus.core.protocol.Close;
import chorus.core.protocol.Hello;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.Message;
import chorus.core.protocol.Ping;
import chorus.core.protocol.ReferencedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Valid messages of every kind, including the edges of every field. */
final class Samples {
  static final ShortId ALICE = new ShortId(0x1234_5678_9abc_def0L);
  static final ShortId BOB = new ShortId(0x8000_0000_0000_0001L); // negative as a long: unsigned order
  static final FolderId MUSIC = FolderId.of("music");

  private Samples() {}

  static ChunkHash hash(Random r) {
    byte[] b = new byte[32];
    r.nextBytes(b);
    return ChunkHash.ofBytes(b);
  }

  static VersionVector version(long... deviceAndCounter) {
    List<VersionVector.Counter> c = new ArrayList<>();
    for (int i = 0; i < deviceAndCounter.length; i += 2) {
      c.add(new VersionVector.Counter(new ShortId(deviceAndCounter[i]), deviceAndCounter[i + 1]));
    }
    return VersionVector.of(c);
  }

  /** A live file of {@code chunks} chunks of {@code chunkLength} bytes (the last one shorter). */
  static FileRecord file(String path, long sequence, int chunks, int chunkLength, Random r) {
    List<ChunkRef> refs = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < chunks; i++) {
      int length = i == chunks - 1 ? Math.max(1, chunkLength / 3) : chunkLength;
      refs.add(new ChunkRef(offset, length, hash(r)));
      offset += length;
    }
    return new FileRecord(path, FileType.FILE, offset, 1_732_612_345_123_456_789L, 0644, 0, 0, 0, false,
        version(ALICE.value(), 1_732_612_345L, BOB.value(), 3), sequence, ALICE, refs, hash(r), null);
  }

  static FileRecord directory(String path, long sequence) {
    return new FileRecord(path, FileType.DIRECTORY, 0, -1_000_000_000L, 0755, 0, 0, 0, false,
        version(BOB.value(), 7), sequence, BOB, List.of(), null, null);
  }

  static FileRecord symlink(String path, long sequence, String target) {
    return new FileRecord(path, FileType.SYMLINK, 0, 0, 0777, 0, 0, 0, false,
        version(ALICE.value(), 1), sequence, ALICE, List.of(), null, target);
  }

  static FileRecord tombstone(String path, FileType type, long sequence) {
    return new FileRecord(path, type, 0, Long.MAX_VALUE, 0, 0, 0, 0, true,
        version(ALICE.value(), Long.MAX_VALUE, BOB.value(), 1), sequence, BOB, List.of(), null, null);
  }

  /** A path of exactly {@code bytes} UTF-8 bytes, made of multi-byte characters where it can be. */
  static String pathOfBytes(int bytes) {
    StringBuilder sb = new StringBuilder();
    int used = 0;
    while (used < bytes) {
      int left = bytes - used;
      if (left > 1 && sb.length() % 100 == 99) {
        sb.append('/');
        used += 1;
      } else if (left >= 3 && left != 4) {
        sb.append('\u97f3'); // 音, three bytes
        used += 3;
      } else {
        sb.append('a');
        used += 1;
      }
    }
    return sb.toString();
  }

  static String repeat(String unit, int times) {
    return unit.repeat(times);
  }

  /** One of every message kind, with edge values; small enough to feed one byte at a time. */
  static List<Message> everyKind(Random r) {
    List<Message> all = new ArrayList<>();
    all.add(new Hello("nas-keller", "chorus", "0.1.0", Hello.PROTOCOL_VERSION, ""));
    all.add(new Hello(repeat("ü", 128), repeat("c", 64), repeat("9", 64), Integer.MAX_VALUE,
        repeat("s", 256)));
    all.add(new Hello("", "", "", 1, "secret-😀"));
    all.add(new ClusterConfig(List.of()));
    all.add(new ClusterConfig(List.of(
        new SharedFolder(MUSIC, FolderType.SEND_RECEIVE, -1L, Long.MAX_VALUE, 0, 0),
        new SharedFolder(FolderId.of("a"), FolderType.SEND_ONLY, Long.MIN_VALUE, 0, Long.MAX_VALUE, 127),
        new SharedFolder(FolderId.of(repeat("x", 64)), FolderType.RECEIVE_ONLY, 1, 128, -2, 1L << 62))));
    all.add(new ClusterConfig(List.of(new SharedFolder(MUSIC, FolderType.SEND_RECEIVE, 3, 4, 5, 6)),
        new chorus.core.protocol.CatalogAddress("jdbc:postgresql://10.0.0.2:5432/archive_production", "chorus")));
    all.add(new ClusterConfig(List.of(), new chorus.core.protocol.CatalogAddress("jdbc:postgresql://[fd00::2]/db", "")));
    all.add(new IndexUpdate(MUSIC, 0, true, List.of()));
    all.add(new IndexUpdate(MUSIC, -7, false, List.of(
        file("Björk/Homogenic/01 Hunter.flac", 1, 3, 262_144, r),
        file("empty.txt", 2, 0, 1, r),
        file("坂本龍一/音楽図鑑/01 Tibetan Dance.flac", 3, 1, ChunkRequest.MAX_CHUNK_LENGTH, r),
        directory("Björk", 4),
        directory("Björk/Homogenic", 5),
        symlink("Links/latest", 6, "../Björk/Homogenic"),
        symlink("Links/abs", 7, "/mnt/music/a b/c"),
        tombstone("gone.mp3", FileType.FILE, 8),
        tombstone("gone-dir", FileType.DIRECTORY, 9),
        tombstone("gone-link", FileType.SYMLINK, 10),
        file("Many/chunks.flac", 11, 300, 65_536, r),
        file("😀 emoji/x", 12, 1, 1, r),
        directory(pathOfBytes(4096), Long.MAX_VALUE))));
    // Records by reference, interleaved with full ones in sequence order.
    all.add(new IndexUpdate(MUSIC, 9, false,
        List.of(file("Björk/a.flac", 2, 3, 262_144, r), tombstone("old/b.flac", FileType.FILE, 5)), List.of(),
        List.of(ReferencedRecord.of(file("Björk/moved.flac", 1, 40, 65_536, r)),
            ReferencedRecord.of(file("new/b.flac", 4, 1, 1, r)),
            ReferencedRecord.of(file(pathOfBytes(4096), Long.MAX_VALUE, 2, ChunkRequest.MAX_CHUNK_LENGTH, r)))));
    all.add(new ChunkRequest(0, hash(r), 1));
    all.add(new ChunkRequest(-1, hash(r), ChunkRequest.MAX_CHUNK_LENGTH));
    all.add(new ChunkRequest(Integer.MAX_VALUE, hash(r), 262_144));
    all.add(new ChunkRequest(7, hash(r), 131_072, new ChunkHint(MUSIC, "坂本龍一/音楽図鑑/01 Tibetan Dance.flac", 0)));
    all.add(new ChunkRequest(8, hash(r), 1, new ChunkHint(FolderId.of(repeat("x", 64)), pathOfBytes(4096),
        Long.MAX_VALUE)));
    all.add(new ChunkResponse(1, ChunkResponse.Status.OK, new byte[] {42}));
    byte[] data = new byte[4096];
    r.nextBytes(data);
    all.add(new ChunkResponse(Integer.MIN_VALUE, ChunkResponse.Status.OK, data));
    for (ChunkResponse.Status s : ChunkResponse.Status.values()) {
      if (s != ChunkResponse.Status.OK) {
        all.add(new ChunkResponse(s.code() + 100, s, null));
      }
    }
    all.add(new Ping());
    all.add(new Close(""));
    all.add(new Close(repeat("é", 512)));
    all.add(new Close("idle timeout\nsecond line"));
    return all;
  }
}
