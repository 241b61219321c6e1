package dev.slipway.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/** The server-sent events wire format. */
final class Sse {
  private Sse() {
  }

  /** Starts an event stream on {@code response}; returns the heartbeat timer, which the caller cancels on close. */
  static long open(Vertx vertx, HttpServerResponse response, long heartbeatMs) {
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no")
        .write("retry: 2000\n\n");
    return vertx.setPeriodic(heartbeatMs, t -> response.write(": keep-alive\n\n"));
  }

  /** One event; {@code data} may hold line breaks, which become one {@code data:} field per line. */
  static String event(Long id, String event, String data) {
    StringBuilder sb = new StringBuilder(data.length() + 32);
    if (id != null) {
      sb.append("id: ").append(id).append('\n');
    }
    sb.append("event: ").append(event).append('\n');
    for (String part : data.split("\r\n|\r|\n", -1)) {
      sb.append("data: ").append(part).append('\n');
    }
    return sb.append('\n').toString();
  }
}
