package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.ClusterNodes;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.Postgres;
import dev.slipway.testing.SlipwayProcess;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database is the source of truth for who owns a job. A queued job whose row names a worker that does not hold it
 * (a hand-over whose answer never came back: the asking node timed out while the giving one moved the row) is taken
 * up by that worker within two of its looks at the cluster, not left queued for ever.
 */
class StrandedJobTest {
  private static final String TAG = "slipway-test/stranded:" + UUID.randomUUID().toString().substring(0, 8);
  private Vertx vertx;
  private ClusterNodes cluster;

  @AfterEach
  void stopCluster() throws Exception {
    cluster.close();
    vertx.close().await();
    TestImages.remove(TAG);
  }

  @Test
  void aQueuedJobItsNodeDoesNotHoldIsTakenUp() throws Exception {
    DockerEngine.require();
    vertx = Vertx.vertx();
    cluster = new ClusterNodes(vertx, "a", "b");
    SlipwayProcess web = cluster.start("a", "web,worker");
    cluster.start("b", "worker");
    Clusters.awaitNodes(web, Set.of("a", "b"), Set.of("a"));
    String first = Clusters.submitted(web.postJson("/api/builds", new JsonObject().put("app", "hello").put("tag", TAG)
        .put("node", "b"))).getString("id");
    Clusters.awaitState(web, first, "succeeded");

    // The same build again, as a row only: queued on b, which has never heard of it.
    String stranded = UUID.randomUUID().toString();
    try (Connection db = Postgres.connect(cluster.databaseUrl());
         PreparedStatement copy = db.prepareStatement("INSERT INTO jobs (id, kind, state, phase, user_name, node, "
             + "target, params, created_at, lines) SELECT ?, kind, 'queued', 'build', user_name, node, target, params, "
             + "?, 0 FROM jobs WHERE id = ?")) {
      copy.setString(1, stranded);
      copy.setLong(2, System.currentTimeMillis());
      copy.setString(3, first);
      assertThat(copy.executeUpdate()).isEqualTo(1);
    }

    JsonObject job = Clusters.awaitState(web, stranded, "succeeded");
    assertThat(job.getString("node")).isEqualTo("b");
  }
}
