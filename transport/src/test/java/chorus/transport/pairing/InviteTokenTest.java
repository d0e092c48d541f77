package chorus.transport.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class InviteTokenTest {
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final SecureRandom RANDOM = new SecureRandom();

  static InviteToken sample() {
    return new InviteToken(Ids.INVITER, "jukebox ♫",
        List.of(new TcpAddress("10.8.0.2", 22200), new TcpAddress("fd00::2", 22200), new TcpAddress("nas.vpn", 22300)),
        FolderId.of("music"), PairingSecret.random(RANDOM), NOW.plus(Duration.ofMinutes(15)));
  }

  @Test
  void roundTrips() {
    InviteToken t = sample();
    String text = t.encode();
    assertTrue(text.startsWith("chorus-invite1:"), text);
    assertTrue(text.matches("chorus-invite1:[A-Za-z0-9_-]+"), text);
    assertEquals(t, InviteToken.parse(text, NOW));
    assertEquals(t, InviteToken.parse("  " + text.substring(0, 40) + "\n  " + text.substring(40) + "\n", NOW),
        "line breaks and spaces from a wrapped paste are ignored");
  }

  @Test
  void roundTripsWithoutAFolder() {
    InviteToken t = new InviteToken(Ids.INVITER, "", List.of(new TcpAddress("127.0.0.1", 1)), null,
        PairingSecret.random(RANDOM), NOW.plusSeconds(61));
    InviteToken back = InviteToken.parse(t.encode(), NOW);
    assertEquals(t, back);
    assertNull(back.folder());
  }

  @Test
  void secretHasAtLeast128BitsAndIsNeverPrinted() {
    InviteToken t = sample();
    assertTrue(t.secret().toBytes().length * 8 >= 128);
    assertTrue(!t.toString().contains(t.secret().text()), t.toString());
  }

  static InvalidInviteException rejects(String text) {
    return assertThrows(InvalidInviteException.class, () -> InviteToken.parse(text, NOW));
  }

  static void assertMessage(InvalidInviteException e, String expected) {
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void rejectsSomethingElse() {
    assertMessage(rejects(""), "empty");
    assertMessage(rejects("MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD"), "not a chorus invite");
    assertMessage(rejects("chorus-invite2:AAAA"), "not a chorus invite");
    assertMessage(rejects("x".repeat(5000)), "characters long");
  }

  @Test
  void rejectsAChangedCharacter() {
    String text = sample().encode();
    int at = InviteToken.PREFIX.length() + 20;
    char c = text.charAt(at);
    String mangled = text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);
    assertMessage(rejects(mangled), "checksum does not match");
  }

  @Test
  void rejectsForeignCharacters() {
    String text = sample().encode();
    assertMessage(rejects(text.substring(0, 30) + "+" + text.substring(31)), "character '+' at position 31");
    assertMessage(rejects(text + "…"), "does not belong");
  }

  @Test
  void rejectsTruncation() {
    String text = sample().encode();
    for (int cut : new int[] {1, 2, 3, 5, 40, text.length() - InviteToken.PREFIX.length() - 2}) {
      InvalidInviteException e = rejects(text.substring(0, text.length() - cut));
      assertTrue(e.getMessage().contains("damaged") || e.getMessage().contains("truncated"),
          "cut " + cut + ": " + e.getMessage());
    }
    assertMessage(rejects(InviteToken.PREFIX + "AAAAAAAA"), "truncated");
    assertMessage(rejects(InviteToken.PREFIX), "truncated");
  }

  @Test
  void rejectsExpiredTokensSayingWhen() {
    InviteToken t = sample();
    InvalidInviteException e = assertThrows(InvalidInviteException.class,
        () -> InviteToken.parse(t.encode(), t.expiresAt()));
    assertMessage(e, "expired at 2024-05-01T12:15:00Z");
    assertMessage(e, "chorus invite");
  }

  // Forged tokens: well-checksummed bytes a hostile or buggy encoder might produce.

  static String forge(byte[] body) {
    byte[] sum = Arrays.copyOf(InviteToken.sha256(body), 4);
    byte[] all = Arrays.copyOf(body, body.length + 4);
    System.arraycopy(sum, 0, all, body.length, 4);
    return InviteToken.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
  }

  /** A token body built field by field, so each test breaks exactly one field. */
  static final class Body {
    int version = 1;
    DeviceId device = Ids.INVITER;
    long expires = NOW.plusSeconds(900).getEpochSecond();
    byte[] secret = new byte[24];
    byte[] name = "jukebox".getBytes(StandardCharsets.UTF_8);
    byte[] folder = "music".getBytes(StandardCharsets.US_ASCII);
    List<String> addresses = List.of("10.8.0.2:22200");
    Integer addressCount;
    byte[] trailing = new byte[0];

    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(version);
      out.writeBytes(device.toBytes());
      out.writeBytes(ByteBuffer.allocate(8).putLong(expires).array());
      out.write(secret.length);
      out.writeBytes(secret);
      out.write(name.length);
      out.writeBytes(name);
      out.write(folder.length);
      out.writeBytes(folder);
      out.write(addressCount == null ? addresses.size() : addressCount);
      for (String a : addresses) {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        out.write(b.length);
        out.writeBytes(b);
      }
      out.writeBytes(trailing);
      return out.toByteArray();
    }

    String token() {
      return forge(bytes());
    }
  }

  @Test
  void theForgeryHelperMakesValidTokens() {
    InviteToken t = InviteToken.parse(new Body().token(), NOW);
    assertEquals(Ids.INVITER, t.device());
    assertEquals(FolderId.of("music"), t.folder());
  }

  @Test
  void rejectsForgedFieldsNamingThem() {
    Body b = new Body();
    b.version = 2;
    assertMessage(rejects(b.token()), "format version 2");

    b = new Body();
    b.expires = NOW.plus(Duration.ofDays(30)).getEpochSecond();
    assertMessage(rejects(b.token()), "longer than any chorus invite");

    b = new Body();
    b.expires = -1;
    assertMessage(rejects(b.token()), "expired");

    b = new Body();
    b.secret = new byte[8];
    assertMessage(rejects(b.token()), "secret is 16-64 bytes");

    b = new Body();
    b.name = new byte[] {(byte) 0xff, (byte) 0xfe};
    assertMessage(rejects(b.token()), "device name is not valid UTF-8");

    b = new Body();
    b.name = "evil\u001b[2Jname".getBytes(StandardCharsets.UTF_8);
    assertMessage(rejects(b.token()), "control characters");

    b = new Body();
    b.folder = "../etc".getBytes(StandardCharsets.US_ASCII);
    assertMessage(rejects(b.token()), "folder ID \"../etc\" is invalid");

    b = new Body();
    b.folder = new byte[] {'a', 0};
    assertMessage(rejects(b.token()), "folder ID has a byte 0x0");

    b = new Body();
    b.addresses = List.of();
    assertMessage(rejects(b.token()), "0 addresses");

    b = new Body();
    b.addresses = List.of("10.8.0.2:0");
    assertMessage(rejects(b.token()), "address 1 of 1: address tcp://10.8.0.2:0 has port 0");

    b = new Body();
    b.addresses = List.of("10.8.0.2:22200", "0.0.0.0:22200");
    assertMessage(rejects(b.token()), "address 2 of 2: address tcp://0.0.0.0:22200 is a wildcard");

    b = new Body();
    b.addresses = List.of("host/path:1");
    assertMessage(rejects(b.token()), "address 1 of 1");

    b = new Body();
    b.addresses = List.of("10.8.0.2");
    assertMessage(rejects(b.token()), "needs HOST:PORT");

    b = new Body();
    b.addressCount = 3;
    assertMessage(rejects(b.token()), "ends before");

    b = new Body();
    b.trailing = new byte[] {1, 2, 3};
    assertMessage(rejects(b.token()), "3 unexpected bytes");
  }

  @Test
  void rejectsAFieldLengthPastTheEnd() {
    byte[] body = new Body().bytes();
    // The secret's length byte sits right after version, device ID and expiry.
    body[1 + 32 + 8] = (byte) 250;
    assertMessage(rejects(forge(body)), "claims 250 bytes");
  }

  @Test
  void refusesToBuildTokensThatCannotBeDialled() {
    PairingSecret s = PairingSecret.random(RANDOM);
    assertThrows(IllegalArgumentException.class,
        () -> new InviteToken(Ids.INVITER, "", List.of(), null, s, NOW));
    assertThrows(IllegalArgumentException.class,
        () -> new InviteToken(Ids.INVITER, "", List.of(new TcpAddress("::", 22200)), null, s, NOW));
  }

  @Test
  void longOrOddNamesAreCleanedNotRejected() {
    String name = "a\tb" + "é".repeat(40);
    InviteToken t = new InviteToken(Ids.INVITER, name, List.of(new TcpAddress("10.0.0.1", 1)), null,
        PairingSecret.random(RANDOM), NOW.plusSeconds(60));
    assertTrue(t.deviceName().getBytes(StandardCharsets.UTF_8).length <= 64, t.deviceName());
    assertTrue(t.deviceName().startsWith("abé"), t.deviceName());
    assertEquals(t, InviteToken.parse(t.encode(), NOW));
  }

  @Test
  void namesAreCutByCodePointDroppingControlAndFormatCharacters() {
    String emoji = "\uD83C\uDFB5";
    assertEquals("a".repeat(62), InviteToken.cleanName("a".repeat(62) + emoji), "a pair is never split");
    assertEquals("a".repeat(60) + emoji, InviteToken.cleanName("a".repeat(60) + emoji + "b"));
    assertEquals("ab\u00e9c", InviteToken.cleanName("a\tb\u200b\u00e9\u0085c\u007f"), "dropped, not replaced");
    assertEquals("", InviteToken.cleanName(null));
  }
}
