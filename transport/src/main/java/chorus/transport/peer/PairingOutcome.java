package chorus.transport.peer;

import java.util.Objects;

/**
 * What the {@link PairingGate} made of an invite secret: admitted, refused for good (the invite was used,
 * has expired, or never existed here), or neither (no secret, or the invite could not be checked just
 * now and stays usable).
 *
 * <p>A refusal's {@code reason} is sent to the device that presented the secret, so it says only what
 * happened to the invite: that device claimed to hold it, but must learn nothing else about us (not our
 * name, our folders, nor who used the invite).
 *
 * @param refusal why the invite was refused, for the joiner; null unless refused for good
 */
public record PairingOutcome(boolean admitted, String refusal) {
  public static final PairingOutcome ADMITTED = new PairingOutcome(true, null);
  /** Not admitted, and nothing to tell the peer: no secret, or a failure that retrying may fix. */
  public static final PairingOutcome NOT_ADMITTED = new PairingOutcome(false, null);

  public PairingOutcome {
    if (admitted && refusal != null) {
      throw new IllegalArgumentException("an admitted device has no refusal");
    }
  }

  /** The invite is refused for good; {@code reason} is for the joiner, e.g. "this invite was already used". */
  public static PairingOutcome refused(String reason) {
    return new PairingOutcome(false, Objects.requireNonNull(reason, "reason"));
  }

  public boolean refused() {
    return refusal != null;
  }
}
