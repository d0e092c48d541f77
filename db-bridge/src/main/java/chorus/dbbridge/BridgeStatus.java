package chorus.dbbridge;

import java.time.Instant;

/**
 * Where the catalog bridge stands, for {@code chorus status} and {@code chorus catalog status}.
 *
 * @param state connecting, connected, linking or down
 * @param error why it is down (one line), or null
 * @param target the database as user@host:port/db (never a password)
 * @param appliedSeq the last change-feed sequence applied to the database
 * @param latestSeq the feed's newest sequence when last looked at
 * @param lagMillis how long the oldest change not yet applied has waited (0 when caught up)
 * @param pending files the catalog lists that this host has not got
 * @param linkedFiles files linked to a song at the last count
 * @param lastLink when the last full link finished, or null
 * @param linkProgress files read by a full link now running (0 otherwise)
 */
public record BridgeStatus(
    State state,
    String error,
    String target,
    long appliedSeq,
    long latestSeq,
    long lagMillis,
    long pending,
    long linkedFiles,
    Instant lastLink,
    long linkProgress) {

  /** The bridge's states. */
  public enum State {
    CONNECTING,
    CONNECTED,
    LINKING,
    DOWN;

    public String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public long lagEntries() {
    return Math.max(0, latestSeq - appliedSeq);
  }
}
