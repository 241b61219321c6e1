package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Containers and Images pages filter mine / Slipway's / all, and their Remove buttons ask first: without
 * JavaScript through a confirmation page with a second form, with htmx through {@code hx-confirm}.
 */
@ExtendWith(VertxExtension.class)
class RemovalConfirmationTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String TAG = "slipway-test/guardrails-pages:" + SUFFIX;
  private static final String NAME = "slipway-test-guardrails-page-" + SUFFIX;
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(TAG, "echo done");
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    DockerEngine.removeContainer(NAME);
    TestImages.remove(TAG);
  }

  @Test
  void removingAContainerFromItsPageAsksFirstAndRemovesOnlyOnceConfirmed() {
    JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", TAG).put("name", NAME));
    String id = slipway.awaitEnd(job.getString("id"), 60).getString("containerId");

    String page = slipway.get("/containers?filter=slipway").bodyAsString();
    assertThat(page).contains(NAME).contains("href=\"/containers?filter=mine\"")
        .contains("href=\"/containers?filter=slipway\" aria-current=\"page\"")
        .contains("hx-confirm=\"Remove the container " + NAME + "?\"");

    HttpResponse<Buffer> asked = post("/containers/" + id + "/remove", MultiMap.caseInsensitiveMultiMap()
        .add("filter", "slipway"));
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.bodyAsString()).contains("Remove the container " + NAME)
        .contains("name=\"confirm\" value=\"yes\"").contains("href=\"/containers?filter=slipway\"");
    assertThat(DockerEngine.containerExists(id)).isTrue();

    HttpResponse<Buffer> done = post("/containers/" + id + "/remove", MultiMap.caseInsensitiveMultiMap()
        .add("filter", "slipway").add("confirm", "yes"));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.getHeader("Location")).isEqualTo("/containers?filter=slipway");
    assertThat(DockerEngine.containerExists(id)).isFalse();
  }

  @Test
  void removingAnImageFromItsPageAsksFirst() {
    String page = slipway.get("/images").bodyAsString();
    assertThat(page).contains("href=\"/images?filter=all\" aria-current=\"page\"")
        .contains("hx-confirm=\"Remove the image " + TAG + "?\"");

    HttpResponse<Buffer> asked = post("/images/remove", MultiMap.caseInsensitiveMultiMap().add("id", TAG));
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.bodyAsString()).contains("Remove the image " + TAG).contains("name=\"confirm\" value=\"yes\"");
    assertThat(Refusals.imageExists(TAG)).isTrue();
  }

  private static HttpResponse<Buffer> post(String path, MultiMap form) {
    return SlipwayServer.await(slipway.http.post(path).followRedirects(false).sendForm(form));
  }
}
