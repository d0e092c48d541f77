package chorus.fsindex.store;

import chorus.core.feed.ChangeOrigin;
import chorus.core.feed.FeedAction;
import chorus.core.feed.FeedEntry;
import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.model.FileType;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * The stored form of a change feed entry (the key, {@code seq u64}, is {@link KeySchema#feed}):
 *
 * <pre>
 * u64 time (epoch ms) · u32 folder · u8 action · u8 type · u8 flags
 * · [device 32 if flags bit 0] · [content hash 32 if bit 2] · varint size · varint n · path
 * · [varint n · renamed-from path if bit 3]
 * action: 0 added, 1 modified, 2 deleted, 3 renamed, 4 conflict copy     type: 0 file, 1 directory, 2 symlink
 * flags:  bit 0 the change came from a peer, bit 1 conflict copy, bit 2 has a content hash, bit 3 renamed
 * </pre>
 *
 * The time comes first at a fixed offset, so trimming by age reads 8 bytes of an entry and decodes nothing.
 * Codes are explicit, independent of Java ordinals. About 50 bytes plus the path.
 */
final class FeedEntryCodec {
  static final int TIME_BYTES = 8;
  private static final int MAX_PATH_BYTES = 4096 * 4;
  private static final FeedAction[] ACTIONS = {
    FeedAction.ADDED, FeedAction.MODIFIED, FeedAction.DELETED, FeedAction.RENAMED, FeedAction.CONFLICT_COPY};
  private static final FileType[] TYPES = {FileType.FILE, FileType.DIRECTORY, FileType.SYMLINK};
  private static final int PEER = 1;
  private static final int CONFLICT_COPY = 2;
  private static final int HASH = 4;
  private static final int RENAMED = 8;

  private FeedEntryCodec() {}

  /** What a change adds to the feed before it has a sequence and a time (they are given when it is written). */
  record Draft(String path, FeedAction action, String renamedFrom, ChangeOrigin origin, FileType type,
      ChunkHash contentHash, long size) {}

  static byte[] encode(long timeMillis, int folder, Draft d) {
    byte[] path = KeySchema.utf8(d.path());
    ByteWriter w = new ByteWriter(TIME_BYTES + 4 + 3 + 2 * 32 + 10 + 2 + path.length);
    int flags = (d.origin().isLocal() ? 0 : PEER) | (d.origin().conflictCopy() ? CONFLICT_COPY : 0)
        | (d.contentHash() == null ? 0 : HASH) | (d.renamedFrom() == null ? 0 : RENAMED);
    w.u64(timeMillis).u32(folder).u8(code(d.action())).u8(code(d.type())).u8(flags);
    if (!d.origin().isLocal()) {
      w.bytes(d.origin().peer().toBytes());
    }
    if (d.contentHash() != null) {
      d.contentHash().copyTo(w.array(), w.reserve(ChunkHash.LENGTH));
    }
    w.varint(d.size()).varint(path.length).bytes(path);
    if (d.renamedFrom() != null) {
      w.string(d.renamedFrom());
    }
    return w.toBytes();
  }

  /** The entry's time without decoding the rest (for trimming by age). */
  static long timeOf(byte[] value) throws ByteReader.MalformedException {
    return new ByteReader(value).u64();
  }

  /**
   * @param folders the folder named by a folder number, or null if there is none
   * @throws ByteReader.MalformedException for anything that is not an entry this codec wrote
   */
  static FeedEntry decode(long seq, byte[] value, IntFunction<FolderId> folders) throws ByteReader.MalformedException {
    ByteReader r = new ByteReader(value);
    long time = r.u64();
    int folderKey = r.u32();
    FolderId folder = folders.apply(folderKey);
    if (folder == null) {
      throw new ByteReader.MalformedException("folder number " + folderKey + " is not in the index");
    }
    FeedAction action = pick(ACTIONS, r.u8(), "action");
    FileType type = pick(TYPES, r.u8(), "file type");
    int flags = r.u8();
    if ((flags & ~(PEER | CONFLICT_COPY | HASH | RENAMED)) != 0) {
      throw new ByteReader.MalformedException("unknown flags " + Integer.toBinaryString(flags));
    }
    DeviceId peer = null;
    if ((flags & PEER) != 0) {
      byte[] id = new byte[DeviceId.LENGTH];
      r.bytes(id, 0, id.length);
      peer = DeviceId.ofBytes(id);
    }
    ChunkHash hash = null;
    if ((flags & HASH) != 0) {
      byte[] h = new byte[ChunkHash.LENGTH];
      r.bytes(h, 0, h.length);
      hash = ChunkHash.ofBytes(h);
    }
    long size = r.varint();
    String path = r.string(MAX_PATH_BYTES, "path");
    String from = (flags & RENAMED) != 0 ? r.string(MAX_PATH_BYTES, "renamed-from path") : null;
    if (r.remaining() != 0) {
      throw new ByteReader.MalformedException(r.remaining() + " bytes left after the entry");
    }
    try {
      return new FeedEntry(seq, Instant.ofEpochMilli(time), folder, path, action, from,
          new ChangeOrigin(peer, (flags & CONFLICT_COPY) != 0), type, hash, size);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ByteReader.MalformedException(e.getMessage());
    }
  }

  private static int code(FeedAction a) {
    return switch (a) {
      case ADDED -> 0;
      case MODIFIED -> 1;
      case DELETED -> 2;
      case RENAMED -> 3;
      case CONFLICT_COPY -> 4;
    };
  }

  private static int code(FileType t) {
    return switch (t) {
      case FILE -> 0;
      case DIRECTORY -> 1;
      case SYMLINK -> 2;
    };
  }

  private static <T> T pick(T[] values, int code, String what) throws ByteReader.MalformedException {
    if (code >= values.length) {
      throw new ByteReader.MalformedException(what + " code " + code + " is unknown");
    }
    return values[code];
  }
}
