package chorus.core.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceIdTest {
  /** The example from Syncthing's device-ID documentation. */
  static final String EXAMPLE = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD";

  @Test
  void exampleRoundTrips() {
    DeviceId id = DeviceId.parse(EXAMPLE);
    assertEquals(EXAMPLE, id.toString());
    assertEquals(DeviceId.LENGTH, id.toBytes().length);
  }

  @Test
  void parsingIsLenientAboutCaseDashesSpacesAndLookalikes() {
    DeviceId id = DeviceId.parse(EXAMPLE);
    assertEquals(id, DeviceId.parse(EXAMPLE.toLowerCase()));
    assertEquals(id, DeviceId.parse(EXAMPLE.replace("-", "")));
    assertEquals(id, DeviceId.parse(EXAMPLE.replace("-", " ")));
    // The example contains O, I and B: typing 0, 1 and 8 for them still parses.
    assertEquals(id, DeviceId.parse(EXAMPLE.replace('O', '0').replace('I', '1').replace('B', '8')));
  }

  @Test
  void acceptsTheLegacyFormWithoutCheckCharacters() {
    DeviceId id = DeviceId.parse(EXAMPLE);
    String base32 = DeviceId.base32Encode(id.toBytes());
    assertEquals(52, base32.length());
    assertEquals(id, DeviceId.parse(base32));
  }

  @Test
  void rejectsAWrongCheckCharacterSayingWhichGroup() {
    // Change the check character of group 2 (the 28th character of the 56-character form).
    String compact = EXAMPLE.replace("-", "");
    char wrong = compact.charAt(27) == 'A' ? 'B' : 'A';
    String bad = compact.substring(0, 27) + wrong + compact.substring(28);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceId.parse(bad));
    assertTrue(e.getMessage().contains("group 2"), e.getMessage());
  }

  @Test
  void rejectsATypoInTheBody() {
    String compact = EXAMPLE.replace("-", "");
    char wrong = compact.charAt(3) == 'A' ? 'C' : 'A';
    String bad = compact.substring(0, 3) + wrong + compact.substring(4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceId.parse(bad));
    assertTrue(e.getMessage().contains("check character"), e.getMessage());
  }

  @Test
  void rejectsBadLengthAndCharactersWithTheReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceId.parse("ABC"))
        .getMessage().contains("3 characters"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceId.parse(EXAMPLE.replace('M', '!')))
        .getMessage().contains("invalid character '!'"));
    assertThrows(IllegalArgumentException.class, () -> DeviceId.parse(null));
    assertThrows(IllegalArgumentException.class, () -> DeviceId.parse(""));
  }

  @Test
  void randomIdsRoundTripAndShortIdIsTheFirstEightBytes() {
    Random random = new Random(42);
    for (int i = 0; i < 1000; i++) {
      byte[] raw = new byte[32];
      random.nextBytes(raw);
      DeviceId id = DeviceId.ofBytes(raw);
      String text = id.toString();
      assertEquals(63, text.length());
      assertEquals(id, DeviceId.parse(text));
      long expected = java.nio.ByteBuffer.wrap(raw).getLong();
      assertEquals(expected, id.shortId().value());
      assertEquals(text.substring(0, 7), id.shortId().toString());
    }
  }

  @Test
  void equalityFollowsBytes() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[31] = 1;
    assertEquals(DeviceId.ofBytes(a), DeviceId.ofBytes(a.clone()));
    assertNotEquals(DeviceId.ofBytes(a), DeviceId.ofBytes(b));
    assertThrows(IllegalArgumentException.class, () -> DeviceId.ofBytes(new byte[31]));
  }
}
