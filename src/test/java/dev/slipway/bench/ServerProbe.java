package dev.slipway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches the Slipway process from outside, as an operator would: its heap through {@code jstat -gc PID 200} (one
 * long-running jstat, so sampling costs no JVM start per sample), its resident memory from /proc/PID/status, its CPU
 * time from /proc/PID/stat, and the size of its own log. {@link #window()} starts a scenario's measurement.
 */
final class ServerProbe implements AutoCloseable {
  private static final long CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux build this runs on
  static final double HEAP_TARGET_BYTES = 256.0 * 1024 * 1024;
  private static final String OOM = "OutOfMemoryError";

  final long pid;
  private final Path log;
  private final Process jstat;
  private final Thread sampler;
  private final List<Window> open = new ArrayList<>();
  private volatile boolean closed;
  private volatile long fullGcs;
  private volatile long youngGcs;

  /** What one scenario saw: peaks over its span, and totals since it began. */
  final class Window {
    final long startNanos = System.nanoTime();
    final long startCpuTicks = cpuTicks();
    final long startFullGcs = fullGcs;
    final long startYoungGcs = youngGcs;
    final long startLogBytes = logBytes();
    final long startOoms = logMentions(OOM);
    volatile double peakHeapBytes;
    volatile double peakOldBytes;
    volatile double peakRssBytes;
    private long endNanos = -1;
    private long endCpuTicks;
    private long endFullGcs;
    private long endYoungGcs;
    private long endLogBytes;
    private long endOoms;

    void close() {
      synchronized (open) {
        open.remove(this);
      }
      endNanos = System.nanoTime();
      endCpuTicks = cpuTicks();
      endFullGcs = fullGcs;
      endYoungGcs = youngGcs;
      endLogBytes = logBytes();
      endOoms = logMentions(OOM);
    }

    double seconds() {
      return (endNanos - startNanos) / 1e9;
    }

    double cpuSeconds() {
      return (endCpuTicks - startCpuTicks) / (double) CLOCK_TICKS;
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
      return peakHeapBytes <= HEAP_TARGET_BYTES && fullGcs() == 0 && outOfMemoryErrors() == 0 && alive();
    }

    String heap() {
      return String.format("%s (old gen %s), %d young + %d full GCs, %d OutOfMemoryError", Stats.mb(peakHeapBytes),
          Stats.mb(peakOldBytes), youngGcs(), fullGcs(), outOfMemoryErrors());
    }

    String summary() {
      return String.format("%.1f s CPU in %.1f s (%.0f %% of a core)", cpuSeconds(), seconds(), cpuPercent());
    }
  }

  ServerProbe(long pid, Path log) throws IOException {
    this.pid = pid;
    this.log = log;
    jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid), "200").redirectErrorStream(true).start();
    Thread reader = new Thread(this::readJstat, "jstat-reader");
    reader.setDaemon(true);
    reader.start();
    sampler = new Thread(this::sampleProc, "proc-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  Window window() {
    Window window = new Window();
    synchronized (open) {
      open.add(window);
    }
    return window;
  }

  boolean alive() {
    return Files.exists(Path.of("/proc/" + pid));
  }

  long rssBytes() {
    return statusKb("VmRSS:") * 1024;
  }

  /** The kernel's high-water mark of resident memory since the process started. */
  long rssPeakBytes() {
    return statusKb("VmHWM:") * 1024;
  }

  long logBytes() {
    try {
      return Files.size(log);
    } catch (IOException e) {
      return 0;
    }
  }

  long logMentions(String text) {
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(line -> line.contains(text)).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  /**
   * The message the server logged most often, with digits and ids blanked so that repeats of one message count
   * together: what to look at when the log grows.
   */
  String mostFrequentLogLine() {
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.map(line -> line.replaceFirst("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ ", "").replaceAll("[0-9a-f-]{8,}", "…")
              .replaceAll("\\d+", "#"))
          .map(line -> line.length() > 90 ? line.substring(0, 90) + "…" : line)
          .collect(java.util.stream.Collectors.groupingBy(line -> line, java.util.stream.Collectors.counting()))
          .entrySet().stream().max(java.util.Map.Entry.comparingByValue())
          .map(e -> e.getValue() + "× " + e.getKey()).orElse("none");
    } catch (IOException | java.io.UncheckedIOException e) {
      return "unreadable: " + e;
    }
  }


  private void readJstat() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> columns = null;
      for (String line; (line = in.readLine()) != null; ) {
        String[] cells = line.trim().split("\\s+");
        if (cells.length > 0 && cells[0].equals("S0C")) {
          columns = List.of(cells);
          continue;
        }
        if (columns == null || cells.length != columns.size()) {
          continue;
        }
        double used = 0;
        for (String name : new String[] {"S0U", "S1U", "EU", "OU"}) {
          used += kb(cells, columns, name);
        }
        double old = kb(cells, columns, "OU");
        fullGcs = Math.round(kb(cells, columns, "FGC") / 1024);
        youngGcs = Math.round(kb(cells, columns, "YGC") / 1024);
        synchronized (open) {
          for (Window w : open) {
            w.peakHeapBytes = Math.max(w.peakHeapBytes, used);
            w.peakOldBytes = Math.max(w.peakOldBytes, old);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        Progress.say("jstat stopped: %s", e);
      }
    }
  }

  /** A jstat column in bytes (jstat prints kilobytes; a count column comes back times 1024). Some locales print a decimal comma. */
  private static double kb(String[] cells, List<String> columns, String name) {
    int i = columns.indexOf(name);
    if (i < 0 || cells[i].equals("-")) {
      return 0;
    }
    return Double.parseDouble(cells[i].replace(',', '.')) * 1024;
  }

  private void sampleProc() {
    while (!closed) {
      double rss = rssBytes();
      synchronized (open) {
        for (Window w : open) {
          w.peakRssBytes = Math.max(w.peakRssBytes, rss);
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the process has exited
    }
    return 0;
  }

  /** utime + stime: fields 14 and 15 of /proc/PID/stat, counted after the command name's closing parenthesis. */
  long cpuTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }

  @Override
  public void close() {
    closed = true;
    jstat.destroy();
    sampler.interrupt();
  }
}
