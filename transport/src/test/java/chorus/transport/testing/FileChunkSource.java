package chorus.transport.testing;

import chorus.core.id.ChunkHash;
import chorus.core.id.DeviceId;
import chorus.core.protocol.ChunkHint;
import chorus.core.port.ChunkSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A chunk source over real files for tests and the benchmark (the real one is the index's): each file
 * cut into fixed 256 KiB chunks, hashed once; a read seeks into the file and proves the bytes are still
 * the chunk, either by hashing them again or by the file's size and mtime being those seen when hashed
 * (as the index does). Open file channels are cached.
 */
public final class FileChunkSource implements ChunkSource, AutoCloseable {
  public static final int CHUNK = 256 * 1024;

  /** How a read proves the bytes are still the chunk. */
  public enum Verify { HASH, STAT }

  /** Where a chunk lives. */
  public record Location(Path file, long offset, int length, long size, long mtimeMillis) {}

  private final Map<ChunkHash, Location> chunks;
  private final List<ChunkHash> order;
  private final Verify verify;
  private final Map<Path, FileChannel> channels = new HashMap<>();

  private FileChunkSource(Map<ChunkHash, Location> chunks, List<ChunkHash> order, Verify verify) {
    this.chunks = chunks;
    this.order = order;
    this.verify = verify;
  }

  /** Hashes every regular file under {@code root}. */
  public static FileChunkSource index(Path root, Verify verify) throws IOException {
    Map<ChunkHash, Location> chunks = new HashMap<>();
    List<ChunkHash> order = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    byte[] buf = new byte[CHUNK];
    for (Path f : files) {
      BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
        long offset = 0;
        while (offset < a.size()) {
          int n = (int) Math.min(CHUNK, a.size() - offset);
          ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
          while (bb.hasRemaining()) {
            if (ch.read(bb, offset + bb.position()) < 0) {
              throw new IOException(f + " shrank while hashing");
            }
          }
          ChunkHash h = sha256(buf, n);
          if (chunks.putIfAbsent(h, new Location(f, offset, n, a.size(), a.lastModifiedTime().toMillis())) == null) {
            order.add(h);
          }
          offset += n;
        }
      }
    }
    return new FileChunkSource(chunks, Collections.unmodifiableList(order), verify);
  }

  /** Every distinct chunk, in file order. */
  public List<ChunkHash> hashes() {
    return order;
  }

  public Location location(ChunkHash hash) {
    return chunks.get(hash);
  }

  public long totalBytes() {
    long total = 0;
    for (Location l : chunks.values()) {
      total += l.length();
    }
    return total;
  }

  @Override
  public Status read(DeviceId requester, ChunkHash hash, int length, ChunkHint hint, ByteBuffer target)
      throws IOException {
    Location l = chunks.get(hash);
    if (l == null || l.length() != length) {
      return Status.NOT_FOUND;
    }
    if (verify == Verify.STAT) {
      BasicFileAttributes a = Files.readAttributes(l.file(), BasicFileAttributes.class);
      if (a.size() != l.size() || a.lastModifiedTime().toMillis() != l.mtimeMillis()) {
        return Status.CHANGED;
      }
    }
    FileChannel ch = channel(l.file());
    int start = target.position();
    ByteBuffer window = target.duplicate();
    window.limit(start + length);
    long position = l.offset();
    while (window.hasRemaining()) {
      int n = ch.read(window, position);
      if (n < 0) {
        return Status.CHANGED;
      }
      position += n;
    }
    if (verify == Verify.HASH) {
      ByteBuffer check = target.duplicate();
      check.position(start).limit(start + length);
      MessageDigest sha = sha();
      sha.update(check);
      if (!MessageDigest.isEqual(sha.digest(), hash.toBytes())) {
        return Status.CHANGED;
      }
    }
    target.position(start + length);
    return Status.OK;
  }

  private synchronized FileChannel channel(Path file) throws IOException {
    FileChannel ch = channels.get(file);
    if (ch == null) {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      channels.put(file, ch);
    }
    return ch;
  }

  @Override
  public synchronized void close() throws IOException {
    for (FileChannel ch : channels.values()) {
      ch.close();
    }
    channels.clear();
  }

  public static ChunkHash sha256(byte[] data, int length) {
    MessageDigest sha = sha();
    sha.update(data, 0, length);
    return ChunkHash.wrapDigest(sha.digest());
  }

  private static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
