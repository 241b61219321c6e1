package dev.slipway.web;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** How every dashboard page answers: the whole page, or only the fragment for an htmx swap; and redirects. */
final class Pages {
  private Pages() {
  }

  /** The whole page for a normal or boosted request; the fragment alone for an htmx swap. */
  static void respond(Templates templates, RoutingContext ctx, int status, String title, String template,
                      Map<String, Object> params) {
    String html = wantsFragment(ctx) ? templates.render(template, params)
        : templates.page(Authentication.caller(ctx), title, template, params, ctx.normalizedPath());
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
  }

  /** Whether this is an htmx swap, which wants only the fragment (not a boosted navigation, which wants the page). */
  static boolean wantsFragment(RoutingContext ctx) {
    // htmx restoring a page missing from its history cache asks with HX-Request too, and needs the whole page.
    return ctx.request().getHeader("HX-Request") != null && ctx.request().getHeader("HX-Boosted") == null
        && ctx.request().getHeader("HX-History-Restore-Request") == null;
  }

  /** A boosted form follows a 303 like a browser would, and keeps its HX-Boosted header on the new page. */
  static void redirect(RoutingContext ctx, String location) {
    if (ctx.request().getHeader("HX-Request") != null && ctx.request().getHeader("HX-Boosted") == null) {
      ctx.response().putHeader("HX-Location", location).setStatusCode(204).end();
    } else {
      ctx.response().putHeader("Location", location).setStatusCode(303).end();
    }
  }
}
