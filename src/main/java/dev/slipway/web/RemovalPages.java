package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Removing a container or an image from the dashboard asks first. Without JavaScript the Remove button's POST
 * answers with a page that says what would go and holds a second form ({@code confirm=yes}); with htmx the browser
 * asks ({@code hx-confirm}) and the request then carries {@code confirm=yes} itself.
 */
final class RemovalPages {
  static final List<String> FILTERS = List.of("mine", "slipway", "all");

  private final BusClient bus;
  private final WorkerNodes nodes;
  private final PageRoutes pages;

  RemovalPages(BusClient bus, WorkerNodes nodes, PageRoutes pages) {
    this.bus = bus;
    this.nodes = nodes;
    this.pages = pages;
  }

  /** On the node the form names ({@link WorkerNodes#PARAMETER}); the confirmation page passes it on. */
  void container(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String back = "/containers" + filterQuery(ctx);
    Future<String> node = nodes.target(ctx.request().getFormAttribute(WorkerNodes.PARAMETER));
    if (confirmed(ctx)) {
      node.compose(n -> bus.request(ctx, Bus.onNode(n, Bus.DOCKER_REMOVE), new JsonObject().put("id", id)))
          .onSuccess(r -> PageRoutes.redirect(ctx, back)).onFailure(ctx::fail);
      return;
    }
    node.compose(n -> bus.request(ctx, Bus.onNode(n, Bus.DOCKER_CONTAINERS), new JsonObject())
        .map(r -> find(r.getJsonArray("containers"), c -> id.equals(c.getString("id"))
            || id.equals(c.getString("name"))))
        .onSuccess(c -> ask(ctx, "Remove a container", c == null ? "the container " + id
            : "the container " + c.getString("name") + " (" + c.getString("image") + ", " + c.getString("status") + ")",
            "/containers/" + id + "/remove", null, back, n)))
        .onFailure(ctx::fail);
  }

  void image(RoutingContext ctx) {
    String id = ctx.request().getFormAttribute("id");
    if (id == null || id.isBlank()) {
      ctx.fail(new BadRequest("say which image to remove"));
      return;
    }
    String back = "/images" + filterQuery(ctx);
    Future<String> node = nodes.target(ctx.request().getFormAttribute(WorkerNodes.PARAMETER));
    if (confirmed(ctx)) {
      node.compose(n -> bus.request(ctx, Bus.onNode(n, Bus.DOCKER_REMOVE_IMAGE), new JsonObject().put("id", id)))
          .onSuccess(r -> PageRoutes.redirect(ctx, back)).onFailure(ctx::fail);
      return;
    }
    node.compose(n -> bus.request(ctx, Bus.onNode(n, Bus.DOCKER_IMAGES), new JsonObject())
        .map(r -> find(r.getJsonArray("images"), i -> id.equals(i.getString("id"))
            || i.getJsonArray("tags").contains(id)))
        .onSuccess(i -> ask(ctx, "Remove an image", i == null || i.getJsonArray("tags").isEmpty() ? "the image " + id
            : "the image " + String.join(", ", i.getJsonArray("tags").stream().map(String::valueOf).toList())
            + " (" + id + ")", "/images/remove", id, back, n)))
        .onFailure(ctx::fail);
  }

  /** The filter a list page shows: {@code ?filter=} when it is one of {@link #FILTERS}, else {@code all}. */
  static String shownFilter(RoutingContext ctx) {
    String filter = ctx.request().getParam("filter");
    return filter != null && FILTERS.contains(filter) ? filter : "all";
  }

  private void ask(RoutingContext ctx, String title, String what, String action, String id, String back,
                   String node) {
    Map<String, Object> params = new HashMap<>();
    params.put("node", node);
    params.put("title", title);
    params.put("what", what);
    params.put("action", action);
    params.put("id", id);
    params.put("filter", shownFilter(ctx));
    params.put("back", back);
    pages.respond(ctx, 200, title, "confirm.jte", params);
  }

  private static boolean confirmed(RoutingContext ctx) {
    return "yes".equals(ctx.request().getFormAttribute("confirm"));
  }

  /** Back to the list as it was filtered; a filter that is not one of ours is dropped, not echoed. */
  private static String filterQuery(RoutingContext ctx) {
    String filter = ctx.request().getParam("filter");
    return filter != null && FILTERS.contains(filter) ? "?filter=" + filter : "";
  }

  private static JsonObject find(JsonArray list, java.util.function.Predicate<JsonObject> match) {
    return list.stream().map(o -> (JsonObject) o).filter(match).findFirst().orElse(null);
  }
}
