package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RunTest {
  private static final String WEB = "slipway-test/web:run";
  private static final String COUNTER = "slipway-test/counter:run";
  private static final int LINES = 10_000;
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(WEB, "mkdir -p /www && echo \"$GREETING from $HOSTNAME\" > /www/index.html"
        + " && httpd -p 8080 -h /www && echo serving && trap 'exit 143' TERM; while true; do sleep 1 & wait $!; done");
    TestImages.shell(COUNTER, "i=1; while [ $i -le " + LINES + " ]; do echo \"line $i\";"
        + " if [ $((i % 2500)) -eq 0 ]; then sleep 0.3; fi; i=$((i+1)); done");
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(WEB);
    TestImages.remove(COUNTER);
  }

  @Test
  void runPublishesAPortPassesEnvAndEndsCancelledWhenStopped() {
    JsonObject job = run(new JsonObject().put("image", WEB).put("ports", new JsonArray().add(":8080"))
        .put("env", new JsonObject().put("GREETING", "hello-env")));
    JsonObject running = slipway.awaitJob(job.getString("id"), 60,
        j -> "running".equals(j.getString("state")) && !j.getJsonArray("ports").isEmpty());
    int hostPort = running.getJsonArray("ports").getJsonObject(0).getInteger("hostPort");

    String page = SlipwayServer.await(WebClient.create(slipway.vertx).get(hostPort, "127.0.0.1", "/").send())
        .bodyAsString();
    assertThat(page).startsWith("hello-env from ");
    assertThat(slipway.containers().stream().map(c -> ((JsonObject) c).getString("jobId")))
        .contains(job.getString("id"));

    assertThat(slipway.postJson("/api/jobs/" + job.getString("id") + "/cancel", new JsonObject()).statusCode())
        .isEqualTo(202);
    JsonObject done = slipway.awaitEnd(job.getString("id"), 30);
    assertThat(done.getString("state")).isEqualTo("cancelled");
    assertThat(done.getInteger("exitCode")).isEqualTo(143);
    assertThat(slipway.log(job.getString("id"))).contains("serving");
    assertThat(SlipwayServer.await(slipway.http.delete("/api/containers/" + done.getString("containerId")).send())
        .statusCode()).isEqualTo(204);
    assertThat(DockerEngine.containerExists(done.getString("containerId"))).isFalse();
  }

  @Test
  void nonZeroExitEndsFailedWithTheExitCode() {
    String tag = "slipway-test/exit7:run";
    TestImages.shell(tag, "echo bye; exit 7");
    try {
      JsonObject done = slipway.awaitEnd(run(new JsonObject().put("image", tag)).getString("id"), 60);
      assertThat(done.getString("state")).isEqualTo("failed");
      assertThat(done.getInteger("exitCode")).isEqualTo(7);
      assertThat(done.getString("error")).contains("code 7");
    } finally {
      TestImages.remove(tag);
    }
  }

  @Test
  void tenThousandLinesArriveInOrderOnceEachAlsoAcrossAReconnect() {
    String id = run(new JsonObject().put("image", COUNTER)).getString("id");
    String events = "/api/jobs/" + id + "/events";

    SseClient.Result first = SlipwayServer.await(SseClient.read(slipway.vertx, slipway.port, events, null,
        e -> "3000".equals(e.id())));
    SseClient.Result rest = SlipwayServer.await(SseClient.read(slipway.vertx, slipway.port, events, "3000", e -> false));
    List<SseClient.Event> joined = new ArrayList<>(first.named("log"));
    joined.addAll(rest.named("log"));
    assertLines(joined, 1, LINES);
    assertThat(rest.endedByServer()).isTrue();

    SseClient.Result whole = SlipwayServer.await(SseClient.read(slipway.vertx, slipway.port, events, null, e -> false));
    assertLines(whole.named("log"), 1, LINES);
    SseClient.Result tail = SlipwayServer.await(SseClient.read(slipway.vertx, slipway.port, events + "?after=9990",
        null, e -> false));
    assertLines(tail.named("log"), 9991, LINES);
    assertThat(slipway.job(id).getString("state")).isEqualTo("succeeded");
  }

  @Test
  void aFollowerThatComesLateGetsTheWholeLogThenTheEnd() {
    String id = run(new JsonObject().put("image", COUNTER)).getString("id");
    slipway.awaitEnd(id, 60);

    SseClient.Result late = SlipwayServer.await(SseClient.read(slipway.vertx, slipway.port,
        "/api/jobs/" + id + "/events", null, e -> false));
    assertLines(late.named("log"), 1, LINES);
    assertThat(new JsonObject(late.named("state").get(late.named("state").size() - 1).data()).getString("state"))
        .isEqualTo("succeeded");
    assertThat(slipway.log(id).lines().count()).isEqualTo(LINES);
  }

  private static void assertLines(List<SseClient.Event> events, int from, int to) {
    assertThat(events).extracting(SseClient.Event::id)
        .containsExactlyElementsOf(IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList());
    assertThat(events).extracting(SseClient.Event::data)
        .containsExactlyElementsOf(IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i).toList());
  }

  private static JsonObject run(JsonObject request) {
    String name = "slipway-test-run-" + Long.toHexString(System.nanoTime());
    CONTAINERS.add(name);
    return slipway.submit("/api/runs", request.put("name", name));
  }

  @Test
  void anImageInUseCannotBeRemovedAnUnusedOneCan() {
    String tag = "slipway-test/removable:run";
    String id = TestImages.shell(tag, "echo short-lived");
    String job = run(new JsonObject().put("image", tag)).getString("id");
    JsonObject done = slipway.awaitEnd(job, 60);
    String path = "/api/images/" + java.net.URLEncoder.encode(tag, java.nio.charset.StandardCharsets.UTF_8);

    assertThat(SlipwayServer.await(slipway.http.delete(path).send()).statusCode()).isEqualTo(409);
    DockerEngine.removeContainer(done.getString("containerId"));
    assertThat(SlipwayServer.await(slipway.http.delete(path).send()).statusCode()).isEqualTo(204);
    assertThat(slipway.get("/api/images").bodyAsString()).doesNotContain(id);
  }
}
