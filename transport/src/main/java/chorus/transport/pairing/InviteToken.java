package chorus.transport.pairing;

import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.id.Sha256;
import chorus.transport.wire.Utf8Text;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An invite as one line a human can paste: {@value #PREFIX} followed by the base64url (no padding) of
 *
 * <pre>
 *  u8 version (=1) | 32 bytes device ID | u64 expiresAt (epoch seconds, big-endian)
 *  | u8 n · n bytes secret | u8 n · n bytes device name (UTF-8)
 *  | u8 n · n bytes folder ID (0 = no folder) | u8 count · count × (u8 n · n bytes "HOST:PORT")
 *  | 4 bytes checksum = SHA-256(everything before)[0..4]
 * </pre>
 *
 * The checksum catches a mangled paste (it is no signature: the token's authority is the human who
 * carried it). Parsing treats the text as hostile: every length is bounded, every field validated, and
 * each error says what is wrong in words a user can act on.
 *
 * @param deviceName the inviter's name, informational
 * @param folder the folder the invite shares, or null
 */
public record InviteToken(
    DeviceId device,
    String deviceName,
    List<TcpAddress> addresses,
    FolderId folder,
    PairingSecret secret,
    Instant expiresAt) {

  public static final String PREFIX = "chorus-invite1:";
  static final int VERSION = 1;
  static final int MAX_ADDRESSES = 16;
  static final int MAX_NAME_BYTES = 64;
  static final int MAX_HOST_LENGTH = 253;
  static final int MAX_TEXT_LENGTH = 4096;
  /** The longest validity a token may claim; a parser refuses longer ones as implausible. */
  public static final Duration MAX_TTL = Duration.ofDays(7);
  private static final int CHECKSUM_LENGTH = 4;
  private static final int MIN_PAYLOAD = 1 + DeviceId.LENGTH + 8 + 1 + 1 + 1 + 1 + CHECKSUM_LENGTH;
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:_%-]+");

  public InviteToken {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(expiresAt, "expiresAt");
    deviceName = cleanName(deviceName);
    addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("an invite needs at least one address to dial");
    }
    if (addresses.size() > MAX_ADDRESSES) {
      throw new IllegalArgumentException(
          "an invite holds at most " + MAX_ADDRESSES + " addresses, got " + addresses.size());
    }
    for (TcpAddress a : addresses) {
      checkDialable(a);
    }
    expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond());
  }

  /** The one-line text form. */
  public String encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(VERSION);
    out.writeBytes(device.toBytes());
    out.writeBytes(ByteBuffer.allocate(8).putLong(expiresAt.getEpochSecond()).array());
    writeShort(out, secret.toBytes());
    writeShort(out, deviceName.getBytes(StandardCharsets.UTF_8));
    writeShort(out, folder == null ? new byte[0] : folder.value().getBytes(StandardCharsets.US_ASCII));
    out.write(addresses.size());
    for (TcpAddress a : addresses) {
      writeShort(out, a.hostPort().getBytes(StandardCharsets.US_ASCII));
    }
    byte[] body = out.toByteArray();
    out.writeBytes(Arrays.copyOf(sha256(body), CHECKSUM_LENGTH));
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  /**
   * Parses and validates a pasted token. Whitespace anywhere is ignored (terminals and mail wrap long
   * lines).
   *
   * @param now to reject an expired token, or one that claims an implausibly long validity
   * @throws InvalidInviteException saying what is wrong
   */
  public static InviteToken parse(String text, Instant now) {
    if (text == null || text.isBlank()) {
      throw new InvalidInviteException("the invite is empty");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new InvalidInviteException("the invite is " + text.length() + " characters long; a real one is"
          + " well under " + MAX_TEXT_LENGTH + " (was something else pasted with it?)");
    }
    String compact = text.replaceAll("\\s+", "");
    if (!compact.startsWith(PREFIX)) {
      throw new InvalidInviteException("this is not a chorus invite: it must start with \"" + PREFIX + "\"");
    }
    String encoded = compact.substring(PREFIX.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        throw new InvalidInviteException("the invite is damaged: character '" + c + "' at position "
            + (PREFIX.length() + i + 1) + " does not belong in it (copy the whole line again)");
      }
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new InvalidInviteException("the invite is damaged: it ends in the middle of a character group"
          + " (was the end cut off?)");
    }
    if (raw.length < MIN_PAYLOAD) {
      throw new InvalidInviteException("the invite is truncated: " + raw.length + " bytes, at least "
          + MIN_PAYLOAD + " needed (copy the whole line again)");
    }
    byte[] body = Arrays.copyOf(raw, raw.length - CHECKSUM_LENGTH);
    byte[] checksum = Arrays.copyOfRange(raw, raw.length - CHECKSUM_LENGTH, raw.length);
    if (!MessageDigest.isEqual(checksum, Arrays.copyOf(sha256(body), CHECKSUM_LENGTH))) {
      throw new InvalidInviteException("the invite is damaged: its checksum does not match (characters were"
          + " changed, lost or added when it was copied; copy the whole line again)");
    }
    return new Reader(body, now).read();
  }

  /** Device names are informational: control characters are dropped and the name is cut to 64 bytes. */
  static String cleanName(String name) {
    return Utf8Text.fit(name, MAX_NAME_BYTES,
        cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT ? Utf8Text.DROP : cp);
  }

  private static void checkDialable(TcpAddress a) {
    if (a.port() == 0) {
      throw new IllegalArgumentException("address " + a + " has port 0, which cannot be dialled");
    }
    if (a.host().length() > MAX_HOST_LENGTH || !HOST.matcher(a.host()).matches()) {
      throw new IllegalArgumentException("address " + a + " has an invalid host");
    }
    if (InviteAddresses.isWildcard(a.host())) {
      throw new IllegalArgumentException("address " + a + " is a wildcard, which cannot be dialled");
    }
  }

  private static void writeShort(ByteArrayOutputStream out, byte[] field) {
    if (field.length > 255) {
      throw new IllegalArgumentException("invite field of " + field.length + " bytes is too long");
    }
    out.write(field.length);
    out.writeBytes(field);
  }

  static byte[] sha256(byte[] data) {
    return Sha256.of(data);
  }

  /** Reads the checksummed body field by field; every failure names the field. */
  private static final class Reader {
    private final ByteBuffer in;
    private final Instant now;

    Reader(byte[] body, Instant now) {
      this.in = ByteBuffer.wrap(body);
      this.now = Objects.requireNonNull(now, "now");
    }

    InviteToken read() {
      int version = in.get() & 0xff;
      if (version != VERSION) {
        throw invalid("it has format version " + version + ", this chorus reads version " + VERSION
            + " (is one of the two hosts running an older chorus?)");
      }
      byte[] id = new byte[DeviceId.LENGTH];
      in.get(id);
      DeviceId device = DeviceId.ofBytes(id);
      long expiresSeconds = in.getLong();
      Instant expiresAt;
      try {
        expiresAt = Instant.ofEpochSecond(expiresSeconds);
      } catch (java.time.DateTimeException e) {
        throw invalid("its expiry " + Long.toUnsignedString(expiresSeconds) + " is not a time");
      }
      if (!expiresAt.isAfter(now)) {
        throw new InvalidInviteException("the invite expired at " + expiresAt + " (it is now "
            + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "); ask for a new one with 'chorus invite'");
      }
      if (expiresAt.isAfter(now.plus(MAX_TTL).plus(Duration.ofDays(1)))) {
        throw invalid("it claims to be valid until " + expiresAt + ", longer than any chorus invite is");
      }
      PairingSecret secret;
      try {
        secret = PairingSecret.ofBytes(field("secret"));
      } catch (IllegalArgumentException e) {
        throw invalid(e.getMessage());
      }
      String name = utf8(field("device name"), "device name");
      if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES || !name.equals(cleanName(name))) {
        throw invalid("its device name has control characters or is longer than " + MAX_NAME_BYTES + " bytes");
      }
      byte[] folderBytes = field("folder ID");
      FolderId folder = null;
      if (folderBytes.length > 0) {
        try {
          folder = FolderId.of(ascii(folderBytes, "folder ID"));
        } catch (IllegalArgumentException e) {
          throw invalid(e.getMessage());
        }
      }
      int count = u8("address count");
      if (count == 0 || count > MAX_ADDRESSES) {
        throw invalid("it has " + count + " addresses; 1 to " + MAX_ADDRESSES + " expected");
      }
      List<TcpAddress> addresses = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        String what = "address " + i + " of " + count;
        String text = ascii(field(what), what);
        try {
          TcpAddress a = TcpAddress.parseHostPort(text);
          checkDialable(a);
          addresses.add(a);
        } catch (IllegalArgumentException e) {
          throw invalid(what + ": " + e.getMessage());
        }
      }
      if (in.hasRemaining()) {
        throw invalid("it has " + in.remaining() + " unexpected bytes after the addresses");
      }
      return new InviteToken(device, name, addresses, folder, secret, expiresAt);
    }

    private int u8(String what) {
      if (!in.hasRemaining()) {
        throw invalid("it ends before the " + what);
      }
      return in.get() & 0xff;
    }

    private byte[] field(String what) {
      int n = u8("length of the " + what);
      if (in.remaining() < n) {
        throw invalid("the " + what + " claims " + n + " bytes but only " + in.remaining() + " follow");
      }
      byte[] b = new byte[n];
      in.get(b);
      return b;
    }

    private String utf8(byte[] b, String what) {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b))
            .toString();
      } catch (CharacterCodingException e) {
        throw invalid("its " + what + " is not valid UTF-8");
      }
    }

    private String ascii(byte[] b, String what) {
      for (byte x : b) {
        if (x < 0x21 || x > 0x7e) {
          throw invalid("its " + what + " has a byte 0x" + Integer.toHexString(x & 0xff) + " that is not printable ASCII");
        }
      }
      return new String(b, StandardCharsets.US_ASCII);
    }

    private static InvalidInviteException invalid(String why) {
      return new InvalidInviteException("the invite is invalid: " + why);
    }
  }
}
