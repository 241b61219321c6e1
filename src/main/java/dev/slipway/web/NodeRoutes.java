package dev.slipway.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** {@code GET /api/nodes} and the Nodes page: every node of the registry, alive or gone. */
final class NodeRoutes {
  private final Templates templates;
  private final WorkerNodes nodes;

  NodeRoutes(Templates templates, WorkerNodes nodes) {
    this.templates = templates;
    this.nodes = nodes;
  }

  void mount(Router router) {
    router.get("/api/nodes").handler(ctx -> views().onSuccess(list -> ctx.response()
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .end(new JsonArray(list.stream().map(NodeView::json).map(Object.class::cast).toList()).encode()))
        .onFailure(ctx::fail));
    router.get("/nodes").handler(this::page);
  }

  /** One fragment for the page and for its refresh every few seconds (an htmx swap of the fragment alone). */
  private void page(RoutingContext ctx) {
    views().onSuccess(list -> Pages.respond(templates, ctx, 200, "Nodes", "nodes.jte", Map.of("nodes", list,
            "gone", list.stream().filter(n -> !n.alive()).count())))
        .onFailure(ctx::fail);
  }

  private Future<List<NodeView>> views() {
    return nodes.all().map(list -> {
      long now = System.currentTimeMillis();
      return list.stream().map(n -> new NodeView(n, now, n.name().equals(nodes.self()))).toList();
    });
  }
}
