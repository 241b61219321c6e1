package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Start and restart, over the REST API and from the Containers page: operators and up, on the node named, audited;
 * a stopped container gets Start, a running one Restart (and Console).
 */
@ExtendWith(VertxExtension.class)
class ContainerStartRestartTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String LOOP = "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done";
  private static final List<String> NAMES = new ArrayList<>();
  private static SlipwayServer slipway;
  private static SlipwayServer.User operator;
  private static SlipwayServer.User viewer;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
    operator = slipway.createUser(Role.OPERATOR);
    viewer = slipway.createUser(Role.VIEWER);
  }

  @AfterAll
  static void cleanUp() {
    NAMES.forEach(DockerEngine::removeContainer);
  }

  @Test
  void anOperatorStartsAStoppedContainerAndRestartsARunningOneOverTheApi() {
    String id = stoppedContainer("api");
    assertThat(post(slipway.as(viewer), "/api/containers/" + id + "/start").statusCode()).isEqualTo(403);
    assertThat(inspect(id).getState().getRunning()).isFalse();

    HttpResponse<Buffer> started = post(slipway.as(operator), "/api/containers/" + id + "/start?node=local");
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(200);
    assertThat(started.bodyAsJsonObject()).isEqualTo(new JsonObject().put("started", id).put("node", "local"));
    assertThat(inspect(id).getState().getRunning()).isTrue();
    String firstStart = inspect(id).getState().getStartedAt();

    HttpResponse<Buffer> restarted = post(slipway.as(operator), "/api/containers/" + id + "/restart");
    assertThat(restarted.statusCode()).as(restarted.bodyAsString()).isEqualTo(200);
    assertThat(restarted.bodyAsJsonObject().getString("restarted")).isEqualTo(id);
    assertThat(inspect(id).getState().getRunning()).isTrue();
    assertThat(inspect(id).getState().getStartedAt()).isNotEqualTo(firstStart);

    HttpResponse<Buffer> unknown = post(slipway.http, "/api/containers/no-such-" + SUFFIX + "/start");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("error")).contains("no-such-" + SUFFIX);
    assertThat(post(slipway.http, "/api/containers/" + id + "/start?node=nowhere").statusCode()).isEqualTo(404);

    JsonArray audit = slipway.get("/api/audit?size=500").bodyAsJsonObject().getJsonArray("entries");
    assertThat(audit.stream().map(e -> (JsonObject) e).filter(e -> id.equals(e.getString("target")))
        .map(e -> e.getString("user") + " " + e.getString("action") + " " + e.getString("outcome")))
        .contains(operator.name() + " container.start ok", operator.name() + " container.restart ok");
  }

  @Test
  void theContainersPageOffersStartForAStoppedContainerAndRestartForARunningOne() {
    String id = stoppedContainer("page");
    HttpResponse<Buffer> console = slipway.get("/containers/" + id + "/console");
    assertThat(console.statusCode()).isEqualTo(409);
    assertThat(console.bodyAsString()).contains("is not running").doesNotContain("data-console=");
    String page = slipway.get("/containers").bodyAsString();
    assertThat(page).contains("action=\"/containers/" + id + "/start\"")
        .doesNotContain("action=\"/containers/" + id + "/restart\"");

    HttpResponse<Buffer> started = SlipwayServer.await(slipway.as(operator).post("/containers/" + id + "/start")
        .followRedirects(false).sendForm(MultiMap.caseInsensitiveMultiMap().add("node", "local")));
    assertThat(started.statusCode()).isEqualTo(303);
    assertThat(started.getHeader("Location")).isEqualTo("/containers");
    assertThat(inspect(id).getState().getRunning()).isTrue();

    page = slipway.get("/containers").bodyAsString();
    assertThat(page).contains("action=\"/containers/" + id + "/restart\"")
        .contains("href=\"/containers/" + id + "/console?node=local\"")
        .doesNotContain("action=\"/containers/" + id + "/start\"");
    String before = inspect(id).getState().getStartedAt();
    HttpResponse<Buffer> restarted = SlipwayServer.await(slipway.as(operator).post("/containers/" + id + "/restart")
        .followRedirects(false).sendForm(MultiMap.caseInsensitiveMultiMap().add("node", "local")));
    assertThat(restarted.statusCode()).isEqualTo(303);
    assertThat(inspect(id).getState().getStartedAt()).isNotEqualTo(before);

    HttpResponse<Buffer> refused = SlipwayServer.await(slipway.as(viewer).post("/containers/" + id + "/restart")
        .followRedirects(false).sendForm(MultiMap.caseInsensitiveMultiMap().add("node", "local")));
    assertThat(refused.statusCode()).isEqualTo(403);
  }

  @Test
  void restartingAContainerItsJobFollowsEndsTheJobAsStoppedAndTheContainerRunsOn() {
    String name = "slipway-test-console-followed-" + SUFFIX;
    NAMES.add(name);
    JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", DockerEngine.BUSYBOX).put("name", name)
        .put("command", new JsonArray().add("sh").add("-c").add(LOOP)));
    String id = slipway.awaitJob(job.getString("id"), 60, j -> "running".equals(j.getString("state"))
        && j.getString("containerId") != null).getString("containerId");

    HttpResponse<Buffer> restarted = post(slipway.as(operator), "/api/containers/" + id + "/restart");
    assertThat(restarted.statusCode()).as(restarted.bodyAsString()).isEqualTo(200);
    assertThat(slipway.awaitEnd(job.getString("id"), 30).getString("state")).isEqualTo("cancelled");
    assertThat(inspect(id).getState().getRunning()).isTrue();
  }

  /** A container a Slipway run started and that was then stopped through Slipway. */
  private static String stoppedContainer(String what) {
    String name = "slipway-test-console-" + what + "-" + SUFFIX;
    NAMES.add(name);
    JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", DockerEngine.BUSYBOX).put("name", name)
        .put("command", new JsonArray().add("sh").add("-c").add(LOOP)));
    String id = slipway.awaitJob(job.getString("id"), 60, j -> "running".equals(j.getString("state"))
        && j.getString("containerId") != null).getString("containerId");
    assertThat(post(slipway.http, "/api/containers/" + id + "/stop").statusCode()).isEqualTo(200);
    slipway.awaitEnd(job.getString("id"), 30);
    return id;
  }

  private static InspectContainerResponse inspect(String id) {
    return DockerEngine.client().inspectContainerCmd(id).exec();
  }

  private static HttpResponse<Buffer> post(io.vertx.ext.web.client.WebClient client, String path) {
    return SlipwayServer.await(client.post(path).send());
  }

}
