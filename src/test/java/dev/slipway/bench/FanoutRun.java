package dev.slipway.bench;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One fan-out on started nodes: a paced job on the first node, followed by the clients spread evenly over all the
 * nodes (client {@code i} on node {@code i mod n}), and what they saw. Each client checks that it got every line once,
 * in order, and notes when each arrived; latency = arrival − the engine's timestamp of the line, kept apart for the
 * clients on the job's node ("same") and the others ("cross").
 */
final class FanoutRun {
  static final String PREFIX = "lat";
  final int clients;
  final int total;
  final Latencies same = new Latencies();
  final Latencies cross = new Latencies();
  final List<Latencies> byNode = new ArrayList<>();
  final int[] perNode;
  int complete;
  long missing;
  long duplicates;
  long disorder;
  int ended;
  int reconnects;
  int failed;
  Latencies stored;
  List<ProbeWindow> windows;
  double clientCpuSeconds;
  /** How busy the whole machine was meanwhile, in % of all its cores (from /proc/stat). */
  double machineBusyPercent;
  double machineBusySeconds;
  List<NodeMetrics> before;
  List<NodeMetrics> after;

  private FanoutRun(int clients, int total, int nodes) {
    this.clients = clients;
    this.total = total;
    this.perNode = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      byNode.add(new Latencies());
    }
  }

  /**
   * Runs the job on {@code nodes.get(0)} (pinned there when the nodes are a cluster) for {@code seconds} and
   * measures. A first, short run is a warm-up: fresh JVMs compile their hot paths in it.
   */
  static FanoutRun run(Bench bench, SlipwayNodes nodes, int seconds) throws Exception {
    return run(bench, nodes, seconds, bench.config().clusterClients);
  }

  /** As {@link #run(Bench, SlipwayNodes, int)}, with {@code clients} clients. */
  static FanoutRun run(Bench bench, SlipwayNodes nodes, int seconds, int clients) throws Exception {
    BenchConfig config = bench.config();
    int n = nodes.size();
    FanoutRun run = new FanoutRun(clients, config.clusterRate * seconds, n);
    Api owner = nodes.get(0).api();
    JsonObject body = Generators.paced(config.clusterRate, seconds, PREFIX);
    String id = owner.submitRun(n > 1 ? body.put("node", nodes.get(0).name()) : body).getString("id");
    JsonObject job = owner.awaitJob(id, 60, Api::running);
    String container = job.getString("containerId");
    if (n > 1 && !nodes.get(0).name().equals(job.getString("node"))) {
      throw new IllegalStateException("the job pinned to node " + nodes.get(0).name() + " runs on " + job.getString("node"));
    }
    long base = System.nanoTime();
    List<Tracked> followers = new ArrayList<>();
    Followers streams = Followers.open(i -> nodes.get(i % n).api(), "/api/jobs/" + id + "/events", run.clients,
        i -> new Tracked(i % n, run.total, base), followers);
    StoreLag stored = new StoreLag(owner, id);
    try {
      run.before = scrape(nodes);
      run.windows = nodes.all().stream().map(node -> node.probe().window()).toList();
      long clientPid = ProcessHandle.current().pid();
      long clientTicks = ServerProbe.cpuTicks(clientPid);
      long[] machine = machineTicks();
      stored.start();
      bench.engine().docker("exec", container, "touch", Generators.GO_FILE);
      run.ended = streams.awaitEnds(seconds + 180, config.quick ? 10 : 30);
      run.windows.forEach(ProbeWindow::close);
      stored.stop();
      run.clientCpuSeconds = (ServerProbe.cpuTicks(clientPid) - clientTicks) / (double) ServerProbe.CLOCK_TICKS;
      long[] machineAfter = machineTicks();
      long all = Math.max(1, machineAfter[0] - machine[0]);
      long busy = all - (machineAfter[1] - machine[1]);
      run.machineBusyPercent = 100.0 * busy / all;
      run.machineBusySeconds = busy / (double) ServerProbe.CLOCK_TICKS;
      run.after = scrape(nodes);
      long[] loggedAt = loggedAt(bench, container, run.total);
      run.stored = stored.lags(loggedAt);
      run.reconnects = streams.reconnects();
      run.failed = streams.failed.get();
      followers.forEach(follower -> run.count(follower, loggedAt, base));
      return run;
    } finally {
      stored.stop();
      streams.closeAll();
      bench.engine().removeContainer(container);
      Bench.quietly("see the job end", () -> owner.awaitJob(id, 30, Api::ended));
    }
  }

  /** The engine's timestamp of each numbered line. */
  private static long[] loggedAt(Bench bench, String container, int total) throws Exception {
    long[] loggedAt = new long[total + 1];
    bench.engine().logs.read(container, true, (at, text) -> {
      long n = text.startsWith(PREFIX + " ") ? SseStream.trailingNumber(text.getBytes(StandardCharsets.US_ASCII),
          text.length()) : -1;
      if (n >= 1 && n <= total) {
        loggedAt[(int) n] = at;
      }
    });
    return loggedAt;
  }

  private void count(Tracked follower, long[] loggedAt, long base) {
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
      byNode.get(follower.node).add(ms);
    }
  }

  /** Every client, its every line once and in order, and the stream's end. */
  boolean allComplete() {
    return complete == clients && missing == 0 && duplicates == 0 && disorder == 0 && failed == 0;
  }

  double clientCpuPercent() {
    return 100 * clientCpuSeconds / windows.get(0).seconds();
  }

  /** All the machine's CPU time and its idle part (idle and iowait), from the first line of /proc/stat. */
  private static long[] machineTicks() {
    try {
      String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(9, cpu.length); i++) { // guest time is in user time already
        total += Long.parseLong(cpu[i]);
      }
      return new long[] {total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
    } catch (java.io.IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  private static List<NodeMetrics> scrape(SlipwayNodes nodes) {
    return nodes.all().stream().map(n -> NodeMetrics.scrape(n.api())).toList();
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
