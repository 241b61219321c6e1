package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.Tars;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BuildTest {
  private static final String TAG = "slipway-test/hello:build";
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void removeImages() {
    for (String tag : List.of(TAG, "slipway-test/upload:tar", "slipway-test/upload:gz")) {
      try {
        DockerEngine.client().removeImageCmd(tag).withForce(true).exec();
      } catch (RuntimeException alreadyGone) {
        // nothing to clean
      }
    }
  }

  @Test
  void buildStreamsEveryLineInOrderAndTakesItsImageIdFromTheDaemon() {
    JsonObject job = slipway.submit("/api/builds", new JsonObject().put("app", "hello").put("tag", TAG).put("noCache", true));
    assertThat(job.getString("kind")).isEqualTo("build");

    SseClient.Result stream = SlipwayServer.await(SseClient.read(slipway.vertx, slipway.port,
        "/api/jobs/" + job.getString("id") + "/events", null, e -> false));

    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.contentType()).startsWith("text/event-stream");
    assertThat(stream.endedByServer()).isTrue();
    List<SseClient.Event> lines = stream.named("log");
    assertThat(lines).extracting(SseClient.Event::id)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, lines.size()).mapToObj(Long::toString).toList());
    assertThat(lines).extracting(SseClient.Event::data)
        .contains("Step 1/10 : FROM slipway/busybox:test", "building hello", "second line");
    // The classic builder makes each label of the build command a step: Slipway's own label and the five of the
    // reproducibility record (issue 8), after the app's four steps, sorted by key.
    assertThat(lines).extracting(SseClient.Event::data).filteredOn(line -> line.matches("Step \\d+/\\d+ : LABEL .*"))
        .extracting(line -> line.replaceFirst("=.*", ""))
        .containsExactly("Step 5/10 : LABEL dev.slipway.base-image", "Step 6/10 : LABEL dev.slipway.build-args",
            "Step 7/10 : LABEL dev.slipway.built-by", "Step 8/10 : LABEL dev.slipway.context-digest",
            "Step 9/10 : LABEL dev.slipway.dockerfile-digest", "Step 10/10 : LABEL dev.slipway.image");
    JsonObject last = new JsonObject(stream.named("state").get(stream.named("state").size() - 1).data());
    assertThat(last.getString("state")).isEqualTo("succeeded");
    assertThat(last.getString("imageId"))
        .isEqualTo(DockerEngine.client().inspectImageCmd(TAG).exec().getId());
    assertThat(last.getJsonObject("progress")).isEqualTo(new JsonObject().put("step", 10).put("total", 10));
    assertThat(last.getLong("durationMs")).isPositive();
    assertThat(stream.named("end")).hasSize(1);
  }

  @Test
  void theStoredLogIsTheSameAsTheStream() {
    JsonObject job = slipway.submit("/api/builds", new JsonObject().put("app", "hello").put("tag", TAG));
    JsonObject done = slipway.awaitEnd(job.getString("id"), 120);
    SseClient.Result stream = SlipwayServer.await(SseClient.read(slipway.vertx, slipway.port,
        "/api/jobs/" + job.getString("id") + "/events", null, e -> false));

    String expected = String.join("\n", stream.named("log").stream().map(SseClient.Event::data).toList()) + "\n";
    assertThat(slipway.log(job.getString("id"))).isEqualTo(expected);
    assertThat(done.getInteger("lines")).isEqualTo(stream.named("log").size());
  }

  @Test
  void failingDockerfileEndsFailedWithTheDaemonsMessage() {
    long startedAt = System.currentTimeMillis() / 1000 - 1;
    JsonObject job = slipway.submit("/api/builds", new JsonObject().put("app", "broken").put("tag", "slipway-test/broken"));
    JsonObject done = slipway.awaitEnd(job.getString("id"), 120);

    assertThat(done.getString("state")).isEqualTo("failed");
    assertThat(done.getString("error")).contains("returned a non-zero code: 3");
    assertThat(done.containsKey("imageId")).isFalse();
    assertThat(slipway.log(job.getString("id"))).contains("about to fail");
    assertThat(DockerEngine.client().listContainersCmd().withShowAll(true).exec())
        .as("no intermediate container of the failed step is left behind")
        .noneMatch(c -> c.getCreated() >= startedAt && c.getCommand() != null && c.getCommand().contains("about to fail"));
  }

  @Test
  void missingBaseImageFailsAndSaysWhichImage() {
    JsonObject job = slipway.submit("/api/builds",
        new JsonObject().put("app", "missing-base").put("tag", "slipway-test/missing"));
    JsonObject done = slipway.awaitEnd(job.getString("id"), 120);

    assertThat(done.getString("state")).isEqualTo("failed");
    assertThat(done.getString("error")).contains("slipway-test/does-not-exist");
  }

  @Test
  void uploadedTarAndTarGzContextsBuild() {
    byte[] tar = Tars.builder()
        .file("Dockerfile", "FROM slipway/busybox:test\nARG GREETING=none\nCOPY note.txt /note.txt\n"
            + "RUN echo \"greeting is $GREETING\" && cat /note.txt\n")
        .file("note.txt", "from an upload\n")
        .bytes();
    JsonObject plain = slipway.postTar("/api/builds?tag=slipway-test/upload:tar&noCache=true", tar).bodyAsJsonObject();
    JsonObject gzipped = slipway.postTar("/api/builds?tag=slipway-test/upload:gz&noCache=true", Tars.gzip(tar)).bodyAsJsonObject();

    for (JsonObject job : List.of(plain, gzipped)) {
      JsonObject done = slipway.awaitEnd(job.getString("id"), 120);
      assertThat(done.getString("state")).as(slipway.log(job.getString("id"))).isEqualTo("succeeded");
      assertThat(slipway.log(job.getString("id"))).contains("from an upload", "greeting is none");
    }
  }

  @Test
  void buildArgsReachTheBuildFromJsonAndFromTheQuery() {
    JsonObject fromJson = slipway.submit("/api/builds", new JsonObject().put("app", "args").put("tag", TAG)
        .put("noCache", true).put("buildArgs", new JsonObject().put("GREETING", "from-json")));
    byte[] tar = Tars.dockerfile("FROM slipway/busybox:test\nARG GREETING=none\nRUN echo \"greeting is $GREETING\"\n");
    JsonObject fromQuery = slipway.postTar("/api/builds?tag=slipway-test/upload:tar&noCache=true"
        + "&buildArg=GREETING=from-query", tar).bodyAsJsonObject();

    assertThat(slipway.awaitEnd(fromJson.getString("id"), 120).getString("state")).isEqualTo("succeeded");
    assertThat(slipway.awaitEnd(fromQuery.getString("id"), 120).getString("state")).isEqualTo("succeeded");
    assertThat(slipway.log(fromJson.getString("id"))).contains("greeting is from-json");
    assertThat(slipway.log(fromQuery.getString("id"))).contains("greeting is from-query");
  }
}
