package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** A job's log as plain text, and its live event stream. */
final class JobStreams {
  private static final int PAGE = 5000;
  /** A download whose client takes nothing for this long is cut off (it holds a page of the log). */
  private static final long DRAIN_LIMIT_MS = 30_000;
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
    JobEventStream stream = new JobEventStream(vertx, feeds, ctx, jobId, after, format, heartbeatMs,
        Authentication.caller(ctx).user());
    if ("true".equals(ctx.queryParams().get("stats"))) {
      stream.withStats(Authentication.caller(ctx).user());
    }
    stream.start();
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

  private Future<LogPages.Page> readPage(String jobId, long after, String user) {
    return LogPages.read(vertx, jobId, after, PAGE, new DeliveryOptions().addHeader(Bus.USER_HEADER, user));
  }

  /** Writes a page, reads the next one while the client takes it (one page ahead at most), and so on to the end. */
  private Future<Void> writePages(HttpServerResponse response, String jobId, Future<LogPages.Page> reading,
                                  String user) {
    return reading.compose(page -> {
      if (!response.headWritten()) {
        response.setChunked(true).putHeader("Content-Type", "text/plain; charset=utf-8");
      }
      StringBuilder text = new StringBuilder();
      page.lines().forEach(line -> text.append(line.text()).append('\n'));
      response.write(text.toString());
      // Pages are bounded by lines and by characters: the log so far ends at the job's line count, not at a short page.
      long last = page.lines().isEmpty() ? 0 : page.lines().get(page.lines().size() - 1).n();
      if (page.lines().isEmpty() || last >= page.jobLines()) {
        return response.end();
      }
      if (response.closed()) {
        return Future.succeededFuture();
      }
      Future<LogPages.Page> next = readPage(jobId, last, user);
      return Drain.within(vertx, response, DRAIN_LIMIT_MS).compose(v -> writePages(response, jobId, next, user));
    });
  }
}
