package dev.slipway.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Images and Containers pages: a GET form of filters whose URL holds them ({@link ListQuery}; bookmarkable, works
 * without JavaScript), htmx on top swapping only the results; the same fragment serves the page, the filter's swap and
 * the Containers page's refresh.
 */
final class ListPages {
  private final Templates templates;
  private final MergedLists lists;
  private final WorkerNodes nodes;

  ListPages(Templates templates, MergedLists lists, WorkerNodes nodes) {
    this.templates = templates;
    this.lists = lists;
    this.nodes = nodes;
  }

  void images(RoutingContext ctx) {
    show(ctx, lists.images(ctx), "Images", "images.jte", r -> Rows.images(r.getJsonArray("images")));
  }

  void containers(RoutingContext ctx) {
    show(ctx, lists.containers(ctx), "Containers", "containers.jte",
        r -> Rows.containers(r.getJsonArray("containers"), PageRoutes.host(ctx)));
  }

  private void show(RoutingContext ctx, Future<JsonObject> list, String title, String template,
                    java.util.function.Function<JsonObject, List<?>> rows) {
    Future<List<String>> workers = nodes.choice().map(choice -> choice.options().stream()
        .map(NodeChoice.Option::name).toList());
    list.compose(r -> workers.map(r)).onSuccess(r -> {
      Map<String, Object> params = new HashMap<>();
      params.put(template.replace(".jte", ""), rows.apply(r));
      params.put("query", ListQuery.from(ctx.queryParams()));
      params.put("unreachable", Rows.unreachable(r.getJsonArray("unreachable")));
      params.put("nodes", workers.result());
      Pages.respond(templates, ctx, 200, title, template, params);
    }).onFailure(ctx::fail);
  }
}
