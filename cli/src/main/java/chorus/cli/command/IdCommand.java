package chorus.cli.command;

import chorus.cli.ExitCodes;
import chorus.cli.home.IdentityFiles;
import java.io.IOException;
import picocli.CommandLine.Command;

/** Prints this device's ID, for pasting into {@code chorus device add} on a peer. */
@Command(name = "id", description = "Print this device's ID.")
public final class IdCommand extends ChorusCommand {
  @Override
  public Integer call() throws IOException {
    out().println(IdentityFiles.readDeviceId(home()));
    return ExitCodes.OK;
  }
}
