package dev.slipway.bench;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * Replay: a finished container's whole log, read four ways, each a few times in rotating order; the medians are
 * compared with the engine's API socket read directly, the fastest possible.
 */
final class ReplayScenario implements Scenario {
  @Override
  public String name() {
    return "replay";
  }

  @Override
  public void run(Bench bench, Table table) throws Exception {
    int lines = bench.config().replayLines;
    Api api = bench.api();
    JsonObject job = api.submitRun(Generators.lines(lines));
    String id = job.getString("id");
    job = api.awaitJob(id, 300, Api::ended);
    String container = job.getString("containerId");
    try {
      long engineLines = bench.engine().logs.count(container).lines();
      long stored = job.getLong("lines", 0L);
      table.check(name(), "lines stored by Slipway / held by the engine", stored + " / " + engineLines,
          "equal (" + lines + ")", stored == engineLines && engineLines == lines);

      Map<String, Callable<Long>> ways = new TreeMap<>(Map.of(
          "1 engine API socket (the limit)", () -> bench.engine().logs.count(container).lines(),
          "2 docker logs (CLI)", () -> bench.engine().dockerLines("logs", container),
          "3 GET /api/jobs/{id}/log", () -> Api.await(api.download("/api/jobs/" + id + "/log"))[0],
          "4 SSE /api/jobs/{id}/events", () -> sse(api, id)));
      List<String> names = new ArrayList<>(ways.keySet());
      Map<String, List<Double>> times = new TreeMap<>();
      long bytes = bench.engine().logs.count(container).bytes();
      // One round unmeasured first: both JVMs (server and client) compile their hot paths in it.
      for (int rep = -1; rep < bench.config().reps; rep++) {
        for (int k = 0; k < names.size(); k++) {
          String way = names.get((k + rep + 1) % names.size());
          long start = System.nanoTime();
          long got = ways.get(way).call();
          double ms = (System.nanoTime() - start) / 1e6;
          if (got < engineLines) {
            throw new IllegalStateException(way + " gave " + got + " lines of " + engineLines);
          }
          if (rep >= 0) {
            times.computeIfAbsent(way, w -> new ArrayList<>()).add(ms);
          }
        }
      }
      double limit = Stats.median(times.get(names.get(0)));
      table.info(name(), "log size", String.format("%,d lines, %.1f MB", engineLines, bytes / 1e6));
      for (String way : names) {
        double median = Stats.median(times.get(way));
        String value = Stats.ms(median) + " (" + Stats.ratio(median, limit) + ")";
        String label = way.substring(2) + ", median of " + bench.config().reps;
        if (way.startsWith("4")) {
          table.check(name(), label, value, "≤ 1.20× the API socket", median <= 1.2 * limit);
        } else {
          table.info(name(), label, value);
        }
      }
    } finally {
      bench.engine().removeContainer(container);
    }
  }

  /** Reads the job's event stream to its end and returns how many log lines came. */
  static long sse(Api api, String id) {
    long[] count = {0};
    Promise<Long> done = Promise.promise();
    api.stream("/api/jobs/" + id + "/events", new SseStream.Listener() {
      @Override
      public void log(long lineId, byte[] data, int length, long arrivalNanos) {
        count[0]++;
      }

      @Override
      public void closed(Throwable failure) {
        if (failure != null) {
          done.tryFail(failure);
        } else {
          done.tryComplete(count[0]);
        }
      }
    }).onFailure(done::tryFail);
    return Api.await(done.future());
  }
}
