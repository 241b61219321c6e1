package dev.slipway.bench;

import dev.slipway.Config;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dispatch across a cluster: builds submitted all at once, unpinned, through the API of every node in turn, to three
 * nodes (web and worker each) as separate processes on one fresh PostgreSQL database. Reported: how many ran on each
 * node, the dispatch overhead of each job (from the request to the job's start on its worker, and from the 202 to
 * that start), and the total time; the same builds on one plain Slipway (no cluster, the same PostgreSQL) for
 * comparison. Nodes on one machine share its cores and its engine, so what three hosts would do is not measured
 * here: it is calculated from one node's time for its share of the builds, and labelled as a calculation.
 *
 * <p>Every node gets one build slot per build it is expected to take (and the plain Slipway one per build), so each
 * build starts as soon as it is dispatched: what is timed is the dispatch, not a wait in a queue.
 */
final class ClusterDispatchScenario implements Scenario {
  static final String APP = "bench-build";
  private static final String DOCKERFILE = "FROM " + Engine.BUSYBOX + "\nCOPY payload.txt /payload.txt\n"
      + "RUN wc -c /payload.txt\nRUN echo built > /built\n";

  @Override
  public String name() {
    return "cluster-dispatch";
  }

  @Override
  public void run(Bench bench, Table table) throws Exception {
    int builds = bench.config().clusterBuilds;
    int nodeCount = ClusterFanoutScenario.NODES.size();
    int share = (builds + nodeCount - 1) / nodeCount;
    Path apps = apps(bench.engine().work);
    BuildRounds rounds = new BuildRounds(bench.engine(), APP);
    Table servers = new Table(); // the nodes' own rows, shown after the results
    BuildRounds.Round alone;
    BuildRounds.Round aloneShare;
    try (SlipwayNodes one = bench.launcher().single(name() + "-one", settings(apps, builds))) {
      // Each round once unmeasured first: the JVM compiles its dispatch path, the engine warms its caches.
      rounds.run(one, builds, "warm-one");
      alone = rounds.run(one, builds, "one");
      aloneShare = rounds.run(one, share, "one-share");
      one.report(name(), servers);
    }
    BuildRounds.Round spread;
    BuildRounds.Round viaOne;
    BuildRounds.Round pinnedEvenly;
    try (SlipwayNodes cluster = bench.launcher().cluster(name(), ClusterFanoutScenario.NODES, "web,worker",
        settings(apps, share))) {
      // Each round once unmeasured first: every JVM compiles its dispatch path (the hand-over to another node's
      // jobs owner too), and the nodes' event-bus connections to each other are open.
      rounds.run(cluster, builds, "warm-cluster");
      rounds.run(cluster, 1, builds, "warm-cluster-via-a");
      // As behind a proxy that spreads requests over the web nodes, then as a script that knows one node's URL.
      spread = rounds.run(cluster, builds, "cluster");
      viaOne = rounds.run(cluster, 1, builds, "cluster-via-a");
      // The same burst through a, pinned a, b, c, a, …: what an even placement gives, the hand-overs timed.
      pinnedEvenly = rounds.run(cluster, 1, builds, "cluster-via-a-pinned",
          i -> ClusterFanoutScenario.NODES.get(i % nodeCount));
      cluster.report(name(), servers);
    }
    placement(table, builds + " builds at once, " + share + " through each node's API, unpinned", spread, share);
    placement(table, builds + " builds at once, all through node a's API, unpinned", viaOne, share);
    report(table, builds, share, alone, aloneShare, spread);
    table.info(name(), "all through a: request → 202, kept on a / sent on to another (medians, max)",
        viaOne.requestToAccepted(false).text() + " / " + viaOne.requestToAccepted(true).text());
    table.check(name(), "builds that succeeded, all through a", Long.toString(viaOne.succeeded()),
        Integer.toString(builds), viaOne.succeeded() == builds);
    table.info(name(), "all through a, pinned a, b, c, a, … (an even placement): request → 202, kept on a / handed "
        + "over (medians, max)", pinnedEvenly.requestToAccepted(false).text() + " / "
        + pinnedEvenly.requestToAccepted(true).text());
    table.info(name(), "all through a, pinned evenly: request → start (median, max); total",
        pinnedEvenly.requestToStart().text() + "; " + Stats.ms(pinnedEvenly.totalMs()));
    table.addAll(servers);
  }

  /** How many ran on each node, against an even spread; and where each node's front desk put them. */
  private void placement(Table table, String what, BuildRounds.Round round, int share) {
    Map<String, Integer> perNode = new TreeMap<>(round.perNode());
    ClusterFanoutScenario.NODES.forEach(n -> perNode.putIfAbsent(n, 0));
    int builds = round.builds().size();
    boolean even = builds % perNode.size() != 0 ? perNode.values().stream().allMatch(n -> Math.abs(n - share) <= 1)
        : perNode.values().stream().allMatch(n -> n == share);
    table.check(name(), "builds per node (" + what + ")", perNode.toString(),
        String.join("/", java.util.Collections.nCopies(perNode.size(), Integer.toString(share))), even);
    table.info(name(), "where the desk of the node asked placed each build", round.routes());
  }

  private void report(Table table, int builds, int share, BuildRounds.Round alone, BuildRounds.Round aloneShare,
                      BuildRounds.Round spread) {
    table.check(name(), "builds that succeeded: one node / cluster", alone.succeeded() + " / " + spread.succeeded(),
        builds + " / " + builds, alone.succeeded() == builds && spread.succeeded() == builds);
    table.info(name(), "one node: request → 202; 202 → start on the worker (medians, max)", alone.dispatch());
    table.info(name(), "3 nodes: request → 202; 202 → start on the worker (medians, max)", spread.dispatch());
    table.info(name(), "3 nodes: request → 202, kept on the node asked / sent on to another (medians, max)",
        spread.requestToAccepted(false).text() + " / " + spread.requestToAccepted(true).text());
    double added = spread.requestToStart().median() - alone.requestToStart().median();
    table.info(name(), "dispatch overhead per job: request → start, one node / 3 nodes (median; cluster's extra)",
        String.format("%s / %s (%s%s)", Stats.ms(alone.requestToStart().median()),
            Stats.ms(spread.requestToStart().median()), added >= 0 ? "+" : "", Stats.ms(added)));
    table.info(name(), "total, " + builds + " builds: one node / 3 nodes on this one machine (measured)",
        Stats.ms(alone.totalMs()) + " / " + Stats.ms(spread.totalMs()));
    table.info(name(), "build time (start → end), median: one node with " + builds + " / with " + share
        + " / 3 nodes with " + share + " each", Stats.ms(alone.buildTime().median()) + " / "
        + Stats.ms(aloneShare.buildTime().median()) + " / " + Stats.ms(spread.buildTime().median()));
    // Three hosts: each runs its share as one node alone ran it here, plus the cluster's extra dispatch time.
    double hostMs = aloneShare.totalMs() + Math.max(0, added);
    table.info(name(), "CALCULATED, not measured: " + builds + " builds on 3 separate hosts (each its " + share
        + ", timed as one node alone with " + share + " here" + (added > 0 ? ", plus the cluster's extra dispatch"
        : "") + ")", String.format("%s, %.1f builds/min (one host, measured: %s, %.1f builds/min; %.2f×)",
        Stats.ms(hostMs), builds * 60_000 / hostMs, Stats.ms(alone.totalMs()), builds * 60_000 / alone.totalMs(),
        alone.totalMs() / hostMs));
  }

  private static JsonObject settings(Path apps, int buildSlots) {
    return new JsonObject().put(Config.APPS_DIR, apps.toString()).put(Config.BUILD_CONCURRENCY, buildSlots);
  }

  /** An apps folder every node reads (the same on all, as a cluster requires) with one small app. */
  private static Path apps(Path work) throws Exception {
    Path app = Files.createDirectories(work.resolve("apps").resolve(APP));
    Files.writeString(app.resolve("Dockerfile"), DOCKERFILE);
    Files.writeString(app.resolve("payload.txt"), "0123456789abcdef\n".repeat(4096));
    return app.getParent();
  }

  /** Medians and maxima of one measure over the jobs of a round. */
  record Spread(List<Double> values) {
    double median() {
      return Stats.median(values);
    }

    double max() {
      return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    String text() {
      return values.isEmpty() ? "none" : Stats.ms(median()) + " (max " + Stats.ms(max()) + ")";
    }
  }
}
