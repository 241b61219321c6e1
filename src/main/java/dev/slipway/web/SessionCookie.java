package dev.slipway.web;

import dev.slipway.auth.Sessions;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The dashboard's session cookie: HttpOnly (no script reads it), SameSite=Lax (other sites' forms do not carry it),
 * Secure when the browser reached Slipway over TLS, directly or through a proxy that says so.
 */
final class SessionCookie {
  static final String NAME = "slipway_session";

  private SessionCookie() {
  }

  static String of(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(NAME);
    return cookie == null ? null : cookie.getValue();
  }

  static void set(RoutingContext ctx, String sessionId) {
    ctx.response().addCookie(base(ctx, sessionId).setMaxAge(Sessions.ABSOLUTE.toSeconds()));
  }

  static void clear(RoutingContext ctx) {
    ctx.response().addCookie(base(ctx, "").setMaxAge(0));
  }

  private static Cookie base(RoutingContext ctx, String value) {
    return Cookie.cookie(NAME, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX)
        .setSecure(overTls(ctx.request()));
  }

  private static boolean overTls(HttpServerRequest request) {
    String forwarded = request.getHeader("X-Forwarded-Proto");
    return request.isSSL() || forwarded != null && forwarded.split(",")[0].trim().equalsIgnoreCase("https");
  }
}
