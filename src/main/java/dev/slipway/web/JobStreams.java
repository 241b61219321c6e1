package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A job's log as plain text, and its live event stream. */
final class JobStreams {
  private static final int PAGE = 5000;
  private final Vertx vertx;
  private final long heartbeatMs;
  private final JobFeeds feeds;

  JobStreams(Vertx vertx, long heartbeatMs) {
    this.vertx = vertx;
    this.heartbeatMs = heartbeatMs;
    this.feeds = new JobFeeds(vertx, JobFeeds.LINGER_MS);
  }

  void follow(RoutingContext ctx, String jobId, SseFormat format) {
    long after;
    try {
      after = afterOf(ctx);
    } catch (BadRequest e) {
      ctx.fail(e);
      return;
    }
    new JobEventStream(vertx, feeds, ctx, jobId, after, format, heartbeatMs, Authentication.caller(ctx).user())
        .start();
  }

  /** The last line the client has: the {@code Last-Event-ID} header, else {@code ?after=N}, else 0. */
  static long afterOf(RoutingContext ctx) {
    String raw = ctx.request().getHeader("Last-Event-ID");
    if (raw == null || raw.isBlank()) {
      raw = ctx.queryParams().get("after");
    }
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    if (!raw.trim().matches("\\d{1,18}")) {
      throw new BadRequest("Last-Event-ID and after must be a line number");
    }
    return Long.parseLong(raw.trim());
  }

  void plainLog(RoutingContext ctx, String jobId) {
    HttpServerResponse response = ctx.response();
    String user = Authentication.caller(ctx).user();
    writePages(response, jobId, readPage(jobId, 0, user), user).onFailure(e -> {
      if (response.headWritten()) {
        response.reset();
      } else {
        ctx.fail(e);
      }
    });
  }

  private Future<JsonObject> readPage(String jobId, long after, String user) {
    JsonObject query = new JsonObject().put("id", jobId).put("after", after).put("limit", PAGE);
    DeliveryOptions asUser = new DeliveryOptions().addHeader(Bus.USER_HEADER, user);
    return vertx.eventBus().<JsonObject>request(Bus.LOG, query, asUser).map(Message::body);
  }

  /** Writes a page, reads the next one while the client takes it (one page ahead at most), and so on to the end. */
  private Future<Void> writePages(HttpServerResponse response, String jobId, Future<JsonObject> page, String user) {
    return page.compose(body -> {
      if (!response.headWritten()) {
        response.setChunked(true).putHeader("Content-Type", "text/plain; charset=utf-8");
      }
      JsonArray lines = body.getJsonArray("lines");
      StringBuilder text = new StringBuilder();
      lines.forEach(l -> text.append(((JsonObject) l).getString("text")).append('\n'));
      response.write(text.toString());
      // Pages are bounded by lines and by characters: the log so far ends at the job's line count, not at a short page.
      long last = lines.isEmpty() ? 0 : lines.getJsonObject(lines.size() - 1).getLong("n");
      if (lines.isEmpty() || last >= body.getJsonObject("job").getLong("lines", 0L)) {
        return response.end();
      }
      if (response.closed()) {
        return Future.succeededFuture();
      }
      Future<JsonObject> next = readPage(jobId, last, user);
      return drained(response).compose(v -> writePages(response, jobId, next, user));
    });
  }

  private static Future<Void> drained(HttpServerResponse response) {
    if (!response.writeQueueFull()) {
      return Future.succeededFuture();
    }
    return Future.future(p -> {
      response.drainHandler(v -> p.tryComplete());
      response.closeHandler(v -> p.tryFail("the client went away"));
    });
  }
}
