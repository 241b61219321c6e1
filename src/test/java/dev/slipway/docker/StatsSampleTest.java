package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Statistics;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A sample of the engine's stats stream as the pages show it, computed as {@code docker stats} does. */
class StatsSampleTest {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Test
  void cpuIsTheContainersShareOfTheHostTimesItsCpusAndMemoryLeavesThePageCacheOut() throws Exception {
    JsonObject sample = StatsSample.of(stats("""
        {"read": "2026-11-29T12:00:01.5Z",
         "cpu_stats": {"cpu_usage": {"total_usage": 300000000}, "system_cpu_usage": 5000000000, "online_cpus": 4},
         "precpu_stats": {"cpu_usage": {"total_usage": 100000000}, "system_cpu_usage": 1000000000},
         "memory_stats": {"usage": 52428800, "limit": 268435456, "stats": {"inactive_file": 10485760}}}
        """));
    assertThat(sample.getDouble("cpuPercent")).isEqualTo(20.0);
    assertThat(sample.getLong("memoryBytes")).isEqualTo(41943040L);
    assertThat(sample.getLong("memoryLimitBytes")).isEqualTo(268435456L);
    assertThat(sample.getString("at")).isEqualTo("2026-11-29T12:00:01.5Z");
  }

  @Test
  void theFirstSampleHasNoEarlierOneToCompareWithAndShowsNoCpu() throws Exception {
    JsonObject sample = StatsSample.of(stats("""
        {"read": "2026-11-29T12:00:00Z",
         "cpu_stats": {"cpu_usage": {"total_usage": 300000000}, "system_cpu_usage": 5000000000, "online_cpus": 2},
         "precpu_stats": {"cpu_usage": {"total_usage": 0}},
         "memory_stats": {"usage": 1024, "limit": 2048}}
        """));
    assertThat(sample.getDouble("cpuPercent")).isZero();
    assertThat(sample.getLong("memoryBytes")).isEqualTo(1024L);
  }

  @Test
  void theEmptySampleOfAStoppedContainerEndsTheStats() throws Exception {
    assertThat(StatsSample.of(stats("""
        {"read": "0001-01-01T00:00:00Z", "cpu_stats": {"cpu_usage": {"total_usage": 0}}, "memory_stats": {}}
        """))).isNull();
  }

  private static Statistics stats(String json) throws Exception {
    return JSON.readValue(json, Statistics.class);
  }
}
