package dev.slipway.builds;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A build's steps against those of the previous successful build of the same app (or tag). Steps are paired by
 * instruction, in order, so that a step added or changed in the Dockerfile does not shift the pairs after it; a
 * step without a pair is {@code new}. A step <em>lost its cache</em> when the previous build ran the same instruction
 * at that point (so its layer existed) and this build did not reuse it. {@code FROM} steps are never cached and
 * Slipway's own label steps are left out.
 */
public final class StepComparison {
  /** A step is slower when it took this much longer (and {@link #SLOWER_RATIO} times as long) as before. */
  static final long SLOWER_MS = 100;
  static final double SLOWER_RATIO = 1.2;

  private StepComparison() {
  }

  /**
   * {@code {"previousJob", "firstCacheLost": n or null, "steps": [{"n", "new"?, "previousN", "previousMs",
   * "changeMs", "slower", "cacheLost"}]}}: one entry per step of this build (ended or not), Slipway's own left out.
   */
  public static JsonObject compare(String previousJob, JsonArray previous, JsonArray current) {
    JsonArray out = new JsonArray();
    Integer firstCacheLost = null;
    int from = 0;
    for (Object o : current) {
      JsonObject step = (JsonObject) o;
      if (step.getBoolean("slipway", false)) {
        continue;
      }
      int match = pair(previous, from, step.getString("instruction"));
      JsonObject entry = new JsonObject().put("n", step.getInteger("n"));
      if (match < 0) {
        out.add(entry.put("new", true));
        continue;
      }
      from = match + 1;
      JsonObject before = previous.getJsonObject(match);
      boolean cacheLost = !isFrom(step) && Boolean.FALSE.equals(step.getBoolean("cached"));
      Long ms = step.getLong("durationMs");
      Long previousMs = before.getLong("durationMs");
      entry.put("previousN", before.getInteger("n")).put("previousMs", previousMs).put("cacheLost", cacheLost);
      if (ms != null && previousMs != null) {
        entry.put("changeMs", ms - previousMs).put("slower", ms - previousMs >= SLOWER_MS && ms >= previousMs * SLOWER_RATIO);
      }
      if (cacheLost && firstCacheLost == null) {
        firstCacheLost = step.getInteger("n");
      }
      out.add(entry);
    }
    return new JsonObject().put("previousJob", previousJob).put("firstCacheLost", firstCacheLost).put("steps", out);
  }

  /** The first of the previous steps from {@code from} on with this instruction (not Slipway's), or -1. */
  private static int pair(JsonArray previous, int from, String instruction) {
    for (int i = from; i < previous.size(); i++) {
      JsonObject before = previous.getJsonObject(i);
      if (!before.getBoolean("slipway", false) && before.getString("instruction", "").equals(instruction)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isFrom(JsonObject step) {
    return step.getString("instruction", "").regionMatches(true, 0, "FROM ", 0, 5);
  }
}
