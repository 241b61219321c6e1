package dev.slipway.bench;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Flood: containers printing as fast as they can ({@code yes}), nobody following. Meanwhile the job list is asked
 * for five times a second, open-loop (a slow answer does not delay the next request), as dashboards poll it. After
 * the end, each job's stored line count is compared with the engine's, and each job's end with its container's.
 */
final class FloodScenario implements Scenario {
  private static final int POLL_MS = 200;
  private static final double TIMED_OUT_MS = 10_000;

  @Override
  public String name() {
    return "flood";
  }

  @Override
  public void run(Bench bench, Table table) throws Exception {
    BenchConfig config = bench.config();
    Api api = bench.api();
    ProbeWindow window = bench.probe().window();
    List<Double> listTimes = new ArrayList<>();
    int[] errors = {0};
    long poller = api.vertx.setPeriodic(POLL_MS, t -> api.poll(api.options(HttpMethod.GET, "/api/jobs?size=50")
        .setIdleTimeout((long) TIMED_OUT_MS), null).onComplete(r -> {
          synchronized (listTimes) {
            if (r.succeeded() && r.result().status() == 200) {
              listTimes.add(r.result().ms());
            } else {
              listTimes.add(TIMED_OUT_MS);
              errors[0]++;
            }
          }
        }));
    List<String> ids = new ArrayList<>();
    List<JsonObject> jobs = new ArrayList<>();
    try {
      for (int i = 0; i < config.floodContainers; i++) {
        ids.add(api.submitRun(Generators.flood(config.floodSeconds)).getString("id"));
      }
      int deadline = config.floodSeconds + (config.quick ? 120 : 300);
      long until = System.nanoTime() + deadline * 1_000_000_000L;
      for (String id : ids) {
        int left = (int) Math.max(1, (until - System.nanoTime()) / 1_000_000_000L);
        try {
          jobs.add(api.awaitJob(id, left, Api::ended));
        } catch (IllegalStateException notEnded) {
          JsonObject job = new JsonObject().put("id", id);
          Bench.quietly("read job " + id, () -> job.mergeIn(api.job(id)));
          jobs.add(job);
        }
      }
    } finally {
      api.vertx.cancelTimer(poller);
      window.close();
    }
    long engineLines = 0;
    long storedLines = 0;
    int short_ = 0;
    int notEnded = 0;
    List<Double> lags = new ArrayList<>();
    for (JsonObject job : jobs) {
      String container = job.getString("containerId");
      if (container == null) {
        notEnded++;
        continue;
      }
      long engine = bench.engine().logs.count(container).lines();
      long stored = job.getLong("lines", 0L);
      engineLines += engine;
      storedLines += stored;
      short_ += stored < engine ? 1 : 0;
      Instant exited = bench.engine().finishedAt(container);
      if (job.getString("finishedAt") == null) {
        notEnded++;
        bench.engine().removeContainer(container);
        continue;
      }
      lags.add((double) Duration.between(exited, Instant.parse(job.getString("finishedAt"))).toMillis());
      bench.engine().removeContainer(container);
    }
    double[] times;
    synchronized (listTimes) {
      times = listTimes.stream().mapToDouble(Double::doubleValue).toArray();
    }
    String size = config.floodContainers + " containers × " + config.floodSeconds + " s of yes";
    table.check(name(), "server peak heap, " + size, window.heap(), "≤ 256 MB, no full GC",
        window.heapWithinTarget());
    table.check(name(), "lines stored / held by the engine (jobs short of lines)",
        String.format("%,d / %,d (%d)", storedLines, engineLines, short_), "equal", storedLines == engineLines);
    table.info(name(), "engine's throughput", String.format("%,.0f lines/s over the flood", engineLines
        / (double) config.floodSeconds));
    double p99 = Stats.percentile(times.clone(), 99);
    table.check(name(), "GET /api/jobs p99 (p50; " + times.length + " requests, " + errors[0] + " failed or over 10 s)",
        Stats.ms(p99) + " (" + Stats.ms(Stats.percentile(times, 50)) + ")", "≤ 50 ms", p99 <= 50);
    table.check(name(), "jobs not ended " + (config.floodSeconds + (config.quick ? 120 : 300)) + " s after the start",
        Integer.toString(notEnded), "0", notEnded == 0);
    table.info(name(), "job ends after its container exited: median / max",
        Stats.ms(Stats.median(lags)) + " / " + Stats.ms(lags.stream().mapToDouble(d -> d).max().orElse(Double.NaN)));
    table.info(name(), "server CPU", window.summary());
  }
}
