package chorus.transport.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Exact-path lookup that tells "no such path" (404) from "not with this method" (405). */
final class RouteTable {
  private final Map<String, Map<String, Route>> byPath = new HashMap<>();

  RouteTable(List<Route> routes) {
    for (Route r : routes) {
      Route previous = byPath.computeIfAbsent(r.path(), p -> new HashMap<>()).putIfAbsent(r.method(), r);
      if (previous != null) {
        throw new IllegalArgumentException("two routes for " + r.method() + " " + r.path());
      }
    }
  }

  sealed interface Match permits Found, NoPath, NoMethod {}

  record Found(Route route) implements Match {}

  record NoPath() implements Match {}

  record NoMethod(Set<String> allowed) implements Match {}

  Match find(String method, String path) {
    Map<String, Route> methods = byPath.get(path);
    if (methods == null) {
      return new NoPath();
    }
    Route r = methods.get(method);
    return r == null ? new NoMethod(new TreeSet<>(methods.keySet())) : new Found(r);
  }
}
