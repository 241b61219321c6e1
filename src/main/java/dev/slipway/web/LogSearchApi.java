package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/jobs/{id}/log?q=TEXT[&regex=true][&matchCase=true][&after=N][&limit=N]}: the matching lines as
 * {@code [{"n", "text"}]}. {@code X-Truncated} says whether the search stopped before the end of the log; when it did,
 * {@code X-Stopped-By} says why ({@code matches}, {@code size} or {@code time}) and {@code X-Next-After} where the next
 * search goes on ({@code after=N}).
 */
final class LogSearchApi {
  private final BusClient bus;

  LogSearchApi(BusClient bus) {
    this.bus = bus;
  }

  void handle(RoutingContext ctx) {
    JsonObject body;
    try {
      body = SearchParams.body(ctx.queryParams()).put("id", ctx.pathParam("id"));
    } catch (BadRequest e) {
      ctx.fail(e);
      return;
    }
    bus.request(ctx, Bus.SEARCH, body).onSuccess(found -> {
      JsonArray lines = new JsonArray();
      found.getJsonArray("matches").forEach(m -> {
        JsonObject match = (JsonObject) m;
        lines.add(new JsonObject().put("n", match.getLong("n")).put("text", match.getString("text")));
      });
      boolean truncated = found.getBoolean("truncated", false);
      ctx.response().putHeader("X-Truncated", String.valueOf(truncated));
      if (truncated) {
        ctx.response().putHeader("X-Stopped-By", found.getString("stoppedBy"))
            .putHeader("X-Next-After", String.valueOf(found.getLong("nextAfter")));
      }
      ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(lines.encode());
    }).onFailure(ctx::fail);
  }
}
