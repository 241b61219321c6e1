package dev.slipway.bench;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out across a cluster: three nodes (web and worker each) as separate processes on one fresh PostgreSQL
 * database; one job, pinned to node a, prints numbered lines at a steady rate; the clients follow it spread evenly
 * over the three web nodes, so two thirds of them get every line through the cluster's event bus. Each client checks
 * that it got every line once, in order, and notes when each arrived; latency = arrival − the engine's timestamp of
 * the line (as in the latency scenario), reported apart for the clients on the job's node and the others. What
 * crossed the cluster is read from the nodes' {@code /metrics} (Vert.x counts the bytes of each message it writes to
 * or reads from another node).
 */
final class ClusterFanoutScenario implements Scenario {
  static final List<String> NODES = List.of("a", "b", "c");
  private static final String PREFIX = "lat";

  @Override
  public String name() {
    return "cluster-fanout";
  }

  @Override
  public void run(Bench bench, Table table) throws Exception {
    try (SlipwayNodes nodes = bench.launcher().cluster(name(), NODES, "web,worker", new JsonObject())) {
      measure(bench, table, nodes);
      nodes.report(name(), table);
    }
  }

  private void measure(Bench bench, Table table, SlipwayNodes nodes) throws Exception {
    BenchConfig config = bench.config();
    int total = config.clusterRate * config.clusterSeconds;
    int clients = config.clusterClients;
    Api owner = nodes.get(0).api();
    String id = owner.submitRun(Generators.paced(config.clusterRate, config.clusterSeconds, PREFIX)
        .put("node", NODES.get(0))).getString("id");
    JsonObject job = owner.awaitJob(id, 60, Api::running);
    String container = job.getString("containerId");
    if (!NODES.get(0).equals(job.getString("node"))) {
      throw new IllegalStateException("the job pinned to node a runs on " + job.getString("node"));
    }
    long base = System.nanoTime();
    List<Tracked> followers = new ArrayList<>();
    Followers streams = Followers.open(i -> nodes.get(i % NODES.size()).api(), "/api/jobs/" + id + "/events",
        clients, i -> new Tracked(i % NODES.size(), total, base), followers);
    try {
      List<NodeMetrics> before = scrape(nodes);
      List<ProbeWindow> windows = nodes.all().stream().map(n -> n.probe().window()).toList();
      long clientPid = ProcessHandle.current().pid();
      long clientTicks = ServerProbe.cpuTicks(clientPid);
      bench.engine().docker("exec", container, "touch", Generators.GO_FILE);
      int ended = streams.awaitEnds(config.clusterSeconds + 180, config.quick ? 10 : 30);
      windows.forEach(ProbeWindow::close);
      double clientCpu = (ServerProbe.cpuTicks(clientPid) - clientTicks) / (double) ServerProbe.CLOCK_TICKS;
      List<NodeMetrics> after = scrape(nodes);
      long[] loggedAt = new long[total + 1];
      bench.engine().logs.read(container, true, (at, text) -> {
        long n = text.startsWith(PREFIX + " ") ? SseStream.trailingNumber(text.getBytes(StandardCharsets.US_ASCII),
            text.length()) : -1;
        if (n >= 1 && n <= total) {
          loggedAt[(int) n] = at;
        }
      });
      Latencies same = new Latencies();
      Latencies cross = new Latencies();
      Latencies[] byNode = {new Latencies(), new Latencies(), new Latencies()};
      int complete = 0;
      int[] perNode = new int[NODES.size()];
      long missing = 0;
      long duplicates = 0;
      long disorder = 0;
      for (Tracked follower : followers) {
        perNode[follower.node]++;
        complete += follower.gotEnd && follower.count == total && follower.lastNumber == total
            && follower.disorder == 0 && follower.duplicates == 0 ? 1 : 0;
        duplicates += follower.duplicates;
        disorder += follower.disorder;
        for (int n = 1; n <= total; n++) {
          if (follower.at[n] == 0 || loggedAt[n] == 0) {
            missing++;
            continue;
          }
          double ms = (Bench.epochNanos(base + (follower.at[n] - 1) * 1000L) - loggedAt[n]) / 1e6;
          (follower.node == 0 ? same : cross).add(ms);
          byNode[follower.node].add(ms);
        }
      }
      String size = String.format("%,d clients over %d web nodes, %,d lines/s for %d s", clients, NODES.size(),
          config.clusterRate, config.clusterSeconds);
      table.check(name(), "clients with every line, in order, once (" + size + ")", complete + " / " + clients,
          "all", complete == clients);
      table.info(name(), "clients per node (the job runs on a)", String.format("a %d, b %d, c %d", perNode[0],
          perNode[1], perNode[2]));
      table.check(name(), "lines missing / twice / out of order (" + ended + " streams ended, "
          + streams.reconnects() + " reconnects)", missing + " / " + duplicates + " / " + disorder, "0 / 0 / 0",
          missing == 0 && duplicates == 0 && disorder == 0 && streams.failed.get() == 0);
      table.info(name(), "latency, same node (" + perNode[0] + " clients on a)", same.summary());
      table.check(name(), "latency p99, cross-node (" + (clients - perNode[0]) + " clients on b and c)",
          Stats.ms(cross.percentile(99)), "≤ 50 ms", cross.percentile(99) <= 50);
      table.info(name(), "latency, cross-node", cross.summary());
      table.info(name(), "latency p99 by node", String.format("a %s, b %s, c %s", Stats.ms(byNode[0].percentile(99)),
          Stats.ms(byNode[1].percentile(99)), Stats.ms(byNode[2].percentile(99))));
      table.info(name(), "what crossed the cluster (job lines, from /metrics)", traffic(before, after, total));
      table.info(name(), "the benchmark's client CPU (all " + clients + " clients, the same cores)", String.format(
          "%.1f s CPU in %.1f s (%.0f %% of a core)", clientCpu, windows.get(0).seconds(),
          100 * clientCpu / windows.get(0).seconds()));
      for (int i = 0; i < NODES.size(); i++) {
        ProbeWindow window = windows.get(i);
        table.info(name(), "node " + NODES.get(i) + " CPU", window.summary());
        table.check(name(), "node " + NODES.get(i) + " peak heap", window.heap(), "≤ 256 MB, no full GC",
            window.heapWithinTarget());
      }
    } finally {
      streams.closeAll();
      bench.engine().removeContainer(container);
      Bench.quietly("see the job end", () -> owner.awaitJob(id, 30, Api::ended));
    }
  }

  private static List<NodeMetrics> scrape(SlipwayNodes nodes) {
    return nodes.all().stream().map(n -> NodeMetrics.scrape(n.api())).toList();
  }

  /** Node a's writes of the job's batches to the other nodes, and what each of them read. */
  private static String traffic(List<NodeMetrics> before, List<NodeMetrics> after, int lines) {
    NodeMetrics.Traffic written = after.get(0).written(NodeMetrics.JOB_LINES)
        .minus(before.get(0).written(NodeMetrics.JOB_LINES));
    StringBuilder read = new StringBuilder();
    for (int i = 1; i < NODES.size(); i++) {
      NodeMetrics.Traffic got = after.get(i).read(NodeMetrics.JOB_LINES).minus(before.get(i).read(NodeMetrics.JOB_LINES));
      read.append(String.format("; %s read %,.0f messages, %.1f MB", NODES.get(i), got.messages(), got.bytes() / 1e6));
    }
    return String.format("a wrote %,.0f messages, %.1f MB (%.0f bytes a line per node)%s", written.messages(),
        written.bytes() / 1e6, written.bytes() / Math.max(1, lines) / (NODES.size() - 1), read);
  }

  /** Checks order and counts like the fan-out's clients, and notes each line's arrival (µs after the base, + 1). */
  static final class Tracked extends Followers.Follower {
    final int node;
    final int[] at;
    private final long base;
    long count;
    long lastNumber;
    long previousId;
    long disorder;
    long duplicates;

    Tracked(int node, int total, long base) {
      this.node = node;
      this.at = new int[total + 1];
      this.base = base;
    }

    @Override
    void line(long id, byte[] data, int length, long arrivalNanos) {
      if (previousId != 0 && id != previousId + 1) {
        disorder++;
      }
      previousId = id;
      if (length < 4 || data[0] != 'l' || data[1] != 'a' || data[2] != 't' || data[3] != ' ') {
        return;
      }
      long n = SseStream.trailingNumber(data, length);
      if (n != lastNumber + 1) {
        disorder++;
      }
      lastNumber = n;
      count++;
      if (n >= 1 && n < at.length) {
        if (at[(int) n] != 0) {
          duplicates++;
        } else {
          at[(int) n] = (int) ((arrivalNanos - base) / 1000) + 1;
        }
      }
    }
  }
}
