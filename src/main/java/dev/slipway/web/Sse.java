package dev.slipway.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/** The server-sent events wire format. */
final class Sse {
  private Sse() {
  }

  /**
   * Starts an event stream on {@code response}; returns the heartbeat timer, which the caller cancels on close. A
   * heartbeat that finds the write queue still full calls {@code stalled}: a reader that stopped reading is cut off
   * within a heartbeat even when nothing else is written to it.
   */
  static long open(Vertx vertx, HttpServerResponse response, long heartbeatMs, Runnable stalled) {
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no")
        .write("retry: 2000\n\n");
    return vertx.setPeriodic(heartbeatMs, t -> {
      if (response.writeQueueFull()) {
        stalled.run();
      } else {
        response.write(": keep-alive\n\n");
      }
    });
  }

  /** One event; {@code data} may hold line breaks, which become one {@code data:} field per line. */
  static String event(Long id, String event, String data) {
    StringBuilder sb = new StringBuilder(data.length() + 32);
    appendEvent(sb, id, event, data);
    return sb.toString();
  }

  /** Appends one event to {@code out} (see {@link #event}). */
  static void appendEvent(StringBuilder out, Long id, String event, CharSequence data) {
    if (id != null) {
      out.append("id: ").append(id).append('\n');
    }
    out.append("event: ").append(event).append("\ndata: ");
    int length = data.length();
    for (int i = 0; i < length; i++) {
      char c = data.charAt(i);
      if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < length && data.charAt(i + 1) == '\n') {
          i++;
        }
        out.append("\ndata: ");
      } else {
        out.append(c);
      }
    }
    out.append("\n\n");
  }
}
