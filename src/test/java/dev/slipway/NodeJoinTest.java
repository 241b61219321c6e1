package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.ClusterNodes;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayProcess;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker that joins a cluster whose only worker has a queue takes some of that queue at once. */
class NodeJoinTest {
  private static final String REPO = "slipway-test/node-join";
  private final List<String> jobs = new ArrayList<>();
  private Vertx vertx;
  private ClusterNodes cluster;

  @AfterEach
  void stopCluster() throws Exception {
    jobs.forEach(id -> cluster.node("a").postJson("/api/jobs/" + id + "/cancel", new JsonObject()));
    cluster.close();
    vertx.close().await();
    for (int i = 1; i <= 4; i++) {
      TestImages.remove(REPO + ":" + i);
    }
  }

  @Test
  void aJoiningWorkerTakesWaitingBuildsFromTheBusyOne() {
    DockerEngine.require();
    vertx = Vertx.vertx();
    cluster = new ClusterNodes(vertx, "a", "b", "c");
    JsonObject oneAtATime = new JsonObject().put(Config.BUILD_CONCURRENCY, 1);
    SlipwayProcess web = cluster.start("a", "web");
    cluster.start("b", "worker", oneAtATime);
    Clusters.awaitNodes(web, Set.of("b"), Set.of("a"));
    for (int i = 1; i <= 4; i++) {
      jobs.add(Clusters.submitted(web.postJson("/api/builds", new JsonObject().put("app", "slow").put("tag", REPO + ":"
          + i).put("noCache", true).put("buildArgs", new JsonObject().put("SECONDS", "40")))).getString("id"));
    }
    Clusters.awaitState(web, jobs.get(0), "running");
    assertThat(jobs.subList(1, 4)).allSatisfy(id -> assertThat(web.job(id).getString("node")).isEqualTo("b"));

    long joined = System.currentTimeMillis();
    cluster.start("c", "worker", oneAtATime);
    String moved = null;
    while (moved == null && System.currentTimeMillis() - joined < 30_000) {
      moved = jobs.stream().filter(id -> "c".equals(web.job(id).getString("node"))).findFirst().orElse(null);
      SlipwayServer.sleep(250);
    }
    assertThat(moved).as("a waiting build moved to the new node within 30 s").isNotNull();
    Clusters.awaitState(web, moved, "running");
    assertThat(web.job(jobs.get(1)).getString("node")).as("the oldest waiting build moved first").isEqualTo("c");
  }
}
