package dev.slipway.bench;

import dev.slipway.testing.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Slipway nodes that {@link NodeLauncher} started for one scenario, on one database: each with its process, its API
 * client and a probe on its process. Closing stops them (SIGTERM, then SIGKILL after 20 s) and drops the database.
 */
final class SlipwayNodes implements AutoCloseable {
  /** One node: its name, HTTP port, process, log, and the benchmark's client and probe on it. */
  record Node(String name, int port, Process process, Path log, Api api, ServerProbe probe, Path pidFile) {
  }

  final String label;
  final String databaseUrl;
  private final List<Node> nodes = new ArrayList<>();
  private boolean closed;

  SlipwayNodes(String label, String databaseUrl) {
    this.label = label;
    this.databaseUrl = databaseUrl;
  }

  synchronized void add(Node node) {
    nodes.add(node);
  }

  synchronized Node get(int i) {
    return nodes.get(i);
  }

  synchronized int size() {
    return nodes.size();
  }

  synchronized List<Node> all() {
    return List.copyOf(nodes);
  }

  /** Adds, for each node, the rows every scenario gives of its server: its log, its peak RSS, whether it answers. */
  void report(String scenario, Table table) {
    for (Node node : all()) {
      String who = size() == 1 ? "one node (no cluster)" : "node " + node.name();
      if (!node.probe().alive() || !answers(node.api())) {
        table.add(scenario, who + " after the scenario", node.probe().alive() ? "no longer answers /health"
            : "the process is gone", "", Table.Verdict.ERROR);
      }
      SlipwayBench.serverRows(scenario, who + ": ", node.probe(), table);
    }
  }

  /**
   * Whether {@code /health} says 200 within three tries: a worker node answers 503 for as long as its engine's last
   * probe failed, which a loaded machine's engine can make happen for a moment.
   */
  private static boolean answers(Api api) {
    for (int i = 0; i < 3; i++) {
      if (api.answers()) {
        return true;
      }
      Bench.quietly("wait", () -> Thread.sleep(2000));
    }
    return false;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Node node : nodes) {
      node.probe().close();
      node.process().destroy();
    }
    for (Node node : nodes) {
      Bench.quietly("stop node " + node.name(), () -> {
        if (!node.process().waitFor(20, TimeUnit.SECONDS)) {
          node.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        node.api().close();
        Files.deleteIfExists(node.pidFile());
      });
    }
    Bench.quietly("drop the database of " + label, () -> Postgres.drop(databaseUrl));
  }
}
