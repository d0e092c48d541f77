package chorus.transport.wire;

import java.nio.charset.StandardCharsets;

/**
 * The fields of a FileRecord as raw wire values, valid by default, for tests that break one field.
 * Chunks and content hash are written for type 0 not deleted, the target for type 2 not deleted,
 * unless {@code forceChunks}/{@code forceTarget} say otherwise.
 */
final class RawRecord {
  byte[] path = "Artist/Album/01 Song.flac".getBytes(StandardCharsets.UTF_8);
  int type = 0;
  int deleted = 0;
  long size = 300;
  long mtimeNs = 1_700_000_000_123_456_789L;
  long permissions = 0644;
  long[] versionDevices = {0x1111L};
  long[] versionCounters = {1_700_000_000L};
  long versionCount = -1;
  long sequence = 1;
  long modifiedBy = 0x1111L;
  long[] chunkLengths = {100, 200};
  long chunkCount = -1;
  byte[] symlinkTarget = "../target".getBytes(StandardCharsets.UTF_8);
  Boolean forceChunks;
  Boolean forceTarget;

  RawRecord path(String p) {
    path = p.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  RawRecord seq(long s) {
    sequence = s;
    return this;
  }

  Frame writeTo(Frame f) {
    f.rawString(path).u8(type).u8(deleted).uvarint(size).i64(mtimeNs).uvarint(permissions);
    f.uvarint(versionCount >= 0 ? versionCount : versionDevices.length);
    for (int i = 0; i < versionDevices.length; i++) {
      f.i64(versionDevices[i]).uvarint(versionCounters[i]);
    }
    f.uvarint(sequence).i64(modifiedBy);
    boolean live = deleted == 0;
    if (forceChunks != null ? forceChunks : live && type == 0) {
      f.uvarint(chunkCount >= 0 ? chunkCount : chunkLengths.length);
      for (int i = 0; i < chunkLengths.length; i++) {
        f.uvarint(chunkLengths[i]).hash(i + 1);
      }
      f.hash(0xcc);
    }
    if (forceTarget != null ? forceTarget : live && type == 2) {
      f.rawString(symlinkTarget);
    }
    return f;
  }

  /** An IndexUpdate frame holding these records. */
  static byte[] indexUpdate(RawRecord... records) {
    Frame f = new Frame().string("music").i64(42).u8(1).uvarint(records.length);
    for (RawRecord r : records) {
      r.writeTo(f);
    }
    return f.frame(WireFormat.TYPE_INDEX_UPDATE);
  }
}
