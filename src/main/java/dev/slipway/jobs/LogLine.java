package dev.slipway.jobs;

import io.vertx.core.json.JsonObject;

/** One line of a job's log: n counts from 1 across the whole job, stream is stdout or stderr. */
public record LogLine(long n, String stream, String text) {
  public JsonObject toJson() {
    return new JsonObject().put("n", n).put("stream", stream).put("text", text);
  }

  public static LogLine fromJson(JsonObject json) {
    return new LogLine(json.getLong("n"), json.getString("stream", "stdout"), json.getString("text", ""));
  }
}
