package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.Tars;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The build queue with a limit of 2: a queued build that is cancelled never reaches Docker and gives its place to
 * the next, and two builds of one tag at once both succeed, the tag ending on the one that finished last.
 */
@ExtendWith(VertxExtension.class)
class BuildQueueTest {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String REPO = "slipway-test/queue-" + SUFFIX;
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx, new JsonObject().put(Config.BUILD_CONCURRENCY, 2));
  }

  @AfterAll
  static void cleanUp() {
    for (String tag : List.of("blocker0", "blocker1", "queued", "next", "after", "same")) {
      EngineTraces.removeImage(REPO + ":" + tag);
    }
  }

  @Test
  void aCancelledQueuedBuildEndsAtOnceNeverReachesDockerAndGivesItsPlaceToTheNext() {
    String blocker0 = upload("blocker0", "RUN echo blocker-" + SUFFIX + " && sleep 6");
    String blocker1 = upload("blocker1", "RUN echo blocker-" + SUFFIX + " && sleep 6");
    slipway.awaitJob(blocker0, 30, j -> "running".equals(j.getString("state")));
    slipway.awaitJob(blocker1, 30, j -> "running".equals(j.getString("state")));

    String marker = "queued-" + UUID.randomUUID();
    String queued = upload("queued", "RUN echo " + marker + " && sleep 30");
    String next = sleepy("next");
    String after = sleepy("after");
    assertThat(slipway.job(queued).getInteger("queuePosition")).isEqualTo(1);
    assertThat(EngineTraces.exists(EngineTraces.contextFile(slipway, queued)))
        .as("a queued upload's archive waits in dataDir/contexts").isTrue();

    HttpResponse<Buffer> cancel = slipway.postJson("/api/jobs/" + queued + "/cancel", new JsonObject());
    assertThat(cancel.statusCode()).isEqualTo(202);
    JsonObject answer = cancel.bodyAsJsonObject();
    assertThat(answer.getString("state")).as("ended at once, in the cancel's own answer").isEqualTo("cancelled");
    assertThat(answer.getString("finishedAt")).isNotNull();
    assertThat(answer.getValue("queuePosition")).isNull();
    assertThat(slipway.job(queued).getString("state")).isEqualTo("cancelled");
    assertThat(slipway.job(next).getInteger("queuePosition")).as("the next one takes its place").isEqualTo(1);
    assertThat(slipway.job(after).getInteger("queuePosition")).isEqualTo(2);
    assertThat(EngineTraces.eventually(3000, () -> !EngineTraces.exists(EngineTraces.contextFile(slipway, queued))))
        .as("the archive of a cancelled queued upload is deleted").isTrue();

    // Once the builds behind it have run, the cancelled one would long have started (and still be sleeping).
    assertThat(slipway.awaitEnd(next, 60).getString("state")).isEqualTo("succeeded");
    assertThat(slipway.awaitEnd(after, 60).getString("state")).isEqualTo("succeeded");
    assertThat(Instant.parse(slipway.job(next).getString("startedAt")))
        .isBefore(Instant.parse(slipway.job(after).getString("startedAt")));
    JsonObject cancelled = slipway.job(queued);
    assertThat(cancelled.getString("state")).isEqualTo("cancelled");
    assertThat(cancelled.getLong("lines")).as("it never ran").isZero();
    assertThat(EngineTraces.containersWithCommand(marker)).as("the engine never ran its step").isEmpty();
    assertThat(Refusals.imageExists(REPO + ":queued")).isFalse();
    assertThat(EngineTraces.imagesOfJob(queued)).isEmpty();
    assertThat(Refusals.uploadsLeft(slipway)).isEmpty();
    slipway.awaitEnd(blocker0, 30);
    slipway.awaitEnd(blocker1, 30);
  }

  /**
   * Two builds of one tag at once, from different contexts: both succeed with their own image id, and the tag ends
   * on the image of the build that finished last (the engine tags each image as its build ends), here the one
   * submitted first. The other image stays on the engine, untagged.
   */
  @Test
  void twoBuildsOfTheSameTagAtOnceBothSucceedAndTheTagEndsOnTheOneThatFinishedLast() {
    String slow = upload("same", "RUN sleep 4 && echo slow > /which");
    String fast = upload("same", "RUN sleep 1 && echo fast > /which");
    JsonObject slowDone = slipway.awaitEnd(slow, 60);
    JsonObject fastDone = slipway.awaitEnd(fast, 60);

    assertThat(slowDone.getString("state")).isEqualTo("succeeded");
    assertThat(fastDone.getString("state")).isEqualTo("succeeded");
    assertThat(Instant.parse(fastDone.getString("startedAt"))).as("they ran side by side")
        .isBefore(Instant.parse(slowDone.getString("finishedAt")));
    assertThat(Instant.parse(fastDone.getString("finishedAt"))).isBefore(Instant.parse(slowDone.getString("finishedAt")));
    assertThat(slowDone.getString("imageId")).isNotEqualTo(fastDone.getString("imageId"));

    assertThat(DockerEngine.client().inspectImageCmd(REPO + ":same").exec().getId())
        .as("the tag is on the image of the build that finished last").isEqualTo(slowDone.getString("imageId"));
    List<String> fastTags = DockerEngine.client().inspectImageCmd(fastDone.getString("imageId")).exec().getRepoTags();
    assertThat(fastTags == null ? List.<String>of() : fastTags).doesNotContain(REPO + ":same");
    EngineTraces.removeImage(fastDone.getString("imageId"));
  }

  private static String upload(String tag, String step) {
    byte[] context = Tars.dockerfile("FROM " + DockerEngine.BUSYBOX + "\n" + step + "\n");
    HttpResponse<Buffer> response = slipway.postTar("/api/builds?noCache=true&tag=" + REPO + ":" + tag, context);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
    return response.bodyAsJsonObject().getString("id");
  }

  private static String sleepy(String tag) {
    return slipway.submit("/api/builds", new JsonObject().put("app", "sleepy").put("tag", REPO + ":" + tag)
        .put("noCache", true)).getString("id");
  }
}
