package dev.slipway.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.TreeSet;

/**
 * The methods a path has, read off the router's routes, for a 405's {@code Allow} header (Vert.x sends none).
 * Routes for every method (guards, body handlers) say nothing about a path, and neither does the catch-all of the
 * static files: a path that only it matches is unknown, so a request for it is a 404 whatever its method.
 */
final class AllowedMethods {
  private AllowedMethods() {
  }

  /** In alphabetical order; empty when no route names this path. */
  static Set<String> of(Router router, String path) {
    Set<String> allowed = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      Set<HttpMethod> methods = route.methods();
      String template = route.getPath();
      boolean staticCatchAll = !route.isExactPath() && "/".equals(template);
      if (methods != null && !methods.isEmpty() && template != null && !staticCatchAll && matches(route, path)) {
        methods.forEach(m -> allowed.add(m.name()));
      }
    }
    return allowed;
  }

  /** Exact routes match segment by segment ({@code :id} matches any one segment); the others by prefix. */
  private static boolean matches(Route route, String path) {
    String template = route.getPath();
    String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (!route.isExactPath()) {
      return trimmed.startsWith(template) || (trimmed + "/").equals(template);
    }
    String[] expected = template.split("/", -1);
    String[] actual = trimmed.split("/", -1);
    if (expected.length != actual.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      boolean parameter = expected[i].startsWith(":") && !actual[i].isEmpty();
      if (!parameter && !expected[i].equals(actual[i])) {
        return false;
      }
    }
    return true;
  }
}
