package dev.slipway.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/** Waiting for a client to take what was written, before writing more: the memory a client can pin is bounded. */
final class Drain {
  private Drain() {
  }

  /**
   * Completes once the response's write queue has room, else fails after {@code limitMs}. It leaves the response's
   * close handler alone: that belongs to the caller.
   */
  static Future<Void> within(Vertx vertx, HttpServerResponse response, long limitMs) {
    if (!response.writeQueueFull()) {
      return Future.succeededFuture();
    }
    return Future.future(p -> {
      long timer = vertx.setTimer(limitMs, t -> p.tryFail("the client took no data for " + limitMs + " ms"));
      response.drainHandler(v -> {
        vertx.cancelTimer(timer);
        p.tryComplete();
      });
    });
  }
}
