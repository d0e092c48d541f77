package chorus.transport.api;

import java.util.List;

/** The routes of the local API, bound to a {@link NodeControl}. */
public final class ApiRoutes {
  /** The request header that carries the API key (a Bearer token works too). */
  public static final String API_KEY_HEADER = "X-API-Key";
  /** The shortest API key the server accepts. */
  public static final int MIN_API_KEY_LENGTH = 16;

  public static final String STATUS = "/rest/status";
  public static final String INVITE = "/rest/invite";
  public static final String JOIN = "/rest/join";
  public static final String RELOAD = "/rest/config/reload";
  public static final String EVENTS = "/rest/events";
  /** The longest a client may ask {@code GET /rest/events} to wait, in seconds. */
  public static final int MAX_EVENTS_TIMEOUT_SECONDS = EventsRoute.MAX_TIMEOUT_SECONDS;

  private ApiRoutes() {}

  public static List<Route> standard(NodeControl node) {
    return List.of(
        Route.get(STATUS, request -> ApiResponse.ok(node.status())),
        Route.post(INVITE, request ->
            ApiResponse.ok(node.invite(request.json(InviteRequest.class, InviteRequest::defaults)))),
        Route.post(JOIN, request -> ApiResponse.ok(node.join(request.json(JoinRequest.class)))),
        Route.post(RELOAD, request -> {
          node.reloadConfig();
          return ApiResponse.noContent();
        }),
        Route.getLater(EVENTS, new EventsRoute(node)));
  }
}
