package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.Tars;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Launch, cancel and time limits: a job always ends, and says how. */
@ExtendWith(VertxExtension.class)
class JobControlTest {
  private static final String TAG = "slipway-test/launched:control";
  private static final String NAME = "slipway-test-launch-" + Long.toHexString(System.nanoTime());
  private static final byte[] SLOW = Tars.dockerfile("FROM " + DockerEngine.BUSYBOX
      + "\nRUN echo starting-slow-step && sleep 60\n");
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx, new JsonObject().put("buildTimeoutSeconds", 4));
  }

  @AfterAll
  static void cleanUp() {
    DockerEngine.removeContainer(NAME);
    TestImages.remove(TAG);
  }

  @Test
  void launchBuildsThenRunsOnOneJob() {
    JsonObject job = slipway.submit("/api/launches", new JsonObject().put("app", "hello").put("tag", TAG)
        .put("noCache", true).put("run", new JsonObject().put("name", NAME)));
    JsonObject done = slipway.awaitEnd(job.getString("id"), 120);

    assertThat(job.getString("kind")).isEqualTo("launch");
    assertThat(done.getString("state")).isEqualTo("succeeded");
    assertThat(done.getString("phase")).isEqualTo("run");
    assertThat(done.getString("imageId")).isEqualTo(DockerEngine.client().inspectImageCmd(TAG).exec().getId());
    assertThat(done.getInteger("exitCode")).isZero();
    String log = slipway.log(job.getString("id"));
    assertThat(log.indexOf("building hello")).isNotNegative().isLessThan(log.indexOf("hello from slipway"));
    // The container runs the image this launch built, by id, whatever the tag points to by then.
    assertThat(DockerEngine.client().inspectContainerCmd(NAME).exec().getImageId()).isEqualTo(done.getString("imageId"));
  }

  @Test
  void cancellingARunningBuildEndsItCancelled() {
    JsonObject job = slipway.postTar("/api/builds?tag=slipway-test/slow:control&noCache=true", SLOW).bodyAsJsonObject();
    String id = job.getString("id");
    slipway.awaitJob(id, 30, j -> slipway.log(id).contains("starting-slow-step"));

    assertThat(slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    JsonObject done = slipway.awaitEnd(id, 15);
    assertThat(done.getString("state")).isEqualTo("cancelled");
    assertThat(done.getString("finishedAt")).isNotNull();
    assertThat(slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(409);
  }

  @Test
  void aBuildOverItsTimeLimitFailsAndSaysSo() {
    JsonObject job = slipway.postTar("/api/builds?tag=slipway-test/slow:control&noCache=true", SLOW).bodyAsJsonObject();
    JsonObject done = slipway.awaitEnd(job.getString("id"), 30);

    assertThat(done.getString("state")).isEqualTo("failed");
    assertThat(done.getString("error")).contains("longer than 4 s");
    assertThat(slipway.log(job.getString("id"))).contains("starting-slow-step");
  }
}
