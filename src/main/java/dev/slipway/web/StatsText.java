package dev.slipway.web;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/** A stats sample as the pages show it: numbers for the chart (data attributes) and the same in words. */
public record StatsText(String cpuPercent, long memoryBytes, long memoryLimitBytes, String words) {
  /** The HTML fragment of a {@code stats} event; {@code sample} null once the container stopped. */
  static String html(Templates templates, JsonObject sample) {
    return templates.render("statsText.jte", Map.of("stats", sample == null ? ENDED : of(sample)));
  }

  static final StatsText ENDED = new StatsText(null, 0, 0, "The container has stopped: no more stats.");

  static StatsText of(JsonObject sample) {
    double cpu = sample.getDouble("cpuPercent", 0.0);
    long memory = sample.getLong("memoryBytes", 0L);
    Long limit = sample.getLong("memoryLimitBytes");
    String cpuText = String.format(Locale.ROOT, "%.1f", cpu);
    String words = "CPU " + cpuText + " %, memory " + bytes(memory)
        + (limit == null || limit <= 0 ? "" : " of " + bytes(limit));
    return new StatsText(cpuText, memory, limit == null ? 0 : limit, words);
  }

  public boolean ended() {
    return cpuPercent == null;
  }

  static String bytes(long n) {
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
  }
}
