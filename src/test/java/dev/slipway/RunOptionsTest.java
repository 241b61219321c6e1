package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The run options reach the container as the engine reports it, the configured defaults apply when a run names
 * none, and a typo is a 400 that names the field. (These requests come without a user, so they act as Slipway:
 * the role checks are in {@code RunGuardrailsTest}.)
 */
@ExtendWith(VertxExtension.class)
class RunOptionsTest {
  private static final String TAG = "slipway-test/guardrails-options:run";
  private static final String VOLUME = "slipway-test-guardrails-" + Long.toHexString(System.nanoTime());
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(TAG, "echo from-the-image; sleep 300");
    slipway = SlipwayServer.start(vertx, new JsonObject().put(Config.DEFAULT_MEMORY, "256m")
        .put(Config.DEFAULT_CPUS, 0.5).put(Config.PIDS_LIMIT, 200));
  }

  @AfterAll
  static void cleanUp() {
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(TAG);
    try {
      DockerEngine.client().removeVolumeCmd(VOLUME).exec();
    } catch (RuntimeException gone) {
      // nothing to clean
    }
  }

  @Test
  void everyRunOptionReachesTheContainer() throws Exception {
    JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", TAG)
        .put("command", new JsonArray().add("sh").add("-c").add("echo from-the-command; sleep 300"))
        .put("volumes", new JsonArray().add(VOLUME + ":/data:ro"))
        .put("restartPolicy", "unless-stopped").put("memory", "64m").put("cpus", 1.5));
    InspectContainerResponse container = runningContainer(job);
    HostConfig host = container.getHostConfig();

    assertThat(host.getMemory()).isEqualTo(64L * 1024 * 1024);
    assertThat(host.getMemorySwap()).as("no swap beyond the limit").isEqualTo(64L * 1024 * 1024);
    assertThat(host.getNanoCPUs()).isEqualTo(1_500_000_000L);
    assertThat(host.getPidsLimit()).isEqualTo(200L);
    assertThat(host.getRestartPolicy().getName()).isEqualTo("unless-stopped");
    assertThat(container.getConfig().getCmd()).containsExactly("sh", "-c", "echo from-the-command; sleep 300");
    assertThat(container.getMounts()).singleElement().satisfies(mount -> {
      assertThat(mount.getName()).isEqualTo(VOLUME);
      assertThat(mount.getDestination().getPath()).isEqualTo("/data");
      assertThat(mount.getRW()).isFalse();
    });
    assertThat(container.getConfig().getLabels())
        .containsEntry("dev.slipway.job", job.getString("id"))
        .containsEntry("dev.slipway.user", "admin")
        .containsEntry("dev.slipway.instance", Files.readString(slipway.dataDir.resolve("instance-id")).trim());
    JsonObject shown = slipway.job(job.getString("id")).getJsonObject("run");
    assertThat(shown.getString("memory")).isEqualTo("64m");
    assertThat(shown.getDouble("cpus")).isEqualTo(1.5);
    assertThat(shown.getJsonArray("volumes")).containsExactly(VOLUME + ":/data:ro");
    slipway.awaitJob(job.getString("id"), 30, j -> slipway.log(j.getString("id")).contains("from-the-command"));
  }

  @Test
  void withoutOptionsTheConfiguredDefaultsApplyAndThereIsAlwaysAPidsLimit() {
    InspectContainerResponse container = runningContainer(slipway.submit("/api/runs",
        new JsonObject().put("image", TAG)));
    HostConfig host = container.getHostConfig();

    assertThat(host.getMemory()).isEqualTo(256L * 1024 * 1024);
    assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
    assertThat(host.getPidsLimit()).isEqualTo(200L);
    assertThat(host.getRestartPolicy().getName()).isIn("no", "");
    assertThat(container.getConfig().getCmd()).containsExactly("sh", "-c", "echo from-the-image; sleep 300");
  }

  @Test
  void aTypoOrAMalformedOptionIsA400NamingTheFieldAndStartsNothing() {
    int jobs = Refusals.jobCount(slipway);
    Refusals.assertError(slipway.postJson("/api/runs", new JsonObject().put("image", TAG).put("memroy", "1g")),
        400, "unknown field 'memroy'");
    Refusals.assertError(slipway.postJson("/api/runs", new JsonObject().put("image", TAG).put("memory", "2m")),
        400, "memory must be at least 6m");
    Refusals.assertError(slipway.postJson("/api/runs", new JsonObject().put("image", TAG)
        .put("restartPolicy", "always")), 400, "restartPolicy must be no, on-failure or unless-stopped");
    Refusals.assertError(slipway.postJson("/api/launches", new JsonObject().put("app", "hello").put("tag", TAG)
        .put("run", new JsonObject().put("cpu", 1))), 400, "unknown field 'run.cpu'");
    Refusals.assertError(slipway.postJson("/api/builds", new JsonObject().put("app", "hello").put("tag", TAG)
        .put("nocache", true)), 400, "unknown field 'nocache'");
    assertThat(Refusals.jobCount(slipway)).isEqualTo(jobs);
  }

  @Test
  void theRunPageOffersTheOptionsAndItsFormSetsThem() {
    assertThat(slipway.get("/run").bodyAsString()).contains("name=\"memory\"").contains("name=\"volumes\"")
        .contains("<option>unless-stopped</option>");
    HttpResponse<Buffer> sent = SlipwayServer.await(slipway.http.post("/runs").followRedirects(false)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("image", TAG).add("command", "sh\n-c\necho by form; sleep 300")
            .add("memory", "96m").add("cpus", "0.25").add("restartPolicy", "on-failure")));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(303);
    InspectContainerResponse container = runningContainer(slipway.job(sent.getHeader("Location")
        .replaceFirst("^/jobs/", "")));

    assertThat(container.getHostConfig().getMemory()).isEqualTo(96L * 1024 * 1024);
    assertThat(container.getHostConfig().getNanoCPUs()).isEqualTo(250_000_000L);
    assertThat(container.getHostConfig().getRestartPolicy().getName()).isEqualTo("on-failure");
    assertThat(container.getConfig().getCmd()).containsExactly("sh", "-c", "echo by form; sleep 300");
  }

  private static InspectContainerResponse runningContainer(JsonObject job) {
    JsonObject running = slipway.awaitJob(job.getString("id"), 60,
        j -> "running".equals(j.getString("state")) || j.getString("containerId") != null);
    String id = running.getString("containerId");
    assertThat(id).as("container of %s", running.encode()).isNotNull();
    CONTAINERS.add(id);
    return DockerEngine.client().inspectContainerCmd(id).exec();
  }
}
