package dev.slipway.web;

import dev.slipway.bus.Bus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/jobs/{id}/log}: the log as plain text; with {@code ?download=1} as a file to save, named after the
 * job ({@code slipway-1a2b3c4d-build.log}), so a browser saves it instead of showing it. With {@code ?q=} it is a search
 * instead ({@link LogSearchApi}).
 */
final class LogDownload {
  private final BusClient bus;
  private final JobStreams streams;
  private final LogSearchApi search;

  LogDownload(BusClient bus, JobStreams streams) {
    this.bus = bus;
    this.streams = streams;
    this.search = new LogSearchApi(bus);
  }

  void handle(RoutingContext ctx) {
    if (SearchParams.asked(ctx.queryParams())) {
      search.handle(ctx);
      return;
    }
    String id = ctx.pathParam("id");
    if (!wanted(ctx.queryParams().get("download"))) {
      streams.plainLog(ctx, id);
      return;
    }
    // The name needs the job's kind, and an unknown job is a 404 before any header is written.
    bus.request(ctx, Bus.GET, new JsonObject().put("id", id)).onSuccess(job -> {
      ctx.response().putHeader("Content-Disposition", "attachment; filename=\"" + fileName(job) + "\"");
      streams.plainLog(ctx, id);
    }).onFailure(ctx::fail);
  }

  private static boolean wanted(String download) {
    return download != null && !download.isBlank() && !download.equals("0") && !download.equalsIgnoreCase("false");
  }

  /** Only characters that need no quoting in a header (the id is the server's own UUID, the kind a known word). */
  static String fileName(JsonObject job) {
    String id = job.getString("id", "");
    String shortId = id.substring(0, Math.min(8, id.length()));
    return ("slipway-" + shortId + "-" + job.getString("kind", "job") + ".log").replaceAll("[^A-Za-z0-9._-]", "");
  }
}
