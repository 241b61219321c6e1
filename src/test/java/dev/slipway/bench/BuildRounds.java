package dev.slipway.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Rounds of builds of one app, submitted all at once ({@code POST /api/builds} with the app's name, no cache, no
 * node named) through the nodes' APIs in turn, then followed to their end. Each job's times come from two clocks of
 * the same machine: the client's (request sent, 202 received) and the job's own {@code startedAt} and
 * {@code finishedAt} (set by its owner when its worker reports the build running, and when it ends).
 */
final class BuildRounds {
  private final Engine engine;
  private final String app;

  BuildRounds(Engine engine, String app) {
    this.engine = engine;
    this.app = app;
  }

  /** One build: where it was sent and where it ran, and its times in epoch nanoseconds. */
  record Build(String id, String via, String node, String state, long sent, long accepted, long started,
               long finished) {
  }

  /** The builds of one round. */
  record Round(List<Build> builds) {
    Map<String, Integer> perNode() {
      Map<String, Integer> counts = new TreeMap<>();
      builds.forEach(b -> counts.merge(b.node(), 1, Integer::sum));
      return counts;
    }

    long succeeded() {
      return builds.stream().filter(b -> "succeeded".equals(b.state())).count();
    }

    ClusterDispatchScenario.Spread requestToAccepted() {
      return spread(b -> (b.accepted() - b.sent()) / 1e6);
    }

    /** Request → 202 of the builds the node asked kept ({@code forwarded} false) or sent on to another node. */
    ClusterDispatchScenario.Spread requestToAccepted(boolean forwarded) {
      return new ClusterDispatchScenario.Spread(builds.stream().filter(b -> b.via().equals(b.node()) != forwarded)
          .map(b -> (b.accepted() - b.sent()) / 1e6).toList());
    }

    /** Where the desk of each node the builds were sent through placed them: {@code a→[a, b, c, a], …}. */
    String routes() {
      Map<String, List<String>> placed = new TreeMap<>();
      builds.forEach(b -> placed.computeIfAbsent(b.via(), v -> new ArrayList<>()).add(b.node()));
      StringBuilder out = new StringBuilder();
      placed.forEach((via, to) -> out.append(out.length() == 0 ? "" : ", ").append(via).append("→").append(to));
      return out.toString();
    }

    ClusterDispatchScenario.Spread acceptedToStart() {
      return spread(b -> (b.started() - b.accepted()) / 1e6);
    }

    ClusterDispatchScenario.Spread requestToStart() {
      return spread(b -> (b.started() - b.sent()) / 1e6);
    }

    ClusterDispatchScenario.Spread buildTime() {
      return spread(b -> (b.finished() - b.started()) / 1e6);
    }

    /** From the first request to the end of the last build. */
    double totalMs() {
      long first = builds.stream().mapToLong(Build::sent).min().orElse(0);
      long last = builds.stream().mapToLong(Build::finished).max().orElse(0);
      return (last - first) / 1e6;
    }

    String dispatch() {
      return requestToAccepted().text() + "; " + acceptedToStart().text();
    }

    private ClusterDispatchScenario.Spread spread(ToDoubleFunction<Build> measure) {
      return new ClusterDispatchScenario.Spread(builds.stream().map(measure::applyAsDouble).toList());
    }
  }

  /** Submits {@code count} builds at once, build {@code i} through node {@code i mod n}; waits for them all to end. */
  Round run(SlipwayNodes nodes, int count, String label) throws InterruptedException {
    return run(nodes, nodes.size(), count, label);
  }

  /** As {@link #run(SlipwayNodes, int, String)}, through the first {@code through} nodes only. */
  Round run(SlipwayNodes nodes, int through, int count, String label) throws InterruptedException {
    return run(nodes, through, count, label, i -> null);
  }

  /** As above, build {@code i} pinned to the node {@code pin.apply(i)} names (none when null). */
  Round run(SlipwayNodes nodes, int through, int count, String label, java.util.function.IntFunction<String> pin)
      throws InterruptedException {
    List<Future<Api.Response>> answers = new ArrayList<>();
    long[] sent = new long[count];
    for (int i = 0; i < count; i++) {
      Api api = nodes.get(i % through).api();
      JsonObject body = new JsonObject().put("app", app).put("tag", engine.tag(label + "-" + i)).put("noCache", true);
      if (pin.apply(i) != null) {
        body.put("node", pin.apply(i));
      }
      sent[i] = System.nanoTime();
      answers.add(api.send(api.options(HttpMethod.POST, "/api/builds").putHeader("Content-Type", "application/json"),
          body.toBuffer()));
    }
    List<Build> builds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SlipwayNodes.Node via = nodes.get(i % through);
      Api.Response response = Api.await(answers.get(i));
      Api.expect(response, 202, "submit build " + i + " through node " + via.name());
      String id = response.json().getString("id");
      JsonObject job = via.api().awaitJob(id, 300, Api::ended);
      long sentAt = Bench.epochNanos(sent[i]);
      long acceptedAt = sentAt + (long) (response.ms() * 1e6);
      builds.add(new Build(id, via.name(), job.getString("node"), job.getString("state"), sentAt, acceptedAt,
          epochNanos(job.getString("startedAt"), acceptedAt), epochNanos(job.getString("finishedAt"), acceptedAt)));
    }
    Round round = new Round(builds);
    Progress.say("%s: %d builds per node %s (%s), %s; total %s", label, count, round.perNode(), round.routes(),
        round.dispatch(), Stats.ms(round.totalMs()));
    return round;
  }

  /** An instant of the API in epoch nanoseconds; a build that never started counts from {@code otherwise}. */
  private static long epochNanos(String instant, long otherwise) {
    if (instant == null) {
      return otherwise;
    }
    Instant at = Instant.parse(instant);
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }
}
