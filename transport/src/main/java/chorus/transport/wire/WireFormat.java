package chorus.transport.wire;

import chorus.core.id.ChunkHash;
import chorus.core.model.RelativePath;
import chorus.core.protocol.ChunkRequest;

/**
 * The chorus wire format, protocol version 3 ({@value #ALPN}; version 2 added records by reference, 3 the
 * chunk request's hint): the one place that says what the bytes are.
 *
 * <p>After TLS (ALPN {@value #ALPN}) each direction is a stream of frames. Integers are big-endian;
 * {@code uvarint} is unsigned LEB128 (7 bits a byte, low group first, at most 10 bytes, minimal: no
 * trailing {@code 0x00} group); {@code string} is {@code uvarint} byte length + strict UTF-8 with a
 * per-field maximum; {@code hash} is 32 raw SHA-256 bytes. Every byte of a frame is consumed exactly.
 *
 * <pre>
 * frame         +----------------+---------+--------------------------+
 *               | length u32     | type u8 | payload (length-1 bytes) |
 *               +----------------+---------+--------------------------+
 *               length counts type + payload: 1..{@value #MAX_FRAME_LENGTH}, and no more than the
 *               largest frame of its type (Ping 1, ChunkRequest 4,214, Hello 652, Close 1027,
 *               ChunkResponse 4 MiB + 6; ClusterConfig and IndexUpdate only the maximum)
 *
 * 0x01 Hello          protocolVersion uvarint (1..2^31-1)
 *                     deviceName string(256) | clientName string(64) | clientVersion string(64)
 *                     pairingSecret string(256)        (no control characters in any of them)
 * 0x02 ClusterConfig  count uvarint, then count x SharedFolder:
 *                     folder string(64) | type u8 (0 send-receive, 1 send-only, 2 receive-only)
 *                     indexId u64 | maxSequence uvarint | peerIndexId u64 | peerMaxSequence uvarint
 *                     then, only if the sender has a catalog: jdbcUrl string(256) | user string(63)
 *                     (checked by CatalogAddress; never a password)
 * 0x03 IndexUpdate    folder string(64) | indexId u64 | full u8 (0/1) | count uvarint
 *                     then count x FileRecord, sequences strictly increasing
 * 0x04 ChunkRequest   requestId i32 | hash 32 | length uvarint (1..4 MiB) | hinted u8 (0/1)
 *                     then, only if hinted: folder string(64) | path string(4096) | offset uvarint
 *                     (ChunkHint: where the requester expects the chunk; checked, never trusted)
 * 0x05 ChunkResponse  requestId i32 | status u8 (0 OK, 1 NOT_FOUND, 2 CHANGED, 3 ERROR)
 *                     | data: the rest of the frame, 1..4 MiB bytes if OK, none otherwise
 * 0x06 Ping           (empty)
 * 0x07 Close          reason string(1024)
 *
 * FileRecord    +-------------------+---------+------------+---------------+-------------+
 *               | path string(4096) | type u8 | deleted u8 | size uvarint  | mtimeNs i64 |
 *               +-------------------+---------+------------+---------------+-------------+
 *               | permissions uvarint (&lt;= 07777) | version: count uvarint, count x        |
 *               |                                 |   (shortId u64 | counter uvarint &gt; 0)  |
 *               +---------------------------------+--------------------------------------+
 *               | sequence uvarint | modifiedBy u64 |
 *               +------------------+----------------+
 *   type FILE, not deleted:    chunks count uvarint, count x (length uvarint | hash 32)
 *                              | contentHash 32          (offsets are the running sum)
 *                              or by reference (count 0, size &gt; 0): firstChunk 32 | contentHash 32
 *                              (ReferencedRecord: the receiver takes the list from its own index)
 *   type SYMLINK, not deleted: symlinkTarget string(4096)   (no NUL, not empty)
 *   otherwise:                 nothing more
 *   type: 0 FILE, 1 DIRECTORY, 2 SYMLINK. Version counters in ascending (unsigned) shortId
 *   order. inode and deviceNo are local facts: not sent, decoded as 0.
 * </pre>
 *
 * <p>Why these choices: a live file's chunk list is (length, hash) pairs because offsets are implied,
 * so the tiling a {@code FileRecord} demands cannot be contradicted on the wire, and a 256 KiB chunk
 * costs 35 bytes. Optional fields are present exactly when the record's type demands them, so there are
 * no presence flags that could disagree with the type. A chunk response carries its data as the rest of
 * the frame, so its 10-byte header is fixed and a served chunk is sent without copying.
 */
public final class WireFormat {
  /** The TLS ALPN protocol id of this format. */
  public static final String ALPN = "chorus/1";

  /** Bytes before a frame's payload: the u32 length and the type byte. */
  public static final int HEADER_LENGTH = 5;

  /** The hard maximum of a frame's length field (type + payload); also the default. */
  public static final int MAX_FRAME_LENGTH = 8 * 1024 * 1024;

  /** A chunk response's bytes before its data: length, type, request id, status. */
  public static final int CHUNK_RESPONSE_HEADER_LENGTH = HEADER_LENGTH + 4 + 1;

  /**
   * The smallest maximum a codec may be configured with: the length field of a response carrying a
   * {@link ChunkRequest#MAX_CHUNK_LENGTH} chunk, which every node must be able to receive.
   */
  public static final int MIN_MAX_FRAME_LENGTH =
      CHUNK_RESPONSE_HEADER_LENGTH - 4 + ChunkRequest.MAX_CHUNK_LENGTH;

  public static final byte TYPE_HELLO = 0x01;
  public static final byte TYPE_CLUSTER_CONFIG = 0x02;
  public static final byte TYPE_INDEX_UPDATE = 0x03;
  public static final byte TYPE_CHUNK_REQUEST = 0x04;
  public static final byte TYPE_CHUNK_RESPONSE = 0x05;
  public static final byte TYPE_PING = 0x06;
  public static final byte TYPE_CLOSE = 0x07;

  /** Maximum UTF-8 bytes of {@code Hello.deviceName}. */
  /**
   * The largest frame accepted from a peer the handshake has not yet trusted: enough for a Hello (at most
   * 652 bytes) and a ClusterConfig of some 600 folders, so that a stranger cannot make us buffer and decode
   * megabytes before we know who it is. Raised to the configured maximum once the peer is accepted
   * ({@link MessageDecoder#trust()}).
   */
  public static final int UNTRUSTED_MAX_FRAME_LENGTH = 64 * 1024;

  public static final int MAX_DEVICE_NAME_BYTES = 256;
  /** Maximum UTF-8 bytes of {@code Hello.clientName} and of {@code Hello.clientVersion}. */
  public static final int MAX_CLIENT_BYTES = 64;
  /** Maximum UTF-8 bytes of {@code Hello.pairingSecret}. */
  public static final int MAX_PAIRING_SECRET_BYTES = 256;
  /** Maximum bytes of a folder ID (FolderId allows 64 ASCII characters). */
  public static final int MAX_FOLDER_ID_BYTES = 64;
  /** Maximum UTF-8 bytes of a path. */
  public static final int MAX_PATH_BYTES = RelativePath.MAX_BYTES;
  /** Maximum UTF-8 bytes of a symlink target (Linux PATH_MAX). */
  public static final int MAX_SYMLINK_TARGET_BYTES = 4096;
  /** Maximum UTF-8 bytes of {@code Close.reason}. */
  public static final int MAX_CLOSE_REASON_BYTES = 1024;

  private WireFormat() {}

  /** The message name of a type byte, or null if the byte names no type. */
  public static String typeName(int type) {
    return switch (type) {
      case TYPE_HELLO -> "Hello";
      case TYPE_CLUSTER_CONFIG -> "ClusterConfig";
      case TYPE_INDEX_UPDATE -> "IndexUpdate";
      case TYPE_CHUNK_REQUEST -> "ChunkRequest";
      case TYPE_CHUNK_RESPONSE -> "ChunkResponse";
      case TYPE_PING -> "Ping";
      case TYPE_CLOSE -> "Close";
      default -> null;
    };
  }

  /**
   * The largest length field a frame of {@code type} can need, or {@code Integer.MAX_VALUE} for the
   * types only the configured maximum bounds (ClusterConfig, IndexUpdate). Lets the decoder refuse a
   * 8 MiB "Ping" as soon as its header is in, instead of buffering it first.
   */
  static int maxFrameLengthOf(int type) {
    return switch (type) {
      case TYPE_HELLO -> 1 + PayloadWriter.uvarintLength(Integer.MAX_VALUE)
          + stringBound(MAX_DEVICE_NAME_BYTES) + 2 * stringBound(MAX_CLIENT_BYTES)
          + stringBound(MAX_PAIRING_SECRET_BYTES);
      case TYPE_CHUNK_REQUEST -> 1 + 4 + ChunkHash.LENGTH + PayloadWriter.uvarintLength(ChunkRequest.MAX_CHUNK_LENGTH)
          + 1 + stringBound(MAX_FOLDER_ID_BYTES) + stringBound(MAX_PATH_BYTES)
          + PayloadWriter.uvarintLength(Long.MAX_VALUE);
      case TYPE_CHUNK_RESPONSE -> MIN_MAX_FRAME_LENGTH;
      case TYPE_PING -> 1;
      case TYPE_CLOSE -> 1 + stringBound(MAX_CLOSE_REASON_BYTES);
      default -> Integer.MAX_VALUE;
    };
  }

  private static int stringBound(int maxBytes) {
    return PayloadWriter.uvarintLength(maxBytes) + maxBytes;
  }

  /** Checks a configured maximum frame length against the bounds above. */
  static int requireMaxFrameLength(int maxFrameLength) {
    if (maxFrameLength < MIN_MAX_FRAME_LENGTH || maxFrameLength > MAX_FRAME_LENGTH) {
      throw new IllegalArgumentException("maxFrameLength " + maxFrameLength + " is outside "
          + MIN_MAX_FRAME_LENGTH + ".." + MAX_FRAME_LENGTH);
    }
    return maxFrameLength;
  }
}
