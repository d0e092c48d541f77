package chorus.core.feed;

import java.util.Locale;

/** What happened to a path, as the change feed tells it. Text forms are lower case with dashes. */
public enum FeedAction {
  /** The path became live: it had no record, or a tombstone. */
  ADDED("added"),
  /** A live path got a new version (content, permissions, type or link target). */
  MODIFIED("modified"),
  /** A live path became a tombstone. */
  DELETED("deleted"),
  /** A file appeared with the content of one that disappeared in the same index write. */
  RENAMED("renamed"),
  /** A conflict copy was written (the loser of a concurrent edit, kept under a conflict name). */
  CONFLICT_COPY("conflict-copy");

  private final String text;

  FeedAction(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** @throws IllegalArgumentException naming the accepted forms */
  public static FeedAction parse(String text) {
    for (FeedAction a : values()) {
      if (a.text.equals(text.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException("feed action \"" + text
        + "\" is invalid; expected added, modified, deleted, renamed or conflict-copy");
  }
}
