package chorus.transport.wire;

import static chorus.transport.wire.PayloadWriter.labelLength;
import static chorus.transport.wire.PayloadWriter.stringLength;
import static chorus.transport.wire.PayloadWriter.uvarintLength;
import static chorus.transport.wire.PayloadWriter.writeString;
import static chorus.transport.wire.PayloadWriter.writeUvarint;

import chorus.core.config.FolderType;
import chorus.core.id.ChunkHash;
import chorus.core.id.FolderId;
import chorus.core.model.FileRecord;
import chorus.core.model.RelativePath;
import chorus.core.protocol.ChunkHint;
import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.ChunkResponse;
import chorus.core.protocol.CatalogAddress;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.ClusterConfig.SharedFolder;
import chorus.core.protocol.Close;
import chorus.core.protocol.Hello;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.Message;
import chorus.core.protocol.Ping;
import chorus.core.protocol.ReferencedRecord;
import chorus.core.protocol.RefusedRecord;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The payload of every message type (layout in {@link WireFormat}): measuring, writing and reading.
 * Stateless apart from the strict UTF-8 decoder the reader is handed.
 */
final class MessageCodec {
  /** Bytes of one shared folder at least: a one-byte folder ID and one-byte sequences. */
  private static final int MIN_SHARED_FOLDER_BYTES = 2 + 1 + 8 + 1 + 8 + 1;

  private MessageCodec() {}

  static byte typeOf(Message m) {
    if (m instanceof Hello) {
      return WireFormat.TYPE_HELLO;
    } else if (m instanceof ClusterConfig) {
      return WireFormat.TYPE_CLUSTER_CONFIG;
    } else if (m instanceof IndexUpdate) {
      return WireFormat.TYPE_INDEX_UPDATE;
    } else if (m instanceof ChunkRequest) {
      return WireFormat.TYPE_CHUNK_REQUEST;
    } else if (m instanceof ChunkResponse) {
      return WireFormat.TYPE_CHUNK_RESPONSE;
    } else if (m instanceof Ping) {
      return WireFormat.TYPE_PING;
    } else if (m instanceof Close) {
      return WireFormat.TYPE_CLOSE;
    }
    throw new IllegalArgumentException("not a message type: " + m.getClass().getName());
  }

  // ---- reading -------------------------------------------------------------------------------------

  /**
   * Reads the whole payload of a frame of a known {@code type}.
   *
   * @throws WireFormatException naming the message type, the field and the bad value
   */
  static Message read(int type, PayloadReader r) {
    String name = WireFormat.typeName(type);
    if (name == null) {
      throw new WireFormatException(String.format("unknown message type 0x%02x", type));
    }
    try {
      Message m = switch (type) {
        case WireFormat.TYPE_HELLO -> readHello(r);
        case WireFormat.TYPE_CLUSTER_CONFIG -> readClusterConfig(r);
        case WireFormat.TYPE_INDEX_UPDATE -> readIndexUpdate(r);
        case WireFormat.TYPE_CHUNK_REQUEST -> readChunkRequest(r);
        case WireFormat.TYPE_CHUNK_RESPONSE -> readChunkResponse(r);
        case WireFormat.TYPE_PING -> new Ping();
        case WireFormat.TYPE_CLOSE -> new Close(r.readString("reason", WireFormat.MAX_CLOSE_REASON_BYTES));
        default -> throw new IllegalStateException("no reader for " + name);
      };
      r.requireEnd();
      return m;
    } catch (FieldError e) {
      throw e.toWireError(name);
    } catch (IllegalArgumentException e) {
      // A record constructor refused the values: the message as a whole is invalid.
      throw new WireFormatException(name + ": " + e.getMessage(), e);
    }
  }

  private static Hello readHello(PayloadReader r) {
    int version = (int) r.readUvarint("protocolVersion", 1, Integer.MAX_VALUE);
    String deviceName = r.readLabel("deviceName", WireFormat.MAX_DEVICE_NAME_BYTES);
    String clientName = r.readLabel("clientName", WireFormat.MAX_CLIENT_BYTES);
    String clientVersion = r.readLabel("clientVersion", WireFormat.MAX_CLIENT_BYTES);
    String secret = r.readLabel("pairingSecret", WireFormat.MAX_PAIRING_SECRET_BYTES);
    return new Hello(deviceName, clientName, clientVersion, version, secret);
  }

  private static ClusterConfig readClusterConfig(PayloadReader r) {
    int count = r.readCount("folders", MIN_SHARED_FOLDER_BYTES);
    List<SharedFolder> folders = new ArrayList<>(count);
    Set<FolderId> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      try {
        FolderId folder = readFolderId(r);
        if (!seen.add(folder)) {
          throw new FieldError("folder", "\"" + folder + "\" appears twice");
        }
        FolderType type = folderType(r.readU8("type"));
        long indexId = r.readI64("indexId");
        long maxSequence = r.readUvarint("maxSequence", 0, Long.MAX_VALUE);
        long peerIndexId = r.readI64("peerIndexId");
        long peerMaxSequence = r.readUvarint("peerMaxSequence", 0, Long.MAX_VALUE);
        folders.add(new SharedFolder(folder, type, indexId, maxSequence, peerIndexId, peerMaxSequence));
      } catch (FieldError e) {
        throw e.within("folders[" + i + "]");
      } catch (IllegalArgumentException e) {
        throw new FieldError("folders[" + i + "]", e.getMessage());
      }
    }
    CatalogAddress catalog = null;
    if (r.remaining() > 0) { // absent, not flagged: one encoding per message
      catalog = new CatalogAddress(r.readLabel("catalog.jdbcUrl", CatalogAddress.MAX_URL_BYTES),
          r.readLabel("catalog.user", CatalogAddress.MAX_USER_BYTES));
    }
    return new ClusterConfig(folders, catalog);
  }

  private static IndexUpdate readIndexUpdate(PayloadReader r) {
    FolderId folder = readFolderId(r);
    long indexId = r.readI64("indexId");
    boolean full = r.readBoolean("full");
    int count = r.readCount("files", FileRecordCodec.MIN_BYTES);
    List<FileRecord> files = new ArrayList<>(count);
    List<RefusedRecord> refused = new ArrayList<>();
    List<ReferencedRecord> references = new ArrayList<>();
    long previous = -1;
    for (int i = 0; i < count; i++) {
      Object read;
      try {
        read = FileRecordCodec.read(r);
      } catch (FieldError e) {
        throw e.within("files[" + i + "]");
      }
      long sequence = IndexUpdate.sequenceOf(read);
      String path = IndexUpdate.pathOf(read);
      if (sequence <= previous) {
        throw new FieldError("files[" + i + "].sequence", sequence + " after " + previous
            + ": records must be in strictly increasing sequence order (" + path + ")");
      }
      previous = sequence;
      if (read instanceof FileRecord f) {
        files.add(f);
      } else if (read instanceof ReferencedRecord x) {
        references.add(x);
      } else {
        refused.add((RefusedRecord) read);
      }
    }
    return new IndexUpdate(folder, indexId, full, files, refused, references);
  }

  private static ChunkRequest readChunkRequest(PayloadReader r) {
    int requestId = r.readI32("requestId");
    ChunkHash hash = r.readHash("hash");
    int length = (int) r.readUvarint("length", 1, ChunkRequest.MAX_CHUNK_LENGTH);
    if (!r.readBoolean("hinted")) {
      return new ChunkRequest(requestId, hash, length);
    }
    FolderId folder = readFolderId(r);
    String path = r.readString("hint.path", WireFormat.MAX_PATH_BYTES);
    long offset = r.readUvarint("hint.offset", 0, Long.MAX_VALUE);
    String problem = RelativePath.problem(path);
    if (problem != null) {
      throw new FieldError("hint.path", problem);
    }
    return new ChunkRequest(requestId, hash, length, new ChunkHint(folder, path, offset));
  }

  /**
   * Reads a ChunkResponse frame the way the peer pipeline wants it: an OK response as an
   * {@link InboundChunk} holding a retained slice of the frame (no copy), any other as a
   * {@link ChunkResponse}. Same checks as {@link #read}.
   */
  static Object readChunkResponseInBuffer(PayloadReader r) {
    String name = WireFormat.typeName(WireFormat.TYPE_CHUNK_RESPONSE);
    try {
      int requestId = r.readI32("requestId");
      ChunkResponse.Status status = readChunkStatus(r);
      if (status != ChunkResponse.Status.OK) {
        return new ChunkResponse(requestId, status, r.readRest());
      }
      return new InboundChunk(requestId, r.readRetainedRest());
    } catch (FieldError e) {
      throw e.toWireError(name);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException(name + ": " + e.getMessage(), e);
    }
  }

  private static ChunkResponse readChunkResponse(PayloadReader r) {
    int requestId = r.readI32("requestId");
    return new ChunkResponse(requestId, readChunkStatus(r), r.readRest());
  }

  /** The status, and the data's length checked against it (the data itself left to read). */
  private static ChunkResponse.Status readChunkStatus(PayloadReader r) {
    int code = r.readU8("status");
    ChunkResponse.Status status;
    try {
      status = ChunkResponse.Status.ofCode(code);
    } catch (IllegalArgumentException e) {
      throw new FieldError("status", "unknown status " + code);
    }
    int length = r.remaining();
    if (status == ChunkResponse.Status.OK && (length < 1 || length > ChunkRequest.MAX_CHUNK_LENGTH)) {
      throw new FieldError("data", "an OK response carries " + length + " bytes, must be 1.."
          + ChunkRequest.MAX_CHUNK_LENGTH);
    }
    if (status != ChunkResponse.Status.OK && length != 0) {
      throw new FieldError("data", "a " + status + " response carries " + length + " bytes, must be none");
    }
    return status;
  }

  private static FolderId readFolderId(PayloadReader r) {
    String s = r.readString("folder", WireFormat.MAX_FOLDER_ID_BYTES);
    try {
      return new FolderId(s);
    } catch (IllegalArgumentException e) {
      throw new FieldError("folder", e.getMessage());
    }
  }

  private static FolderType folderType(int code) {
    return switch (code) {
      case 0 -> FolderType.SEND_RECEIVE;
      case 1 -> FolderType.SEND_ONLY;
      case 2 -> FolderType.RECEIVE_ONLY;
      default -> throw new FieldError("type", "unknown folder type " + code
          + " (0 send-receive, 1 send-only, 2 receive-only)");
    };
  }

  private static int folderTypeCode(FolderType type) {
    return switch (type) {
      case SEND_RECEIVE -> 0;
      case SEND_ONLY -> 1;
      case RECEIVE_ONLY -> 2;
    };
  }

  // ---- measuring and writing -----------------------------------------------------------------------

  /**
   * The payload length of {@code m} (without the type byte), after checking every field against the
   * wire's limits. A ChunkResponse is measured with its data.
   *
   * @throws IllegalArgumentException naming the field that the wire cannot carry
   */
  static long payloadLength(Message m) {
    String name = WireFormat.typeName(typeOf(m));
    try {
      if (m instanceof Hello h) {
        return uvarintLength(h.protocolVersion())
            + labelLength("deviceName", h.deviceName(), WireFormat.MAX_DEVICE_NAME_BYTES)
            + labelLength("clientName", h.clientName(), WireFormat.MAX_CLIENT_BYTES)
            + labelLength("clientVersion", h.clientVersion(), WireFormat.MAX_CLIENT_BYTES)
            + labelLength("pairingSecret", h.pairingSecret(), WireFormat.MAX_PAIRING_SECRET_BYTES);
      } else if (m instanceof ClusterConfig c) {
        return clusterConfigLength(c);
      } else if (m instanceof IndexUpdate u) {
        return indexUpdateHeaderLength(u.folder(), u.recordCount())
            + recordsLength("files", u.files(), FileRecordCodec::length) + refusedLength(u.refused())
            + recordsLength("references", u.references(), FileRecordCodec::length);
      } else if (m instanceof ChunkRequest q) {
        ChunkHint h = q.hint();
        return 4 + ChunkHash.LENGTH + uvarintLength(q.length()) + 1 + (h == null ? 0
            : stringLength("hint.folder", h.folder().value(), WireFormat.MAX_FOLDER_ID_BYTES, false)
                + stringLength("hint.path", h.path(), WireFormat.MAX_PATH_BYTES, true) + uvarintLength(h.offset()));
      } else if (m instanceof ChunkResponse r) {
        if (r.status() == ChunkResponse.Status.OK && r.data().length == 0) {
          throw new IllegalArgumentException("data: an OK response carries at least one byte");
        }
        return 4 + 1 + r.data().length;
      } else if (m instanceof Close c) {
        return stringLength("reason", c.reason(), WireFormat.MAX_CLOSE_REASON_BYTES, false);
      }
      return 0; // Ping
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + "." + e.getMessage(), e);
    }
  }

  /** The bytes of an IndexUpdate payload before its records. */
  static int indexUpdateHeaderLength(FolderId folder, int recordCount) {
    return stringLength("folder", folder.value(), WireFormat.MAX_FOLDER_ID_BYTES, true) + 8 + 1
        + uvarintLength(recordCount);
  }

  /** The encoded length of {@code records}, each checked against the wire's limits (named in the error). */
  private static <T> long recordsLength(String name, List<T> records, ToLongFunction<T> length) {
    long n = 0;
    for (int i = 0; i < records.size(); i++) {
      try {
        n += length.applyAsLong(records.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + "[" + i + "]." + e.getMessage(), e);
      }
    }
    return n;
  }

  /**
   * Refused records go out as the bytes they arrived in. Only tests send them (to show that a peer's
   * hostile record is refused on its own); a node never builds one to send.
   */
  private static long refusedLength(List<RefusedRecord> refused) {
    long n = 0;
    for (int i = 0; i < refused.size(); i++) {
      int length = refused.get(i).encoded().length;
      if (length == 0) {
        throw new IllegalArgumentException("refused[" + i + "]: " + refused.get(i).path()
            + " has no encoding to send");
      }
      n += length;
    }
    return n;
  }

  private static long clusterConfigLength(ClusterConfig c) {
    long n = uvarintLength(c.folders().size());
    Set<FolderId> seen = new HashSet<>();
    for (SharedFolder f : c.folders()) {
      if (!seen.add(f.folder())) {
        throw new IllegalArgumentException("folders: \"" + f.folder() + "\" appears twice");
      }
      n += stringLength("folder", f.folder().value(), WireFormat.MAX_FOLDER_ID_BYTES, true)
          + 1 + 8 + uvarintLength(f.maxSequence()) + 8 + uvarintLength(f.peerMaxSequence());
    }
    if (c.catalog() != null) {
      n += stringLength("catalog.jdbcUrl", c.catalog().jdbcUrl(), CatalogAddress.MAX_URL_BYTES, false)
          + stringLength("catalog.user", c.catalog().user(), CatalogAddress.MAX_USER_BYTES, false);
    }
    return n;
  }

  /**
   * Writes the payload of {@code m}, which {@link #payloadLength} has measured. A ChunkResponse's data
   * is not written here: the encoder appends it without copying.
   */
  static void writePayload(ByteBuf out, Message m) {
    if (m instanceof Hello h) {
      writeUvarint(out, h.protocolVersion());
      writeString(out, h.deviceName());
      writeString(out, h.clientName());
      writeString(out, h.clientVersion());
      writeString(out, h.pairingSecret());
    } else if (m instanceof ClusterConfig c) {
      writeUvarint(out, c.folders().size());
      for (SharedFolder f : c.folders()) {
        writeString(out, f.folder().value());
        out.writeByte(folderTypeCode(f.type()));
        out.writeLong(f.indexId());
        writeUvarint(out, f.maxSequence());
        out.writeLong(f.peerIndexId());
        writeUvarint(out, f.peerMaxSequence());
      }
      if (c.catalog() != null) {
        writeString(out, c.catalog().jdbcUrl());
        writeString(out, c.catalog().user());
      }
    } else if (m instanceof IndexUpdate u) {
      writeString(out, u.folder().value());
      out.writeLong(u.indexId());
      out.writeByte(u.full() ? 1 : 0);
      writeUvarint(out, u.recordCount());
      if (u.refused().isEmpty() && u.references().isEmpty()) {
        u.files().forEach(f -> FileRecordCodec.write(out, f));
      } else {
        for (Object record : u.inSequenceOrder()) { // merged back into the sequence order they came in
          if (record instanceof FileRecord f) {
            FileRecordCodec.write(out, f);
          } else if (record instanceof ReferencedRecord x) {
            FileRecordCodec.write(out, x);
          } else {
            out.writeBytes(((RefusedRecord) record).encoded());
          }
        }
      }
    } else if (m instanceof ChunkRequest q) {
      out.writeInt(q.requestId());
      PayloadWriter.writeHash(out, q.hash());
      writeUvarint(out, q.length());
      ChunkHint h = q.hint();
      out.writeByte(h == null ? 0 : 1);
      if (h != null) {
        writeString(out, h.folder().value());
        writeString(out, h.path());
        writeUvarint(out, h.offset());
      }
    } else if (m instanceof ChunkResponse r) {
      out.writeInt(r.requestId());
      out.writeByte(r.status().code());
    } else if (m instanceof Close c) {
      writeString(out, c.reason());
    }
  }
}
