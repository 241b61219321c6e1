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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Images and Containers filter by text, Slipway's or all, state and node, on the server: the API's
 * {@code ?q=&filter=&state=&node=} and the pages' GET form, whose URL holds the same query.
 */
@ExtendWith(VertxExtension.class)
class ListFiltersTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String TAG = "slipway-test/lists-filter:" + SUFFIX;
  private static final String EXITED = "slipway-test-lists-filter-exited-" + SUFFIX;
  private static final String RUNNING = "slipway-test-lists-filter-running-" + SUFFIX;
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(TAG, "if [ \"$MODE\" = stay ]; then sleep 600; fi; echo done");
    slipway = SlipwayServer.start(vertx);
    String exited = slipway.submit("/api/runs", new JsonObject().put("image", TAG).put("name", EXITED)).getString("id");
    String running = slipway.submit("/api/runs", new JsonObject().put("image", TAG).put("name", RUNNING)
        .put("env", new JsonObject().put("MODE", "stay"))).getString("id");
    slipway.awaitEnd(exited, 60);
    slipway.awaitJob(running, 60, job -> job.getString("containerId") != null && "running".equals(job.getString("state")));
  }

  @AfterAll
  static void cleanUp() {
    List.of(EXITED, RUNNING).forEach(DockerEngine::removeContainer);
    TestImages.remove(TAG);
  }

  @Test
  void containersFilterByTextStateAndNode() {
    assertThat(names("/api/containers?q=" + SUFFIX)).containsExactlyInAnyOrder(EXITED, RUNNING);
    assertThat(names("/api/containers?q=" + SUFFIX.toUpperCase() + "&state=exited")).containsExactly(EXITED);
    assertThat(names("/api/containers?q=" + SUFFIX + "&state=running")).containsExactly(RUNNING);
    assertThat(names("/api/containers?q=filter-running-" + SUFFIX)).containsExactly(RUNNING);
    assertThat(names("/api/containers?q=" + TAG)).as("by image").containsExactlyInAnyOrder(EXITED, RUNNING);
    assertThat(names("/api/containers?q=" + SUFFIX + "&filter=slipway&node=local"))
        .containsExactlyInAnyOrder(EXITED, RUNNING);
    assertThat(names("/api/containers?q=" + SUFFIX + "&node=elsewhere")).isEmpty();
    assertThat(names("/api/containers?state=running")).doesNotContain(EXITED);
  }

  @Test
  void imagesFilterByText() {
    JsonArray images = slipway.get("/api/images?q=lists-filter:" + SUFFIX).bodyAsJsonObject().getJsonArray("images");
    assertThat(images).hasSize(1);
    assertThat(images.getJsonObject(0).getJsonArray("tags")).contains(TAG);
    assertThat(slipway.get("/api/images?q=" + SUFFIX + "&filter=slipway").bodyAsJsonObject()
        .getJsonArray("images")).as("not built by Slipway").isEmpty();
  }

  @Test
  void aWrongFilterIsA400ThatSaysWhy() {
    assertError("/api/containers?state=sleeping", "state must be one of running, exited");
    assertError("/api/containers?filter=theirs", "filter must be mine, slipway or all");
    assertError("/api/containers?node=a%20b", "node must be a node's name");
    assertError("/api/images?state=running", "state filters containers");
    assertError("/api/images?q=" + "x".repeat(201), "200 characters or fewer");
  }

  @Test
  void thePageIsAGetFormWhoseUrlHoldsTheFilterAndSwapsOnlyTheResults() {
    String page = slipway.get("/containers?q=" + SUFFIX + "&state=exited").bodyAsString();
    assertThat(page).contains(EXITED).doesNotContain(RUNNING)
        .contains("<form method=\"get\" action=\"/containers\" class=\"list-filters\" role=\"search\"")
        .contains("name=\"q\" value=\"" + SUFFIX + "\"")
        .contains("<option selected>exited</option>")
        .contains("hx-target=\"#container-results\"")
        .contains("hx-get=\"/containers?q=" + SUFFIX + "&amp;state=exited\" hx-trigger=\"every 5s [!document.hidden]\"");
    assertThat(slipway.get("/images?q=" + SUFFIX).bodyAsString()).contains(TAG)
        .contains("1 image matches these filters");
  }

  private static List<String> names(String path) {
    HttpResponse<Buffer> response = slipway.get(path);
    assertThat(response.statusCode()).as(path + ": " + response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("containers").stream()
        .map(c -> ((JsonObject) c).getString("name")).toList();
  }

  private static void assertError(String path, String message) {
    HttpResponse<Buffer> response = slipway.get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("error")).contains(message);
  }
}
