package dev.slipway.bench;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Fan-out across a cluster: three nodes (web and worker each) as separate processes on one fresh PostgreSQL
 * database; one job, pinned to node a, prints numbered lines at a steady rate; the clients follow it spread evenly
 * over the three web nodes, so two thirds of them get every line through the cluster's event bus ({@link FanoutRun}).
 * What crossed the cluster is read from the nodes' {@code /metrics} (Vert.x counts the bytes of each message it
 * writes to or reads from another node). Then the same job and clients on one plain Slipway (no cluster) on the same
 * kind of database, for comparison: what the cluster adds, and what the machine and the store cost anyway.
 */
final class ClusterFanoutScenario implements Scenario {
  static final List<String> NODES = List.of("a", "b", "c");
  private static final int WARM_UP_SECONDS = 10;
  private static final int WARM_UPS = 5;
  private static final int JIT_SETTLED_PERCENT = 10;

  @Override
  public String name() {
    return "cluster-fanout";
  }

  @Override
  public void run(Bench bench, Table table) throws Exception {
    FanoutRun cluster;
    try (SlipwayNodes nodes = bench.launcher().cluster(name(), NODES, "web,worker", new JsonObject())) {
      warmUp(bench, nodes);
      cluster = FanoutRun.run(bench, nodes, bench.config().clusterSeconds);
      report(bench.config(), table, cluster);
      // A crowd the machine can carry: what the way through the cluster costs when nothing waits for a core.
      FanoutRun small = FanoutRun.run(bench, nodes, bench.config().clusterSeconds, bench.config().clusterSmallClients);
      small(table, small);
      nodes.report(name(), table);
    }
    try (SlipwayNodes one = bench.launcher().single(name() + "-one", new JsonObject())) {
      warmUp(bench, one);
      FanoutRun alone = FanoutRun.run(bench, one, bench.config().clusterSeconds);
      compare(table, alone);
      one.report(name(), table);
    }
  }

  /**
   * The same clients on shorter jobs first, unmeasured, until the JIT compilers of the nodes are nearly done (a fresh
   * JVM compiles for tens of seconds under this load, and in a cluster three of them do): at most
   * {@value #WARM_UPS} rounds, fewer once compiling took under {@value #JIT_SETTLED_PERCENT} % of the nodes' CPU.
   */
  private static void warmUp(Bench bench, SlipwayNodes nodes) throws Exception {
    for (int round = 1; round <= (bench.config().quick ? 1 : WARM_UPS); round++) {
      FanoutRun warm = FanoutRun.run(bench, nodes, bench.config().quick ? 1 : WARM_UP_SECONDS);
      double cpu = warm.windows.stream().mapToDouble(ProbeWindow::cpuSeconds).sum();
      double jit = warm.windows.stream().mapToDouble(ProbeWindow::compilerSeconds).sum();
      Progress.say("warm-up %d on %d node(s): %d of %d clients got every line; latency %s; JIT compiling %.1f s of "
          + "%.1f s CPU", round, nodes.size(), warm.complete, warm.clients, warm.cross.count() > 0
          ? warm.cross.summary() : warm.same.summary(), jit, cpu);
      if (jit < cpu * JIT_SETTLED_PERCENT / 100) {
        return;
      }
    }
  }

  private void report(BenchConfig config, Table table, FanoutRun run) {
    int clients = run.clients;
    String size = String.format("%,d clients over %d web nodes, %,d lines/s for %d s", clients, NODES.size(),
        config.clusterRate, config.clusterSeconds);
    table.check(name(), "clients with every line, in order, once (" + size + ")", run.complete + " / " + clients,
        "all", run.complete == clients);
    table.info(name(), "clients per node (the job runs on a)", String.format("a %d, b %d, c %d", run.perNode[0],
        run.perNode[1], run.perNode[2]));
    table.check(name(), "lines missing / twice / out of order (" + run.ended + " streams ended, " + run.reconnects
        + " reconnects)", run.missing + " / " + run.duplicates + " / " + run.disorder, "0 / 0 / 0", run.allComplete());
    table.info(name(), "latency, same node (" + run.perNode[0] + " clients on a)", run.same.summary());
    double p99 = run.cross.percentile(99);
    table.check(name(), "latency p99, cross-node (" + (clients - run.perNode[0]) + " clients on b and c)",
        Stats.ms(p99), "≤ 50 ms", p99 <= 50);
    table.info(name(), "latency, cross-node", run.cross.summary());
    table.info(name(), "latency p99 by node", String.format("a %s, b %s, c %s",
        Stats.ms(run.byNode.get(0).percentile(99)), Stats.ms(run.byNode.get(1).percentile(99)),
        Stats.ms(run.byNode.get(2).percentile(99))));
    table.info(name(), "stored and published on a, behind the engine (polled every " + StoreLag.EVERY_MS + " ms)",
        run.stored.summary());
    table.info(name(), "what crossed the cluster (job lines, from /metrics)", traffic(run));
    table.info(name(), "the benchmark's client CPU (all " + clients + " clients, on the same cores)",
        String.format("%.1f s CPU (%.0f %% of a core)", run.clientCpuSeconds, run.clientCpuPercent()));
    table.info(name(), "the whole machine meanwhile (nodes, client, engine, PostgreSQL, generator)", machine(run));
    for (int i = 0; i < NODES.size(); i++) {
      ProbeWindow window = run.windows.get(i);
      table.info(name(), "node " + NODES.get(i) + " CPU", window.summary());
      table.check(name(), "node " + NODES.get(i) + " peak heap", window.heap(), "≤ 256 MB, no full GC",
          window.heapWithinTarget());
    }
  }

  /** A small crowd on the same cluster: the same-node and cross-node latency when the machine has cores to spare. */
  private void small(Table table, FanoutRun run) {
    String who = run.clients + " clients (" + run.perNode[0] + " on a, " + (run.clients - run.perNode[0])
        + " on b and c)";
    table.check(name(), who + ": every line to every client, in order, once", run.complete + " / " + run.clients,
        "all", run.allComplete());
    table.info(name(), who + ": latency, same node", run.same.summary());
    table.info(name(), who + ": latency, cross-node", run.cross.summary());
    table.info(name(), who + ": the whole machine meanwhile", machine(run));
  }

  /** How busy the machine was, and what of it was neither Slipway nor the client (engine, database, others). */
  private static String machine(FanoutRun run) {
    double nodes = run.windows.stream().mapToDouble(ProbeWindow::cpuSeconds).sum();
    double compiling = run.windows.stream().mapToDouble(ProbeWindow::compilerSeconds).sum();
    StringBuilder each = new StringBuilder();
    for (int i = 0; run.windows.size() > 1 && i < run.windows.size(); i++) {
      each.append(i == 0 ? " (" : ", ").append(NODES.get(i)).append(String.format(" %.1f s", run.windows.get(i)
          .cpuSeconds())).append(i == run.windows.size() - 1 ? ")" : "");
    }
    return String.format("%.0f %% busy (of %d cores): %.1f s CPU in %.1f s, of it Slipway %.1f s%s (JIT compiling "
            + "%.1f s of it), the client %.1f s, the rest %.1f s (engine, PostgreSQL, generator, anything else running)",
        run.machineBusyPercent, Runtime.getRuntime().availableProcessors(), run.machineBusySeconds,
        run.windows.get(0).seconds(), nodes, each, compiling, run.clientCpuSeconds,
        run.machineBusySeconds - nodes - run.clientCpuSeconds);
  }

  /** The same job and clients on one plain node: the rows to set beside the cluster's. */
  private void compare(Table table, FanoutRun run) {
    String who = "one node (no cluster), the same job and " + run.clients + " clients";
    table.check(name(), who + ": every line to every client, in order, once", run.complete + " / " + run.clients,
        "all", run.allComplete());
    table.info(name(), who + ": latency", run.same.summary());
    table.info(name(), who + ": stored and published, behind the engine", run.stored.summary());
    table.info(name(), who + ": server CPU; the client's; the whole machine", run.windows.get(0).summary()
        + String.format("; %.1f s CPU (%.0f %% of a core); ", run.clientCpuSeconds, run.clientCpuPercent())
        + machine(run));
    table.check(name(), who + ": server peak heap", run.windows.get(0).heap(), "≤ 256 MB, no full GC",
        run.windows.get(0).heapWithinTarget());
  }

  /** Node a's writes of the job's batches to the other nodes, and what each of them read. */
  private static String traffic(FanoutRun run) {
    NodeMetrics.Traffic written = run.after.get(0).written(NodeMetrics.JOB_LINES)
        .minus(run.before.get(0).written(NodeMetrics.JOB_LINES));
    StringBuilder read = new StringBuilder();
    for (int i = 1; i < NODES.size(); i++) {
      NodeMetrics.Traffic got = run.after.get(i).read(NodeMetrics.JOB_LINES)
          .minus(run.before.get(i).read(NodeMetrics.JOB_LINES));
      read.append(String.format("; %s read %,.0f messages, %.1f MB", NODES.get(i), got.messages(), got.bytes() / 1e6));
    }
    return String.format("a wrote %,.0f messages, %.1f MB (%.0f bytes a line for each node)%s", written.messages(),
        written.bytes() / 1e6, written.bytes() / Math.max(1, run.total) / (NODES.size() - 1), read);
  }
}
