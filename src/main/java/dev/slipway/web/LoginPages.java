package dev.slipway.web;

import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Sessions;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Signing in and out of the dashboard. */
final class LoginPages {
  private final Templates templates;
  private final Sessions sessions;
  private final Authenticator authenticator;
  private final AuditLog audit;

  LoginPages(Templates templates, Sessions sessions, Authenticator authenticator, AuditLog audit) {
    this.templates = templates;
    this.sessions = sessions;
    this.authenticator = authenticator;
    this.audit = audit;
  }

  void mount(Router router) {
    BodyHandler form = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.get("/login").handler(ctx -> show(ctx, 200, null, safeNext(ctx.queryParams().get("next")), ""));
    router.post("/login").handler(form).handler(this::signIn);
    router.post("/logout").handler(form).handler(this::signOut);
  }

  private void signIn(RoutingContext ctx) {
    String next = safeNext(ctx.request().getFormAttribute("next"));
    String name = ctx.request().getFormAttribute("name");
    String password = ctx.request().getFormAttribute("password");
    // Another site must not sign a visitor in to an account of its choosing either.
    if (!RequestGuard.provenSameSite(ctx)) {
      ctx.fail(new HttpError.Refused(403, "cross-site request refused: sign in from Slipway's login page"));
      return;
    }
    if (name == null || name.isBlank() || password == null || password.isEmpty()) {
      show(ctx, 400, "Enter your user name and password.", next, name);
      return;
    }
    String address = Authentication.address(ctx);
    authenticator.password(name.trim(), password, address, Authenticator.Via.FORM)
        .compose(caller -> sessions.create(caller.user()).map(id -> {
          // Whatever session the browser brought is ended, and never becomes the signed-in one.
          sessions.end(SessionCookie.of(ctx));
          SessionCookie.set(ctx, id);
          return caller;
        }))
        .onSuccess(caller -> audit.record(caller.user(), address, "login", caller.user(), AuditLog.OK, "login form")
            .onComplete(v -> Pages.redirect(ctx, next)))
        .onFailure(e -> {
          if (e instanceof Authenticator.TooManyAttempts tooMany) {
            ctx.response().putHeader("Retry-After", String.valueOf(tooMany.retryAfterSeconds()));
            show(ctx, 429, "Too many failed sign-ins from here or for this account: try again in "
                + tooMany.retryAfterSeconds() + " s.", next, name);
          } else if (e instanceof BadRequest bad && bad.code() == 401) {
            show(ctx, 401, "Wrong user name or password.", next, name);
          } else {
            ctx.fail(e);
          }
        });
  }

  private void signOut(RoutingContext ctx) {
    Caller caller = Authentication.caller(ctx);
    sessions.end(SessionCookie.of(ctx))
        .compose(v -> audit.record(caller.user(), Authentication.address(ctx), "logout", caller.user(), AuditLog.OK,
            null))
        .onComplete(v -> {
          SessionCookie.clear(ctx);
          Pages.redirect(ctx, "/login");
        });
  }

  private void show(RoutingContext ctx, int status, String error, String next, String name) {
    Map<String, Object> params = new HashMap<>();
    params.put("error", error);
    params.put("next", next);
    params.put("name", name == null ? "" : name);
    Pages.respond(templates, ctx, status, "Sign in", "login.jte", params);
  }

  /** Where to go after signing in: a path on this server, nothing else (no other host, no script). */
  static String safeNext(String next) {
    if (next == null || next.length() > 2000 || !next.startsWith("/") || next.startsWith("//")
        || next.startsWith("/login") || next.startsWith("/logout")) {
      return "/";
    }
    for (char c : next.toCharArray()) {
      if (c < 0x21 || c == 0x7f || c == '\\') {
        return "/";
      }
    }
    return next;
  }

  static String loginUrl(String next) {
    String safe = safeNext(next);
    return safe.equals("/") ? "/login" : "/login?next=" + URLEncoder.encode(safe, StandardCharsets.UTF_8);
  }

  /** The path and query of a full URL (htmx's {@code HX-Current-URL}), or {@code /}. */
  static String pathOf(String url) {
    if (url == null) {
      return "/";
    }
    try {
      URI uri = new URI(url);
      return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
          : uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    } catch (URISyntaxException e) {
      return "/";
    }
  }
}
