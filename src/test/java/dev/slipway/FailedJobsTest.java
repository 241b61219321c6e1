package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.Tars;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jobs the engine refuses end {@code failed} with the engine's reason, and leave no container behind; a host port
 * that is taken is refused before the run becomes a job.
 */
@ExtendWith(VertxExtension.class)
class FailedJobsTest {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String HOLDER = "slipway-bad-holder-" + SUFFIX;
  private static final String LOSER = "slipway-bad-loser-" + SUFFIX;
  private static final String MARKER = "slipway-bad-marker-" + SUFFIX;
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void removeContainers() {
    DockerEngine.removeContainer(HOLDER);
    DockerEngine.removeContainer(LOSER);
    markedContainers().forEach(c -> DockerEngine.removeContainer(c.getId()));
  }

  /** Since issue 8 a taken host port is found before the run starts (PreStartChecksTest): a 400, not a job. */
  @Test
  void aHostPortTakenByAnotherProgramIsRefusedBeforeTheRunAndLeavesNoContainer() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("0.0.0.0", 0));
      String refusal = refusedOnPort(taken.getLocalPort());

      assertThat(refusal).contains("host port " + taken.getLocalPort() + "/tcp is in use");
    }
    assertThat(DockerEngine.containerExists(LOSER)).isFalse();
  }

  @Test
  void aHostPortTakenByAnotherContainerIsRefusedBeforeTheRunAndLeavesNoContainer() {
    int port = SlipwayServer.freePort();
    ExposedPort http = ExposedPort.tcp(80);
    DockerEngine.client().createContainerCmd(DockerEngine.BUSYBOX).withName(HOLDER).withCmd("sleep", "300")
        .withExposedPorts(http).withHostConfig(HostConfig.newHostConfig()
            .withPortBindings(PortBinding.parse(port + ":80"))).exec();
    DockerEngine.client().startContainerCmd(HOLDER).exec();

    String refusal = refusedOnPort(port);

    assertThat(refusal).contains("host port " + port + "/tcp is already published by the container " + HOLDER);
    assertThat(DockerEngine.containerExists(LOSER)).isFalse();
    assertThat(DockerEngine.client().inspectContainerCmd(HOLDER).exec().getState().getRunning()).isTrue();
  }

  @Test
  void aFailingRunStepFailsTheBuildWithTheDaemonsMessageAndKeepsTheLog() {
    JsonObject job = build(new JsonObject().put("app", "broken").put("tag", "slipway-bad/broken:" + SUFFIX));

    assertThat(job.getString("error")).contains("returned a non-zero code: 3");
    assertThat(job.getString("imageId")).isNull();
    assertThat(slipway.log(job.getString("id"))).contains("about to fail");
    assertThat(Refusals.imageExists("slipway-bad/broken:" + SUFFIX)).isFalse();
  }

  @Test
  void aFailedBuildLeavesNoIntermediateContainer() {
    byte[] context = Tars.dockerfile("FROM " + DockerEngine.BUSYBOX + "\nRUN echo " + MARKER + " && exit 3\n");
    var accepted = slipway.postTar("/api/builds?tag=slipway-bad/marked:" + SUFFIX, context);
    assertThat(accepted.statusCode()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("id");

    assertThat(slipway.awaitEnd(id, 60).getString("state")).isEqualTo("failed");
    assertThat(markedContainers()).isEmpty();
  }

  @Test
  void aBaseImageThatDoesNotExistFailsTheBuildNamingTheImage() {
    JsonObject job = build(new JsonObject().put("app", "missing-base").put("tag", "slipway-bad/nobase:" + SUFFIX));

    assertThat(job.getString("error")).contains("slipway-test/does-not-exist");
    assertThat(slipway.log(job.getString("id"))).contains("FROM slipway-test/does-not-exist:never");
  }

  /** The refusal's message for the ports field; no job was made. */
  private static String refusedOnPort(int port) {
    JsonObject run = new JsonObject().put("image", DockerEngine.BUSYBOX).put("name", LOSER)
        .put("ports", new JsonArray().add(port + ":80"));
    int jobs = Refusals.jobCount(slipway);
    Refusals.assertError(slipway.postJson("/api/runs", run), 400, "host port " + port);
    assertThat(Refusals.jobCount(slipway)).isEqualTo(jobs);
    return slipway.postJson("/api/runs", run).bodyAsJsonObject().getJsonObject("fields").getString("ports");
  }

  private static JsonObject build(JsonObject request) {
    JsonObject job = slipway.awaitEnd(slipway.submit("/api/builds", request).getString("id"), 60);
    assertThat(job.getString("state")).isEqualTo("failed");
    return job;
  }

  /** Containers whose command carries this run's marker: the build's intermediate ones. */
  private static List<Container> markedContainers() {
    return DockerEngine.client().listContainersCmd().withShowAll(true).exec().stream()
        .filter(c -> c.getCommand() != null && c.getCommand().contains(MARKER)).toList();
  }
}
