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
  static final long CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux build this runs on

  final long pid;
  final ServerLog log;
  private final Process jstat;
  private final Thread sampler;
  private final List<ProbeWindow> open = new ArrayList<>();
  private volatile boolean closed;
  private volatile long fullGcs;
  private volatile long youngGcs;

  ServerProbe(long pid, Path log) throws IOException {
    this.pid = pid;
    this.log = new ServerLog(log);
    jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid), "200").redirectErrorStream(true).start();
    Thread reader = new Thread(this::readJstat, "jstat-reader");
    reader.setDaemon(true);
    reader.start();
    sampler = new Thread(this::sampleProc, "proc-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  ProbeWindow window() {
    ProbeWindow window = new ProbeWindow(this);
    synchronized (open) {
      open.add(window);
    }
    return window;
  }

  void closed(ProbeWindow window) {
    synchronized (open) {
      open.remove(window);
    }
  }

  long fullGcs() {
    return fullGcs;
  }

  long youngGcs() {
    return youngGcs;
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

  private void readJstat() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
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
          for (ProbeWindow w : open) {
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

  /**
   * A jstat column in bytes (jstat prints kilobytes; a count column comes back times 1024). Some locales print a
   * decimal comma.
   */
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
        for (ProbeWindow w : open) {
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
    return cpuTicks(pid);
  }

  /**
   * CPU time of the JVM's JIT compiler threads ({@code C1 CompilerThread…}, {@code C2 CompilerThread…}): a fresh JVM
   * spends seconds compiling its hot paths, which is not the work being measured.
   */
  long compilerTicks() {
    long ticks = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          }
        } catch (IOException | RuntimeException gone) {
          // the thread ended
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the process has exited
    }
    return ticks;
  }

  /** As {@link #cpuTicks()}, of any process (the benchmark's client reads its own). */
  static long cpuTicks(long pid) {
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
