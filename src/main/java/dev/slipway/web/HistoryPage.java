package dev.slipway.web;

import dev.slipway.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /history}: every job, newest first, filtered by kind, state, user, node, app or image and text, 50 a page.
 * A plain GET form whose URL holds the filters (bookmarkable, works without JavaScript); htmx swaps only the results.
 */
final class HistoryPage {
  static final int PAGE_SIZE = 50;

  private final Templates templates;
  private final BusClient bus;
  private final WorkerNodes nodes;

  HistoryPage(Templates templates, BusClient bus, WorkerNodes nodes) {
    this.templates = templates;
    this.bus = bus;
    this.nodes = nodes;
  }

  void handle(RoutingContext ctx) {
    JsonObject request = JobFilters.listRequest(ctx.queryParams(), PAGE_SIZE);
    Future<List<String>> workers = nodes.choice().map(choice -> choice.options().stream()
        .map(NodeChoice.Option::name).toList());
    bus.request(ctx, Bus.LIST, request).compose(reply -> workers.map(reply)).onSuccess(reply -> {
      Map<String, String> filters = new LinkedHashMap<>();
      JobFilters.NAMES.forEach(name -> {
        if (request.getString(name) != null) {
          filters.put(name, request.getString(name));
        }
      });
      JsonArray jobs = reply.getJsonArray("jobs");
      List<JobView> views = jobs.stream().map(j -> new JobView((JsonObject) j, PageRoutes.host(ctx))).toList();
      HistoryView history = new HistoryView(filters, views, reply.getLong("total"), reply.getInteger("page"),
          reply.getInteger("size"));
      Pages.respond(templates, ctx, 200, "History", "history.jte", Map.of("history", history,
          "workerNodes", workers.result()));
    }).onFailure(ctx::fail);
  }
}
