package dev.slipway.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses what a hostile web page can make a visitor's browser send: a request for another host name (DNS
 * rebinding) and a state-changing request from another site (CSRF). Scripts that send neither {@code Origin} nor
 * {@code Sec-Fetch-Site} pass.
 */
final class RequestGuard implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  private static final Set<String> SAME_SITE = Set.of("same-origin", "none");
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final Set<String> allowedHosts;

  RequestGuard(Collection<String> allowedHosts) {
    this.allowedHosts = Set.copyOf(allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
  }

  /**
   * The loopback names, plus the configured names, or else (on a server that listens beyond loopback) this
   * machine's own names and addresses. Another name can only come from DNS rebinding or a misdirected request.
   */
  static RequestGuard forBindAddress(String bindAddress, List<String> configured) {
    Set<String> hosts = new TreeSet<>(LOOPBACK_NAMES);
    hosts.addAll(configured);
    boolean loopback = LOOPBACK_NAMES.contains(bindAddress) || bindAddress.startsWith("127.");
    if (configured.isEmpty() && !loopback) {
      hosts.addAll(LocalNames.of(bindAddress));
    }
    LOG.info("answering to the host names {}", hosts);
    return new RequestGuard(hosts);
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Content-Security-Policy", "frame-ancestors 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin");
    HostAndPort authority = ctx.request().authority();
    if (authority == null || authority.host().isEmpty()) {
      // HTTP/1.0 may leave Host out; without it no request can be told from a rebound one.
      ctx.fail(new HttpError.Refused(400, "the request has no Host header: send the server's name in it"));
      return;
    }
    String host = authority.host().toLowerCase(Locale.ROOT);
    if (!allowedHosts.contains(host)) {
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

  /**
   * Whether the browser says this request comes from Slipway's own pages: {@code Sec-Fetch-Site} same-origin or
   * none (typed, bookmarked), or an {@code Origin} equal to this server. A request with a session cookie must, since
   * the browser would attach the cookie to another site's request too; scripts (Basic, tokens) need not.
   */
  static boolean provenSameSite(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    return (ctx.request().getHeader("Sec-Fetch-Site") != null || ctx.request().getHeader("Origin") != null)
        && authority != null && !fromAnotherSite(ctx, authority);
  }

  /**
   * Whether the request carries an {@code Origin} equal to this server. A browser sends it with every WebSocket, whose
   * handshake is a GET that a page of any site may start (with the visitor's cookie): a WebSocket needs this proof.
   */
  static boolean sameOrigin(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    return ctx.request().getHeader("Origin") != null && authority != null
        && !otherOrigin(authority, ctx.request().getHeader("Origin"));
  }

  private static boolean fromAnotherSite(RoutingContext ctx, HostAndPort authority) {
    String site = ctx.request().getHeader("Sec-Fetch-Site");
    if (site != null) {
      return !SAME_SITE.contains(site.toLowerCase(Locale.ROOT));
    }
    return otherOrigin(authority, ctx.request().getHeader("Origin"));
  }

  private static boolean otherOrigin(HostAndPort authority, String origin) {
    if (origin == null || authority == null) {
      return false;
    }
    String self = authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
    return !origin.equalsIgnoreCase("http://" + self) && !origin.equalsIgnoreCase("https://" + self);
  }
}
