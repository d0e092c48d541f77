package chorus.fsindex.store;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Every key layout of the index, and nothing else knows them. Integers are big-endian, so byte order is
 * numeric order; paths are UTF-8 (NFC) and sort by bytes. A folder appears in keys as a 4-byte number
 * assigned when its index is created (recorded in {@code meta}), not as its name.
 *
 * <pre>
 * files     folder u32 · path                  -> this device's record ({@link FileRecordCodec})
 * sequence  folder u32 · seq u64               -> path                    (the local change log)
 * chunks    hash [32] · folder u32 · path      -> varint offset · varint length (where we hold it)
 * peers     folder u32 · device [32] · path    -> the record that device announced
 * feed      seq u64                            -> one change feed entry ({@link FeedEntryCodec})
 * meta      "schema"                           -> u32 schema version
 * meta      "folder:" · folder ID (ASCII)      -> u32 folder key · u64 index ID
 * meta      "peer:" · folder u32 · device [32] -> u64 the peer's index ID · u64 its sequence we hold
 * meta      "totals:" · folder u32             -> u64 files · u64 directories · u64 symlinks · u64 bytes
 *                                                 · u64 tombstones   ({@link FolderTotals})
 * </pre>
 */
final class KeySchema {
  static final String FILES = "files";
  static final String SEQUENCE = "sequence";
  static final String CHUNKS = "chunks";
  static final String PEERS = "peers";
  static final String META = "meta";
  static final String FEED = "feed";

  /**
   * Bumped whenever a layout or the record encoding changes incompatibly. 2: records carry the ctime
   * (after deviceNo); the folder totals key.
   */
  static final int SCHEMA_VERSION = 3;

  static final byte[] META_SCHEMA = ascii("schema");
  static final byte[] META_CHUNKING = ascii("chunking");
  static final byte[] META_FOLDER_PREFIX = ascii("folder:");
  static final byte[] META_PEER_PREFIX = ascii("peer:");
  static final byte[] META_TOTALS_PREFIX = ascii("totals:");

  private KeySchema() {}

  // files: folder u32 · path

  static byte[] file(int folder, String path) {
    return folderAnd(folder, utf8(path));
  }

  /** The prefix of every files key of {@code folder} under directory {@code dir} ("" for the root). */
  static byte[] filesUnder(int folder, String dir) {
    return folderAnd(folder, dir.isEmpty() ? new byte[0] : utf8(dir + "/"));
  }

  static String pathOfFile(byte[] key) {
    return new String(key, 4, key.length - 4, StandardCharsets.UTF_8);
  }

  // sequence: folder u32 · seq u64

  static byte[] sequence(int folder, long seq) {
    byte[] k = new byte[12];
    putU32(k, 0, folder);
    putU64(k, 4, seq);
    return k;
  }

  static long seqOf(byte[] key) {
    return getU64(key, 4);
  }

  // chunks: hash [32] · folder u32 · path

  static byte[] chunk(ChunkHash hash, int folder, String path) {
    byte[] p = utf8(path);
    byte[] k = new byte[ChunkHash.LENGTH + 4 + p.length];
    hash.copyTo(k, 0);
    putU32(k, ChunkHash.LENGTH, folder);
    System.arraycopy(p, 0, k, ChunkHash.LENGTH + 4, p.length);
    return k;
  }

  static byte[] chunkPrefix(ChunkHash hash) {
    return hash.toBytes();
  }

  static int folderOfChunk(byte[] key) {
    return getU32(key, ChunkHash.LENGTH);
  }

  static String pathOfChunk(byte[] key) {
    int at = ChunkHash.LENGTH + 4;
    return new String(key, at, key.length - at, StandardCharsets.UTF_8);
  }

  // peers: folder u32 · device [32] · path

  static byte[] peerFile(int folder, DeviceId device, String path) {
    byte[] p = utf8(path);
    byte[] k = new byte[4 + DeviceId.LENGTH + p.length];
    putU32(k, 0, folder);
    System.arraycopy(device.toBytes(), 0, k, 4, DeviceId.LENGTH);
    System.arraycopy(p, 0, k, 4 + DeviceId.LENGTH, p.length);
    return k;
  }

  static byte[] peerFilesPrefix(int folder, DeviceId device) {
    byte[] k = new byte[4 + DeviceId.LENGTH];
    putU32(k, 0, folder);
    System.arraycopy(device.toBytes(), 0, k, 4, DeviceId.LENGTH);
    return k;
  }

  static String pathOfPeerFile(byte[] key) {
    int at = 4 + DeviceId.LENGTH;
    return new String(key, at, key.length - at, StandardCharsets.UTF_8);
  }

  // feed: seq u64 (all folders in one order: the feed is the device's, not a folder's)

  static byte[] feed(long seq) {
    byte[] k = new byte[8];
    putU64(k, 0, seq);
    return k;
  }

  static long seqOfFeed(byte[] key) {
    return getU64(key, 0);
  }

  // meta

  static byte[] metaFolder(FolderId folder) {
    return concat(META_FOLDER_PREFIX, ascii(folder.value()));
  }

  static FolderId folderOfMeta(byte[] key) {
    return FolderId.of(new String(key, META_FOLDER_PREFIX.length, key.length - META_FOLDER_PREFIX.length,
        StandardCharsets.US_ASCII));
  }

  static byte[] metaPeer(int folder, DeviceId device) {
    return concat(META_PEER_PREFIX, peerFilesPrefix(folder, device));
  }

  static byte[] metaTotals(int folder) {
    return concat(META_TOTALS_PREFIX, folderPrefix(folder));
  }

  // prefixes, bounds and text

  /** A prefix of the folder number alone: every files/sequence/peers key of the folder starts with it. */
  static byte[] folderPrefix(int folder) {
    byte[] k = new byte[4];
    putU32(k, 0, folder);
    return k;
  }

  /** The smallest key greater than every key starting with {@code prefix}, or null if there is none. */
  static byte[] upperBound(byte[] prefix) {
    byte[] b = prefix.clone();
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xff) {
        b[i]++;
        return Arrays.copyOf(b, i + 1);
      }
    }
    return null;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** A key in readable form for error messages, e.g. {@code files[3:Artist/x.flac]}. */
  static String describe(String family, byte[] key) {
    if (key == null) {
      return family;
    }
    try {
      return switch (family) {
        case FILES -> family + "[" + getU32(key, 0) + ":" + pathOfFile(key) + "]";
        case SEQUENCE -> family + "[" + getU32(key, 0) + ":" + seqOf(key) + "]";
        case FEED -> family + "[" + seqOfFeed(key) + "]";
        case CHUNKS -> family + "[" + HexFormat.of().formatHex(key, 0, 8) + "..:" + folderOfChunk(key) + ":"
            + pathOfChunk(key) + "]";
        case PEERS -> family + "[" + getU32(key, 0) + ":" + HexFormat.of().formatHex(key, 4, 8) + "..:"
            + pathOfPeerFile(key) + "]";
        default -> family + "[" + new String(key, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?") + "]";
      };
    } catch (RuntimeException e) {
      return family + "[" + HexFormat.of().formatHex(key) + "]";
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static void putU32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  static int getU32(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }

  static void putU64(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (v >>> (56 - 8 * i));
    }
  }

  static long getU64(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }

  private static byte[] folderAnd(int folder, byte[] rest) {
    byte[] k = new byte[4 + rest.length];
    putU32(k, 0, folder);
    System.arraycopy(rest, 0, k, 4, rest.length);
    return k;
  }

  /** The index of the first {@code c} in {@code b} at or after {@code from}, or -1. */
  static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
