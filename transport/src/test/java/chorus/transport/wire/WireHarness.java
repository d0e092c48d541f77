package chorus.transport.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import chorus.core.protocol.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs the codec in EmbeddedChannels the way a connection would, and checks the bookkeeping every test
 * needs: every buffer released, nothing left in the channel, errors counted.
 */
final class WireHarness {
  /** How a byte stream is cut into reads. */
  enum Split {
    WHOLE,
    BYTE_BY_BYTE,
    RANDOM
  }

  /** What a decoder made of a stream: messages in order, and every exception that reached the pipeline. */
  record Outcome(List<Message> messages, List<Throwable> errors, boolean finishHadLeftovers) {
    WireFormatException singleError() {
      assertEquals(1, errors.size(), () -> "expected exactly one error, got " + errors);
      Throwable e = errors.get(0);
      if (!(e instanceof WireFormatException w)) {
        throw new AssertionError("expected a WireFormatException, got " + e, e);
      }
      return w;
    }

    List<Message> clean() {
      if (!errors.isEmpty()) {
        throw new AssertionError("decoding failed: " + errors.get(0), errors.get(0));
      }
      assertFalse(finishHadLeftovers, "finish() found messages left over");
      return messages;
    }
  }

  private WireHarness() {}

  /** Encodes through an EmbeddedChannel and returns the bytes written, releasing every buffer. */
  static byte[] encode(Object... msgs) {
    EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
    for (Object m : msgs) {
      assertTrue(ch.writeOutbound(m));
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<ByteBuf> seen = new ArrayList<>();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      seen.add(b);
      byte[] bytes = new byte[b.readableBytes()];
      b.readBytes(bytes);
      all.write(bytes, 0, bytes.length);
      b.release();
    }
    assertEquals(msgs.length, seen.size(), "one buffer per message");
    assertFalse(ch.finish(), "encoder left something behind");
    LeakGuard.assertAllReleased(seen);
    return all.toByteArray();
  }

  static Outcome decode(byte[] stream, Split split, long seed) {
    return decode(stream, cuts(stream.length, split, seed), WireFormat.MAX_FRAME_LENGTH);
  }

  /** Feeds {@code stream} in pieces ending at {@code cuts} (ascending, last = length), then finishes. */
  static Outcome decode(byte[] stream, int[] cuts, int maxFrameLength) {
    Probe probe = new Probe(maxFrameLength);
    int from = 0;
    for (int to : cuts) {
      probe.feed(stream, from, to - from);
      from = to;
    }
    return probe.finish();
  }

  /** A decoder in a channel, fed piece by piece, recording what comes out. */
  static final class Probe {
    final List<Message> messages = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    private final List<ByteBuf> inputs = new ArrayList<>();
    private final EmbeddedChannel ch;

    Probe(int maxFrameLength) {
      ch = new EmbeddedChannel(new MessageDecoder(maxFrameLength), new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          if (!(msg instanceof Message m)) {
            fail("decoder emitted a " + msg.getClass());
            return;
          }
          messages.add(m);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
          errors.add(cause);
        }
      });
    }

    Probe feed(byte[] bytes) {
      return feed(bytes, 0, bytes.length);
    }

    Probe feed(byte[] bytes, int offset, int length) {
      ByteBuf b = ByteBufAllocator.DEFAULT.buffer(length);
      b.writeBytes(bytes, offset, length);
      inputs.add(b);
      ch.writeInbound(b);
      return this;
    }

    /** Closes the channel (the decoder sees the end of the stream) and checks the bookkeeping. */
    Outcome finish() {
      boolean leftovers = ch.finish();
      ch.checkException();
      assertTrue(ch.inboundMessages().isEmpty() && ch.outboundMessages().isEmpty());
      LeakGuard.assertAllReleased(inputs);
      return new Outcome(messages, errors, leftovers);
    }
  }

  static int[] cuts(int length, Split split, long seed) {
    switch (split) {
      case WHOLE:
        return new int[] {length};
      case BYTE_BY_BYTE: {
        int[] c = new int[length];
        for (int i = 0; i < length; i++) {
          c[i] = i + 1;
        }
        return c;
      }
      default: {
        Random r = new Random(seed);
        List<Integer> c = new ArrayList<>();
        int at = 0;
        while (at < length) {
          at = Math.min(length, at + 1 + (r.nextBoolean() ? r.nextInt(8) : r.nextInt(4096)));
          c.add(at);
        }
        return c.stream().mapToInt(Integer::intValue).toArray();
      }
    }
  }
}
