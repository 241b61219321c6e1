package dev.slipway.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in Prometheus's text format, parsed strictly enough for tests: every sample line is
 * {@code name{label="value",…} number}, and each series (name and labels) appears once.
 */
public final class PrometheusText {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  /** One series: its name and labels. */
  public record Series(String name, Map<String, String> labels) {
    boolean has(Map<String, String> wanted) {
      return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
  }

  private final Map<Series, Double> samples;

  private PrometheusText(Map<Series, Double> samples) {
    this.samples = samples;
  }

  public static PrometheusText parse(String text) {
    Map<Series, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a Prometheus sample line: " + line);
      }
      Map<String, String> labels = new TreeMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        int end = 0;
        while (l.find() && l.start() == end) {
          labels.put(l.group(1), l.group(2));
          end = l.end();
        }
        if (end != m.group(2).length()) {
          throw new AssertionError("malformed labels in: " + line);
        }
      }
      if (samples.put(new Series(m.group(1), labels), Double.valueOf(m.group(3))) != null) {
        throw new AssertionError("series twice: " + line);
      }
    }
    return new PrometheusText(samples);
  }

  public Set<Series> series() {
    return samples.keySet();
  }

  /** The one series named {@code name} with these labels (and maybe others); fails when none or several match. */
  public double value(String name, Map<String, String> labels) {
    var found = samples.entrySet().stream().filter(e -> e.getKey().name().equals(name) && e.getKey().has(labels))
        .toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " series " + name + labels + " in the scrape: " + found);
    }
    return found.get(0).getValue();
  }

  /** Whether some series is named {@code name} and has these labels. */
  public boolean has(String name, Map<String, String> labels) {
    return samples.keySet().stream().anyMatch(s -> s.name().equals(name) && s.has(labels));
  }
}
