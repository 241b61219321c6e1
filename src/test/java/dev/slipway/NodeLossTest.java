package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.ClusterNodes;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayProcess;
import dev.slipway.cluster.NodeStatus;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker node killed with {@code kill -9} in the middle of its work: the other nodes see it gone, run its queued
 * builds, and end what it was running as failed ("node lost"); nothing stays queued or running for ever.
 */
class NodeLossTest {
  private static final String REPO = "slipway-test/node-loss";
  private Vertx vertx;
  private ClusterNodes cluster;

  @BeforeEach
  void startCluster() {
    DockerEngine.require();
    vertx = Vertx.vertx();
    cluster = new ClusterNodes(vertx, "a", "b", "c");
    cluster.start("a", "web");
    JsonObject oneBuildAtATime = new JsonObject().put(Config.BUILD_CONCURRENCY, 1);
    cluster.start("b", "worker", oneBuildAtATime);
    cluster.start("c", "worker", oneBuildAtATime);
    Clusters.awaitNodes(cluster.node("a"), Set.of("b", "c"), Set.of("a"));
  }

  @AfterEach
  void stopCluster() throws Exception {
    cluster.close();
    vertx.close().await();
    DockerEngine.removeContainersLabelled("dev.slipway.node=b");
    for (int i = 1; i <= 3; i++) {
      TestImages.remove(REPO + ":" + i);
    }
  }

  @Test
  void theQueueOfAKilledWorkerRunsElsewhereAndWhatItRanEndsNodeLost() throws Exception {
    SlipwayProcess web = cluster.node("a");
    String run = Clusters.submitted(web.postJson("/api/runs", ClusterTest.sleeper().put("node", "b"))).getString("id");
    Clusters.awaitState(web, run, "running");
    String longBuild = build(web, 1, "slow", new JsonObject().put("SECONDS", "120"));
    awaitPhaseRunning(web, longBuild);
    List<String> queued = List.of(build(web, 2, "hello", null), build(web, 3, "hello", null));
    queued.forEach(id -> assertThat(web.job(id).getString("state")).isEqualTo("queued"));

    cluster.node("b").kill();

    for (String id : queued) {
      JsonObject done = Clusters.awaitState(web, id, "succeeded", 90_000);
      assertThat(done.getString("node")).as("taken over by the other worker").isEqualTo("c");
    }
    for (String id : List.of(run, longBuild)) {
      JsonObject lost = Clusters.awaitState(web, id, "failed", 90_000);
      assertThat(lost.getString("error")).contains("node lost").contains("b");
    }
    JsonObject b = web.get("/api/nodes").bodyAsJsonArray().stream().map(JsonObject.class::cast)
        .filter(n -> n.getString("name").equals("b")).findFirst().orElseThrow();
    assertThat(b.getBoolean("alive")).isFalse();
  }

  /** Back before its running jobs count as lost: the node takes them up as after a restart, and no line is lost. */
  @Test
  void aWorkerThatComesBackInTimeFollowsItsRunningJobAgain() throws Exception {
    SlipwayProcess web = cluster.node("a");
    JsonObject slowPrinter = new JsonObject().put("image", DockerEngine.BUSYBOX).put("node", "b").put("command",
        new io.vertx.core.json.JsonArray().add("sh").add("-c")
            .add("i=1; while [ $i -le 120 ]; do echo \"line $i\"; i=$((i+1)); sleep 0.1; done"));
    String run = Clusters.submitted(web.postJson("/api/runs", slowPrinter)).getString("id");
    Clusters.awaitState(web, run, "running");
    SlipwayServer.sleep(2_000);
    cluster.node("b").kill();
    SlipwayServer.sleep(2_000);
    cluster.start("b", "worker", new JsonObject().put(Config.BUILD_CONCURRENCY, 1));

    JsonObject done = Clusters.awaitState(web, run, "succeeded", 90_000);
    assertThat(done.getString("node")).isEqualTo("b");
    List<String> texts = web.get("/api/jobs/" + run + "/log").bodyAsString().lines()
        .filter(l -> l.startsWith("line ")).toList();
    assertThat(texts).as("every line once, in order")
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 120).mapToObj(i -> "line " + i).toList());
  }

  /** SIGTERM: the node leaves at once, so its queue moves on without waiting for it to be missed. */
  @Test
  void aWorkerStoppedWithSigtermHandsItsQueueOverAtOnce() throws Exception {
    SlipwayProcess web = cluster.node("a");
    String longBuild = build(web, 1, "slow", new JsonObject().put("SECONDS", "60"));
    Clusters.awaitState(web, longBuild, "running");
    String queued = build(web, 2, "hello", null);
    assertThat(web.job(queued).getString("state")).isEqualTo("queued");
    long stopped = System.currentTimeMillis();
    cluster.node("b").terminate();

    JsonObject done = Clusters.awaitState(web, queued, "succeeded", 60_000);
    assertThat(done.getString("node")).isEqualTo("c");
    assertThat(System.currentTimeMillis() - stopped).as("well before a silent node counts as gone (20 s)")
        .isLessThan(NodeStatus.GONE_AFTER_MS);
  }

  private static String build(SlipwayProcess web, int n, String app, JsonObject args) {
    JsonObject body = new JsonObject().put("app", app).put("tag", REPO + ":" + n).put("noCache", true).put("node", "b");
    if (args != null) {
      body.put("buildArgs", args);
    }
    return Clusters.submitted(web.postJson("/api/builds", body)).getString("id");
  }

  private static void awaitPhaseRunning(SlipwayProcess web, String id) {
    Clusters.awaitState(web, id, "running");
  }
}
