package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The history is durable: a new server on the same data directory lists the same jobs, in the same order, with the
 * same logs and the same line numbers, and goes on from there.
 */
class HistoryRestartTest {
  private static final String PRINTER = "slipway-test/history-restart:printer";
  private static final List<String> containers = new ArrayList<>();

  @BeforeAll
  static void image() {
    DockerEngine.require();
    TestImages.shell(PRINTER, "echo first; echo second >&2; echo third; exit 4");
  }

  @AfterAll
  static void cleanUp() {
    containers.forEach(DockerEngine::removeContainer);
    TestImages.remove(PRINTER);
  }

  @Test
  void jobsAndTheirLogsOutliveTheServer() throws Exception {
    Vertx firstVertx = Vertx.vertx();
    SlipwayServer first = SlipwayServer.start(firstVertx);
    String run = first.submit("/api/runs", new JsonObject().put("image", PRINTER)).getString("id");
    String build = first.submit("/api/builds", new JsonObject().put("app", "broken").put("tag", "slipway-test/never:1"))
        .getString("id");
    assertThat(first.awaitEnd(run, 60).getString("state")).isEqualTo("failed");
    assertThat(first.awaitEnd(build, 60).getString("state")).isEqualTo("failed");
    containers.add(first.job(run).getString("containerId"));
    JsonArray before = first.get("/api/jobs").bodyAsJsonArray();
    String runLog = first.log(run);
    String buildLog = first.log(build);
    List<SseClient.Event> runLines = logEvents(first, run, null);
    assertThat(runLog).contains("first", "second", "third");
    assertThat(runLines).extracting(SseClient.Event::data).contains("first", "second", "third");

    firstVertx.close().await(60, TimeUnit.SECONDS);
    Vertx secondVertx = Vertx.vertx();
    try {
      SlipwayServer second = SlipwayServer.start(secondVertx, new JsonObject()
          .put(dev.slipway.Config.DATA_DIR, first.dataDir.toString()));

      assertThat(second.get("/api/jobs").bodyAsJsonArray()).isEqualTo(before);
      assertThat(second.get("/api/jobs").getHeader("X-Total-Count")).isEqualTo("2");
      assertThat(second.job(run)).isEqualTo(before.getJsonObject(before.getJsonObject(0).getString("id").equals(run)
          ? 0 : 1));
      assertThat(second.log(run)).isEqualTo(runLog);
      assertThat(second.log(build)).isEqualTo(buildLog);
      assertThat(logEvents(second, run, null)).as("the same lines with the same numbers").isEqualTo(runLines);
      assertThat(logEvents(second, run, "2")).as("replay after line 2").isEqualTo(runLines.subList(2, runLines.size()));
      assertThat(second.get("/history").bodyAsString()).contains("data-job=\"" + run + "\"", "data-job=\"" + build + "\"");

      String later = second.submit("/api/runs", new JsonObject().put("image", PRINTER)).getString("id");
      second.awaitEnd(later, 60);
      containers.add(second.job(later).getString("containerId"));
      JsonArray after = second.get("/api/jobs").bodyAsJsonArray();
      assertThat(after.getJsonObject(0).getString("id")).as("newest first").isEqualTo(later);
      assertThat(after.size()).isEqualTo(3);
    } finally {
      secondVertx.close().await(60, TimeUnit.SECONDS);
    }
  }

  /** The job's log lines as its event stream replays them (after {@code lastEventId} when given). */
  private static List<SseClient.Event> logEvents(SlipwayServer slipway, String id, String lastEventId) {
    SseClient.Result result = SlipwayServer.await(SseClient.read(slipway.vertx, slipway.port,
        "/api/jobs/" + id + "/events", lastEventId, e -> false));
    assertThat(result.status()).as("status").isEqualTo(200);
    assertThat(result.endedByServer()).isTrue();
    return result.named("log");
  }
}
