package dev.slipway.web;

import dev.slipway.domain.ContainerState;
import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The console: a page with a terminal ({@code /containers/{id}/console}) and its WebSocket ({@code …/console/socket}),
 * for operators (the worker checks whose container it is). The socket is signed in like a page (the session cookie)
 * and must come from Slipway's own pages ({@code Origin}); a user has at most {@value #MAX_PER_USER} open at once
 * on a web node.
 */
final class ConsoleRoutes {
  static final int MAX_PER_USER = 4;

  private final Vertx vertx;
  private final Templates templates;
  private final BusClient bus;
  private final WorkerNodes nodes;
  /** Touched on this verticle's event loop only. */
  private final Map<String, Integer> openPerUser = new HashMap<>();
  private final Set<ConsoleSocket> open = new HashSet<>();

  ConsoleRoutes(Vertx vertx, Templates templates, WorkerNodes nodes) {
    this.vertx = vertx;
    this.templates = templates;
    this.bus = new BusClient(vertx);
    this.nodes = nodes;
  }

  void mount(Router router) {
    router.get("/containers/:id/console").handler(this::page);
    router.get("/containers/:id/console/socket").handler(this::socket);
  }

  /** Slipway is stopping: every console's page hears it, and their shells end. */
  void closeAll() {
    List.copyOf(open).forEach(ConsoleSocket::shutdown);
  }

  /** The page, for a container of the node {@code ?node=} names: 404 for one that is not there. */
  private void page(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    nodes.target(ctx.queryParams().get(WorkerNodes.PARAMETER))
        .compose(node -> bus.request(ctx, Bus.onNode(node, Bus.DOCKER_CONTAINERS), new JsonObject())
            .map(list -> {
              JsonObject found = list.getJsonArray("containers").stream().map(o -> (JsonObject) o)
                  .filter(c -> id.equals(c.getString("id")) || id.equals(c.getString("name"))
                      || id.length() >= 12 && c.getString("id", "").startsWith(id))
                  .findFirst()
                  .orElseThrow(() -> new BadRequest(404, "there is no container '" + id + "' on node " + node));
              return Map.<String, Object>of("container", found, "node", node, "running",
                  ContainerState.isRunning(found.getString("state")));
            }))
        .onSuccess(params -> Pages.respond(templates, ctx, (Boolean) params.get("running") ? 200 : 409,
            "Console of " + ((JsonObject) params.get("container")).getString("name"), "console.jte", params))
        .onFailure(ctx::fail);
  }

  private void socket(RoutingContext ctx) {
    if (!RequestGuard.sameOrigin(ctx)) {
      ctx.fail(new HttpError.Refused(403, "a console's WebSocket must come from Slipway's own page (Origin)"));
      return;
    }
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.fail(new HttpError.Refused(400, "this address takes a WebSocket: open /containers/"
          + ctx.pathParam("id") + "/console instead"));
      return;
    }
    Caller caller = Authentication.caller(ctx);
    JsonObject size = new JsonObject().put("cols", number(ctx, "cols")).put("rows", number(ctx, "rows"));
    // Upgraded at once: after a wait (the node registry) the request would be read to its end, and past upgrading.
    // Refusals from here on close the socket with a reason, which the page can show (it cannot read an HTTP status).
    ctx.request().toWebSocket()
        .onSuccess(ws -> {
          if (openPerUser.getOrDefault(caller.user(), 0) >= MAX_PER_USER) {
            ConsoleSocket.refuse(ws, new HttpError(429, caller.user() + " has " + MAX_PER_USER
                + " consoles open already: close one first"));
            return;
          }
          openPerUser.merge(caller.user(), 1, Integer::sum);
          ConsoleSocket[] socket = {null};
          socket[0] = new ConsoleSocket(vertx, ws, caller, Authentication.address(ctx), ctx.pathParam("id"), size,
              () -> {
                open.remove(socket[0]);
                release(caller.user());
              });
          open.add(socket[0]);
          socket[0].start(nodes.target(ctx.queryParams().get(WorkerNodes.PARAMETER)));
        })
        .onFailure(e -> {
          if (!ctx.response().headWritten()) {
            ctx.fail(e);
          }
        });
  }

  private void release(String user) {
    openPerUser.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null);
  }

  private static Integer number(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    return value != null && value.matches("\\d{1,4}") ? Integer.valueOf(value) : null;
  }
}
