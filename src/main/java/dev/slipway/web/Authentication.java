package dev.slipway.web;

import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Accounts;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Sessions;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.Role;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Who is asking, before any route runs: a personal API token ({@code Authorization: Bearer}), HTTP Basic, or the
 * dashboard's session cookie, in that order. Then the route's least role ({@link AccessRules}). Without credentials
 * the API and event streams answer 401, pages send the browser to the login page. A cookie-authenticated request that
 * changes something must prove it comes from Slipway's own pages ({@link RequestGuard#provenSameSite}), since a
 * browser attaches cookies to whatever another site makes it send.
 */
final class Authentication implements Handler<RoutingContext> {
  private static final String CALLER = "slipway.caller";
  private static final String SESSION = "slipway.session";
  private static final Set<String> OPEN = Set.of("/health", "/login", "/app.css", "/app.js", "/log.js",
      "/log-search.js", "/lists.js", "/forms.js", "/favicon.svg", "/container-log.js");
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  static final String CHALLENGE = "Basic realm=\"Slipway\", charset=\"UTF-8\"";

  private record Identity(Caller caller, String sessionHash) {
  }

  private final Sessions sessions;
  private final Authenticator authenticator;
  private final AuditLog audit;

  Authentication(Sessions sessions, Authenticator authenticator, AuditLog audit) {
    this.sessions = sessions;
    this.authenticator = authenticator;
    this.audit = audit;
  }

  static boolean isOpen(String path) {
    return OPEN.contains(path) || path.startsWith("/webjars/");
  }

  /** The API and {@code /metrics}: read by scripts and scrapers, which get 401 and JSON errors, never the login page. */
  static boolean forScripts(String path) {
    return path.startsWith("/api/") || path.equals("/metrics");
  }

  /** The signed-in caller; null only on the open paths. */
  static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  static String address(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }

  static Accounts.Actor actor(RoutingContext ctx) {
    return new Accounts.Actor(caller(ctx), address(ctx), ctx.get(SESSION));
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (isOpen(path)) {
      ctx.next();
      return;
    }
    HttpServerRequest request = ctx.request();
    // The checks below wait for the database: keep the body (an upload, a form) until a route is ready to read it.
    if (!request.isEnded()) {
      request.pause();
    }
    identify(ctx).onComplete(result -> {
      if (result.failed()) {
        refuse(ctx, result.cause());
        return;
      }
      Identity who = result.result();
      if (who == null) {
        signInFirst(ctx);
        return;
      }
      if (who.sessionHash() != null && !SAFE.contains(request.method()) && !RequestGuard.provenSameSite(ctx)) {
        refuse(ctx, new HttpError.Refused(403, "cross-site request refused: a signed-in browser must send "
            + "Origin or Sec-Fetch-Site from Slipway's own pages"));
        return;
      }
      Role needed = AccessRules.required(request.method(), path);
      if (!who.caller().can(needed)) {
        audit.record(who.caller().user(), address(ctx), "access", request.method().name() + " " + path,
            AuditLog.DENIED, "needs the " + needed.wire() + " role");
        refuse(ctx, new BadRequest(403, request.method().name() + " " + path + " needs the " + needed.wire()
            + " role; " + who.caller().user() + " is " + who.caller().role().wire()));
        return;
      }
      ctx.put(CALLER, who.caller());
      ctx.put(SESSION, who.sessionHash());
      if (!request.isEnded()) {
        request.resume();
      }
      ctx.next();
    });
  }

  private Future<Identity> identify(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null) {
      String[] parts = authorization.trim().split("\\s+", 2);
      String credentials = parts.length > 1 ? parts[1].trim() : "";
      if (parts[0].equalsIgnoreCase("Bearer")) {
        return authenticator.token(credentials, address(ctx)).map(caller -> new Identity(caller, null));
      }
      if (parts[0].equalsIgnoreCase("Basic")) {
        String[] pair = basic(credentials);
        if (pair == null) {
          return Future.failedFuture(new BadRequest(401, "malformed HTTP Basic credentials"));
        }
        return authenticator.password(pair[0], pair[1], address(ctx), Authenticator.Via.BASIC)
            .map(caller -> new Identity(caller, null));
      }
      return Future.failedFuture(new BadRequest(401, "sign in with HTTP Basic or Authorization: Bearer TOKEN"));
    }
    return sessions.find(SessionCookie.of(ctx)).map(s -> s == null ? null : new Identity(s.caller(), s.idHash()));
  }

  private static String[] basic(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The API and event streams answer 401; a page sends the browser to sign in, and back here afterwards. */
  private static void signInFirst(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    HttpServerRequest request = ctx.request();
    if (forScripts(path) || isEventStream(ctx)) {
      refuse(ctx, new HttpError.Refused(401, "sign in first: send HTTP Basic credentials (curl -u user:password) "
          + "or a personal API token (Authorization: Bearer …)"));
      return;
    }
    dropBody(request);
    if (request.getHeader("HX-Request") != null && request.getHeader("HX-Boosted") == null) {
      // An htmx fragment cannot show the login page in its place: htmx sends the whole window there.
      ctx.response().setStatusCode(401).putHeader("HX-Redirect", LoginPages.loginUrl(LoginPages.pathOf(
          request.getHeader("HX-Current-URL")))).end();
      return;
    }
    String next = request.method() == HttpMethod.GET ? request.uri() : "/";
    ctx.response().setStatusCode(303).putHeader("Location", LoginPages.loginUrl(next)).end();
  }

  private static void refuse(RoutingContext ctx, Throwable e) {
    dropBody(ctx.request());
    if (HttpError.of(e).status() == 401 && forScripts(ctx.normalizedPath())) {
      ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
    }
    ctx.fail(e);
  }

  /** A body nobody will read is read and thrown away (bounded), so the client sees the answer. */
  private static void dropBody(HttpServerRequest request) {
    RefusedBodies.discard(request);
  }

  private static boolean isEventStream(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("text/event-stream") || ctx.normalizedPath().endsWith("/stream");
  }
}
