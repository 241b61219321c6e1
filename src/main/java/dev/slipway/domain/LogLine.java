package dev.slipway.domain;

import io.vertx.core.json.JsonObject;

/**
 * One line of a job's log: n counts from 1 across the whole job, stream is stdout, stderr or system (Slipway's own
 * notes). {@code ts} is the engine's timestamp of a container's line (RFC 3339 with nanoseconds), null otherwise:
 * it lets a reattached follower resume exactly after the last stored line.
 */
public record LogLine(long n, String stream, String text, String ts) {
  public LogLine(long n, String stream, String text) {
    this(n, stream, text, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("n", n).put("stream", stream).put("text", text);
  }

  public static LogLine fromJson(JsonObject json) {
    return new LogLine(json.getLong("n"), json.getString("stream", "stdout"), json.getString("text", ""));
  }
}
