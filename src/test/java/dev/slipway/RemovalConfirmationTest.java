package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Role;
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
 * Every removal on the dashboard asks first: without JavaScript the button's POST answers a page that says what would
 * go and holds a second form ({@code confirm=yes}); with htmx the button asks in a dialog ({@code hx-confirm}) and sends
 * {@code confirm=yes} itself. Only a confirmed request removes; afterwards the list shows as it was filtered.
 */
@ExtendWith(VertxExtension.class)
class RemovalConfirmationTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String TAG = "slipway-test/lists-confirm:" + SUFFIX;
  private static final String NAME = "slipway-test-lists-confirm-" + SUFFIX;
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
  void removingAContainerAsksFirstRemovesOnlyOnceConfirmedAndGoesBackToTheFilteredList() {
    JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", TAG).put("name", NAME));
    String id = slipway.awaitEnd(job.getString("id"), 60).getString("containerId");

    String page = slipway.get("/containers?filter=slipway&q=" + SUFFIX).bodyAsString();
    assertThat(page).contains(NAME).contains("hx-confirm=\"Remove the container " + NAME + "?\"")
        .contains("aria-label=\"Remove container " + NAME + "\"")
        .contains("name=\"back\" value=\"filter=slipway&amp;q=" + SUFFIX + "\"");

    String back = "filter=slipway&q=" + SUFFIX;
    HttpResponse<Buffer> asked = post("/containers/" + id + "/remove", form().add("back", back));
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.bodyAsString()).contains("Remove the container " + NAME).contains("Remove container " + NAME)
        .contains("name=\"confirm\" value=\"yes\"")
        .contains("href=\"/containers?filter=slipway&amp;q=" + SUFFIX + "\"");
    assertThat(DockerEngine.containerExists(id)).isTrue();

    HttpResponse<Buffer> done = post("/containers/" + id + "/remove", form().add("back", back).add("confirm", "yes"));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.getHeader("Location")).isEqualTo("/containers?filter=slipway&q=" + SUFFIX);
    assertThat(DockerEngine.containerExists(id)).isFalse();
  }

  @Test
  void removingAnImageAsksFirst() {
    String page = slipway.get("/images?q=" + SUFFIX).bodyAsString();
    assertThat(page).contains("hx-confirm=\"Remove the image " + TAG + "?\"")
        .contains("aria-label=\"Remove image " + TAG + "\"").contains("aria-label=\"Run image " + TAG + "\"");

    HttpResponse<Buffer> asked = post("/images/remove", form().add("id", TAG));
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.bodyAsString()).contains("Remove the image " + TAG).contains("name=\"confirm\" value=\"yes\"")
        .contains("href=\"/images\"");
    assertThat(Refusals.imageExists(TAG)).isTrue();
  }

  @Test
  void theWayBackIsAlwaysTheListWhateverTheFormSays() {
    HttpResponse<Buffer> asked = post("/images/remove", form().add("id", TAG)
        .add("back", "https://evil.example/?filter=mine"));
    assertThat(asked.bodyAsString()).contains("href=\"/images\"").doesNotContain("evil.example");
    HttpResponse<Buffer> odd = post("/images/remove", form().add("id", TAG).add("back", "state=bogus&q=x"));
    assertThat(odd.bodyAsString()).contains("href=\"/images\"");
  }

  @Test
  void deletingAUserAsksFirst() {
    SlipwayServer.User user = slipway.createUser(Role.VIEWER);
    assertThat(slipway.get("/users").bodyAsString())
        .contains("hx-confirm=\"Delete the user " + user.name() + "?")
        .contains("aria-label=\"Delete user " + user.name() + "\"");

    HttpResponse<Buffer> asked = post("/users/" + user.name() + "/delete", form());
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.bodyAsString()).contains("Delete the user " + user.name() + "?")
        .contains("name=\"confirm\" value=\"yes\"").contains("href=\"/users\"");
    assertThat(slipway.get("/api/users").bodyAsString()).contains("\"" + user.name() + "\"");

    HttpResponse<Buffer> done = post("/users/" + user.name() + "/delete", form().add("confirm", "yes"));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(slipway.get("/api/users").bodyAsString()).doesNotContain("\"" + user.name() + "\"");
  }

  @Test
  void revokingATokenAsksFirst() {
    String name = "lists-confirm-" + SUFFIX;
    JsonObject token = slipway.postJson("/api/tokens", new JsonObject().put("name", name)).bodyAsJsonObject();
    String id = token.getString("id");
    assertThat(slipway.get("/account").bodyAsString()).contains("hx-confirm=\"Revoke the token " + name + "?\"")
        .contains("aria-label=\"Revoke token " + name + "\"");

    HttpResponse<Buffer> asked = post("/account/tokens/" + id + "/revoke", form());
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.bodyAsString()).contains("Revoke the token " + name + "?").contains("name=\"confirm\" value=\"yes\"");
    assertThat(slipway.get("/api/tokens").bodyAsString()).contains(id);

    HttpResponse<Buffer> done = post("/account/tokens/" + id + "/revoke", form().add("confirm", "yes"));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(slipway.get("/api/tokens").bodyAsString()).doesNotContain(id);
  }

  private static MultiMap form() {
    return MultiMap.caseInsensitiveMultiMap();
  }

  private static HttpResponse<Buffer> post(String path, MultiMap form) {
    return SlipwayServer.await(slipway.http.post(path).followRedirects(false).sendForm(form));
  }
}
