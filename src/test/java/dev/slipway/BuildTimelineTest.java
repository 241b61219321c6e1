package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.Tars;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A build's steps, their comparison with the previous build, and the reproducibility record, on the real engine. The
 * app's second step prints a perfect imitation of the next step's header (in two writes, as the daemon writes one)
 * while the build runs it: it must not become a step.
 */
@ExtendWith(VertxExtension.class)
class BuildTimelineTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String TAG = "slipway-test/timeline:" + SUFFIX;
  /** Five steps of the app's and six of Slipway's labels. */
  private static final int TOTAL = 11;
  private static final String DOCKERFILE = "FROM " + DockerEngine.BUSYBOX + "\n"
      + "RUN printf 'Step 3/" + TOTAL + " : COPY data.txt /data.txt'; sleep 1; printf '\\n'; echo ' ---> Using cache'\n"
      + "COPY data.txt /data.txt\n"
      + "RUN wc -c /data.txt && sleep 0.5\n"
      + "CMD [\"cat\", \"/data.txt\"]\n";
  private static final List<String> TAGS = new ArrayList<>(List.of(TAG));
  private static Path app;
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    DockerEngine.require();
    Path apps = Files.createTempDirectory("slipway-timeline-apps");
    app = Files.createDirectories(apps.resolve("timeline"));
    Files.writeString(app.resolve("Dockerfile"), DOCKERFILE);
    Files.writeString(app.resolve("data.txt"), "one " + SUFFIX + "\n");
    slipway = SlipwayServer.start(vertx, new JsonObject().put(Config.APPS_DIR, apps.toString()));
  }

  @AfterAll
  static void removeImages() {
    TAGS.forEach(TestImages::remove);
  }

  @Test
  void stepsAreTimedAndCachedFlaggedLiveAndComparedWithThePreviousBuildAndTheImageCarriesItsRecord() throws Exception {
    // 1. Without the cache: every step runs; the second (a second's sleep) is the slowest, seen while it runs.
    JsonObject first = slipway.submit("/api/builds", build().put("noCache", true));
    JsonObject live = slipway.awaitJob(first.getString("id"), 120, job -> "running".equals(job.getString("state"))
        && job.getJsonArray("steps", new JsonArray()).size() >= 2 || isFinal(job));
    assertThat(live.getString("state")).as("steps are in the job while it builds").isEqualTo("running");
    JsonObject one = succeeded(first);
    JsonArray steps = one.getJsonArray("steps");
    assertThat(numbers(steps)).as("the RUN's imitation of a header is no step")
        .containsExactlyElementsOf(IntStream.rangeClosed(1, TOTAL).boxed().toList());
    assertThat(instruction(steps, 3)).isEqualTo("COPY data.txt /data.txt");
    assertThat(steps.stream().map(s -> ((JsonObject) s).getInteger("total")).distinct()).containsExactly(TOTAL);
    assertThat(steps.stream().allMatch(s -> ((JsonObject) s).containsKey("durationMs"))).isTrue();
    assertThat(cachedSteps(steps)).as("nothing cached with noCache").isEmpty();
    assertThat(step(steps, 2).getLong("durationMs")).isBetween(1000L, 60_000L);
    assertThat(step(steps, 3).getLong("durationMs")).as("the imitation did not start step 3").isLessThan(1000);
    assertThat(steps.stream().filter(s -> ((JsonObject) s).getBoolean("slipway", false)).count()).isEqualTo(6);
    assertThat(one.getJsonObject("progress")).isEqualTo(new JsonObject().put("step", TOTAL).put("total", TOTAL));
    assertThat(one.containsKey("comparison")).as("the first build of the app has nothing to compare with").isFalse();

    // 2. The same again: every step of the app is cached and nothing is lost against the first build.
    JsonObject two = succeeded(slipway.submit("/api/builds", build()));
    JsonArray cached = two.getJsonArray("steps");
    assertThat(cachedSteps(cached)).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(step(cached, 2).getLong("durationMs")).isLessThan(1000);
    JsonObject againstFirst = two.getJsonObject("comparison");
    assertThat(againstFirst.getString("previousJob")).isEqualTo(one.getString("id"));
    assertThat(againstFirst.getValue("firstCacheLost")).isNull();

    // 3. A file changes: its COPY and every step after it lose the cache; the comparison names the COPY first.
    Files.writeString(app.resolve("data.txt"), "two " + SUFFIX + "\n");
    JsonObject three = succeeded(slipway.submit("/api/builds", build()));
    JsonArray changed = three.getJsonArray("steps");
    assertThat(cachedSteps(changed)).containsExactly(2);
    JsonObject againstSecond = three.getJsonObject("comparison");
    assertThat(againstSecond.getString("previousJob")).isEqualTo(two.getString("id"));
    assertThat(againstSecond.getInteger("firstCacheLost")).isEqualTo(3);
    JsonArray compared = againstSecond.getJsonArray("steps");
    assertThat(compared.stream().map(s -> (JsonObject) s).filter(s -> s.getBoolean("cacheLost")).map(s -> s.getInteger("n")))
        .containsExactly(3, 4, 5);
    assertThat(step(compared, 4).getBoolean("slower")).as("half a second of sleep, cached before").isTrue();
    assertThat(step(compared, 4).getLong("changeMs")).isGreaterThanOrEqualTo(400);
    assertThat(step(compared, 2).getBoolean("slower")).isFalse();

    // The record: in the job, and as labels on each image, where docker inspect shows it.
    Map<String, String> labels1 = labels(one);
    Map<String, String> labels2 = labels(two);
    Map<String, String> labels3 = labels(three);
    for (Map<String, String> labels : List.of(labels1, labels2, labels3)) {
      assertThat(labels).containsKeys("dev.slipway.context-digest", "dev.slipway.dockerfile-digest",
          "dev.slipway.build-args", "dev.slipway.base-image", "dev.slipway.built-by", "dev.slipway.image");
      assertThat(labels.get("dev.slipway.dockerfile-digest")).isEqualTo(sha256(DOCKERFILE));
      assertThat(labels.get("dev.slipway.base-image"))
          .isEqualTo(DockerEngine.client().inspectImageCmd(DockerEngine.BUSYBOX).exec().getId());
      assertThat(labels.get("dev.slipway.built-by")).isEqualTo(SlipwayServer.ADMIN);
      assertThat(labels.get("dev.slipway.build-args")).isEqualTo("{}");
    }
    assertThat(labels2.get("dev.slipway.context-digest")).as("the same context, the same digest")
        .isEqualTo(labels1.get("dev.slipway.context-digest"));
    assertThat(labels3.get("dev.slipway.context-digest")).as("a file changed").isNotEqualTo(labels1.get("dev.slipway.context-digest"));
    JsonObject record = three.getJsonObject("reproducibility");
    assertThat(record.getString("contextDigest")).isEqualTo(labels3.get("dev.slipway.context-digest"));
    assertThat(record.getString("dockerfileDigest")).isEqualTo(labels3.get("dev.slipway.dockerfile-digest"));
    assertThat(record.getString("baseImage")).isEqualTo(labels3.get("dev.slipway.base-image"));
    assertThat(record.getString("baseImageName")).isEqualTo(DockerEngine.BUSYBOX);
    assertThat(record.getString("builtBy")).isEqualTo(SlipwayServer.ADMIN);
    assertThat(record.getString("builtAt")).isNotBlank();
    assertThat(record.getJsonObject("buildArgs")).isEqualTo(new JsonObject());

    JsonObject listed = slipway.get("/api/images").bodyAsJsonObject().getJsonArray("images").stream()
        .map(i -> (JsonObject) i).filter(i -> i.getString("id").equals(three.getString("imageId"))).findFirst().orElseThrow();
    assertThat(listed.getJsonObject("reproducibility").getString("contextDigest")).isEqualTo(record.getString("contextDigest"));
    assertThat(listed.getJsonObject("reproducibility").getString("builtBy")).isEqualTo(SlipwayServer.ADMIN);
  }

  @Test
  void buildArgsAreInTheRecordAsShownWithALaunchsSecretMasked() {
    String secret = "s3cret-" + SUFFIX;
    String tag = "slipway-test/timeline-args:" + SUFFIX;
    TAGS.add(tag);
    JsonObject job = slipway.submit("/api/launches", new JsonObject().put("app", "timeline").put("tag", tag)
        .put("buildArgs", new JsonObject().put("UNUSED", "plain").put("TOKEN", "x-" + secret))
        .put("run", new JsonObject().put("secretEnv", new JsonObject().put("PASSWORD", secret))));
    JsonObject done = slipway.awaitEnd(job.getString("id"), 180);

    Map<String, String> labels = DockerEngine.client().inspectImageCmd(done.getString("imageId")).exec().getConfig().getLabels();
    assertThat(new JsonObject(labels.get("dev.slipway.build-args")))
        .isEqualTo(new JsonObject().put("TOKEN", "x-••••").put("UNUSED", "plain"));
    assertThat(labels.get("dev.slipway.build-args")).as("sorted by name").startsWith("{\"TOKEN\"");
    assertThat(labels.values()).noneMatch(value -> value.contains(secret));
    assertThat(done.getJsonObject("reproducibility").encode()).doesNotContain(secret);
  }

  @Test
  void anUploadedContextHasItsDigestsTooAndIsComparedWithTheLastUploadOfItsTag() {
    String tag = "slipway-test/timeline-upload:" + SUFFIX;
    TAGS.add(tag);
    byte[] tar = Tars.builder().file("Dockerfile", DOCKERFILE).file("data.txt", "uploaded " + SUFFIX + "\n").bytes();
    JsonObject first = succeeded(slipway.postTar("/api/builds?noCache=true&tag=" + tag, tar).bodyAsJsonObject());
    JsonObject second = succeeded(slipway.postTar("/api/builds?tag=" + tag, Tars.gzip(tar)).bodyAsJsonObject());

    assertThat(second.getJsonObject("reproducibility").getString("contextDigest")).as("the same files, gzipped")
        .isEqualTo(first.getJsonObject("reproducibility").getString("contextDigest"))
        .isEqualTo(labels(second).get("dev.slipway.context-digest"));
    assertThat(labels(second).get("dev.slipway.dockerfile-digest")).isEqualTo(labels(first).get("dev.slipway.dockerfile-digest"));
    assertThat(second.getJsonObject("comparison").getString("previousJob")).isEqualTo(first.getString("id"));
    assertThat(cachedSteps(second.getJsonArray("steps"))).contains(2, 3, 4, 5);
  }

  private static JsonObject build() {
    return new JsonObject().put("app", "timeline").put("tag", TAG);
  }

  private static JsonObject succeeded(JsonObject submitted) {
    JsonObject done = slipway.awaitEnd(submitted.getString("id"), 180);
    assertThat(done.getString("state")).as(slipway.log(done.getString("id"))).isEqualTo("succeeded");
    return done;
  }

  private static boolean isFinal(JsonObject job) {
    return List.of("succeeded", "failed", "cancelled").contains(job.getString("state"));
  }

  private static List<Integer> numbers(JsonArray steps) {
    return steps.stream().map(s -> ((JsonObject) s).getInteger("n")).toList();
  }

  private static List<Integer> cachedSteps(JsonArray steps) {
    return steps.stream().map(s -> (JsonObject) s).filter(s -> s.getBoolean("cached", false))
        .map(s -> s.getInteger("n")).toList();
  }

  private static JsonObject step(JsonArray steps, int n) {
    return steps.stream().map(s -> (JsonObject) s).filter(s -> s.getInteger("n") == n).findFirst().orElseThrow();
  }

  private static String instruction(JsonArray steps, int n) {
    return step(steps, n).getString("instruction");
  }

  private static Map<String, String> labels(JsonObject job) {
    return DockerEngine.client().inspectImageCmd(job.getString("imageId")).exec().getConfig().getLabels();
  }

  private static String sha256(String text) throws Exception {
    return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
