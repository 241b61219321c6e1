package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.Tars;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Builds still waiting when Slipway stops run after it starts again, in the order they were submitted. */
class QueueRestartTest {
  private static final int QUEUED = 5;
  private static final String REPO = "slipway-test/queue-restart-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterAll
  static void cleanUp() {
    for (int i = 0; i < QUEUED; i++) {
      EngineTraces.removeImage(REPO + ":" + i);
    }
  }

  @Test
  void queuedBuildsRunAfterARestartInTheirOrder() throws Exception {
    DockerEngine.require();
    Path data = Files.createTempDirectory("slipway-queue-restart");
    JsonObject config = new JsonObject().put(Config.DATA_DIR, data.toString()).put(Config.BUILD_CONCURRENCY, 1);

    Vertx first = Vertx.vertx();
    List<String> queued = new ArrayList<>();
    String blocker;
    try {
      SlipwayServer before = SlipwayServer.start(first, config);
      blocker = before.postTar("/api/builds?noCache=true&tag=" + REPO + ":blocker", Tars.dockerfile("FROM "
          + DockerEngine.BUSYBOX + "\nRUN echo blocking && sleep 30\n")).bodyAsJsonObject().getString("id");
      before.awaitJob(blocker, 30, j -> before.log(blocker).contains("blocking"));
      for (int i = 0; i < QUEUED; i++) {
        queued.add(before.submit("/api/builds", new JsonObject().put("app", "sleepy").put("tag", REPO + ":" + i)
            .put("noCache", true)).getString("id"));
      }
      assertThat(before.job(queued.get(QUEUED - 1)).getInteger("queuePosition")).isEqualTo(QUEUED);
    } finally {
      SlipwayServer.await(first.close());
    }

    Vertx second = Vertx.vertx();
    try {
      SlipwayServer after = SlipwayServer.start(second, config);
      assertThat(after.awaitEnd(blocker, 30).getString("error")).contains("Slipway stopped while the build was running");
      List<Instant> starts = new ArrayList<>();
      for (String id : queued) {
        JsonObject done = after.awaitEnd(id, 60);
        assertThat(done.getString("state")).as("queued job %s after the restart", id).isEqualTo("succeeded");
        starts.add(Instant.parse(done.getString("startedAt")));
      }
      assertThat(starts).as("start times, in the order the builds were submitted").isSorted();
    } finally {
      SlipwayServer.await(second.close());
    }
  }
}
