package dev.slipway.web;

import dev.slipway.audit.StopRecords;
import dev.slipway.bus.Bus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code GET /jobs/{id}/stopped-by}: the sentence a stopped run's page shows, "Stopped by you." or "Stopped by ana.",
 * loaded by the page (and by the state swap that ends the run) from the audit log ({@link StopRecords}).
 */
final class StoppedBy {
  private final Templates templates;
  private final BusClient bus;
  private final StopRecords records;

  StoppedBy(Vertx vertx, Templates templates, StopRecords records) {
    this.templates = templates;
    this.bus = new BusClient(vertx);
    this.records = records;
  }

  void mount(Router router) {
    router.get("/jobs/:id/stopped-by").handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    bus.request(ctx, Bus.GET, new JsonObject().put("id", ctx.pathParam("id")))
        .compose(job -> records.stoppedBy(job.getString("id"), job.getString("containerId")))
        .onSuccess(user -> {
          String viewer = Authentication.caller(ctx).user();
          ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(templates.render("stoppedBy.jte",
              Map.of("who", user == null ? "" : user.equals(viewer) ? "you" : user)));
        })
        .onFailure(ctx::fail);
  }
}
