package chorus.transport.pairing;

import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** The issued invites on disk: {@value #FILE_NAME}, secrets as SHA-256 only, written atomically. */
final class InviteBook {
  static final String FILE_NAME = "invites.json";
  private static final int FORMAT = 1;

  private final Path file;

  InviteBook(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /** One issued invite; {@code usedBy} and {@code usedAt} are null until it is used. */
  record Invite(byte[] secretHash, FolderId folder, Instant issuedAt, Instant expiresAt, DeviceId usedBy, Instant usedAt) {
    Invite {
      Objects.requireNonNull(secretHash, "secretHash");
      if (secretHash.length != 32) {
        throw new IllegalArgumentException("secret hash must be 32 bytes, got " + secretHash.length);
      }
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    Invite usedBy(DeviceId device, Instant at) {
      return new Invite(secretHash, folder, issuedAt, expiresAt, device, at);
    }
  }

  record FileForm(int version, List<Entry> invites) {}

  record Entry(String secretSha256, String folder, String issuedAt, String expiresAt, String usedBy, String usedAt) {}

  List<Invite> load() throws IOException {
    FileForm form = JsonFiles.readVersioned(file, FileForm.class, FileForm::version, FORMAT);
    if (form == null) {
      return List.of();
    }
    List<Invite> out = new ArrayList<>();
    List<Entry> entries = form.invites() == null ? List.of() : form.invites();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      try {
        out.add(new Invite(
            HexFormat.of().parseHex(Objects.requireNonNull(e.secretSha256(), "secretSha256 is missing")),
            e.folder() == null ? null : FolderId.of(e.folder()),
            Instant.parse(Objects.requireNonNull(e.issuedAt(), "issuedAt is missing")),
            Instant.parse(Objects.requireNonNull(e.expiresAt(), "expiresAt is missing")),
            e.usedBy() == null ? null : DeviceId.parse(e.usedBy()),
            e.usedAt() == null ? null : Instant.parse(e.usedAt())));
      } catch (IllegalArgumentException | NullPointerException | DateTimeParseException ex) {
        throw new IOException(file + ": invites[" + i + "] is invalid: " + ex.getMessage(), ex);
      }
    }
    return out;
  }

  void save(List<Invite> invites) throws IOException {
    List<Entry> entries = invites.stream()
        .map(i -> new Entry(HexFormat.of().formatHex(i.secretHash()),
            i.folder() == null ? null : i.folder().value(),
            i.issuedAt().toString(), i.expiresAt().toString(),
            i.usedBy() == null ? null : i.usedBy().toString(),
            i.usedAt() == null ? null : i.usedAt().toString()))
        .toList();
    JsonFiles.write(file, new FileForm(FORMAT, entries));
  }
}
