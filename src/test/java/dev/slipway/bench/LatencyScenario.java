package dev.slipway.bench;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Live latency: a container prints numbered lines at a steady rate; each client notes when each line arrives. The
 * engine's own timestamp of each line ({@code timestamps=1}, read afterwards and matched by the line's number) is
 * the start: latency = arrival at the client − the engine's timestamp, on one machine and one clock.
 */
final class LatencyScenario implements Scenario {
  @Override
  public String name() {
    return "latency";
  }

  @Override
  public void run(Bench bench, Table table) throws Exception {
    measure(bench, table, 1, 25);
    measure(bench, table, bench.config().latencyClients, 100);
  }

  private void measure(Bench bench, Table table, int clients, double targetP99) throws Exception {
    BenchConfig config = bench.config();
    int total = config.latencyRate * config.latencySeconds;
    Api api = bench.api();
    JsonObject job = api.submitRun(Generators.paced(config.latencyRate, config.latencySeconds, "lat"));
    String id = job.getString("id");
    String container = api.awaitJob(id, 60, Api::running).getString("containerId");
    List<Arrivals> followers = new ArrayList<>();
    Followers streams = Followers.open(api, "/api/jobs/" + id + "/events", clients, i -> new Arrivals(total),
        followers);
    try {
      ProbeWindow window = bench.probe().window();
      bench.engine().docker("exec", container, "touch", Generators.GO_FILE);
      int ended = streams.awaitEnds(config.latencySeconds + 120, config.quick ? 10 : 30);
      window.close();
      long[] loggedAt = new long[total + 1];
      bench.engine().logs.read(container, true, (at, text) -> {
        long n = text.startsWith("lat ") ? SseStream.trailingNumber(text.getBytes(StandardCharsets.US_ASCII),
            text.length()) : -1;
        if (n >= 1 && n <= total) {
          loggedAt[(int) n] = at;
        }
      });
      double[] latencies = new double[total * followers.size()];
      int count = 0;
      long missing = 0;
      long duplicates = 0;
      for (Arrivals follower : followers) {
        duplicates += follower.duplicates;
        for (int n = 1; n <= total; n++) {
          if (follower.at[n] == 0 || loggedAt[n] == 0) {
            missing++;
          } else {
            latencies[count++] = (Bench.epochNanos(follower.at[n]) - loggedAt[n]) / 1e6;
          }
        }
      }
      double[] sorted = java.util.Arrays.copyOf(latencies, count);
      java.util.Arrays.sort(sorted);
      String who = clients == 1 ? "1 client" : clients + " clients";
      String size = String.format("%,d lines at %,d/s, %s", total, config.latencyRate, who);
      table.info(name(), "p50, " + size, Stats.ms(Stats.sortedPercentile(sorted, 50)));
      double p99 = Stats.sortedPercentile(sorted, 99);
      table.check(name(), "p99, " + who, Stats.ms(p99), "≤ " + (int) targetP99 + " ms", p99 <= targetP99);
      table.info(name(), "max, " + who, Stats.ms(Stats.sortedPercentile(sorted, 100)));
      table.check(name(), "lines missing / twice, " + who + " (" + ended + " streams ended, "
          + streams.reconnects() + " reconnects)",
          missing + " / " + duplicates, "0 / 0", missing == 0 && duplicates == 0 && streams.failed.get() == 0);
      table.info(name(), "server, " + who, window.summary() + "; heap " + window.heap());
    } finally {
      streams.closeAll();
      bench.engine().removeContainer(container);
      Bench.quietly("see the job end", () -> api.awaitJob(id, 30, Api::ended));
    }
  }

  /** When each line (by its number) arrived at this client. */
  static final class Arrivals extends Followers.Follower {
    final long[] at;
    long duplicates;

    Arrivals(int total) {
      at = new long[total + 1];
    }

    @Override
    void line(long id, byte[] data, int length, long arrivalNanos) {
      if (length < 4 || data[0] != 'l' || data[1] != 'a' || data[2] != 't' || data[3] != ' ') {
        return;
      }
      long n = SseStream.trailingNumber(data, length);
      if (n >= 1 && n < at.length) {
        if (at[(int) n] != 0) {
          duplicates++;
        } else {
          at[(int) n] = arrivalNanos;
        }
      }
    }
  }
}
