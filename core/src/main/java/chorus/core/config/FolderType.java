package chorus.core.config;

import java.util.Locale;

/** Which way changes flow for a folder on this device. */
public enum FolderType {
  /** Local changes are sent and remote changes applied. */
  SEND_RECEIVE("send-receive"),
  /** Local changes are sent; remote changes are not applied here. */
  SEND_ONLY("send-only"),
  /** Remote changes are applied; local changes are not sent. */
  RECEIVE_ONLY("receive-only");

  private final String text;

  FolderType(String text) {
    this.text = text;
  }

  /** The name used in the config file and on the command line, e.g. {@code send-receive}. */
  public String text() {
    return text;
  }

  public static FolderType parse(String text) {
    for (FolderType t : values()) {
      if (t.text.equals(text == null ? null : text.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "folder type \"" + text + "\" is invalid: use send-receive, send-only or receive-only");
  }

  @Override
  public String toString() {
    return text;
  }
}
