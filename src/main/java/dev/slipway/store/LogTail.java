package dev.slipway.store;

import io.vertx.core.json.JsonObject;

/**
 * The end of a stored log: how many lines it holds, and per container stream the engine time of its last line with
 * how many lines of that stream carry that same time ({@code {"stdout": {"ts", "count"}, "stderr": …}}): where a
 * reattached follower resumes.
 */
public record LogTail(long lines, JsonObject marks) {
  public static final LogTail EMPTY = new LogTail(0, new JsonObject());

  /** Counts a container line into its stream's mark: the last time, and how many lines carry it. */
  public static void mark(JsonObject marks, dev.slipway.domain.LogLine line) {
    LogRecords.mark(marks, line);
  }
}
