package dev.slipway;

import static dev.slipway.Refusals.assertError;
import static dev.slipway.Refusals.jobCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** App names that name nothing, or a place outside the apps directory: refused, and never built. */
@ExtendWith(VertxExtension.class)
class AppPathTest {
  private static final String TAG = "slipway-bad/escape:" + UUID.randomUUID().toString().substring(0, 8);
  @TempDir
  static Path apps;
  @TempDir
  static Path outside;
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) throws IOException {
    DockerEngine.require();
    Path secret = Files.createDirectories(outside.resolve("secret"));
    Files.writeString(secret.resolve("Dockerfile"), "FROM " + DockerEngine.BUSYBOX + "\nEXPOSE 9999\n");
    Files.createSymbolicLink(apps.resolve("escape"), secret);
    Path inside = Files.createDirectories(apps.resolve("inside"));
    Files.writeString(inside.resolve("Dockerfile"), "FROM " + DockerEngine.BUSYBOX + "\n");
    slipway = SlipwayServer.start(vertx, new JsonObject().put("appsDir", apps.toString()));
  }

  @AfterAll
  static void removeLink() throws IOException {
    Files.deleteIfExists(apps.resolve("escape"));
  }

  @Test
  void anAppThatDoesNotExistIsA404() {
    neverBuilt("nope", 404, "no app named 'nope'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc", "..%2F..", "/etc", "..", ".", "inside/../../etc", ""})
  void anAppNameThatIsAPathIsA400(String name) {
    neverBuilt(name, 400, "invalid app name");
  }

  @Test
  void aSymlinkInTheAppsDirectoryThatLeadsOutsideIsNotAnApp() {
    neverBuilt("escape", 404, "no app named 'escape'");
  }

  @Test
  void theAppListOffersOnlyAppsInsideTheAppsDirectory() {
    assertThat(slipway.get("/api/apps").bodyAsJsonArray().stream().map(a -> ((JsonObject) a).getString("name")))
        .containsExactly("inside");
  }

  @Test
  void aLaunchOfAnEscapingAppIsRefusedToo() {
    int before = jobCount(slipway);
    JsonObject launch = new JsonObject().put("app", "../etc").put("tag", TAG)
        .put("run", new JsonObject().put("name", "slipway-bad-escape"));
    assertError(slipway.postJson("/api/launches", launch), 400, "invalid app name");
    assertThat(jobCount(slipway)).isEqualTo(before);
    assertThat(DockerEngine.containerExists("slipway-bad-escape")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../..", "escape"})
  void theDashboardFormRefusesThemWithAnErrorPage(String name) {
    int before = jobCount(slipway);
    HttpResponse<Buffer> page = SlipwayServer.await(slipway.http.post("/builds")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("app", name).add("tag", TAG)));
    assertThat(page.statusCode()).isIn(400, 404);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).containsAnyOf("invalid app name", "no app named");
    assertThat(jobCount(slipway)).isEqualTo(before);
  }

  private static void neverBuilt(String name, int status, String fragment) {
    int before = jobCount(slipway);
    assertError(slipway.postJson("/api/builds", new JsonObject().put("app", name).put("tag", TAG)), status, fragment);
    assertThat(jobCount(slipway)).isEqualTo(before);
    assertThat(Refusals.imageExists(TAG)).isFalse();
  }
}
