package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import dev.slipway.domain.Role;
import dev.slipway.testing.DirectUsers;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On an engine shared with others, operators stop and remove only what this Slipway started, viewers change
 * nothing, and removing images is for admins. The lists say what is Slipway's and for whom, and filter by it.
 */
@ExtendWith(VertxExtension.class)
class ForeignContainersTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String TAG = "slipway-test/guardrails-foreign:" + SUFFIX;
  private static final String OPERATOR = "otto-" + SUFFIX;
  private static final String VIEWER = "vic-" + SUFFIX;
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(TAG, "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done");
    slipway = SlipwayServer.start(vertx);
    DirectUsers.create(slipway, OPERATOR, Role.OPERATOR);
    DirectUsers.create(slipway, VIEWER, Role.VIEWER);
  }

  @AfterAll
  static void cleanUp() {
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(TAG);
  }

  @Test
  void anOperatorMayNotStopOrRemoveAContainerThisSlipwayDidNotStart() {
    String foreign = foreignContainer(Map.of());
    String otherSlipways = foreignContainer(Map.of("dev.slipway.instance", "another-slipway", "dev.slipway.job", "x"));
    // Labels prove nothing: an image can carry this Slipway's own, and every container of it inherits them.
    String forged = foreignContainer(Map.of("dev.slipway.instance", instanceId(), "dev.slipway.job", "forged",
        "dev.slipway.user", OPERATOR));

    for (String id : List.of(foreign, otherSlipways, forged)) {
      ReplyException stop = failure(OPERATOR, Bus.onNode("local", Bus.DOCKER_STOP), new JsonObject().put("id", id));
      assertThat(stop.failureCode()).isEqualTo(403);
      assertThat(stop.getMessage()).contains("was not started by this Slipway: only an admin may stop it");
      assertThat(running(id)).isTrue();
    }
    DockerEngine.client().stopContainerCmd(foreign).withTimeout(1).exec();
    ReplyException remove = failure(OPERATOR, Bus.onNode("local", Bus.DOCKER_REMOVE), new JsonObject().put("id", foreign));
    assertThat(remove.failureCode()).isEqualTo(403);
    assertThat(remove.getMessage()).contains("only an admin may remove it");
    assertThat(DockerEngine.containerExists(foreign)).isTrue();

    ok("admin", Bus.onNode("local", Bus.DOCKER_REMOVE), new JsonObject().put("id", foreign));
    assertThat(DockerEngine.containerExists(foreign)).isFalse();
  }

  @Test
  void anOperatorStopsAndRemovesWhatSlipwayStartedAndAViewerChangesNothing() {
    String container = slipwayContainer(OPERATOR);

    ReplyException viewer = failure(VIEWER, Bus.onNode("local", Bus.DOCKER_STOP), new JsonObject().put("id", container));
    assertThat(viewer.failureCode()).isEqualTo(403);
    assertThat(viewer.getMessage()).contains("needs the operator role");
    assertThat(running(container)).isTrue();

    ok(OPERATOR, Bus.onNode("local", Bus.DOCKER_STOP), new JsonObject().put("id", container));
    assertThat(running(container)).isFalse();
    assertThat(failure(VIEWER, Bus.onNode("local", Bus.DOCKER_REMOVE), new JsonObject().put("id", container)).failureCode()).isEqualTo(403);
    ok(OPERATOR, Bus.onNode("local", Bus.DOCKER_REMOVE), new JsonObject().put("id", container));
    assertThat(DockerEngine.containerExists(container)).isFalse();
  }

  @Test
  void onlyAnAdminRemovesAnImage() {
    String tag = "slipway-test/guardrails-doomed:" + SUFFIX;
    TestImages.shell(tag, "true");
    try {
      ReplyException refused = failure(OPERATOR, Bus.onNode("local", Bus.DOCKER_REMOVE_IMAGE), new JsonObject().put("id", tag));
      assertThat(refused.failureCode()).isEqualTo(403);
      assertThat(refused.getMessage()).contains("removing an image needs the admin role");
      assertThat(Refusals.imageExists(tag)).isTrue();

      ok("admin", Bus.onNode("local", Bus.DOCKER_REMOVE_IMAGE), new JsonObject().put("id", tag));
      assertThat(Refusals.imageExists(tag)).isFalse();
    } finally {
      TestImages.remove(tag);
    }
  }

  @Test
  void theContainerListSaysWhatIsSlipwaysAndForWhomAndFiltersByIt() {
    String mine = slipwayContainer(OPERATOR);
    String foreign = foreignContainer(Map.of());

    assertThat(ids(slipway.get("/api/containers").bodyAsJsonObject().getJsonArray("containers"))).contains(mine, foreign);
    JsonArray ours = slipway.get("/api/containers?filter=slipway").bodyAsJsonObject().getJsonArray("containers");
    assertThat(ids(ours)).contains(mine).doesNotContain(foreign);
    assertThat(find(ours, mine).getString("user")).isEqualTo(OPERATOR);
    assertThat(find(ours, mine).getBoolean("slipway")).isTrue();
    assertThat(ids(ok(OPERATOR, Bus.onNode("local", Bus.DOCKER_CONTAINERS), new JsonObject().put("filter", "mine"))
        .getJsonArray("containers"))).contains(mine).doesNotContain(foreign);
    assertThat(ids(ok(VIEWER, Bus.onNode("local", Bus.DOCKER_CONTAINERS), new JsonObject().put("filter", "mine"))
        .getJsonArray("containers"))).isEmpty();
    Refusals.assertError(slipway.get("/api/containers?filter=theirs"), 400, "filter must be mine, slipway or all");
  }

  @Test
  void theImageListSaysWhatSlipwayBuiltAndForWhom() {
    String tag = "slipway-test/guardrails-built:" + SUFFIX;
    try {
      JsonObject job = ok(OPERATOR, Bus.SUBMIT_BUILD, new JsonObject().put("app", "hello").put("tag", tag));
      assertThat(slipway.awaitEnd(job.getString("id"), 120).getString("state")).isEqualTo("succeeded");

      assertThat(DockerEngine.client().inspectImageCmd(tag).exec().getConfig().getLabels())
          .containsKey("dev.slipway.image")
          .doesNotContainKeys("dev.slipway.job", "dev.slipway.user", "dev.slipway.instance");
      JsonObject label = new JsonObject(DockerEngine.client().inspectImageCmd(tag).exec().getConfig().getLabels()
          .get("dev.slipway.image"));
      assertThat(label.getString("job")).isEqualTo(job.getString("id"));
      assertThat(label.getString("user")).isEqualTo(OPERATOR);
      assertThat(tags(slipway.get("/api/images?filter=slipway").bodyAsJsonObject().getJsonArray("images"))).contains(tag)
          .doesNotContain(TAG);
      assertThat(tags(ok(OPERATOR, Bus.onNode("local", Bus.DOCKER_IMAGES), new JsonObject().put("filter", "mine"))
          .getJsonArray("images"))).containsExactly(tag);
      assertThat(tags(slipway.get("/api/images?filter=all").bodyAsJsonObject().getJsonArray("images"))).contains(tag, TAG);
    } finally {
      TestImages.remove(tag);
    }
  }

  private static String slipwayContainer(String user) {
    JsonObject job = ok(user, Bus.SUBMIT_RUN, new JsonObject().put("image", TAG));
    String id = slipway.awaitJob(job.getString("id"), 60, j -> "running".equals(j.getString("state")))
        .getString("containerId");
    CONTAINERS.add(id);
    return id;
  }

  private static String foreignContainer(Map<String, String> labels) {
    String id = DockerEngine.client().createContainerCmd(TAG).withLabels(labels)
        .withName("slipway-test-foreign-" + Long.toHexString(System.nanoTime())).exec().getId();
    CONTAINERS.add(id);
    DockerEngine.client().startContainerCmd(id).exec();
    return id;
  }

  private static String instanceId() {
    try {
      return java.nio.file.Files.readString(slipway.dataDir.resolve("instance-id")).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean running(String id) {
    return Boolean.TRUE.equals(DockerEngine.client().inspectContainerCmd(id).exec().getState().getRunning());
  }

  private static List<String> ids(JsonArray containers) {
    return containers.stream().map(c -> ((JsonObject) c).getString("id")).toList();
  }

  private static JsonObject find(JsonArray containers, String id) {
    return containers.stream().map(c -> (JsonObject) c).filter(c -> id.equals(c.getString("id"))).findFirst()
        .orElseThrow();
  }

  private static List<String> tags(JsonArray images) {
    return images.stream().flatMap(i -> ((JsonObject) i).getJsonArray("tags").stream()).map(String::valueOf).toList();
  }

  private static JsonObject ok(String user, String address, JsonObject body) {
    return SlipwayServer.await(DirectUsers.request(slipway, user, address, body));
  }

  private static ReplyException failure(String user, String address, JsonObject body) {
    try {
      throw new AssertionError("expected a refusal, got " + ok(user, address, body).encode());
    } catch (VertxException e) {
      return (ReplyException) e;
    }
  }
}
