package chorus.fsindex.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.ShortId;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileRecordCodecTest {
  @Test
  void roundTripsEveryKindOfRecord() throws Exception {
    FileRecord modifiedByOutsider = new FileRecord("x/ö ü.flac", FileType.FILE, 0, 1, 0600, 0, 0, 0, false,
        VersionVector.EMPTY.update(Records.ME, 5), 99, new ShortId(-1L), List.of(),
        chorus.fsindex.chunk.ContentHash.of(List.of()), null);
    for (FileRecord r : List.of(
        Records.file("Artist/Album/01 Song.flac", 1, 2, 3, 2),
        Records.dir("Artist"),
        Records.symlink("link", "../elsewhere/ä"),
        Records.file("gone.mp3", 4).toTombstone(Records.ME, 1_800_000_000L).withSequence(17),
        Records.dir("old").toTombstone(Records.PEER, 3),
        modifiedByOutsider)) {
      byte[] encoded = FileRecordCodec.encode(r);
      assertEquals(r, FileRecordCodec.decode(r.path(), encoded), r.path());
      StoredStat s = FileRecordCodec.decodeStat(encoded);
      assertEquals(new StoredStat(r.type(), r.deleted(), r.size(), r.mtimeNs(), r.permissions(), r.inode(),
          r.deviceNo(), r.ctimeNs(), r.sequence()), s);
    }
  }

  /** Records whose head outgrows the encoder's first guess (many version counters, big numbers). */
  @Test
  void roundTripsRecordsLargerThanTheFirstBufferGuess() throws Exception {
    for (int chunks = 1; chunks <= 40; chunks++) {
      int[] hashes = new int[chunks];
      for (int i = 0; i < chunks; i++) {
        hashes[i] = i + 1;
      }
      List<chorus.core.model.ChunkRef> refs = new java.util.ArrayList<>();
      for (int i = 0; i < chunks; i++) {
        refs.add(new chorus.core.model.ChunkRef(i * 20_000L, 20_000, Records.hash(hashes[i]))); // 3-byte lengths
      }
      FileRecord base = new FileRecord("a.flac", FileType.FILE, chunks * 20_000L, 1_700_000_000_123_456_789L, 0644,
          4242, 2049, 1_700_000_000_123_457_789L, false, VersionVector.EMPTY.update(Records.ME, 1), 0, Records.ME,
          refs, chorus.fsindex.chunk.ContentHash.of(refs), null);
      VersionVector v = VersionVector.EMPTY;
      for (int counters = 1; counters <= 8; counters++) {
        v = v.update(new ShortId(counters * 0x1111_1111_1111L), 1_800_000_000L + counters);
        FileRecord big = new FileRecord(base.path(), base.type(), base.size(), base.mtimeNs(), base.permissions(),
            base.inode(), base.deviceNo(), base.ctimeNs(), false, v, 123_456, Records.PEER, base.chunks(),
            base.contentHash(), null);
        assertEquals(big, FileRecordCodec.decode(big.path(), FileRecordCodec.encode(big)), chunks + " chunks");
      }
    }
  }

  @Test
  void isCompact() {
    // A one-chunk file: the hash dominates; everything else fits in a few dozen bytes.
    byte[] encoded = FileRecordCodec.encode(Records.file("a/b.mp3", 1));
    assertTrue(encoded.length < 32 + 40, "encoded size " + encoded.length);
  }

  @Test
  void aRecordWithoutACtimeSpendsNoBytesOnIt() throws ByteReader.MalformedException {
    FileRecord local = Records.file("a/b.mp3", 1).withLocalFacts(77, 3, Records.file("a/b.mp3", 1).mtimeNs() + 5);
    FileRecord peer = local.forPeer();
    assertEquals(0, peer.ctimeNs());
    assertEquals(peer, FileRecordCodec.decode(peer.path(), FileRecordCodec.encode(peer)));
    assertEquals(local, FileRecordCodec.decode(local.path(), FileRecordCodec.encode(local)));
    // Inode and device are one byte either way; the peer's copy lacks only the one-byte ctime distance (without
    // the flag it would spend nine bytes on the distance of 0 from the mtime).
    assertEquals(FileRecordCodec.encode(local).length - 1, FileRecordCodec.encode(peer).length);
  }

  @Test
  void rejectsMalformedBytesWithAReason() {
    byte[] good = FileRecordCodec.encode(Records.file("a", 1, 2));
    for (int cut = 0; cut < good.length; cut++) {
      byte[] truncated = Arrays.copyOf(good, cut);
      assertThrows(ByteReader.MalformedException.class, () -> FileRecordCodec.decode("a", truncated), "cut at " + cut);
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    ByteReader.MalformedException extra =
        assertThrows(ByteReader.MalformedException.class, () -> FileRecordCodec.decode("a", longer));
    assertTrue(extra.getMessage().contains("left over"), extra.getMessage());
    byte[] badFlags = good.clone();
    badFlags[0] = (byte) 0x40;
    assertThrows(ByteReader.MalformedException.class, () -> FileRecordCodec.decode("a", badFlags));
    // Chunks that do not add up to the size are inconsistent, not silently accepted (flags 8: a ctime follows).
    ByteWriter w = new ByteWriter(64).u8(8).varint(5).zigzag(1).varint(0644).varint(1).varint(1).zigzag(0)
        .varint(1).varint(0).varint(0).u64(42).varint(1).varint(1000);
    w.reserve(32);
    byte[] wrongSize = w.toBytes();
    ByteReader.MalformedException e =
        assertThrows(ByteReader.MalformedException.class, () -> FileRecordCodec.decode("a", wrongSize));
    assertTrue(e.getMessage().contains("inconsistent"), e.getMessage());
  }
}
