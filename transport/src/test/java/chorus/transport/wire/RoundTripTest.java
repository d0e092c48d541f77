package chorus.transport.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chorus.core.model.FileRecord;
import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.ChunkResponse;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.Message;
import chorus.transport.wire.WireHarness.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(LeakGuard.class)
class RoundTripTest {
  @ParameterizedTest
  @EnumSource(Split.class)
  void everyKindRoundTripsHoweverTheStreamIsCut(Split split) {
    List<Message> sent = Samples.everyKind(new Random(1));
    byte[] stream = WireHarness.encode(sent.toArray());
    List<Message> received = WireHarness.decode(stream, split, 99).clean();
    assertEquals(sent, received);
  }

  @Test
  void eachMessageAloneRoundTripsAndMatchesItsMeasuredSize() {
    for (Message m : Samples.everyKind(new Random(2))) {
      byte[] frame = WireHarness.encode(m);
      assertEquals(WireSizes.frameBytes(m), frame.length, m::toString);
      assertEquals(List.of(m), WireHarness.decode(frame, Split.WHOLE, 0).clean(), m::toString);
    }
  }

  @Test
  void chunkResponsesOfOneByteAndOfTheMaximumRoundTrip() {
    Random r = new Random(3);
    byte[] big = new byte[ChunkRequest.MAX_CHUNK_LENGTH];
    r.nextBytes(big);
    List<Message> sent = List.of(
        new ChunkResponse(5, ChunkResponse.Status.OK, new byte[] {-1}),
        new ChunkResponse(6, ChunkResponse.Status.OK, big),
        new ChunkResponse(7, ChunkResponse.Status.OK, new byte[] {0}));
    byte[] stream = WireHarness.encode(sent.toArray());
    assertEquals(3 * WireFormat.CHUNK_RESPONSE_HEADER_LENGTH + 2 + big.length, stream.length);
    for (Split split : List.of(Split.WHOLE, Split.RANDOM)) {
      List<Message> received = WireHarness.decode(stream, split, 5).clean();
      assertEquals(sent, received);
      assertArrayEquals(big, ((ChunkResponse) received.get(1)).data());
    }
  }

  @Test
  void aFileWithManyChunksRoundTrips() {
    FileRecord f = Samples.file("Box Set/disc 1.flac", 3, 20_000, 65_536, new Random(7));
    IndexUpdate update = new IndexUpdate(Samples.MUSIC, 1, false, List.of(f));
    byte[] stream = WireHarness.encode(update);
    assertEquals(List.of(update), WireHarness.decode(stream, Split.RANDOM, 8).clean());
  }

  @Test
  void recordsFromPeersCarryNoInodeOrDeviceNumber() {
    FileRecord local = Samples.file("a/b.flac", 9, 2, 1000, new Random(4));
    FileRecord withLocalFacts = new FileRecord(local.path(), local.type(), local.size(), local.mtimeNs(),
        local.permissions(), 123456, 2049, 1_700_000_000_999_999_999L, false, local.version(), local.sequence(), local.modifiedBy(),
        local.chunks(), local.contentHash(), null);
    byte[] stream = WireHarness.encode(new IndexUpdate(Samples.MUSIC, 1, false, List.of(withLocalFacts)));
    IndexUpdate got = (IndexUpdate) WireHarness.decode(stream, Split.WHOLE, 0).clean().get(0);
    assertEquals(local, got.files().get(0));
    assertEquals(withLocalFacts.forPeer(), got.files().get(0));
  }

  @Test
  void aThousandFilesOfAHundredChunksFitOneFrame() {
    Random r = new Random(5);
    List<FileRecord> files = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      files.add(Samples.file(String.format("Artist %03d/Album/%02d Some Title.flac", i / 10, i % 10),
          1_000_000 + i, 100, 262_144, r));
    }
    IndexUpdate update = new IndexUpdate(Samples.MUSIC, 77, true, files);
    byte[] stream = WireHarness.encode(update);
    long perRecord = WireSizes.fileRecordBytes(files.get(0));
    System.out.printf("IndexUpdate of 1000 records x 100 chunks: %d bytes (%.1f per record, first record %d)%n",
        stream.length, stream.length / 1000.0, perRecord);
    assertEquals(WireSizes.frameBytes(update), stream.length);
    assertEquals(List.of(update), WireHarness.decode(stream, Split.RANDOM, 6).clean());
  }
}
