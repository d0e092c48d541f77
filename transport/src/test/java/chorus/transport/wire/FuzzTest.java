package chorus.transport.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import chorus.core.config.FolderType;
import chorus.core.id.FolderId;
import chorus.core.model.FileType;
import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.ChunkResponse;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.ClusterConfig.SharedFolder;
import chorus.core.protocol.Close;
import chorus.core.protocol.Hello;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.Message;
import chorus.core.protocol.Ping;
import chorus.transport.wire.WireHarness.Outcome;
import chorus.transport.wire.WireHarness.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeded random and mutated input: each either decodes to messages that re-encode to exactly the same
 * bytes (the encoding is canonical), or yields exactly one {@link WireFormatException}; never another
 * exception, never a hang (the timeout), never a leak (the guard and the harness).
 */
@ExtendWith(LeakGuard.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FuzzTest {
  private static final long SEED = 0x5EED_C0DEL;
  private static final int RANDOM_INPUTS = 6_000;
  private static final int MUTATED_INPUTS = 14_000;

  private final Map<String, Integer> errorKinds = new TreeMap<>();
  private int accepted;
  private int rejected;

  @Test
  void randomFramesDecodeOrFailCleanly() {
    Random r = new Random(SEED);
    for (int i = 0; i < RANDOM_INPUTS; i++) {
      int frames = 1 + r.nextInt(3);
      List<byte[]> parts = new ArrayList<>();
      for (int f = 0; f < frames; f++) {
        parts.add(randomFrame(r));
      }
      check(Frame.concat(parts.toArray(new byte[0][])), r, "random #" + i);
    }
    summarize("random");
  }

  @Test
  void mutatedValidStreamsDecodeOrFailCleanly() {
    Random r = new Random(SEED + 1);
    List<byte[]> corpus = corpus(new Random(SEED + 2));
    for (int i = 0; i < MUTATED_INPUTS; i++) {
      int frames = 1 + r.nextInt(3);
      List<byte[]> parts = new ArrayList<>();
      for (int f = 0; f < frames; f++) {
        parts.add(corpus.get(r.nextInt(corpus.size())));
      }
      byte[] input = Frame.concat(parts.toArray(new byte[0][]));
      int mutations = 1 + r.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        input = mutate(input, r);
      }
      check(input, r, "mutation #" + i);
    }
    summarize("mutated");
  }

  private void check(byte[] input, Random r, String label) {
    Split split = input.length < 400 && r.nextInt(4) == 0 ? Split.BYTE_BY_BYTE
        : r.nextBoolean() ? Split.WHOLE : Split.RANDOM;
    Outcome out;
    try {
      out = WireHarness.decode(input, split, r.nextLong());
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError(label + " broke the harness on " + hex(input), e);
    }
    if (out.errors().size() > 1) {
      fail(label + ": " + out.errors().size() + " errors " + out.errors() + " on " + hex(input));
    }
    byte[] reencoded = WireHarness.encode(out.messages().toArray());
    if (out.errors().isEmpty()) {
      accepted++;
      assertArrayEquals(input, reencoded, () -> label + ": decoded " + out.messages()
          + " but that re-encodes differently; input " + hex(input));
      return;
    }
    Throwable e = out.errors().get(0);
    if (!(e instanceof WireFormatException)) {
      throw new AssertionError(label + ": " + e + " on " + hex(input), e);
    }
    rejected++;
    assertArrayEquals(Arrays.copyOf(input, reencoded.length), reencoded,
        () -> label + ": the messages before the error are not a prefix of the input " + hex(input));
    String msg = e.getMessage();
    String kind = msg.contains(":") ? msg.substring(0, msg.indexOf(':')) : msg;
    errorKinds.merge(kind.replaceAll("\\d+", "#"), 1, Integer::sum);
  }

  private void summarize(String what) {
    System.out.printf("fuzz %s: %d accepted, %d rejected, %d distinct error fields: %s%n",
        what, accepted, rejected, errorKinds.size(), errorKinds);
    assertTrue(accepted > 0 && rejected > 0, "the fuzz must exercise both outcomes");
  }

  // ---- inputs --------------------------------------------------------------------------------------

  /** Small valid frames of every kind, so mutations land on interesting fields often. */
  private static List<byte[]> corpus(Random r) {
    List<Message> messages = List.of(
        new Hello("nas", "chorus", "0.1.0", 1, ""),
        new Hello("Küche", "chorus", "1.2.3-rc1", 7, "pair-secret"),
        new ClusterConfig(List.of()),
        new ClusterConfig(List.of(new SharedFolder(Samples.MUSIC, FolderType.SEND_RECEIVE, 5, 200, 9, 130),
            new SharedFolder(FolderId.of("photos"), FolderType.RECEIVE_ONLY, -1, 0, 0, 0))),
        new IndexUpdate(Samples.MUSIC, 3, true, List.of()),
        new IndexUpdate(Samples.MUSIC, 3, false, List.of(
            Samples.file("Björk/01 Hunter.flac", 1, 3, 200, r),
            Samples.directory("Björk", 2),
            Samples.symlink("latest", 300, "Björk"),
            Samples.tombstone("old.mp3", FileType.FILE, 301))),
        new IndexUpdate(Samples.MUSIC, 3, false, List.of(Samples.file("a", 1, 1, 5, r))),
        new ChunkRequest(12, Samples.hash(r), 262_144),
        new ChunkResponse(12, ChunkResponse.Status.OK, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
        new ChunkResponse(13, ChunkResponse.Status.NOT_FOUND, null),
        new Ping(),
        new Close("shutting down"));
    List<byte[]> frames = new ArrayList<>();
    for (Message m : messages) {
      frames.add(WireHarness.encode(m));
    }
    return frames;
  }

  /** A frame from random primitives: more often well-formed enough to reach deep fields. */
  private static byte[] randomFrame(Random r) {
    int type = r.nextInt(10) == 0 ? r.nextInt(256) : 1 + r.nextInt(7);
    Frame p = new Frame();
    int parts = r.nextInt(14);
    for (int i = 0; i < parts; i++) {
      switch (r.nextInt(10)) {
        case 0 -> p.u8(r.nextInt(4));
        case 1 -> p.u8(r.nextInt(256));
        case 2 -> p.uvarint(r.nextInt(300));
        case 3 -> p.uvarint(r.nextLong());
        case 4 -> p.i32(r.nextInt());
        case 5 -> p.i64(r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(100));
        case 6 -> p.string(randomAscii(r, r.nextInt(12)));
        case 7 -> {
          byte[] b = new byte[r.nextInt(12)];
          r.nextBytes(b);
          p.rawString(b);
        }
        case 8 -> p.hash(r.nextInt(256));
        default -> {
          byte[] b = new byte[r.nextInt(40)];
          r.nextBytes(b);
          p.bytes(b);
        }
      }
    }
    byte[] frame = p.frame(type);
    if (r.nextInt(10) == 0) {
      int length = r.nextBoolean() ? frame.length - 4 + r.nextInt(9) - 4 : r.nextInt();
      frame[0] = (byte) (length >>> 24);
      frame[1] = (byte) (length >>> 16);
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
    }
    return frame;
  }

  private static String randomAscii(Random r, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append((char) (r.nextInt(5) == 0 ? '/' : 'a' + r.nextInt(26)));
    }
    return sb.toString();
  }

  private static byte[] mutate(byte[] in, Random r) {
    if (in.length == 0) {
      return new byte[] {(byte) r.nextInt(256)};
    }
    byte[] b = in.clone();
    int at = r.nextInt(b.length);
    switch (r.nextInt(9)) {
      case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
      case 1 -> b[at] = (byte) r.nextInt(256);
      case 2 -> b[at] = (byte) new int[] {0x00, 0x01, 0x7f, 0x80, 0xff}[r.nextInt(5)];
      case 3 -> b = Arrays.copyOf(b, at);
      case 4 -> {
        int n = Math.min(b.length - at, 1 + r.nextInt(16));
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        b = out;
      }
      case 5 -> {
        byte[] extra = new byte[1 + r.nextInt(16)];
        r.nextBytes(extra);
        b = Frame.concat(Arrays.copyOf(b, at), extra, Arrays.copyOfRange(b, at, b.length));
      }
      case 6 -> {
        int n = Math.min(b.length - at, 1 + r.nextInt(32));
        b = Frame.concat(Arrays.copyOf(b, at + n), Arrays.copyOfRange(b, at, b.length));
      }
      case 7 -> {
        // Nudge the first frame's length field.
        if (b.length >= 4) {
          int length = ((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff))
              + r.nextInt(9) - 4;
          b[0] = (byte) (length >>> 24);
          b[1] = (byte) (length >>> 16);
          b[2] = (byte) (length >>> 8);
          b[3] = (byte) length;
        }
      }
      default -> {
        for (int i = at; i < Math.min(b.length, at + 4); i++) {
          b[i] = (byte) r.nextInt(256);
        }
      }
    }
    return b;
  }

  private static String hex(byte[] b) {
    String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, 600));
    return b.length > 600 ? h + "... (" + b.length + " bytes)" : h;
  }
}
