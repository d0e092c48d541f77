package chorus.transport.pairing;

import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The invites this device has joined but not yet completed: for each inviter, the secret the node must
 * send in {@code Hello.pairingSecret} when it dials that device. Kept in {@value #FILE_NAME} in the
 * device home (owner-only: the secrets are live until used or expired), because {@code chorus join}
 * writes it while the daemon may be running; every call reads the file afresh under a {@link FileMutex},
 * so the two processes see each other's changes. Expired entries are dropped on every write.
 */
public final class PendingJoins {
  public static final String FILE_NAME = "pending-joins.json";
  private static final int FORMAT = 1;

  private final Path file;
  private final Clock clock;

  public PendingJoins(Path file, Clock clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The pending joins of the device whose home is {@code homeDir}. */
  public static PendingJoins inHome(Path homeDir, Clock clock) {
    return new PendingJoins(homeDir.resolve(FILE_NAME), clock);
  }

  public Path file() {
    return file;
  }

  /** An accepted-but-unused invite of {@code device}. */
  public record PendingJoin(DeviceId device, PairingSecret secret, FolderId folder, Instant expiresAt) {
    public PendingJoin {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  /**
   * The secret to present to {@code device}, if a join with it is pending and unexpired. The node must
   * send it only after TLS has proved the peer is {@code device}.
   */
  public Optional<PairingSecret> secretFor(DeviceId device) throws IOException {
    return FileMutex.withLock(file, () -> {
      Instant now = clock.instant();
      return read().stream()
          .filter(j -> j.device().equals(device) && j.expiresAt().isAfter(now))
          .map(PendingJoin::secret)
          .findFirst();
    });
  }

  /** The unexpired pending joins. */
  public List<PendingJoin> all() throws IOException {
    return FileMutex.withLock(file, () -> {
      Instant now = clock.instant();
      return read().stream().filter(j -> j.expiresAt().isAfter(now)).toList();
    });
  }

  /** Records {@code join}, replacing any earlier one for the same device. */
  public void add(PendingJoin join) throws IOException {
    FileMutex.withLock(file, () -> {
      List<PendingJoin> joins = new ArrayList<>(read());
      joins.removeIf(j -> j.device().equals(join.device()));
      joins.add(join);
      write(joins);
      return null;
    });
  }

  /**
   * Forgets the pending join with {@code device}: call it once that device has accepted us (or for good
   * has refused the secret).
   *
   * @return whether there was one
   */
  public boolean remove(DeviceId device) throws IOException {
    return FileMutex.withLock(file, () -> {
      List<PendingJoin> joins = new ArrayList<>(read());
      boolean removed = joins.removeIf(j -> j.device().equals(device));
      if (removed) {
        write(joins);
      }
      return removed;
    });
  }

  record FileForm(int version, List<Entry> joins) {}

  record Entry(String device, String secret, String folder, String expiresAt) {}

  private List<PendingJoin> read() throws IOException {
    FileForm form = JsonFiles.readVersioned(file, FileForm.class, FileForm::version, FORMAT);
    if (form == null) {
      return List.of();
    }
    List<PendingJoin> out = new ArrayList<>();
    List<Entry> entries = form.joins() == null ? List.of() : form.joins();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      try {
        out.add(new PendingJoin(
            DeviceId.parse(e.device()),
            PairingSecret.parse(e.secret()),
            e.folder() == null ? null : FolderId.of(e.folder()),
            Instant.parse(Objects.requireNonNull(e.expiresAt(), "expiresAt is missing"))));
      } catch (IllegalArgumentException | NullPointerException | DateTimeParseException ex) {
        throw new IOException(file + ": joins[" + i + "] is invalid: " + ex.getMessage(), ex);
      }
    }
    return out;
  }

  private void write(List<PendingJoin> joins) throws IOException {
    Instant now = clock.instant();
    List<Entry> entries = joins.stream()
        .filter(j -> j.expiresAt().isAfter(now))
        .map(j -> new Entry(j.device().toString(), j.secret().text(),
            j.folder() == null ? null : j.folder().value(), j.expiresAt().toString()))
        .toList();
    JsonFiles.write(file, new FileForm(FORMAT, entries));
  }
}
