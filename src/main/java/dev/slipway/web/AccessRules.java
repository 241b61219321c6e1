package dev.slipway.web;

import dev.slipway.domain.Role;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The least role each route needs, in one table (the first match wins), so the whole policy can be read at once.
 * Paths that need no sign-in at all are in {@link Authentication#isOpen}. Reading is for viewers; a state-changing
 * route missing from this table is for admins until someone lists it, so a new route fails closed.
 */
final class AccessRules {
  private static final Set<HttpMethod> READ = Set.of(HttpMethod.GET, HttpMethod.HEAD);
  private static final Set<HttpMethod> POST = Set.of(HttpMethod.POST);
  private static final Set<HttpMethod> DELETE = Set.of(HttpMethod.DELETE);
  private static final Set<HttpMethod> ANY = Set.of();
  private static final String ID = "[^/]+";

  private record Rule(Set<HttpMethod> methods, Pattern path, Role role) {
    boolean matches(HttpMethod method, String p) {
      return (methods.isEmpty() || methods.contains(method)) && path.matcher(p).matches();
    }
  }

  private static final List<Rule> RULES = List.of(
      // Admins: accounts, the audit log, images (shared by every job), and foreign containers (checked by the worker).
      rule(ANY, "/api/audit|/audit", Role.ADMIN),
      rule(Set.of(HttpMethod.PATCH), "/api/users/" + ID, Role.VIEWER), // own password; the handler checks the rest
      rule(ANY, "/api/users(/" + ID + ")?|/users(/.*)?", Role.ADMIN),
      rule(DELETE, "/api/images/.+", Role.ADMIN),
      rule(POST, "/images/remove", Role.ADMIN),
      // Operators: build, run, cancel, stop, start, restart and remove containers.
      rule(POST, "/api/(builds|runs|launches)|/api/jobs/" + ID + "/cancel|/api/containers/" + ID
          + "/(stop|start|restart)", Role.OPERATOR),
      rule(DELETE, "/api/containers/" + ID, Role.OPERATOR),
      rule(POST, "/(builds|launches|uploads|runs)|/jobs/" + ID + "/(cancel|rerun)|/containers/" + ID
          + "/(stop|remove|start|restart)", Role.OPERATOR),
      rule(READ, "/run|/jobs/" + ID + "/edit", Role.OPERATOR),
      // A console is a shell in the container: for operators (the worker checks whose container it is).
      rule(READ, "/containers/" + ID + "/console(/socket)?", Role.OPERATOR),
      // Everyone signed in: their own account and tokens, signing out, and reading everything else.
      rule(ANY, "/api/me|/api/tokens(/" + ID + ")?|/account(/.*)?|/logout", Role.VIEWER),
      rule(READ, "/.*", Role.VIEWER));

  private AccessRules() {
  }

  static Role required(HttpMethod method, String path) {
    String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    for (Rule rule : RULES) {
      if (rule.matches(method, p)) {
        return rule.role();
      }
    }
    return Role.ADMIN;
  }

  private static Rule rule(Set<HttpMethod> methods, String path, Role role) {
    return new Rule(methods, Pattern.compile(path), role);
  }
}
