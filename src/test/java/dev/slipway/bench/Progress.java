package dev.slipway.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * What the benchmark is doing, on stderr, so that stdout carries only the result table. A command-line tool's own
 * output, not Slipway's log.
 */
final class Progress {
  private Progress() {
  }

  static void say(String format, Object... args) {
    String now = LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    System.err.println("[bench " + now + "] " + String.format(format, args));
  }

  /** Where a scenario broke: the failure and its first frames. */
  static void trace(Throwable e) {
    StackTraceElement[] frames = e.getStackTrace();
    for (int i = 0; i < Math.min(8, frames.length); i++) {
      System.err.println("    at " + frames[i]);
    }
    if (e.getCause() != null) {
      say("caused by %s", e.getCause());
    }
  }
}
