package dev.slipway.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A build's timeline as the job page shows it: a row per step with a bar as long as its share of the longest step,
 * the slowest steps marked, and each step against the previous build of the same app (or tag) when there was one.
 */
public record TimelineView(List<Row> rows, String previousJob, Row firstCacheLost, long slower) {
  /**
   * The {@value #SLOWEST} longest steps of the Dockerfile's are marked; one lasting less than this never is (a build of
   * cached steps has no slowest).
   */
  static final long SLOWEST_MIN_MS = 100;
  static final int SLOWEST = 3;

  /**
   * {@code cached}: null until the daemon said; {@code change}: its time against the previous build, in words.
   */
  public record Row(int n, int total, String instruction, Long durationMs, int barPercent, Boolean cached,
                    boolean failed, boolean slipway, boolean slowest, boolean isNew, boolean cacheLost,
                    boolean slower, String change) {
    public boolean running() {
      return durationMs == null;
    }

    /** A {@code FROM} step: never cached, it takes its base image as it is. */
    public boolean from() {
      return instruction.regionMatches(true, 0, "FROM ", 0, 5);
    }

    public String duration() {
      return durationMs == null ? "running…" : format(durationMs);
    }

    /** The row's classes, for the look only: every state is said in words too. */
    public String classes() {
      return (slowest ? " slowest" : "") + (failed ? " failed" : "") + (slipway ? " slipway" : "")
          + (running() ? " running" : "") + (cacheLost ? " cache-lost" : "");
    }
  }

  public boolean compared() {
    return previousJob != null;
  }

  public String previousShortId() {
    return previousJob == null ? "" : previousJob.substring(0, Math.min(8, previousJob.length()));
  }

  /** The job's timeline, or null when it has no steps (yet). */
  static TimelineView of(JsonObject job) {
    JsonArray steps = job.getJsonArray("steps");
    if (steps == null || steps.isEmpty()) {
      return null;
    }
    JsonObject comparison = job.getJsonObject("comparison");
    Map<Integer, JsonObject> against = new HashMap<>();
    if (comparison != null) {
      comparison.getJsonArray("steps", new JsonArray()).forEach(o -> against.put(((JsonObject) o).getInteger("n"),
          (JsonObject) o));
    }
    List<JsonObject> all = steps.stream().map(o -> (JsonObject) o).toList();
    long longest = all.stream().mapToLong(s -> s.getLong("durationMs", 0L)).max().orElse(0);
    // Slipway's own label steps are timed and shown, but what stands out is what the Dockerfile can change.
    Set<Integer> slowest = all.stream().filter(s -> s.getLong("durationMs", 0L) >= SLOWEST_MIN_MS)
        .filter(s -> !s.getBoolean("slipway", false))
        .sorted(Comparator.comparingLong((JsonObject s) -> s.getLong("durationMs")).reversed()).limit(SLOWEST)
        .map(s -> s.getInteger("n")).collect(Collectors.toSet());
    List<Row> rows = new ArrayList<>();
    for (JsonObject s : all) {
      Long ms = s.getLong("durationMs");
      int n = s.getInteger("n");
      JsonObject c = against.get(n);
      rows.add(new Row(n, s.getInteger("total", 0), s.getString("instruction", ""), ms, bar(ms, longest),
          s.getBoolean("cached"), s.getBoolean("failed", false), s.getBoolean("slipway", false), slowest.contains(n),
          c != null && c.getBoolean("new", false), c != null && c.getBoolean("cacheLost", false),
          c != null && c.getBoolean("slower", false), change(c, comparison != null, s.getBoolean("slipway", false))));
    }
    Integer first = comparison == null ? null : comparison.getInteger("firstCacheLost");
    Row firstLost = rows.stream().filter(r -> first != null && r.n() == first).findFirst().orElse(null);
    return new TimelineView(rows, comparison == null ? null : comparison.getString("previousJob"), firstLost,
        rows.stream().filter(Row::slower).count());
  }

  private static int bar(Long ms, long longest) {
    if (ms == null || longest <= 0) {
      return 0;
    }
    return (int) Math.max(ms > 0 ? 1 : 0, Math.round(100.0 * ms / longest));
  }

  /** How long the step took against the previous build, in words (its lost cache is a badge of its own). */
  private static String change(JsonObject c, boolean compared, boolean slipway) {
    if (!compared || slipway) {
      return "";
    }
    if (c == null || c.getBoolean("new", false)) {
      return "new or changed";
    }
    Long change = c.getLong("changeMs");
    if (change == null) {
      return "";
    }
    return c.getBoolean("slower", false) ? format(change) + " slower"
        : change >= 0 ? "+" + format(change) : "−" + format(-change);
  }

  static String format(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    Duration d = Duration.ofMillis(ms);
    return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
