package dev.slipway.web;

import dev.slipway.domain.Caller;
import dev.slipway.metrics.SlipwayMeters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** One open dashboard's job table over server-sent events: a {@code jobs} event with the table on every change. */
final class JobListStream implements JobListFeed.Follower {
  private final Vertx vertx;
  private final RoutingContext ctx;
  private final JobListFeed feed;
  private final long heartbeatMs;
  private HttpServerResponse response;
  private long heartbeat = -1;
  private boolean closed;

  JobListStream(Vertx vertx, RoutingContext ctx, JobListFeed feed, long heartbeatMs) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.feed = feed;
    this.heartbeatMs = heartbeatMs;
  }

  void start() {
    SlipwayMeters.of(vertx).streamOpened(SlipwayMeters.JOB_LIST_STREAM);
    response = ctx.response();
    response.closeHandler(v -> close());
    heartbeat = Sse.open(vertx, response, heartbeatMs, this::cutOff);
    feed.join(this);
  }

  @Override
  public Caller caller() {
    return Authentication.caller(ctx);
  }

  @Override
  public String host() {
    return PageRoutes.host(ctx);
  }

  @Override
  public void onTable(String html) {
    if (closed) {
      return;
    }
    response.write(Sse.event(null, "jobs", html));
    if (response.writeQueueFull()) {
      cutOff();
    }
  }

  @Override
  public void refused() {
    cutOff();
  }

  /** A suspended laptop's tab: drop it; on reconnect it gets the table afresh. */
  private void cutOff() {
    if (!closed) {
      response.reset();
      close();
    }
  }

  private void close() {
    if (!closed) {
      closed = true;
      SlipwayMeters.of(vertx).streamClosed(SlipwayMeters.JOB_LIST_STREAM);
      vertx.cancelTimer(heartbeat);
      feed.leave(this);
    }
  }
}
