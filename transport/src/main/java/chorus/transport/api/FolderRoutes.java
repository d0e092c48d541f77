package chorus.transport.api;

import chorus.core.id.FolderId;
import java.util.List;

/** The local API's per-folder routes, bound to a {@link FolderControl}. */
public final class FolderRoutes {
  public static final String STATUS = "/rest/folder/status";
  public static final String RESCAN = "/rest/folder/rescan";
  public static final String OVERRIDE = "/rest/folder/override";
  public static final String REVERT = "/rest/folder/revert";

  private FolderRoutes() {}

  public static List<Route> of(FolderControl folders) {
    return List.of(
        Route.get(STATUS, request -> ApiResponse.ok(folders.folder(folder(request)))),
        Route.post(RESCAN, request -> ApiResponse.ok(folders.rescan(folder(request), param(request, "path", "")))),
        Route.post(OVERRIDE, request -> ApiResponse.ok(folders.override(folder(request)))),
        Route.post(REVERT, request -> ApiResponse.ok(folders.revert(folder(request)))));
  }

  private static FolderId folder(ApiRequest request) throws ApiException {
    String id = param(request, "folder", null);
    if (id == null) {
      throw ApiException.badRequest("the query parameter folder=ID is required");
    }
    try {
      return FolderId.of(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static String param(ApiRequest request, String name, String fallback) {
    List<String> values = request.query().get(name);
    return values == null || values.isEmpty() ? fallback : values.get(0);
  }
}
