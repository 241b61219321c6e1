package dev.slipway.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses what a hostile web page can make a visitor's browser send: a request for another host name (DNS
 * rebinding) and a state-changing request from another site (CSRF). Scripts that send neither {@code Origin} nor
 * {@code Sec-Fetch-Site} pass.
 */
final class RequestGuard implements Handler<RoutingContext> {
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  private static final Set<String> SAME_SITE = Set.of("same-origin", "none");
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final Set<String> allowedHosts;

  /** {@code allowedHosts} empty: any host name (a server shared on a network); otherwise only those. */
  RequestGuard(List<String> allowedHosts) {
    this.allowedHosts = Set.copyOf(allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
  }

  /** The loopback names when Slipway listens on loopback only; any name otherwise, unless configured. */
  static RequestGuard forBindAddress(String bindAddress, List<String> configured) {
    if (!configured.isEmpty()) {
      return new RequestGuard(configured);
    }
    boolean loopback = LOOPBACK_NAMES.contains(bindAddress) || bindAddress.startsWith("127.");
    return new RequestGuard(loopback ? List.copyOf(LOOPBACK_NAMES) : List.of());
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Content-Security-Policy", "frame-ancestors 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin");
    HostAndPort authority = ctx.request().authority();
    String host = authority == null ? "" : authority.host().toLowerCase(Locale.ROOT);
    if (!allowedHosts.isEmpty() && !allowedHosts.contains(host)) {
      ctx.fail(new HttpError.Refused(421, "this Slipway does not answer to the host name '" + host
          + "' (see SLIPWAY_ALLOWED_HOSTS)"));
      return;
    }
    if (!SAFE.contains(ctx.request().method()) && fromAnotherSite(ctx, authority)) {
      ctx.fail(new HttpError.Refused(403, "cross-site request refused"));
      return;
    }
    ctx.next();
  }

  private static boolean fromAnotherSite(RoutingContext ctx, HostAndPort authority) {
    String site = ctx.request().getHeader("Sec-Fetch-Site");
    if (site != null) {
      return !SAME_SITE.contains(site.toLowerCase(Locale.ROOT));
    }
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || authority == null) {
      return false;
    }
    String self = authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
    return !origin.equalsIgnoreCase("http://" + self) && !origin.equalsIgnoreCase("https://" + self);
  }
}
