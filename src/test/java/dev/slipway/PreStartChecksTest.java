package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What can be checked before a run starts is checked before it becomes a job: an unknown image, a container name
 * that is taken, a host port another container publishes or another program holds are each a 400 naming the field
 * ({@code "fields"}), and no job is made. A request with several wrong fields names every one of them at once.
 */
@ExtendWith(VertxExtension.class)
class PreStartChecksTest {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String IMAGE = "slipway-test/forms-sleeper:" + SUFFIX;
  private static final String NAME = "slipway-test-forms-holder-" + SUFFIX;
  private static SlipwayServer slipway;
  private static int heldPort;
  private static String holder;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(IMAGE, "trap 'exit 0' TERM; echo up; while true; do sleep 1 & wait $!; done");
    slipway = SlipwayServer.start(vertx);
    heldPort = SlipwayServer.freePort();
    holder = slipway.submit("/api/runs", new JsonObject().put("image", IMAGE).put("name", NAME)
        .put("ports", new JsonArray().add(heldPort + ":8080"))).getString("id");
    slipway.awaitJob(holder, 60, j -> "running".equals(j.getString("state")) && !j.getJsonArray("ports").isEmpty());
  }

  @AfterAll
  static void cleanUp() {
    DockerEngine.removeContainer(NAME);
    TestImages.remove(IMAGE);
  }

  @Test
  void anUnknownImageIsRefusedBeforeAJobExists() {
    int jobs = Refusals.jobCount(slipway);
    HttpResponse<Buffer> response = slipway.postJson("/api/runs", new JsonObject()
        .put("image", "slipway-test/forms-no-such-image:" + SUFFIX));

    Refusals.assertError(response, 400, "there is no image slipway-test/forms-no-such-image:" + SUFFIX);
    assertThat(fields(response).fieldNames()).containsExactly("image");
    assertThat(Refusals.jobCount(slipway)).as("no failed job left behind").isEqualTo(jobs);
  }

  @Test
  void aHostPortAnotherContainerPublishesIsRefusedNamingTheContainer() {
    int jobs = Refusals.jobCount(slipway);
    HttpResponse<Buffer> response = slipway.postJson("/api/runs", new JsonObject().put("image", IMAGE)
        .put("ports", new JsonArray().add(heldPort + ":9000")));

    Refusals.assertError(response, 400, "host port " + heldPort + "/tcp is already published by the container " + NAME);
    assertThat(fields(response).getString("ports")).contains(NAME, "leave it empty (:9000)");
    assertThat(Refusals.jobCount(slipway)).isEqualTo(jobs);
  }

  @Test
  void aLaunchNamesItsRunFieldsUnderRun() {
    int jobs = Refusals.jobCount(slipway);
    HttpResponse<Buffer> response = slipway.postJson("/api/launches", new JsonObject().put("app", "hello")
        .put("tag", "slipway-test/forms-launch:" + SUFFIX)
        .put("run", new JsonObject().put("name", NAME).put("ports", new JsonArray().add(heldPort + ":80"))));

    Refusals.assertError(response, 400, "a container named " + NAME + " already exists");
    assertThat(fields(response).fieldNames()).containsExactly("run.name", "run.ports");
    assertThat(Refusals.jobCount(slipway)).as("nothing built").isEqualTo(jobs);
  }

  @Test
  void aTakenContainerNameIsRefused() {
    HttpResponse<Buffer> response = slipway.postJson("/api/runs", new JsonObject().put("image", IMAGE)
        .put("name", NAME));

    Refusals.assertError(response, 400, "a container named " + NAME + " already exists on node local (running)");
    assertThat(fields(response).fieldNames()).containsExactly("name");
  }

  @Test
  void aHostPortAProgramOutsideDockerHoldsIsRefusedWhenTheEngineIsLocal() throws Exception {
    try (ServerSocket program = new ServerSocket()) {
      program.bind(new InetSocketAddress("0.0.0.0", 0));
      int port = program.getLocalPort();
      HttpResponse<Buffer> response = slipway.postJson("/api/runs", new JsonObject().put("image", IMAGE)
          .put("ports", new JsonArray().add(port + ":8080")));

      Refusals.assertError(response, 400, "host port " + port + "/tcp is in use on node local's host");
      assertThat(fields(response).fieldNames()).containsExactly("ports");
    }
  }

  @Test
  void everyWrongFieldIsNamedAtOnce() {
    HttpResponse<Buffer> response = slipway.postJson("/api/runs", new JsonObject().put("image", "no spaces allowed")
        .put("ports", new JsonArray().add("not-a-port")).put("memory", "lots").put("restartPolicy", "sometimes")
        .put("env", new JsonObject().put("1BAD", "x")));

    Refusals.assertError(response, 400, "restartPolicy must be", "memory");
    assertThat(fields(response).fieldNames()).containsExactlyInAnyOrder("image", "ports", "env", "memory",
        "restartPolicy");
  }

  @Test
  void aLaunchWithoutItsRequiredSecretNamesTheSecretAndItsOtherWrongFieldsAtOnce() {
    HttpResponse<Buffer> response = slipway.postJson("/api/launches", new JsonObject().put("app", "guarded")
        .put("tag", "Bad Tag").put("run", new JsonObject().put("ports", new JsonArray().add("nope"))));

    Refusals.assertError(response, 400, "run.secretEnv.PASSWORD");
    assertThat(fields(response).fieldNames()).containsExactly("tag", "run.secretEnv.PASSWORD", "run.ports");
    assertThat(fields(response).getString("run.secretEnv.PASSWORD"))
        .isEqualTo("PASSWORD is required to launch guarded: enter it.");
  }

  private static JsonObject fields(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("fields", new JsonObject());
  }
}
