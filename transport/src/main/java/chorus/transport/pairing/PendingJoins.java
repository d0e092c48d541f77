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
 *
 * <p>A join the inviter refused for good (its Close said why: the invite was used, expired, unknown) is
 * kept, marked refused with the reason, so {@code chorus status} can say what to do and the node does not
 * dial that inviter again, also after a restart; for {@value #REFUSED_KEPT_DAYS} days after the refusal,
 * or until a new {@code chorus join} for the same device replaces it.
 */
public final class PendingJoins {
  public static final String FILE_NAME = "pending-joins.json";
  /** Version 1 files without the refusal fields read as they always did: nothing refused. */
  private static final int FORMAT = 1;
  static final int REFUSED_KEPT_DAYS = 30;

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

  /**
   * An accepted-but-unused invite of {@code device}.
   *
   * @param refusal the inviter's reason if it refused the secret for good, else null
   * @param refusedAt when it did, else null
   */
  public record PendingJoin(
      DeviceId device, PairingSecret secret, FolderId folder, Instant expiresAt, String refusal, Instant refusedAt) {
    public PendingJoin {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(expiresAt, "expiresAt");
      if ((refusal == null) != (refusedAt == null)) {
        throw new IllegalArgumentException("a refusal needs both its reason and its time");
      }
    }

    /** A join waiting for the inviter to accept it. */
    public PendingJoin(DeviceId device, PairingSecret secret, FolderId folder, Instant expiresAt) {
      this(device, secret, folder, expiresAt, null, null);
    }

    public boolean refused() {
      return refusal != null;
    }

    /** Worth keeping at {@code now}: a waiting join until it expires, a refused one for a while after. */
    boolean live(Instant now) {
      return refused() ? refusedAt.plus(java.time.Duration.ofDays(REFUSED_KEPT_DAYS)).isAfter(now) : expiresAt.isAfter(now);
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
          .filter(j -> j.device().equals(device) && !j.refused() && j.expiresAt().isAfter(now))
          .map(PendingJoin::secret)
          .findFirst();
    });
  }

  /** The joins still waiting (unexpired), and those refused not long ago. */
  public List<PendingJoin> all() throws IOException {
    return FileMutex.withLock(file, () -> {
      Instant now = clock.instant();
      return read().stream().filter(j -> j.live(now)).toList();
    });
  }

  /**
   * Marks the join with {@code device} refused for good, with the inviter's {@code reason}, if it still
   * holds {@code secretText}: a join made since, with a new invite, is not what was refused.
   *
   * @return whether a join was marked
   */
  public boolean markRefused(DeviceId device, String secretText, String reason) throws IOException {
    Objects.requireNonNull(reason, "reason");
    return FileMutex.withLock(file, () -> {
      List<PendingJoin> joins = new ArrayList<>(read());
      for (int i = 0; i < joins.size(); i++) {
        PendingJoin j = joins.get(i);
        if (j.device().equals(device) && !j.refused() && j.secret().text().equals(secretText)) {
          joins.set(i, new PendingJoin(j.device(), j.secret(), j.folder(), j.expiresAt(), reason,
              clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
          write(joins);
          return true;
        }
      }
      return false;
    });
  }

  /** Records {@code join}, replacing any earlier one for the same device (a refused one too). */
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

  /** {@code refusal} and {@code refusedAt} are absent (null) while the join waits. */
  record Entry(String device, String secret, String folder, String expiresAt, String refusal, String refusedAt) {}

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
            Instant.parse(Objects.requireNonNull(e.expiresAt(), "expiresAt is missing")),
            e.refusal(),
            e.refusedAt() == null ? null : Instant.parse(e.refusedAt())));
      } catch (IllegalArgumentException | NullPointerException | DateTimeParseException ex) {
        throw new IOException(file + ": joins[" + i + "] is invalid: " + ex.getMessage(), ex);
      }
    }
    return out;
  }

  private void write(List<PendingJoin> joins) throws IOException {
    Instant now = clock.instant();
    List<Entry> entries = joins.stream()
        .filter(j -> j.live(now))
        .map(j -> new Entry(j.device().toString(), j.secret().text(),
            j.folder() == null ? null : j.folder().value(), j.expiresAt().toString(), j.refusal(),
            j.refusedAt() == null ? null : j.refusedAt().toString()))
        .toList();
    JsonFiles.write(file, new FileForm(FORMAT, entries));
  }
}
