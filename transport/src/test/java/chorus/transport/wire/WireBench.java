package chorus.transport.wire;

import chorus.core.model.FileRecord;
import chorus.core.protocol.ChunkResponse;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A plain timed loop (not a test): encode + decode throughput through the real handlers in
 * EmbeddedChannels, for a 1000-record IndexUpdate and for 256 KiB chunk responses. Prints the median of
 * the measured rounds; the machine is shared, so only medians mean anything. Run with leak detection
 * off:
 *
 * <pre>
 * mvn -B -q -o -pl transport -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/wire-cp.txt -Dmdep.includeScope=test
 * java -Dio.netty.leakDetection.level=disabled \
 *     -cp transport/target/test-classes:transport/target/classes:$(cat /tmp/wire-cp.txt) \
 *     chorus.transport.wire.WireBench
 * </pre>
 */
public final class WireBench {
  private static final int WARMUP_ROUNDS = 20;
  private static final int ROUNDS = 31;

  private WireBench() {}

  public static void main(String[] args) {
    Random r = new Random(42);
    List<FileRecord> files = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      files.add(Samples.file(String.format("Artist %03d/Album/%02d Some Title.flac", i / 10, i % 10),
          1_000_000 + i, 100, 262_144, r));
    }
    IndexUpdate update = new IndexUpdate(Samples.MUSIC, 77, true, files);
    long updateBytes = WireSizes.frameBytes(update);
    System.out.printf("IndexUpdate: 1000 records x 100 chunks = %d bytes per frame%n", updateBytes);
    double[] idx = measure(() -> roundTrip(List.of(update), 1));
    report("IndexUpdate 1000x100 encode+decode", idx, 1, updateBytes, 1000);
    MessageEncoder encoder = new MessageEncoder();
    report("  of which encode", measure(() -> {
      long start = System.nanoTime();
      encoder.frame(ByteBufAllocator.DEFAULT, update).release();
      return (System.nanoTime() - start) / 1e9;
    }), 1, updateBytes, 1000);
    ByteBuf encoded = encoder.frame(ByteBufAllocator.DEFAULT, update);
    report("  of which decode", measure(() -> {
      EmbeddedChannel dec = new EmbeddedChannel(new MessageDecoder());
      long start = System.nanoTime();
      dec.writeInbound(encoded.retainedDuplicate());
      double s = (System.nanoTime() - start) / 1e9;
      check(dec.readInbound() != null, 0);
      dec.finishAndReleaseAll();
      return s;
    }), 1, updateBytes, 1000);
    encoded.release();

    byte[] data = new byte[256 * 1024];
    r.nextBytes(data);
    int frames = 200;
    double[] msg = measure(() -> roundTrip(List.of(new ChunkResponse(1, ChunkResponse.Status.OK, data)), frames));
    report("ChunkResponse 256 KiB (byte[]) encode+decode", msg, frames, data.length + 10L, 0);
    double[] zc = measure(() -> roundTripOutboundChunk(data, frames));
    report("OutboundChunk 256 KiB (zero-copy) encode+decode", zc, frames, data.length + 10L, 0);
  }

  /** Encodes {@code copies} times each message, decodes them all; returns the seconds taken. */
  private static double roundTrip(List<Message> messages, int copies) {
    EmbeddedChannel enc = new EmbeddedChannel(new MessageEncoder());
    EmbeddedChannel dec = new EmbeddedChannel(new MessageDecoder());
    long start = System.nanoTime();
    int decoded = 0;
    for (int i = 0; i < copies; i++) {
      for (Message m : messages) {
        enc.writeOutbound(m);
        decoded += pump(enc, dec);
      }
    }
    long nanos = System.nanoTime() - start;
    check(decoded == copies * messages.size(), decoded);
    enc.finishAndReleaseAll();
    dec.finishAndReleaseAll();
    return nanos / 1e9;
  }

  private static double roundTripOutboundChunk(byte[] data, int copies) {
    EmbeddedChannel enc = new EmbeddedChannel(new MessageEncoder());
    EmbeddedChannel dec = new EmbeddedChannel(new MessageDecoder());
    // As a chunk server would: data read into a pooled direct buffer, then handed to the pipeline.
    long start = System.nanoTime();
    int decoded = 0;
    for (int i = 0; i < copies; i++) {
      ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(data.length).writeBytes(data);
      enc.writeOutbound(new OutboundChunk(i, buf));
      decoded += pump(enc, dec);
    }
    long nanos = System.nanoTime() - start;
    check(decoded == copies, decoded);
    enc.finishAndReleaseAll();
    dec.finishAndReleaseAll();
    return nanos / 1e9;
  }

  private static int pump(EmbeddedChannel enc, EmbeddedChannel dec) {
    for (Object o; (o = enc.readOutbound()) != null; ) {
      dec.writeInbound(o);
    }
    int n = 0;
    while (dec.readInbound() != null) {
      n++;
    }
    return n;
  }

  private static double[] measure(java.util.function.DoubleSupplier run) {
    for (int i = 0; i < WARMUP_ROUNDS; i++) {
      run.getAsDouble();
    }
    double[] seconds = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      seconds[i] = run.getAsDouble();
    }
    Arrays.sort(seconds);
    return seconds;
  }

  private static void report(String what, double[] sorted, int frames, long bytesPerFrame, int recordsPerFrame) {
    double median = sorted[sorted.length / 2];
    double mb = frames * bytesPerFrame / 1e6;
    System.out.printf("%-48s median %.2f ms per %d frame(s): %.0f MB/s, %.0f frames/s%s"
            + " (min %.2f ms, max %.2f ms, %d rounds)%n",
        what, median * 1e3, frames, mb / median, frames / median,
        recordsPerFrame > 0 ? String.format(", %.0f records/s", frames * recordsPerFrame / median) : "",
        sorted[0] * 1e3, sorted[sorted.length - 1] * 1e3, sorted.length);
  }

  private static void check(boolean ok, int decoded) {
    if (!ok) {
      throw new IllegalStateException("decoded " + decoded + " messages, not what was sent");
    }
  }
}
