package dev.slipway.web;

import dev.slipway.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * Keeps the dashboard's job table current: on every job state change (at most every 300 ms) it sends the table,
 * rendered afresh, as one {@code jobs} event.
 */
final class JobListStream {
  private static final long QUIET_MS = 300;

  private final Vertx vertx;
  private final RoutingContext ctx;
  private final Supplier<Future<String>> render;
  private final long heartbeatMs;
  private MessageConsumer<JsonObject> states;
  private HttpServerResponse response;
  private long heartbeat = -1;
  private boolean scheduled;
  private boolean closed;

  JobListStream(Vertx vertx, RoutingContext ctx, Supplier<Future<String>> render, long heartbeatMs) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.render = render;
    this.heartbeatMs = heartbeatMs;
  }

  void start() {
    ctx.response().closeHandler(v -> close());
    states = vertx.eventBus().consumer(Bus.STATES, m -> schedule());
    states.completion().onSuccess(v -> open()).onFailure(ctx::fail);
  }

  private void open() {
    if (closed) {
      return;
    }
    response = ctx.response();
    heartbeat = Sse.open(vertx, response, heartbeatMs, this::cutOff);
    schedule();
  }

  private void schedule() {
    if (scheduled || closed) {
      return;
    }
    scheduled = true;
    vertx.setTimer(QUIET_MS, t -> render.get().onComplete(html -> {
      scheduled = false;
      if (html.succeeded() && !closed && response != null) {
        response.write(Sse.event(null, "jobs", html.result()));
        if (response.writeQueueFull()) {
          cutOff();
        }
      }
    }));
  }

  /** A suspended laptop's tab: drop it; on reconnect it gets the table afresh. */
  private void cutOff() {
    response.reset();
    close();
  }

  private void close() {
    if (!closed) {
      closed = true;
      vertx.cancelTimer(heartbeat);
      states.unregister();
    }
  }
}
