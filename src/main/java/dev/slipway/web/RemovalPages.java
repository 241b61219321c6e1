package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Removing a container or an image from the dashboard asks first ({@link Confirmation}), and goes back to the list as
 * it was filtered: each row's form keeps the list's query in its {@code back} field, read again strictly
 * ({@link ListQuery#fromKept}), so it can only ever lead to the list.
 */
final class RemovalPages {
  private final Templates templates;
  private final BusClient bus;
  private final WorkerNodes nodes;

  RemovalPages(Templates templates, BusClient bus, WorkerNodes nodes) {
    this.templates = templates;
    this.bus = bus;
    this.nodes = nodes;
  }

  /** On the node the form names ({@link WorkerNodes#PARAMETER}); the confirmation page passes it on. */
  void container(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    ListQuery list = ListQuery.fromKept(ctx.request().getFormAttribute("back"));
    String back = list.url("/containers");
    Future<String> node = nodes.target(ctx.request().getFormAttribute(WorkerNodes.PARAMETER));
    if (Confirmation.confirmed(ctx)) {
      node.compose(n -> bus.request(ctx, Bus.onNode(n, Bus.DOCKER_REMOVE), new JsonObject().put("id", id)))
          .onSuccess(r -> PageRoutes.redirect(ctx, back)).onFailure(ctx::fail);
      return;
    }
    node.compose(n -> bus.request(ctx, Bus.onNode(n, Bus.DOCKER_CONTAINERS), new JsonObject())
        .map(r -> find(r.getJsonArray("containers"), c -> id.equals(c.getString("id"))
            || id.equals(c.getString("name"))))
        .onSuccess(c -> {
          String name = c == null ? id : c.getString("name");
          Confirmation.ask(templates, ctx, "Remove a container", c == null ? "Remove the container " + id + "?"
                  : "Remove the container " + name + " (" + c.getString("image") + ", " + c.getString("status") + ")?",
              "/containers/" + id + "/remove", fields(null, n, list), "Remove container " + name, back);
        }))
        .onFailure(ctx::fail);
  }

  void image(RoutingContext ctx) {
    String id = ctx.request().getFormAttribute("id");
    if (id == null || id.isBlank()) {
      ctx.fail(new BadRequest("say which image to remove"));
      return;
    }
    ListQuery list = ListQuery.fromKept(ctx.request().getFormAttribute("back"));
    String back = list.url("/images");
    Future<String> node = nodes.target(ctx.request().getFormAttribute(WorkerNodes.PARAMETER));
    if (Confirmation.confirmed(ctx)) {
      node.compose(n -> bus.request(ctx, Bus.onNode(n, Bus.DOCKER_REMOVE_IMAGE), new JsonObject().put("id", id)))
          .onSuccess(r -> PageRoutes.redirect(ctx, back)).onFailure(ctx::fail);
      return;
    }
    node.compose(n -> bus.request(ctx, Bus.onNode(n, Bus.DOCKER_IMAGES), new JsonObject())
        .map(r -> find(r.getJsonArray("images"), i -> id.equals(i.getString("id"))
            || i.getJsonArray("tags").contains(id)))
        .onSuccess(i -> {
          boolean tagged = i != null && !i.getJsonArray("tags").isEmpty();
          String name = tagged ? i.getJsonArray("tags").getString(0) : shortId(id);
          Confirmation.ask(templates, ctx, "Remove an image", tagged ? "Remove the image "
                  + String.join(", ", i.getJsonArray("tags").stream().map(String::valueOf).toList()) + " (" + id + ")?"
                  : "Remove the image " + id + "?", "/images/remove", fields(id, n, list), "Remove image " + name, back);
        }))
        .onFailure(ctx::fail);
  }

  private static Map<String, String> fields(String id, String node, ListQuery list) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("id", id);
    fields.put(WorkerNodes.PARAMETER, node);
    fields.put("back", list.queryString());
    return fields;
  }

  private static String shortId(String id) {
    String bare = id.replaceFirst("^sha256:", "");
    return bare.substring(0, Math.min(12, bare.length()));
  }

  private static JsonObject find(JsonArray list, java.util.function.Predicate<JsonObject> match) {
    return list.stream().map(o -> (JsonObject) o).filter(match).findFirst().orElse(null);
  }
}
