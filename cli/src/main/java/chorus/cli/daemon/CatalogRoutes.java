package chorus.cli.daemon;

import chorus.dbbridge.BridgeStatus;
import chorus.dbbridge.CatalogBridge;
import chorus.dbbridge.state.FullLink;
import chorus.transport.api.ApiException;
import chorus.transport.api.ApiResponse;
import chorus.transport.api.Route;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local API's catalog routes: the bridge's status, and a full link of the per-host table from the
 * index (blocking until done; {@code chorus catalog link} polls the status meanwhile for its progress).
 */
public final class CatalogRoutes {
  public static final String STATUS = "/rest/catalog/status";
  public static final String LINK = "/rest/catalog/link";
  /** How long a full link may take before the call gives up (the CLI waits as long). */
  public static final java.time.Duration LINK_TIMEOUT = java.time.Duration.ofHours(2);

  private CatalogRoutes() {}

  static List<Route> of(CatalogLinker catalog) {
    return List.of(
        Route.get(STATUS, request -> {
          BridgeStatus s = catalog.status();
          if (s == null) {
            throw new ApiException(404, "no catalog is configured (chorus catalog set --url ...)");
          }
          return ApiResponse.ok(s);
        }),
        Route.post(LINK, request -> {
          CatalogBridge b = catalog.bridge();
          if (b == null) {
            BridgeStatus s = catalog.status();
            throw new ApiException(409, s == null ? "no catalog is configured (chorus catalog set --url ...)" : s.error());
          }
          try {
            FullLink.Result r = b.link().get(LINK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return ApiResponse.ok(r);
          } catch (ExecutionException e) {
            throw new ApiException(503, e.getCause().getMessage());
          } catch (TimeoutException e) {
            throw new ApiException(503, "the link did not finish in " + LINK_TIMEOUT.toHours() + " hours");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted");
          }
        }));
  }
}
