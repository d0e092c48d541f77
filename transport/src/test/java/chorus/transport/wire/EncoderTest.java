package chorus.transport.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.id.ChunkHash;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.FileType;
import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.ChunkResponse;
import chorus.core.protocol.Close;
import chorus.core.protocol.Hello;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.RefusedRecord;
import chorus.core.protocol.Message;
import chorus.core.protocol.Ping;
import chorus.transport.wire.WireHarness.Split;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakGuard.class)
class EncoderTest {
  private static ByteBuf directChunk(byte[] data) {
    ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(data.length);
    return b.writeBytes(data);
  }

  private static byte[] drain(ByteBuf b) {
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    return out;
  }

  @Test
  void anOutboundChunkIsSentAsHeaderPlusTheSameBufferAndMatchesAChunkResponse() {
    Random r = new Random(1);
    for (int length : new int[] {1, 262_144, ChunkRequest.MAX_CHUNK_LENGTH}) {
      byte[] data = new byte[length];
      r.nextBytes(data);
      ByteBuf chunk = directChunk(data);
      EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
      assertTrue(ch.writeOutbound(new OutboundChunk(-5, chunk)));
      CompositeByteBuf frame = assertInstanceOf(CompositeByteBuf.class, ch.readOutbound());
      assertEquals(2, frame.numComponents());
      assertEquals(WireFormat.CHUNK_RESPONSE_HEADER_LENGTH, frame.component(0).readableBytes());
      // The data component is the caller's memory, not a copy: a change shows through.
      byte first = chunk.getByte(0);
      chunk.setByte(0, first + 1);
      assertEquals((byte) (first + 1), frame.getByte(WireFormat.CHUNK_RESPONSE_HEADER_LENGTH));
      chunk.setByte(0, first);
      assertEquals(1, chunk.refCnt(), "the frame holds the only reference now");
      byte[] wire = drain(frame);
      frame.release();
      assertEquals(0, chunk.refCnt(), "the data buffer is released with the frame");
      assertFalse(ch.finish());
      assertArrayEquals(WireHarness.encode(new ChunkResponse(-5, ChunkResponse.Status.OK, data)), wire);
      assertEquals(List.of(new ChunkResponse(-5, ChunkResponse.Status.OK, data)),
          WireHarness.decode(wire, Split.WHOLE, 0).clean());
    }
  }

  @Test
  void outboundChunksAndMessagesKeepTheirOrder() {
    Random r = new Random(2);
    byte[] a = new byte[1000];
    byte[] b = new byte[3];
    r.nextBytes(a);
    r.nextBytes(b);
    ChunkHash h = Samples.hash(r);
    List<ByteBuf> chunks = List.of(directChunk(a), ByteBufAllocator.DEFAULT.heapBuffer().writeBytes(b));
    Object[] writes = {new Ping(), new OutboundChunk(1, chunks.get(0)), new ChunkRequest(9, h, 5),
        new ChunkResponse(2, ChunkResponse.Status.NOT_FOUND, null), new OutboundChunk(3, chunks.get(1)),
        new Close("bye")};
    List<Message> expected = List.of(new Ping(), new ChunkResponse(1, ChunkResponse.Status.OK, a),
        new ChunkRequest(9, h, 5), new ChunkResponse(2, ChunkResponse.Status.NOT_FOUND, null),
        new ChunkResponse(3, ChunkResponse.Status.OK, b), new Close("bye"));
    byte[] stream = WireHarness.encode(writes);
    LeakGuard.assertAllReleased(chunks);
    assertEquals(expected, WireHarness.decode(stream, Split.BYTE_BY_BYTE, 0).clean());
  }

  @Test
  void anEmptyOrOversizedOutboundChunkIsRefusedAndReleased() {
    ByteBuf empty = ByteBufAllocator.DEFAULT.buffer(8);
    assertThrows(IllegalArgumentException.class, () -> new OutboundChunk(1, empty));
    assertEquals(0, empty.refCnt());
    ByteBuf big = ByteBufAllocator.DEFAULT.buffer().writeZero(ChunkRequest.MAX_CHUNK_LENGTH + 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OutboundChunk(1, big));
    assertTrue(e.getMessage().contains("4194305 bytes"));
    assertEquals(0, big.refCnt());
  }

  @Test
  void anOutboundChunkIsReleasedWhenItsWriteFails() {
    // The write fails inside the encoder: the allocator for the header refuses.
    ByteBuf chunk = directChunk(new byte[] {1, 2, 3});
    EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
    ch.config().setAllocator(new RefusingAllocator());
    ChannelFuture f = ch.writeAndFlush(new OutboundChunk(1, chunk));
    assertFalse(f.isSuccess());
    assertEquals(0, chunk.refCnt());
    assertNull(ch.readOutbound());
    assertFalse(ch.finishAndReleaseAll());

    // The write fails after the encoder: the channel is closed.
    ByteBuf chunk2 = directChunk(new byte[] {4});
    EmbeddedChannel closed = new EmbeddedChannel(new MessageEncoder());
    closed.close();
    assertFalse(closed.writeAndFlush(new OutboundChunk(2, chunk2)).isSuccess());
    assertEquals(0, chunk2.refCnt());
  }

  @Test
  void messagesTheWireCannotCarryFailTheirWriteAndSendNothing() {
    Random r = new Random(3);
    FileRecord hugeChunk = new FileRecord("a", FileType.FILE, 5 << 20, 0, 0644, 0, 0, 0, false,
        Samples.version(1, 1), 1, Samples.ALICE, List.of(new ChunkRef(0, 5 << 20, Samples.hash(r))),
        Samples.hash(r), null);
    List<FileRecord> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(Samples.file("f" + i, i + 1, 1000, 262_144, r));
    }
    Object[][] cases = {
        {new Hello("x".repeat(257), "chorus", "1", 1, ""), "Hello.deviceName: 257 UTF-8 bytes exceed the maximum 256"},
        {new Hello("bad\ud800", "chorus", "1", 1, ""), "Hello.deviceName: unpaired surrogate at index 3"},
        {new Hello("a\nb", "chorus", "1", 1, ""), "Hello.deviceName: control character 0xa at index 1"},
        {new Close("r".repeat(1025)), "Close.reason: 1025 UTF-8 bytes exceed the maximum 1024"},
        {new ChunkResponse(1, ChunkResponse.Status.OK, new byte[0]), "ChunkResponse.data: an OK response carries"},
        {new IndexUpdate(Samples.MUSIC, 1, false, List.of(hugeChunk)),
            "IndexUpdate.files[0].chunks[0].length: 5242880 exceeds 4194304 (a)"},
        {new IndexUpdate(Samples.MUSIC, 1, false, List.of(Samples.symlink("l", 1, "a\0b"))),
            "IndexUpdate.files[0].symlinkTarget: contains NUL at index 1 (l)"},
        {new IndexUpdate(Samples.MUSIC, 1, false, many), "exceeds the maximum 8388608; send fewer records per batch"},
        // A refused record made outside the decoder has no bytes to send.
        {new IndexUpdate(Samples.MUSIC, 1, false, List.of(), List.of(new RefusedRecord("../x", 1, "bad", null))),
            "IndexUpdate.refused[0]: ../x has no encoding to send"},
    };
    for (Object[] c : cases) {
      EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
      ChannelFuture f = ch.writeAndFlush(c[0]);
      assertFalse(f.isSuccess(), c[1]::toString);
      assertInstanceOf(EncoderException.class, f.cause());
      assertTrue(f.cause().getMessage().contains((String) c[1]),
          () -> "\"" + f.cause().getMessage() + "\" should contain \"" + c[1] + "\"");
      assertNull(ch.readOutbound(), "nothing sent");
      assertFalse(ch.finishAndReleaseAll());
    }
  }

  @Test
  void otherObjectsPassThroughUntouched() {
    EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
    ByteBuf raw = ByteBufAllocator.DEFAULT.buffer().writeInt(7);
    ch.writeOutbound(raw, "text");
    assertSame(raw, ch.readOutbound());
    assertEquals("text", ch.readOutbound());
    raw.release();
    assertFalse(ch.finish());
  }

  @Test
  void installAddsBothHandlersUnderTheirNames() {
    EmbeddedChannel a = new EmbeddedChannel();
    EmbeddedChannel b = new EmbeddedChannel();
    WireCodecs.install(a.pipeline());
    WireCodecs.install(b.pipeline(), WireFormat.MIN_MAX_FRAME_LENGTH);
    assertInstanceOf(MessageDecoder.class, a.pipeline().get(WireCodecs.DECODER));
    assertInstanceOf(MessageEncoder.class, a.pipeline().get(WireCodecs.ENCODER));
    Hello hello = new Hello("a", "chorus", "0.1.0", 1, "");
    a.writeOutbound(hello);
    for (Object o; (o = a.readOutbound()) != null; ) {
      b.writeInbound(o);
    }
    assertEquals(hello, b.readInbound());
    assertFalse(a.finish());
    assertFalse(b.finish());
  }

  @Test
  void frameMaximaOutsideTheHardBoundsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new MessageDecoder(WireFormat.MIN_MAX_FRAME_LENGTH - 1));
    assertThrows(IllegalArgumentException.class, () -> new MessageDecoder(WireFormat.MAX_FRAME_LENGTH + 1));
    assertThrows(IllegalArgumentException.class, () -> new MessageEncoder(WireFormat.MAX_FRAME_LENGTH + 1));
    assertEquals(WireFormat.MIN_MAX_FRAME_LENGTH,
        WireHarness.encode(new ChunkResponse(0, ChunkResponse.Status.OK, new byte[ChunkRequest.MAX_CHUNK_LENGTH]))
            .length - 4, "the smallest maximum is exactly the largest chunk response");
  }

  @Test
  void theOverheadBoundCoversARealIndexUpdate() {
    Random r = new Random(4);
    List<FileRecord> files = List.of(Samples.file("x", 1, 3, 100, r), Samples.directory("y", 2));
    long sum = WireSizes.indexUpdateOverhead(Samples.MUSIC);
    for (FileRecord f : files) {
      sum += WireSizes.fileRecordBytes(f);
    }
    long actual = WireSizes.frameBytes(new IndexUpdate(Samples.MUSIC, 1, true, files));
    assertTrue(actual <= sum && sum - actual <= 4, actual + " vs bound " + sum);
  }

  /** An allocator whose every allocation fails, to drive the encoder's failure path. */
  private static final class RefusingAllocator extends AbstractByteBufAllocator {
    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      throw new OutOfMemoryError("refused for the test");
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      throw new OutOfMemoryError("refused for the test");
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }
  }
}
