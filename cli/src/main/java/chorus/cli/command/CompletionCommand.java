package chorus.cli.command;

import chorus.cli.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints a shell completion script for every chorus command and option. */
@Command(name = "completion", description = {
    "Print a bash completion script (also works in zsh after 'autoload -U bashcompinit && bashcompinit').",
    "Try: source <(chorus completion bash)"})
public final class CompletionCommand extends ChorusCommand {
  @Parameters(index = "0", paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash")
  Shell shell;

  /** The shells a script can be printed for. */
  enum Shell { bash }

  static final class Shells implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of("bash").iterator();
    }
  }

  @Override
  public Integer call() {
    out().print(AutoComplete.bash("chorus", spec.root().commandLine()));
    out().flush();
    return ExitCodes.OK;
  }
}
