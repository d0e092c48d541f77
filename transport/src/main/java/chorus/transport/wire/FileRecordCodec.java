package chorus.transport.wire;

import static chorus.transport.wire.PayloadWriter.uvarintLength;
import static chorus.transport.wire.PayloadWriter.writeHash;
import static chorus.transport.wire.PayloadWriter.writeUvarint;

import chorus.core.id.ChunkHash;
import chorus.core.id.ShortId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.model.RelativePath;
import chorus.core.model.VersionVector;
import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.ReferencedRecord;
import chorus.core.protocol.RefusedRecord;
import chorus.core.sync.PeerRecordCheck;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FileRecord} as it travels in an IndexUpdate (layout in {@link WireFormat}). A received
 * record passes every check a scanned one does: its path through {@link RelativePath}, its chunks
 * through the FileRecord constructor (which they tile by construction, offsets being implied). A
 * record whose path or link target fails is read in full and set aside as a {@link RefusedRecord}.
 */
final class FileRecordCodec {
  /** The fewest bytes a record can take: a one-byte path, no counters, no chunks. */
  static final int MIN_BYTES = 2 + 1 + 1 + 1 + 8 + 1 + 1 + 1 + 8;
  /** Bytes of one version counter at least: shortId and a one-byte counter. */
  static final int MIN_COUNTER_BYTES = 8 + 1;
  /** Bytes of one chunk at least: a one-byte length and the hash. */
  static final int MIN_CHUNK_BYTES = 1 + ChunkHash.LENGTH;

  private FileRecordCodec() {}

  /**
   * Reads one record in full. If it is well-formed but not acceptable as a record (its path fails
   * {@link RelativePath}, its symlink target is not storable) the answer is a {@link RefusedRecord}, with
   * the record's bytes as sent, instead of a {@link FileRecord}: one hostile path must not end the
   * connection, or the same update would be resent forever. Anything the wire format itself forbids
   * (lengths, UTF-8, enums, chunk tiling) is still a {@link FieldError}.
   *
   * @return a {@link FileRecord}, a {@link ReferencedRecord} (a live file with content but no chunk list)
   *     or a {@link RefusedRecord}
   */
  static Object read(PayloadReader r) {
    int start = r.position();
    String path = r.readString("path", WireFormat.MAX_PATH_BYTES);
    String pathProblem = RelativePath.problem(path);
    FileType type = fileType(r.readU8("type"));
    boolean deleted = r.readBoolean("deleted");
    long size = r.readUvarint("size", 0, Long.MAX_VALUE);
    long mtimeNs = r.readI64("mtimeNs");
    int permissions = (int) r.readUvarint("permissions", 0, 07777);
    VersionVector version = readVersion(r);
    long sequence = r.readUvarint("sequence", 0, Long.MAX_VALUE);
    ShortId modifiedBy = new ShortId(r.readI64("modifiedBy"));
    List<ChunkRef> chunks = List.of();
    ChunkHash firstChunk = null; // set only for a record by reference: content without its chunk list
    ChunkHash contentHash = null;
    String symlinkTarget = null;
    if (!deleted && type == FileType.FILE) {
      int count = r.readCount("chunks", MIN_CHUNK_BYTES);
      if (count == 0 && size > 0) {
        firstChunk = r.readHash("firstChunk");
      } else {
        chunks = readChunks(r, count, size);
      }
      contentHash = r.readHash("contentHash");
    } else if (!deleted && type == FileType.SYMLINK) {
      symlinkTarget = r.readString("symlinkTarget", WireFormat.MAX_SYMLINK_TARGET_BYTES);
    }
    String problem = pathProblem != null ? "path " + pathProblem
        : symlinkTarget != null ? PeerRecordCheck.symlinkTargetProblem(symlinkTarget) : null;
    if (problem != null) {
      return new RefusedRecord(RelativePath.printable(path), sequence, problem, r.bytesSince(start));
    }
    try {
      if (firstChunk != null) {
        return new ReferencedRecord(path, size, mtimeNs, permissions, version, sequence, modifiedBy, firstChunk,
            contentHash);
      }
      return new FileRecord(path, type, size, mtimeNs, permissions, 0, 0, 0, deleted, version, sequence,
          modifiedBy, chunks, contentHash, symlinkTarget);
    } catch (IllegalArgumentException e) {
      throw new FieldError("", e.getMessage());
    }
  }

  /** The encoded length of {@code f}, after checking it against the wire's limits. */
  static long length(FileRecord f) {
    long n = headerLength(f.path(), f.size(), f.permissions(), f.version(), f.sequence());
    if (!f.deleted() && f.type() == FileType.FILE) {
      List<ChunkRef> chunks = f.chunks();
      n += uvarintLength(chunks.size());
      for (int i = 0; i < chunks.size(); i++) {
        int length = chunks.get(i).length();
        if (length > ChunkRequest.MAX_CHUNK_LENGTH) {
          throw new IllegalArgumentException("chunks[" + i + "].length: " + length + " exceeds "
              + ChunkRequest.MAX_CHUNK_LENGTH + " (" + f.path() + ")");
        }
        n += uvarintLength(length) + ChunkHash.LENGTH;
      }
      n += ChunkHash.LENGTH;
    } else if (!f.deleted() && f.type() == FileType.SYMLINK) {
      String problem = symlinkTargetProblem(f.symlinkTarget());
      if (problem != null) {
        throw new IllegalArgumentException("symlinkTarget: " + problem + " (" + f.path() + ")");
      }
      n += PayloadWriter.stringLength(
          "symlinkTarget", f.symlinkTarget(), WireFormat.MAX_SYMLINK_TARGET_BYTES, false);
    }
    return n;
  }

  /** The encoded length of a record by reference: the header, a zero chunk count and two hashes. */
  static long length(ReferencedRecord f) {
    return headerLength(f.path(), f.size(), f.permissions(), f.version(), f.sequence()) + 1 + 2L * ChunkHash.LENGTH;
  }

  /** Writes a record by reference: a live file's header, chunk count 0, first chunk and content hash. */
  static void write(ByteBuf out, ReferencedRecord f) {
    writeHeader(out, f.path(), FileType.FILE, false, f.size(), f.mtimeNs(), f.permissions(), f.version(),
        f.sequence(), f.modifiedBy().value());
    writeUvarint(out, 0);
    writeHash(out, f.firstChunk());
    writeHash(out, f.contentHash());
  }

  private static long headerLength(String path, long size, int permissions, VersionVector version, long sequence) {
    long n = PayloadWriter.stringLength("path", path, WireFormat.MAX_PATH_BYTES, true)
        + 1 + 1 + uvarintLength(size) + 8 + uvarintLength(permissions);
    List<VersionVector.Counter> counters = version.counters();
    n += uvarintLength(counters.size());
    for (VersionVector.Counter c : counters) {
      n += 8 + uvarintLength(c.value());
    }
    return n + uvarintLength(sequence) + 8;
  }

  private static void writeHeader(ByteBuf out, String path, FileType type, boolean deleted, long size, long mtimeNs,
      int permissions, VersionVector version, long sequence, long modifiedBy) {
    PayloadWriter.writeString(out, path);
    out.writeByte(fileTypeCode(type));
    out.writeByte(deleted ? 1 : 0);
    writeUvarint(out, size);
    out.writeLong(mtimeNs);
    writeUvarint(out, permissions);
    List<VersionVector.Counter> counters = version.counters();
    writeUvarint(out, counters.size());
    for (VersionVector.Counter c : counters) {
      out.writeLong(c.device().value());
      writeUvarint(out, c.value());
    }
    writeUvarint(out, sequence);
    out.writeLong(modifiedBy);
  }

  /** Writes a record measured by {@link #length}. */
  static void write(ByteBuf out, FileRecord f) {
    writeHeader(out, f.path(), f.type(), f.deleted(), f.size(), f.mtimeNs(), f.permissions(), f.version(),
        f.sequence(), f.modifiedBy().value());
    if (!f.deleted() && f.type() == FileType.FILE) {
      writeUvarint(out, f.chunks().size());
      for (ChunkRef c : f.chunks()) {
        writeUvarint(out, c.length());
        writeHash(out, c.hash());
      }
      writeHash(out, f.contentHash());
    } else if (!f.deleted() && f.type() == FileType.SYMLINK) {
      PayloadWriter.writeString(out, f.symlinkTarget());
    }
  }

  static int fileTypeCode(FileType type) {
    return switch (type) {
      case FILE -> 0;
      case DIRECTORY -> 1;
      case SYMLINK -> 2;
    };
  }

  private static FileType fileType(int code) {
    return switch (code) {
      case 0 -> FileType.FILE;
      case 1 -> FileType.DIRECTORY;
      case 2 -> FileType.SYMLINK;
      default -> throw new FieldError("type", "unknown file type " + code + " (0 file, 1 directory, 2 symlink)");
    };
  }

  private static VersionVector readVersion(PayloadReader r) {
    int count = r.readCount("version", MIN_COUNTER_BYTES);
    List<VersionVector.Counter> counters = new ArrayList<>(count);
    long previous = 0;
    for (int i = 0; i < count; i++) {
      try {
        long device = r.readI64("device");
        if (i > 0 && Long.compareUnsigned(device, previous) <= 0) {
          throw new FieldError("device", new ShortId(device) + " after " + new ShortId(previous)
              + ": counters must be in strictly ascending device order");
        }
        long value = r.readUvarint("counter", 1, Long.MAX_VALUE);
        counters.add(new VersionVector.Counter(new ShortId(device), value));
        previous = device;
      } catch (FieldError e) {
        throw e.within("version[" + i + "]");
      }
    }
    return VersionVector.of(counters);
  }

  private static List<ChunkRef> readChunks(PayloadReader r, int count, long size) {
    List<ChunkRef> chunks = new ArrayList<>(count);
    long offset = 0;
    for (int i = 0; i < count; i++) {
      int length;
      ChunkHash hash;
      try {
        length = (int) r.readUvarint("length", 1, ChunkRequest.MAX_CHUNK_LENGTH);
        hash = r.readHash("hash");
      } catch (FieldError e) {
        throw e.within("chunks[" + i + "]");
      }
      chunks.add(new ChunkRef(offset, length, hash));
      offset += length;
    }
    if (offset != size) {
      throw new FieldError("chunks", count + " chunks cover " + offset + " bytes of a " + size + "-byte file");
    }
    return chunks;
  }

  /**
   * A symlink target is free-form, but no file system stores an empty one or one with a NUL: such a record
   * is never sent (a peer would refuse it).
   */
  private static String symlinkTargetProblem(String target) {
    if (target.isEmpty()) {
      return "is empty";
    }
    int nul = target.indexOf('\0');
    return nul >= 0 ? "contains NUL at index " + nul : null;
  }
}
