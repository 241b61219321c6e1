package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.Dockerd;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Docker daemon stops and starts during a run. A daemon that stops stops its containers first, so the job ends
 * as its container really ended (exit 143, with every line the engine kept and none twice), not as "lost"; while the
 * daemon is away /health and submissions answer 503 at once; when it is back Slipway works again by itself.
 * (A container that outlives its engine, as behind a cut connection, is taken up again: see EngineFaultTest.)
 */
@ExtendWith(VertxExtension.class)
class DockerdRestartTest {
  private static final String TICKER = "slipway-test/dockerd:ticker";
  private static String containerId;

  @BeforeAll
  static void image() {
    DockerEngine.require();
    Dockerd.requireLocal();
    TestImages.shell(TICKER, "trap 'echo stopping; exit 143' TERM; i=1; while true; do echo \"tick $i\"; i=$((i+1));"
        + " sleep 0.02 & wait $!; done");
  }

  @AfterAll
  static void cleanUp() throws Exception {
    Dockerd.start();
    if (containerId != null) {
      DockerEngine.removeContainer(containerId);
    }
    TestImages.remove(TICKER);
  }

  @Test
  void aRunOutlivesItsEngineStoppingAndStartingAndEndsWithItsWholeLog(Vertx vertx) throws Exception {
    SlipwayServer slipway = SlipwayServer.start(vertx);
    String id = slipway.submit("/api/runs", new JsonObject().put("image", TICKER)).getString("id");
    containerId = slipway.awaitJob(id, 60, j -> j.getLong("lines") > 50).getString("containerId");
    try {
      Dockerd.stop();

      assertThat(healthWithin(slipway, 15, 503)).isEqualTo(503);
      assertThat(slipway.postJson("/api/runs", new JsonObject().put("image", TICKER)).statusCode()).isEqualTo(503);
    } finally {
      Dockerd.start();
    }

    JsonObject done = slipway.awaitEnd(id, 60);
    assertThat(done.getString("state")).isEqualTo("failed");
    assertThat(done.getInteger("exitCode")).isEqualTo(143);
    List<String> stored = slipway.log(id).lines().filter(line -> !line.startsWith("──")).toList();
    assertThat(stored).contains("stopping").isEqualTo(DockerEngine.logs(containerId));
    assertThat(healthWithin(slipway, 15, 200)).isEqualTo(200);
    JsonObject again = slipway.awaitJob(slipway.submit("/api/runs", new JsonObject().put("image", TICKER)).getString("id"),
        60, j -> j.getLong("lines") > 5);
    DockerEngine.removeContainer(again.getString("containerId"));
  }

  /** The status of /health as soon as it is {@code expected}, or as it is after {@code seconds}. */
  private static int healthWithin(SlipwayServer slipway, int seconds, int expected) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
    int now = slipway.get("/health").statusCode();
    while (now != expected && System.nanoTime() < deadline) {
      SlipwayServer.sleep(200);
      now = slipway.get("/health").statusCode();
    }
    return now;
  }
}
