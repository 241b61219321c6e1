package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The images or containers of every alive worker node: asked in parallel, merged ({@link ListMerge}), each item with
 * its {@code node}. A node that does not answer within {@value #ANSWER_MS} ms (or whose engine is away) holds up no
 * other: the answer lists it under {@code unreachable}, {@code [{"node", "error"}]}.
 */
final class MergedLists {
  /** Long enough for a busy engine to list thousands of items; short enough for a page to stay usable. */
  static final long ANSWER_MS = 5_000;

  private final BusClient bus;
  private final WorkerNodes nodes;

  MergedLists(BusClient bus, WorkerNodes nodes) {
    this.bus = bus;
    this.nodes = nodes;
  }

  /** {@code {"images": […], "unreachable": […]}} for the caller of {@code ctx}, as its {@link ListQuery} says. */
  Future<JsonObject> images(RoutingContext ctx) {
    return list(ctx, Bus.DOCKER_IMAGES, "images");
  }

  /** {@code {"containers": […], "unreachable": […]}}. */
  Future<JsonObject> containers(RoutingContext ctx) {
    return list(ctx, Bus.DOCKER_CONTAINERS, "containers");
  }

  private Future<JsonObject> list(RoutingContext ctx, String address, String key) {
    ListQuery query;
    try {
      query = ListQuery.from(ctx.queryParams());
    } catch (BadRequest wrong) {
      return Future.failedFuture(wrong);
    }
    if (query.state() != null && "images".equals(key)) {
      return Future.failedFuture(new BadRequest("state filters containers; images have none"));
    }
    JsonObject request = query.workerRequest();
    return nodes.aliveWorkers().compose(names -> {
      List<Future<JsonObject>> answers = names.stream()
          .map(node -> bus.request(ctx, Bus.onNode(node, address), request.copy(), ANSWER_MS)).toList();
      return Future.join(answers).transform(all -> merged(names, answers, key, nodes.self()))
          .map(merged -> merged.put(key, query.keep(merged.getJsonArray(key), key)));
    });
  }

  /**
   * The answers merged. A refusal (4xx: a bad filter, a role too small) is the request's, not a node's: it is the
   * answer. When no node could list anything, the first failure is the answer too (one node whose engine is away
   * answers 503, as before there were nodes).
   */
  private static Future<JsonObject> merged(List<String> names, List<Future<JsonObject>> answers, String key,
                                           String self) {
    List<ListMerge.Answer> listed = new ArrayList<>();
    JsonArray unreachable = new JsonArray();
    Throwable firstFailure = null;
    for (int i = 0; i < names.size(); i++) {
      Future<JsonObject> answer = answers.get(i);
      if (answer.succeeded()) {
        listed.add(new ListMerge.Answer(names.get(i), answer.result().getString("engine", "node:" + names.get(i)),
            answer.result().getJsonArray(key, new JsonArray())));
        continue;
      }
      HttpError error = HttpError.of(answer.cause());
      if (error.status() >= 400 && error.status() < 500) {
        return Future.failedFuture(answer.cause());
      }
      firstFailure = firstFailure == null ? answer.cause() : firstFailure;
      unreachable.add(new JsonObject().put("node", names.get(i)).put("error", error.status() == 504
          ? "no answer within " + ANSWER_MS / 1000 + " s" : error.message()));
    }
    if (listed.isEmpty() && firstFailure != null) {
      return Future.failedFuture(firstFailure);
    }
    return Future.succeededFuture(new JsonObject().put(key, ListMerge.merge(listed, self)).put("unreachable", unreachable));
  }
}
