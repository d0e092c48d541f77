package chorus.cli;

import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * Which subcommands a command line needs, decided from the words alone, so that {@link Main} builds
 * picocli's model (reflection over every option of every command: most of a short command's start-up)
 * only for the command that runs. A command's name is read from its {@code @Command} annotation, which
 * costs next to nothing next to building its model.
 *
 * <p>Only {@code chorus [--verbose] COMMAND ...} with COMMAND a registered name gets one command, and
 * {@code chorus [--verbose] --version} gets none. Everything else gets every command, so that what
 * depends on the whole tree stays exact: the root's usage (no arguments, {@code -h} anywhere before the
 * command), "did you mean" for an unknown name, {@code help COMMAND} and the completion script.
 */
final class CommandTree {
  private CommandTree() {}

  /** The subcommands to build for {@code args}: a sublist of {@code all}, in the same order. */
  static List<Class<?>> needed(Class<?>[] all, Set<Class<?>> needTheTree, String... args) {
    boolean version = false;
    for (String arg : args) {
      if (arg.equals("--verbose")) {
        continue;
      }
      if (arg.equals("--version") || arg.equals("-V")) {
        version = true;
        continue;
      }
      // Any other option (-h, clusters like -hV, --), an @file, or a word after --version: the whole tree.
      if (version || arg.startsWith("-") || arg.startsWith("@")) {
        return List.of(all);
      }
      Class<?> command = named(all, arg);
      return command == null || needTheTree.contains(command) ? List.of(all) : List.of(command);
    }
    return version ? List.of() : List.of(all);
  }

  /** The registered command called {@code name} (or aliased so), or null. */
  static Class<?> named(Class<?>[] all, String name) {
    for (Class<?> command : all) {
      Command c = annotation(command);
      if (c.name().equals(name) || List.of(c.aliases()).contains(name)) {
        return command;
      }
    }
    return null;
  }

  /** The name a command class declares in its {@code @Command}. */
  static String name(Class<?> command) {
    return annotation(command).name();
  }

  private static Command annotation(Class<?> command) {
    Command c = command.getAnnotation(Command.class);
    if (c == null || c.name().isEmpty() || c.name().equals("<main class>")) {
      throw new IllegalStateException(command.getName() + " is registered as a command but has no @Command name");
    }
    return c;
  }
}
