package chorus.transport.wire;

import static chorus.transport.wire.Frame.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.model.RelativePath;
import chorus.core.protocol.ChunkRequest;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.RefusedRecord;
import chorus.core.protocol.Message;
import chorus.core.protocol.Ping;
import chorus.transport.wire.WireHarness.Outcome;
import chorus.transport.wire.WireHarness.Probe;
import chorus.transport.wire.WireHarness.Split;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad input yields exactly one {@link WireFormatException} that names the message type,
 * the field and the bad value, whatever way the stream is cut, and leaks nothing.
 */
@ExtendWith(LeakGuard.class)
class MalformedInputTest {
  private static final byte[] PING = new Frame().frame(WireFormat.TYPE_PING);

  /** Feeds {@code bad} between two Pings in three ways; only the first Ping may come through. */
  private static WireFormatException rejected(byte[] bad, String... expected) {
    byte[] stream = concat(PING, bad, PING);
    WireFormatException first = null;
    for (Split split : Split.values()) {
      if (split == Split.BYTE_BY_BYTE && stream.length > 20_000) {
        continue;
      }
      Outcome out = WireHarness.decode(stream, split, 17);
      WireFormatException e = out.singleError();
      assertEquals(List.<Message>of(new Ping()), out.messages(), "only the frame before the bad one");
      for (String fragment : expected) {
        assertTrue(e.getMessage().contains(fragment),
            () -> "\"" + e.getMessage() + "\" should contain \"" + fragment + "\"");
      }
      first = first == null ? e : first;
    }
    return first;
  }

  private static byte[] hello(byte[] deviceName) {
    return new Frame().uvarint(1).rawString(deviceName).string("chorus").string("0.1").string("")
        .frame(WireFormat.TYPE_HELLO);
  }

  // ---- framing -------------------------------------------------------------------------------------

  @Test
  void aFourGigabyteLengthIsRejectedAsSoonAsItsFourBytesArrive() {
    Probe probe = new Probe(WireFormat.MAX_FRAME_LENGTH);
    probe.feed(PING);
    probe.feed(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
    assertTrue(probe.errors.isEmpty());
    probe.feed(new byte[] {(byte) 0xff});
    assertEquals(1, probe.errors.size(), "rejected on the fourth byte, before any payload");
    assertTrue(probe.errors.get(0).getMessage().contains("frame length 4294967295 is outside 1..8388608"));
    // Whatever follows is dropped without another error.
    byte[] garbage = new byte[1 << 20];
    new Random(1).nextBytes(garbage);
    probe.feed(garbage).feed(PING);
    Outcome out = probe.finish();
    out.singleError();
    assertEquals(List.<Message>of(new Ping()), out.messages());
  }

  @Test
  void aLengthOneOverTheMaximumIsRejected() {
    rejected(new Frame().i32(WireFormat.MAX_FRAME_LENGTH + 1).u8(WireFormat.TYPE_PING).payload(),
        "frame length 8388609 is outside 1..8388608");
    Outcome out = WireHarness.decode(new Frame().i32(WireFormat.MIN_MAX_FRAME_LENGTH + 1).payload(),
        new int[] {4}, WireFormat.MIN_MAX_FRAME_LENGTH);
    assertTrue(out.singleError().getMessage().contains("outside 1.." + WireFormat.MIN_MAX_FRAME_LENGTH));
  }

  @Test
  void aZeroLengthIsRejected() {
    rejected(new Frame().i32(0).payload(), "frame length 0 is outside");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x08, 0x7f, 0xff})
  void anUnknownTypeIsRejectedAsSoonAsItsByteArrives(int type) {
    Probe probe = new Probe(WireFormat.MAX_FRAME_LENGTH);
    probe.feed(new Frame().i32(1000).u8(type).payload());
    assertEquals(1, probe.errors.size());
    probe.finish().singleError();
    rejected(new Frame().frame(type), String.format("unknown message type 0x%02x", type));
  }

  @Test
  void aFrameLongerThanAnyOfItsTypeIsRejectedAsSoonAsItsTypeArrives() {
    Probe probe = new Probe(WireFormat.MAX_FRAME_LENGTH);
    probe.feed(new Frame().i32(WireFormat.MAX_FRAME_LENGTH).u8(WireFormat.TYPE_PING).payload());
    assertEquals(1, probe.errors.size());
    assertTrue(probe.errors.get(0).getMessage().contains(
        "Ping: frame length 8388608 exceeds the 1 bytes the largest Ping takes"));
    probe.finish().singleError();
    rejected(new Frame().u8(0).frame(WireFormat.TYPE_PING), "Ping: frame length 2 exceeds the 1 bytes");
    rejected(new Frame().i32(1).hash(1).uvarint(1).bytes(new byte[4180]).frame(WireFormat.TYPE_CHUNK_REQUEST),
        "ChunkRequest: frame length 4218 exceeds the 4214 bytes");
    rejected(new Frame().uvarint(1024).bytes(new byte[1025]).frame(WireFormat.TYPE_CLOSE),
        "Close: frame length 1028 exceeds the 1027 bytes");
  }

  @Test
  void theLargestFrameOfEachBoundedTypeIsExactlyItsBound() {
    byte[] h = new byte[32];
    Message[] largest = {
        new chorus.core.protocol.Hello("ü".repeat(128), "c".repeat(64), "v".repeat(64), Integer.MAX_VALUE,
            "s".repeat(256)),
        new ChunkRequest(-1, chorus.core.id.ChunkHash.ofBytes(h), ChunkRequest.MAX_CHUNK_LENGTH,
            new chorus.core.protocol.ChunkHint(chorus.core.id.FolderId.of("f".repeat(64)), Samples.pathOfBytes(4096),
                Long.MAX_VALUE)),
        new chorus.core.protocol.ChunkResponse(-1, chorus.core.protocol.ChunkResponse.Status.OK,
            new byte[ChunkRequest.MAX_CHUNK_LENGTH]),
        new Ping(),
        new chorus.core.protocol.Close("r".repeat(1024))};
    for (Message m : largest) {
      long frameLength = WireSizes.frameBytes(m) - 4;
      assertEquals(WireFormat.maxFrameLengthOf(MessageCodec.typeOf(m)), frameLength, m.getClass().getSimpleName());
      assertEquals(List.of(m), WireHarness.decode(WireHarness.encode(m), Split.WHOLE, 0).clean());
    }
  }

  @Test
  void aStreamEndingInsideAFrameIsAnError() {
    byte[] hello = hello("n".getBytes(StandardCharsets.UTF_8));
    byte[] cut = java.util.Arrays.copyOf(hello, hello.length - 1);
    for (Split split : Split.values()) {
      Outcome out = WireHarness.decode(concat(PING, cut), split, 3);
      assertEquals(List.<Message>of(new Ping()), out.messages());
      assertTrue(out.singleError().getMessage().contains(
          "stream ended inside a frame: " + cut.length + " bytes of a " + hello.length + "-byte frame"));
    }
    Outcome out = WireHarness.decode(new byte[] {0, 0}, Split.WHOLE, 0);
    assertTrue(out.singleError().getMessage().contains("2 bytes of a frame header"));
  }

  @Test
  void aPayloadShorterThanItsMessageIsRejected() {
    byte[] payload = new Frame().uvarint(1).string("n").string("chorus").string("0.1").string("secret").payload();
    byte[] cut = new Frame().bytes(java.util.Arrays.copyOf(payload, payload.length - 2)).frame(WireFormat.TYPE_HELLO);
    rejected(cut, "Hello.pairingSecret: truncated: needs 6 bytes, 4 left");
    rejected(new Frame().i32(7).hash(1).frame(WireFormat.TYPE_CHUNK_REQUEST),
        "ChunkRequest.length: truncated inside a uvarint");
    rejected(new Frame().i32(7).bytes(new byte[20]).frame(WireFormat.TYPE_CHUNK_REQUEST),
        "ChunkRequest.hash: truncated: needs 32 bytes, 20 left");
  }

  @Test
  void bytesAfterTheMessageAreRejected() {
    rejected(new Frame().i32(1).hash(1).uvarint(1).u8(0).u8(0).frame(WireFormat.TYPE_CHUNK_REQUEST),
        "ChunkRequest: 1 trailing bytes after the message");
    rejected(new Frame().uvarint(1).string("n").string("c").string("v").string("").bytes(1, 2, 3)
        .frame(WireFormat.TYPE_HELLO), "Hello: 3 trailing bytes");
    // A tombstone symlink has no target on the wire; one sent anyway is left over.
    RawRecord r = new RawRecord();
    r.type = 2;
    r.deleted = 1;
    r.size = 0;
    r.forceTarget = true;
    rejected(RawRecord.indexUpdate(r), "IndexUpdate: 10 trailing bytes");
  }

  // ---- strings -------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"c3 28", "c0 80", "ed a0 80", "f5 80 80 80", "f4 90 80 80", "e2 82", "80", "61 ff"})
  void malformedUtf8IsRejectedNotReplaced(String hex) {
    String[] parts = hex.split(" ");
    byte[] bad = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      bad[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    rejected(hello(bad), "Hello.deviceName: invalid UTF-8 at byte");
    RawRecord r = new RawRecord();
    r.path = concat("Artist/".getBytes(StandardCharsets.UTF_8), bad);
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].path: invalid UTF-8 at byte");
  }

  @Test
  void stringsOverTheirMaximumAreRejectedBeforeTheyAreRead() {
    rejected(hello(new byte[257]), "Hello.deviceName: length 257 exceeds the maximum 256");
    rejected(new Frame().uvarint(1).string("n").string("c".repeat(65)).frame(WireFormat.TYPE_HELLO),
        "Hello.clientName: length 65 exceeds the maximum 64");
    rejected(new Frame().uvarint(Long.MAX_VALUE).frame(WireFormat.TYPE_CLOSE),
        "Close.reason: length 9223372036854775807 exceeds the maximum 1024");
    RawRecord r = new RawRecord();
    r.path = "a".repeat(4097).getBytes(StandardCharsets.UTF_8);
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].path: length 4097 exceeds the maximum 4096");
  }

  @Test
  void labelsWithControlCharactersAreRejected() {
    rejected(hello("evil\u001b[2Jname".getBytes(StandardCharsets.UTF_8)),
        "Hello.deviceName: contains control character 0x1b at index 4");
  }

  // ---- paths and records ---------------------------------------------------------------------------

  /** The one IndexUpdate a frame decodes to, without error. */
  private static IndexUpdate decodedUpdate(byte[] frame) {
    Outcome out = WireHarness.decode(frame, Split.WHOLE, 1);
    assertEquals(List.of(), out.errors(), "a hostile record must not fail the stream");
    assertEquals(1, out.messages().size());
    return (IndexUpdate) out.messages().get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc/passwd", "/abs", "a//b", "a\u0000b", "a/./b", "", "dir/", "a\\b", "e\u0301",
      "a/..", "tab\there", "a/../../b"})
  void invalidPathsAreRefusedRecordByRecordNotByClosingTheStream(String path) {
    byte[] frame = RawRecord.indexUpdate(new RawRecord().path("ok").seq(1), new RawRecord().path(path).seq(2),
        new RawRecord().path("ok too").seq(3));
    IndexUpdate u = decodedUpdate(frame);
    assertEquals(List.of("ok", "ok too"), u.files().stream().map(f -> f.path()).toList());
    assertEquals(1, u.refused().size());
    RefusedRecord r = u.refused().get(0);
    assertEquals(2, r.sequence());
    assertEquals(RelativePath.printable(path), r.path());
    assertTrue(r.reason().startsWith("path "), r::reason);
    assertTrue(r.path().indexOf('\0') < 0 && r.path().indexOf('\t') < 0, "the path is printable: " + r.path());
    // The refused record keeps its bytes, so the update encodes back to exactly the frame received.
    assertArrayEquals(frame, WireHarness.encode(u));
  }

  @Test
  void sequencesOutOfOrderAreRejected() {
    rejected(RawRecord.indexUpdate(new RawRecord().path("a").seq(5), new RawRecord().path("b").seq(3)),
        "IndexUpdate.files[1].sequence: 3 after 5", "(b)");
    rejected(RawRecord.indexUpdate(new RawRecord().path("a").seq(5), new RawRecord().path("b").seq(5)),
        "IndexUpdate.files[1].sequence: 5 after 5");
  }

  @Test
  void countsLargerThanTheFrameAreRejectedBeforeAllocating() {
    rejected(new Frame().string("music").i64(1).u8(0).uvarint(1_000_000).bytes(new byte[40])
        .frame(WireFormat.TYPE_INDEX_UPDATE), "IndexUpdate.files: count 1000000 cannot fit in the 40 bytes left");
    rejected(new Frame().uvarint(-1L).frame(WireFormat.TYPE_CLUSTER_CONFIG),
        "ClusterConfig.folders: count 18446744073709551615 cannot fit in the 0 bytes left");
    RawRecord r = new RawRecord();
    r.versionCount = 1L << 40;
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].version: count 1099511627776 cannot fit");
    r = new RawRecord();
    r.chunkCount = Integer.MAX_VALUE;
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].chunks: count 2147483647 cannot fit");
    r = new RawRecord();
    r.chunkCount = 4; // 99 bytes follow (two chunks of 33 and 34, the content hash): room for 3 at most
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].chunks: count 4 cannot fit in the 99 bytes left");
  }

  @Test
  void badEnumsAndBooleansAreRejected() {
    RawRecord r = new RawRecord();
    r.type = 3;
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].type: unknown file type 3");
    r = new RawRecord();
    r.deleted = 2;
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].deleted: boolean byte is 2");
    rejected(new Frame().string("music").i64(1).u8(7).uvarint(0).frame(WireFormat.TYPE_INDEX_UPDATE),
        "IndexUpdate.full: boolean byte is 7");
    rejected(new Frame().uvarint(1).string("music").u8(3).i64(1).uvarint(1).i64(0).uvarint(0)
        .frame(WireFormat.TYPE_CLUSTER_CONFIG), "ClusterConfig.folders[0].type: unknown folder type 3");
    rejected(new Frame().i32(1).u8(4).frame(WireFormat.TYPE_CHUNK_RESPONSE), "ChunkResponse.status: unknown status 4");
  }

  @Test
  void aPeersCatalogAddressIsCheckedLikeAnyPeerInput() {
    rejected(new Frame().uvarint(0).string("jdbc:postgresql://h/db?password=x").string("u")
        .frame(WireFormat.TYPE_CLUSTER_CONFIG), "ClusterConfig: catalog URL must not carry a password");
    rejected(new Frame().uvarint(0).string("jdbc:postgresql://h/db?socketFactory=evil").string("u")
        .frame(WireFormat.TYPE_CLUSTER_CONFIG), "is not jdbc:postgresql://HOST[:PORT]/DATABASE without parameters");
    rejected(new Frame().uvarint(0).string("jdbc:mysql://h/db").string("u")
        .frame(WireFormat.TYPE_CLUSTER_CONFIG), "is not jdbc:postgresql://");
    rejected(new Frame().uvarint(0).string("jdbc:postgresql://h/db").string("bob; DROP")
        .frame(WireFormat.TYPE_CLUSTER_CONFIG), "catalog user \"bob; DROP\" is not a plain role name");
    rejected(new Frame().uvarint(0).string("jdbc:postgresql://" + "h".repeat(300) + "/db").string("u")
        .frame(WireFormat.TYPE_CLUSTER_CONFIG), "ClusterConfig.catalog.jdbcUrl");
    rejected(new Frame().uvarint(0).string("jdbc:postgresql://h/db").frame(WireFormat.TYPE_CLUSTER_CONFIG),
        "ClusterConfig.catalog.user");
  }

  @Test
  void recordFieldsOutOfRangeAreRejected() {
    RawRecord r = new RawRecord();
    r.size = 301;
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].chunks: 2 chunks cover 300 bytes of a 301-byte file");
    r = new RawRecord();
    r.chunkLengths = new long[] {300, 0};
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].chunks[1].length: 0 is outside 1..4194304");
    r = new RawRecord();
    r.chunkLengths = new long[] {ChunkRequest.MAX_CHUNK_LENGTH + 1};
    r.size = ChunkRequest.MAX_CHUNK_LENGTH + 1;
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].chunks[0].length: 4194305 is outside");
    r = new RawRecord();
    r.permissions = 010000;
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].permissions: 4096 is outside 0..4095");
    r = new RawRecord();
    r.size = -1L;
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].size: 18446744073709551615 is outside");
    r = new RawRecord();
    r.versionCounters = new long[] {0};
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].version[0].counter: 0 is outside");
    r = new RawRecord();
    r.versionDevices = new long[] {5, 5};
    r.versionCounters = new long[] {1, 2};
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].version[1].device", "strictly ascending");
    r = new RawRecord();
    r.versionDevices = new long[] {-1, 5}; // 0xffff... is the largest unsigned: 5 after it is out of order
    r.versionCounters = new long[] {1, 2};
    rejected(RawRecord.indexUpdate(r), "IndexUpdate.files[0].version[1].device");
    r = new RawRecord();
    r.type = 1;
    r.forceChunks = true; // a directory with a chunk list: the list is read as trailing bytes
    rejected(RawRecord.indexUpdate(r), "IndexUpdate: ", "trailing bytes");
  }

  @Test
  void unstorableSymlinkTargetsAreRefusedRecordByRecord() {
    RawRecord r = new RawRecord();
    r.type = 2;
    r.size = 0;
    r.symlinkTarget = new byte[0];
    assertEquals("symlink target is empty", decodedUpdate(RawRecord.indexUpdate(r)).refused().get(0).reason());
    r.symlinkTarget = "a\0b".getBytes(StandardCharsets.UTF_8);
    assertEquals("symlink target contains NUL at index 1",
        decodedUpdate(RawRecord.indexUpdate(r)).refused().get(0).reason());
  }

  @Test
  void folderIdsAreValidatedAndUnique() {
    rejected(new Frame().string("../x").i64(1).u8(0).uvarint(0).frame(WireFormat.TYPE_INDEX_UPDATE),
        "IndexUpdate.folder: folder ID \"../x\" is invalid");
    Frame f = new Frame().uvarint(2);
    for (int i = 0; i < 2; i++) {
      f.string("music").u8(0).i64(1).uvarint(1).i64(0).uvarint(0);
    }
    rejected(f.frame(WireFormat.TYPE_CLUSTER_CONFIG), "ClusterConfig.folders[1].folder: \"music\" appears twice");
  }

  @Test
  void chunkMessagesOutOfBoundsAreRejected() {
    rejected(new Frame().i32(1).u8(0).frame(WireFormat.TYPE_CHUNK_RESPONSE),
        "ChunkResponse.data: an OK response carries 0 bytes, must be 1..4194304");
    rejected(new Frame().i32(1).u8(1).u8(9).frame(WireFormat.TYPE_CHUNK_RESPONSE),
        "ChunkResponse.data: a NOT_FOUND response carries 1 bytes, must be none");
    rejected(new Frame().i32(1).u8(0).bytes(new byte[ChunkRequest.MAX_CHUNK_LENGTH + 1])
        .frame(WireFormat.TYPE_CHUNK_RESPONSE), "ChunkResponse: frame length 4194311 exceeds the 4194310 bytes the largest ChunkResponse takes");
    rejected(new Frame().i32(1).hash(1).uvarint(0).frame(WireFormat.TYPE_CHUNK_REQUEST),
        "ChunkRequest.length: 0 is outside 1..4194304");
    rejected(new Frame().i32(1).hash(1).uvarint(ChunkRequest.MAX_CHUNK_LENGTH + 1)
        .frame(WireFormat.TYPE_CHUNK_REQUEST), "ChunkRequest.length: 4194305 is outside");
  }

  @Test
  void aChunkRequestsHintIsCheckedLikeAnyPeerPath() {
    rejected(new Frame().i32(1).hash(1).uvarint(1).u8(2).frame(WireFormat.TYPE_CHUNK_REQUEST),
        "ChunkRequest.hinted: boolean byte is 2");
    for (String path : new String[] {"../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "a\u0000b"}) {
      rejected(new Frame().i32(1).hash(1).uvarint(1).u8(1).string("music").string(path).uvarint(0)
          .frame(WireFormat.TYPE_CHUNK_REQUEST), "ChunkRequest.hint.path: ");
    }
    rejected(new Frame().i32(1).hash(1).uvarint(1).u8(1).string("no such/folder").string("a").uvarint(0)
        .frame(WireFormat.TYPE_CHUNK_REQUEST), "ChunkRequest.folder: ");
    rejected(new Frame().i32(1).hash(1).uvarint(1).u8(1).string("music").string("a")
        .frame(WireFormat.TYPE_CHUNK_REQUEST), "ChunkRequest.hint.offset: truncated");
    rejected(new Frame().i32(1).hash(1).uvarint(1).u8(1).string("music").string("a").uvarint(-1L)
        .frame(WireFormat.TYPE_CHUNK_REQUEST), "ChunkRequest.hint.offset: ");
  }

  @Test
  void varintsMustBeMinimalAndFitSixtyFourBits() {
    rejected(new Frame().i32(1).hash(1).bytes(0x81, 0x00).frame(WireFormat.TYPE_CHUNK_REQUEST),
        "ChunkRequest.length: uvarint is not minimal");
    rejected(new Frame().bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02)
        .frame(WireFormat.TYPE_CLOSE), "Close.reason length: uvarint overflows 64 bits");
    rejected(new Frame().bytes(0x80, 0x80).frame(WireFormat.TYPE_CLOSE), "Close.reason length: truncated inside a uvarint");
  }

  @Test
  void helloVersionsMustBePositiveInts() {
    rejected(new Frame().uvarint(0).string("n").string("c").string("v").string("").frame(WireFormat.TYPE_HELLO),
        "Hello.protocolVersion: 0 is outside 1..2147483647");
    rejected(new Frame().uvarint(1L << 31).string("n").string("c").string("v").string("")
        .frame(WireFormat.TYPE_HELLO), "Hello.protocolVersion: 2147483648 is outside");
  }

  @Test
  void aStreamOfGarbageYieldsExactlyOneError() {
    Random r = new Random(11);
    for (int i = 0; i < 50; i++) {
      byte[] garbage = new byte[1 + r.nextInt(100_000)];
      r.nextBytes(garbage);
      garbage[0] = 0; // a plausible length: the error comes from inside a frame, not from its header
      Outcome out = WireHarness.decode(concat(PING, garbage, PING, PING), Split.RANDOM, i);
      assertEquals(1, out.errors().size(), () -> "errors: " + out.errors());
      assertTrue(out.errors().get(0) instanceof WireFormatException, () -> "got " + out.errors().get(0));
      assertEquals(List.<Message>of(new Ping()), out.messages());
    }
  }
}
