package dev.slipway.bench;

/** What one scenario saw of the server ({@link ServerProbe#window()}): peaks over its span, totals since it began. */
final class ProbeWindow {
  static final double HEAP_TARGET_BYTES = 256.0 * 1024 * 1024;
  private static final String OOM = "OutOfMemoryError";

  private final ServerProbe probe;
  private final long startNanos = System.nanoTime();
  private final long startCpuTicks;
  private final long startCompilerTicks;
  private final long startFullGcs;
  private final long startYoungGcs;
  private final long startLogBytes;
  private final long startOoms;
  volatile double peakHeapBytes;
  volatile double peakOldBytes;
  volatile double peakRssBytes;
  private long endNanos = -1;
  private long endCpuTicks;
  private long endCompilerTicks;
  private long endFullGcs;
  private long endYoungGcs;
  private long endLogBytes;
  private long endOoms;

  ProbeWindow(ServerProbe probe) {
    this.probe = probe;
    startCpuTicks = probe.cpuTicks();
    startCompilerTicks = probe.compilerTicks();
    startFullGcs = probe.fullGcs();
    startYoungGcs = probe.youngGcs();
    startLogBytes = probe.log.bytes();
    startOoms = probe.log.mentions(OOM);
  }

  void close() {
    probe.closed(this);
    endNanos = System.nanoTime();
    endCpuTicks = probe.cpuTicks();
    endCompilerTicks = probe.compilerTicks();
    endFullGcs = probe.fullGcs();
    endYoungGcs = probe.youngGcs();
    endLogBytes = probe.log.bytes();
    endOoms = probe.log.mentions(OOM);
  }

  double seconds() {
    return (endNanos - startNanos) / 1e9;
  }

  double cpuSeconds() {
    return (endCpuTicks - startCpuTicks) / (double) ServerProbe.CLOCK_TICKS;
  }

  /** Of {@link #cpuSeconds()}, what the JIT compiler threads took. */
  double compilerSeconds() {
    return (endCompilerTicks - startCompilerTicks) / (double) ServerProbe.CLOCK_TICKS;
  }

  /** Average CPU over the window, in % of one core (200 % is both cores of a two-core machine). */
  double cpuPercent() {
    return 100 * cpuSeconds() / seconds();
  }

  long fullGcs() {
    return endFullGcs - startFullGcs;
  }

  long youngGcs() {
    return endYoungGcs - startYoungGcs;
  }

  long logBytes() {
    return endLogBytes - startLogBytes;
  }

  long outOfMemoryErrors() {
    return endOoms - startOoms;
  }

  /**
   * The heap target of the issue ("heap ≤ 256 MB"): with -Xmx256m the used heap can never exceed it, so it is met
   * only when the server also never ran out: no full GC (G1 falls back to one only when it cannot keep up) and no
   * OutOfMemoryError in its log.
   */
  boolean heapWithinTarget() {
    return peakHeapBytes <= HEAP_TARGET_BYTES && fullGcs() == 0 && outOfMemoryErrors() == 0 && probe.alive();
  }

  String heap() {
    return String.format("%s (old gen %s), %d young + %d full GCs, %d OutOfMemoryError", Stats.mb(peakHeapBytes),
        Stats.mb(peakOldBytes), youngGcs(), fullGcs(), outOfMemoryErrors());
  }

  String summary() {
    return String.format("%.1f s CPU in %.1f s (%.0f %% of a core)", cpuSeconds(), seconds(), cpuPercent());
  }
}
