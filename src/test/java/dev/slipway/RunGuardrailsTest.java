package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import dev.slipway.bus.Bus;
import dev.slipway.domain.Role;
import dev.slipway.testing.DirectUsers;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On a shared engine an operator runs containers, inside limits, and nothing that reaches into the host: each such
 * field is a 403 before any container exists. An admin may use them. Over the event bus, as named users.
 */
@ExtendWith(VertxExtension.class)
class RunGuardrailsTest {
  private static final String TAG = "slipway-test/guardrails-guard:run";
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String OPERATOR = "olive-" + SUFFIX;
  private static final String VIEWER = "vera-" + SUFFIX;
  private static final String ADMIN = "admin";
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(TAG, "echo up; sleep 300");
    slipway = SlipwayServer.start(vertx, new JsonObject().put(Config.OPERATOR_MAX_MEMORY, "512m")
        .put(Config.OPERATOR_MAX_CPUS, 1));
    DirectUsers.create(slipway, OPERATOR, Role.OPERATOR);
    DirectUsers.create(slipway, VIEWER, Role.VIEWER);
  }

  @AfterAll
  static void cleanUp() {
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(TAG);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"privileged\": true}",
      "{\"binds\": [\"/tmp:/host-tmp\"]}",
      "{\"binds\": [\"/var/run/docker.sock:/var/run/docker.sock\"]}",
      "{\"binds\": [\"/var/run:/host-run:ro\"]}",
      "{\"binds\": [\"/:/host\"]}",
      "{\"volumes\": [\"/run/docker.sock:/sock\"]}",
      "{\"networkMode\": \"host\"}",
      "{\"networkMode\": \"container:slipway-test-anything\"}",
      "{\"capAdd\": [\"NET_ADMIN\"]}",
      "{\"devices\": [\"/dev/null:/dev/mynull\"]}",
      "{\"ports\": [\"999:80\"]}",
      "{\"memory\": \"1g\"}",
      "{\"cpus\": 1.5}"})
  void anOperatorGetsA403ForWhatReachesIntoTheHostAndNoContainerIsCreated(String options) {
    String name = "slipway-test-guard-refused-" + Long.toHexString(System.nanoTime());
    int jobs = Refusals.jobCount(slipway);

    Throwable refused = failure(OPERATOR, Bus.SUBMIT_RUN, new JsonObject(options).put("image", TAG).put("name", name));

    assertThat(((ReplyException) refused).failureCode()).as(refused.getMessage()).isEqualTo(403);
    assertThat(refused.getMessage()).containsAnyOf("only an admin may use", "above the operator maximum");
    assertThat(DockerEngine.containerExists(name)).isFalse();
    assertThat(DockerEngine.client().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("dev.slipway.user", OPERATOR)).exec()).isEmpty();
    assertThat(Refusals.jobCount(slipway)).isEqualTo(jobs);
  }

  @Test
  void anAdminMayUseEveryHostReachingOption(@TempDir Path shared) {
    JsonObject job = ok(ADMIN, Bus.SUBMIT_RUN, new JsonObject().put("image", TAG)
        .put("binds", new JsonArray().add(shared + ":/shared:ro").add("/var/run/docker.sock:/var/run/docker.sock"))
        .put("networkMode", "host").put("capAdd", new JsonArray().add("NET_ADMIN"))
        .put("devices", new JsonArray().add("/dev/null:/dev/mynull")).put("memory", "1g").put("cpus", 1.5));
    InspectContainerResponse container = containerOf(job);

    assertThat(container.getHostConfig().getNetworkMode()).isEqualTo("host");
    assertThat(container.getHostConfig().getCapAdd()).containsExactly(Capability.NET_ADMIN);
    assertThat(container.getHostConfig().getDevices()).singleElement()
        .satisfies(d -> assertThat(d.getPathInContainer()).isEqualTo("/dev/mynull"));
    assertThat(container.getMounts()).extracting(m -> m.getDestination().getPath())
        .containsExactlyInAnyOrder("/shared", "/var/run/docker.sock");
    assertThat(container.getHostConfig().getMemory()).isEqualTo(1024L * 1024 * 1024);
    assertThat(container.getConfig().getLabels()).containsEntry("dev.slipway.user", ADMIN);
  }

  /**
   * An engine inside a restricted sandbox (as in CI) cannot start a privileged container; the create, where the
   * option lands, still shows that Slipway let the admin's request through to the engine.
   */
  @Test
  void anAdminMayRunAPrivilegedContainer() {
    JsonObject job = ok(ADMIN, Bus.SUBMIT_RUN, new JsonObject().put("image", TAG).put("privileged", true));
    JsonObject ended = slipway.awaitJob(job.getString("id"), 60, j -> j.getString("containerId") != null
        || "failed".equals(j.getString("state")));

    if (ended.getString("containerId") != null) {
      assertThat(containerOf(ended).getHostConfig().getPrivileged()).isTrue();
    } else {
      assertThat(ended.getString("error")).startsWith("could not start the container");
      assertThat(ended.getJsonObject("run").getBoolean("privileged")).isTrue();
    }
  }

  @Test
  void anOperatorRunsWithinTheLimitsAndTheContainerSaysForWhom() {
    JsonObject job = ok(OPERATOR, Bus.SUBMIT_RUN, new JsonObject().put("image", TAG).put("memory", "512m")
        .put("cpus", 1).put("ports", new JsonArray().add(":8080")).put("networkMode", "bridge"));
    InspectContainerResponse container = containerOf(job);

    assertThat(container.getHostConfig().getMemory()).isEqualTo(512L * 1024 * 1024);
    assertThat(container.getHostConfig().getPidsLimit()).isEqualTo(1024L);
    assertThat(container.getConfig().getLabels()).containsEntry("dev.slipway.user", OPERATOR);
    assertThat(job.getJsonObject("run").getString("user")).isEqualTo(OPERATOR);
  }

  @Test
  void aLaunchsRunIsGuardedBeforeItsBuildStarts() {
    int jobs = Refusals.jobCount(slipway);
    Throwable refused = failure(OPERATOR, Bus.SUBMIT_LAUNCH, new JsonObject().put("app", "hello")
        .put("tag", "slipway-test/guardrails-never:built").put("run", new JsonObject().put("privileged", true)));

    assertThat(((ReplyException) refused).failureCode()).isEqualTo(403);
    assertThat(Refusals.imageExists("slipway-test/guardrails-never:built")).isFalse();
    assertThat(Refusals.jobCount(slipway)).isEqualTo(jobs);
  }

  @Test
  void aViewerRunsNothingAndAnUnknownUserIsA401() {
    Throwable viewer = failure(VIEWER, Bus.SUBMIT_RUN, new JsonObject().put("image", TAG));
    assertThat(((ReplyException) viewer).failureCode()).isEqualTo(403);
    assertThat(viewer.getMessage()).contains("needs the operator role");

    Throwable stranger = failure("nobody-" + SUFFIX, Bus.SUBMIT_RUN, new JsonObject().put("image", TAG));
    assertThat(((ReplyException) stranger).failureCode()).isEqualTo(401);
  }

  private static JsonObject ok(String user, String address, JsonObject body) {
    return SlipwayServer.await(DirectUsers.request(slipway, user, address, body));
  }

  private static Throwable failure(String user, String address, JsonObject body) {
    try {
      JsonObject job = ok(user, address, body);
      throw new AssertionError("expected a refusal, got the job " + job.encode());
    } catch (io.vertx.core.VertxException e) {
      return e;
    } catch (RuntimeException e) {
      return e.getCause() instanceof ReplyException reply ? reply : e;
    }
  }

  private static InspectContainerResponse containerOf(JsonObject job) {
    String id = slipway.awaitJob(job.getString("id"), 60, j -> j.getString("containerId") != null
        || !"queued".equals(j.getString("state")) && !"running".equals(j.getString("state")))
        .getString("containerId");
    assertThat(id).as("container of %s: %s", job.getString("id"), slipway.job(job.getString("id")).encode()).isNotNull();
    CONTAINERS.add(id);
    return DockerEngine.client().inspectContainerCmd(id).exec();
  }
}
