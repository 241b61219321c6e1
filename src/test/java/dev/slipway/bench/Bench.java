package dev.slipway.bench;

import io.vertx.core.Vertx;

/**
 * What every scenario works with: the sizes, the API, the engine, and the probe on the server process; a scenario
 * that starts its own nodes (a cluster) has no {@code api} nor {@code probe}, and uses the {@code launcher}.
 */
record Bench(BenchConfig config, Vertx vertx, Api api, Engine engine, ServerProbe probe, String adminPassword,
             NodeLauncher launcher) {

  /** Wall-clock time in epoch nanoseconds from the monotonic clock, to compare with the engine's timestamps. */
  static final long EPOCH_NANOS_AT_START;
  static final long NANO_TIME_AT_START;

  static {
    java.time.Instant now = java.time.Instant.now();
    NANO_TIME_AT_START = System.nanoTime();
    EPOCH_NANOS_AT_START = now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  static long epochNanos(long nanoTime) {
    return EPOCH_NANOS_AT_START + (nanoTime - NANO_TIME_AT_START);
  }

  interface Step {
    void run() throws Exception;
  }

  /** A clean-up step that must not hide the scenario's result when the server no longer answers. */
  static void quietly(String what, Step step) {
    try {
      step.run();
    } catch (Exception | AssertionError e) {
      String why = String.valueOf(e);
      Progress.say("could not %s: %s", what, why.substring(0, Math.min(300, why.length())));
    }
  }
}
