package chorus.dbbridge.bucardo;

import java.util.List;
import java.util.Objects;

/**
 * One step of the plan: a bucardo command, an SQL statement on one host, or a file to write.
 *
 * @param kind what it is
 * @param target the host's name (SQL), the file (FILE), or "bucardo"
 * @param args bucardo's arguments (BUCARDO), the statement (SQL, one element), the content (FILE, one element)
 * @param why what it is for, one line
 * @param needed false when the setup already has it (plan prints it as done; apply skips it)
 */
public record Step(Kind kind, String target, List<String> args, String why, boolean needed) {
  /** The kinds of step. */
  public enum Kind {
    FILE,
    SQL,
    BUCARDO
  }

  public Step {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(target);
    args = List.copyOf(args);
    Objects.requireNonNull(why);
  }

  static Step bucardo(String why, boolean needed, String... args) {
    return new Step(Kind.BUCARDO, "bucardo", List.of(args), why, needed);
  }

  static Step bucardo(String why, boolean needed, List<String> args) {
    return new Step(Kind.BUCARDO, "bucardo", args, why, needed);
  }

  static Step sql(String node, String statement, String why) {
    return new Step(Kind.SQL, node, List.of(statement), why, true);
  }

  static Step file(String path, String content, String why, boolean needed) {
    return new Step(Kind.FILE, path, List.of(content), why, needed);
  }
}
