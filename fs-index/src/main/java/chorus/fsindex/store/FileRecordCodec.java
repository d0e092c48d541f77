package chorus.fsindex.store;

import chorus.core.id.ChunkHash;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.VersionVector;
import chorus.fsindex.chunk.ContentHash;
import chorus.fsindex.store.ByteReader.MalformedException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link FileRecord} in the index (the path is the key, so it is not repeated):
 *
 * <pre>
 * u8 flags (bits 0-1 type: 0 file, 1 directory, 2 symlink; bit 2 deleted; bit 3 has ctime)
 * varint size · zigzag mtimeNs · varint permissions · varint inode · varint deviceNo
 * [if bit 3: zigzag (ctimeNs - mtimeNs)]                        else ctime 0 (peers' records, non-files)
 * varint sequence
 * varint n · n × (u64 short device ID · varint counter)          the version vector, sorted
 * varint m                                                       modified by: m &lt; n names counter m,
 *   [u64 short device ID if m == n]                              else the ID follows
 * symlink:  varint length · UTF-8 target
 * file:     varint count · count × (varint length · hash [32])   chunks in order; offsets are implied
 * </pre>
 *
 * The metadata comes first so that {@link #decodeStat} stops early. The ctime is stored as its distance
 * from the mtime: a file written in place has them equal or close (one or two bytes instead of nine). The content hash is not stored: it is
 * by definition the SHA-256 of the chunk hashes, so it is recomputed on decode and can never disagree with
 * the chunks. Chunk offsets are not stored either; chunks tile the file.
 */
final class FileRecordCodec {
  private static final int DELETED = 1 << 2;
  private static final int HAS_CTIME = 1 << 3;
  private static final int MAX_COUNTERS = 4096;
  private static final int MAX_TARGET_BYTES = 4096;

  private FileRecordCodec() {}

  static byte[] encode(FileRecord r) {
    ByteWriter w = new ByteWriter(48 + r.chunks().size() * (ChunkHash.LENGTH + 3));
    // Only this device's own records have a ctime; a peer's record (ctime 0) would pay nine bytes for
    // the distance from its mtime, so the flag says whether one is there.
    boolean hasCtime = r.ctimeNs() != 0;
    w.u8(typeCode(r.type()) | (r.deleted() ? DELETED : 0) | (hasCtime ? HAS_CTIME : 0));
    w.varint(r.size()).zigzag(r.mtimeNs()).varint(r.permissions()).varint(r.inode()).varint(r.deviceNo());
    if (hasCtime) {
      w.zigzag(r.ctimeNs() - r.mtimeNs());
    }
    w.varint(r.sequence());
    List<VersionVector.Counter> counters = r.version().counters();
    w.varint(counters.size());
    int modifiedBy = counters.size();
    for (int i = 0; i < counters.size(); i++) {
      VersionVector.Counter c = counters.get(i);
      w.u64(c.device().value()).varint(c.value());
      if (c.device().equals(r.modifiedBy())) {
        modifiedBy = i;
      }
    }
    w.varint(modifiedBy);
    if (modifiedBy == counters.size()) {
      w.u64(r.modifiedBy().value());
    }
    if (r.symlinkTarget() != null) {
      w.string(r.symlinkTarget());
    }
    if (r.type() == FileType.FILE && !r.deleted()) {
      w.varint(r.chunks().size());
      for (ChunkRef c : r.chunks()) {
        w.varint(c.length());
        int at = w.reserve(ChunkHash.LENGTH); // first: it may grow the array that array() returns
        c.hash().copyTo(w.array(), at);
      }
    }
    return w.toBytes();
  }

  /** Decodes a whole record stored under {@code path}. */
  static FileRecord decode(String path, byte[] value) throws MalformedException {
    ByteReader r = new ByteReader(value);
    StoredStat head = readHead(r);
    FileType type = head.type();
    boolean deleted = head.deleted();
    int n = r.varint(MAX_COUNTERS, "version vector size");
    List<VersionVector.Counter> counters = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ShortId device = new ShortId(r.u64());
      long counter = r.varint();
      if (counter <= 0) {
        throw new MalformedException("version counter " + counter + " of " + device + " must be > 0");
      }
      counters.add(new VersionVector.Counter(device, counter));
    }
    int m = r.varint(n, "modified-by index");
    ShortId modifiedBy = m < n ? counters.get(m).device() : new ShortId(r.u64());
    String target = null;
    if (type == FileType.SYMLINK && !deleted) {
      target = r.string(MAX_TARGET_BYTES, "symlink target");
    }
    List<ChunkRef> chunks = List.of();
    ChunkHash contentHash = null;
    if (type == FileType.FILE && !deleted) {
      int count = r.varint(r.remaining() / (ChunkHash.LENGTH + 1), "chunk count");
      chunks = new ArrayList<>(count);
      long offset = 0;
      byte[] raw = new byte[ChunkHash.LENGTH];
      for (int i = 0; i < count; i++) {
        int length = r.varint(Integer.MAX_VALUE, "chunk length");
        if (length == 0) {
          throw new MalformedException("chunk " + i + " has length 0");
        }
        r.bytes(raw, 0, raw.length);
        chunks.add(new ChunkRef(offset, length, ChunkHash.ofBytes(raw)));
        offset += length;
      }
      contentHash = ContentHash.of(chunks);
    }
    if (r.remaining() != 0) {
      throw new MalformedException(r.remaining() + " bytes left over after the record");
    }
    try {
      return new FileRecord(path, type, head.size(), head.mtimeNs(), head.permissions(), head.inode(),
          head.deviceNo(), head.ctimeNs(), deleted, VersionVector.of(counters), head.sequence(), modifiedBy, chunks,
          contentHash, target);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new MalformedException("inconsistent record: " + e.getMessage());
    }
  }

  /** Decodes only the metadata head. */
  static StoredStat decodeStat(byte[] value) throws MalformedException {
    return readHead(new ByteReader(value));
  }

  /** The metadata head every record starts with; {@link #decode} reads on from where it stops. */
  private static StoredStat readHead(ByteReader r) throws MalformedException {
    int flags = r.u8();
    FileType type = type(flags);
    boolean deleted = (flags & DELETED) != 0;
    long size = r.varint();
    long mtimeNs = r.zigzag();
    int permissions = r.varint(07777, "permissions");
    long inode = r.varint();
    long deviceNo = r.varint();
    long ctimeNs = (flags & HAS_CTIME) != 0 ? mtimeNs + r.zigzag() : 0;
    long sequence = r.varint();
    return new StoredStat(type, deleted, size, mtimeNs, permissions, inode, deviceNo, ctimeNs, sequence);
  }

  private static int typeCode(FileType t) {
    return switch (t) {
      case FILE -> 0;
      case DIRECTORY -> 1;
      case SYMLINK -> 2;
    };
  }

  private static FileType type(int flags) throws MalformedException {
    if ((flags & ~(3 | DELETED | HAS_CTIME)) != 0) {
      throw new MalformedException("unknown record flags 0x" + Integer.toHexString(flags));
    }
    return switch (flags & 3) {
      case 0 -> FileType.FILE;
      case 1 -> FileType.DIRECTORY;
      case 2 -> FileType.SYMLINK;
      default -> throw new MalformedException("unknown file type code 3");
    };
  }
}
