package dev.slipway.bench;

import java.util.Arrays;
import java.util.Collection;

/** Medians and percentiles of measured values (nearest rank, as latency reports usually give them). */
final class Stats {
  private Stats() {
  }

  static double median(Collection<? extends Number> values) {
    return percentile(values.stream().mapToDouble(Number::doubleValue).toArray(), 50);
  }

  /** The {@code p}th percentile by nearest rank; NaN for no values. Sorts {@code values} in place. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(values);
    return sortedPercentile(values, p);
  }

  static double sortedPercentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static String ms(double millis) {
    if (Double.isNaN(millis)) {
      return "n/a";
    }
    return millis >= 100 ? String.format("%.0f ms", millis) : String.format("%.1f ms", millis);
  }

  static String ratio(double value, double reference) {
    return String.format("%.2f×", value / reference);
  }

  static String mb(double bytes) {
    return String.format("%.0f MB", bytes / (1024 * 1024));
  }
}
