package dev.slipway.bench;

/**
 * Latencies counted in buckets rather than kept one by one: a thousand clients times fifty thousand lines would be
 * fifty million values. Buckets are 10 µs wide below one second and 1 ms wide up to ten minutes (the last bucket
 * holds anything longer), so a percentile is exact to 10 µs where the targets are; the maximum is kept exactly.
 */
final class Latencies {
  private static final int FINE = 100_000;          // 10 µs buckets: 0 to 1 s
  private static final int COARSE = 600_000;        // 1 ms buckets: 1 s to 10 min
  private final long[] fine = new long[FINE];
  private final long[] coarse = new long[COARSE];
  private long count;
  private double max = Double.NaN;

  void add(double ms) {
    double value = Math.max(0, ms);
    if (value < 1000) {
      fine[(int) (value * 100)]++;
    } else {
      coarse[(int) Math.min(COARSE - 1, value - 1000)]++;
    }
    count++;
    max = Double.isNaN(max) ? value : Math.max(max, value);
  }

  long count() {
    return count;
  }

  double max() {
    return max;
  }

  /** The {@code p}th percentile by nearest rank (the bucket's upper edge); NaN for none. */
  double percentile(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(p / 100.0 * count));
    long seen = 0;
    for (int i = 0; i < FINE; i++) {
      seen += fine[i];
      if (seen >= rank) {
        return Math.min(max, (i + 1) / 100.0);
      }
    }
    for (int i = 0; i < COARSE; i++) {
      seen += coarse[i];
      if (seen >= rank) {
        return Math.min(max, 1000.0 + i + 1);
      }
    }
    return max;
  }

  /** "p50 1.2 ms, p99 8.3 ms, max 20.1 ms". */
  String summary() {
    return "p50 " + Stats.ms(percentile(50)) + ", p99 " + Stats.ms(percentile(99)) + ", max " + Stats.ms(max);
  }
}
