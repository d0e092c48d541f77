package chorus.cli.command;

import chorus.cli.ExitCodes;
import chorus.cli.api.ApiClient;
import chorus.cli.config.ConfigStore;
import chorus.cli.daemon.CatalogRoutes;
import chorus.core.config.ChorusConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;

/**
 * {@code chorus catalog link}: the daemon rebuilds the per-host table from the index. On a terminal a
 * progress line counts the files read, from the bridge's status, while the call waits.
 */
@Command(name = "link", description = "Rebuilds this host's file table in the catalog from the index.")
final class CatalogLinkCommand extends ChorusCommand {
  @Override
  public Integer call() throws IOException {
    ChorusConfig config = configStore().load();
    if (config.catalog() == null) {
      throw new CommandFailure("no catalog configured (chorus catalog set --url JDBC-URL)");
    }
    ApiClient api = ApiClient.forConfig(config);
    AtomicBoolean done = new AtomicBoolean();
    Thread progress = null;
    if (System.console() != null) {
      progress = new Thread(() -> showProgress(api, done), "catalog-link-progress");
      progress.setDaemon(true);
      progress.start();
    }
    String body;
    try {
      body = api.plainCall("POST", CatalogRoutes.LINK, CatalogRoutes.LINK_TIMEOUT);
    } finally {
      done.set(true);
      if (progress != null) {
        progress.interrupt();
        err().print("\r\033[K");
        err().flush();
      }
    }
    JsonNode r = ConfigStore.newMapper().readTree(body);
    out().println("linked: " + r.path("files").asLong() + " file(s), " + r.path("linked").asLong() + " linked to songs, "
        + r.path("pending").asLong() + " pending, " + r.path("missing").asLong() + " missing");
    return ExitCodes.OK;
  }

  private void showProgress(ApiClient api, AtomicBoolean done) {
    while (!done.get()) {
      try {
        Thread.sleep(250);
        JsonNode s = ConfigStore.newMapper().readTree(api.plainCall("GET", CatalogRoutes.STATUS, ApiClient.REQUEST_TIMEOUT));
        if (!done.get()) {
          err().print("\r\033[Klinking: " + s.path("linkProgress").asLong() + " file(s) read");
          err().flush();
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        // the status is only for the progress line; the link call reports real failures
      }
    }
  }
}
