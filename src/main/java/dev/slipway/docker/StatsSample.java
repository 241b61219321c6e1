package dev.slipway.docker;

import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import io.vertx.core.json.JsonObject;

/**
 * One sample of the engine's stats stream as Slipway shows it: CPU as {@code docker stats} computes it (the
 * container's share of the host's CPU time since the previous sample, times the CPUs it may use, so 200 % is two
 * busy cores) and memory without the page cache (as {@code docker stats} does), with the container's limit.
 */
final class StatsSample {
  private StatsSample() {
  }

  /** Null when the sample says the container is not running (the engine sends an empty one when it stops). */
  static JsonObject of(Statistics stats) {
    CpuStatsConfig cpu = stats.getCpuStats();
    CpuStatsConfig pre = stats.getPreCpuStats();
    MemoryStatsConfig memory = stats.getMemoryStats();
    if (stats.getRead() == null || stats.getRead().startsWith("0001-") || cpu == null || cpu.getCpuUsage() == null || cpu.getSystemCpuUsage() == null || memory == null
        || memory.getUsage() == null) {
      return null;
    }
    double percent = 0;
    if (pre != null && pre.getCpuUsage() != null && pre.getSystemCpuUsage() != null) {
      long used = cpu.getCpuUsage().getTotalUsage() - pre.getCpuUsage().getTotalUsage();
      long system = cpu.getSystemCpuUsage() - pre.getSystemCpuUsage();
      long cpus = cpu.getOnlineCpus() != null ? cpu.getOnlineCpus()
          : cpu.getCpuUsage().getPercpuUsage() == null ? 1 : cpu.getCpuUsage().getPercpuUsage().size();
      if (used > 0 && system > 0) {
        percent = (double) used / system * cpus * 100.0;
      }
    }
    long usage = memory.getUsage() - cache(memory);
    return new JsonObject()
        .put("cpuPercent", Math.round(percent * 10) / 10.0)
        .put("memoryBytes", Math.max(0, usage))
        .put("memoryLimitBytes", memory.getLimit())
        .put("at", stats.getRead());
  }

  /** cgroup v1 names it cache (total_inactive_file as docker stats does), cgroup v2 inactive_file. */
  private static long cache(MemoryStatsConfig memory) {
    var detail = memory.getStats();
    if (detail == null) {
      return 0;
    }
    Long inactive = detail.getTotalInactiveFile() != null ? detail.getTotalInactiveFile() : detail.getInactiveFile();
    return inactive == null || inactive > memory.getUsage() ? 0 : inactive;
  }
}
