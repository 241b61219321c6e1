package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import ch.qos.logback.classic.Level;
import dev.slipway.testing.LogCapture;
import dev.slipway.testing.RawHttp;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a hostile web page could make a visitor's browser send to a Slipway on localhost is refused. */
@ExtendWith(VertxExtension.class)
class RequestGuardTest {
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
  }

  @Test
  void crossSiteFormPostsAreRefused() {
    HttpResponse<Buffer> response = SlipwayServer.await(slipway.http.post("/builds")
        .putHeader("Origin", "http://evil.example").putHeader("Sec-Fetch-Site", "cross-site")
        .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("app", "hello").add("tag", "x")));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(slipway.get("/api/jobs").bodyAsJsonArray()).isEmpty();
  }

  @Test
  void aForeignOriginCannotPostJsonEither() {
    HttpResponse<Buffer> response = SlipwayServer.await(slipway.http.post("/api/runs")
        .putHeader("Origin", "http://evil.example").sendJsonObject(new JsonObject().put("image", "x")));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("error")).contains("cross-site");
  }

  @Test
  void jsonMustBeSentAsJsonSoAPlainFormCannotForgeIt() {
    HttpResponse<Buffer> response = SlipwayServer.await(slipway.http.post("/api/runs")
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{\"image\":\"x\"}")));

    assertThat(response.statusCode()).isEqualTo(415);
  }

  @Test
  void anotherHostNameIsRefusedOnALoopbackServer() {
    HttpResponse<Buffer> response = SlipwayServer.await(slipway.http.get("/api/jobs")
        .putHeader("Host", "rebound.evil.example:" + slipway.port).send());

    assertThat(response.statusCode()).isEqualTo(421);
    assertThat(slipway.get("/api/jobs").statusCode()).isEqualTo(200);
  }

  /** A missing or malformed Host is the client's mistake: a 400 it can read, and nothing in the server's log. */
  @ParameterizedTest
  @ValueSource(strings = {
      "GET /api/jobs HTTP/1.0",
      "GET /api/jobs HTTP/1.1",
      "GET /api/jobs HTTP/1.1\r\nHost: ",
      "GET /api/jobs HTTP/1.1\r\nHost: evil@localhost",
      "GET /api/jobs HTTP/1.1\r\nHost: localhost:99999999999",
      "GET /api/jobs HTTP/1.1\r\nHost: localhost:abc",
      "GET /api/apps HTTP/1.1\r\nHost: [::1",
      "POST /api/runs HTTP/1.1\r\nHost: local host\r\nContent-Length: 0"})
  void aMissingOrMalformedHostIsA400WithoutALogLine(String head) {
    RawHttp.Response response;
    List<String> logged;
    try (LogCapture log = new LogCapture()) {
      response = RawHttp.exchange(slipway.port, head + "\r\nConnection: close", new byte[0], 10);
      SlipwayServer.sleep(200);
      logged = log.messagesAtOrAbove(Level.WARN);
    }
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().get("content-type")).startsWith("application/json");
    assertThat(new JsonObject(response.body()).fieldNames()).containsExactly("error");
    assertThat(new JsonObject(response.body()).getString("error")).containsIgnoringCase("host");
    assertThat(logged).isEmpty();
  }

  @Test
  void theApiNeverTakesAServerSideFileAsABuildContext(@TempDir Path dir) throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "precious");
    JsonObject body = new JsonObject().put("contextFile", victim.toString()).put("tag", "NOT A TAG");

    assertThat(slipway.postJson("/api/builds", body).statusCode()).isEqualTo(400);
    assertThat(slipway.postJson("/api/launches", body.put("tag", "ok/tag")).statusCode()).isEqualTo(400);
    assertThat(victim).hasContent("precious");
  }

  @Test
  void pagesCannotBeFramedOrSniffed() {
    HttpResponse<Buffer> page = slipway.get("/");

    assertThat(page.getHeader("X-Frame-Options")).isEqualTo("DENY");
    assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void aServerSharedOnTheNetworkStillRefusesForeignHostNames() throws Exception {
    Vertx own = Vertx.vertx();
    try {
      SlipwayServer shared = SlipwayServer.start(own, new JsonObject().put("bindAddress", "0.0.0.0"));

      assertThat(shared.get("/api/jobs").statusCode()).isEqualTo(200);
      assertThat(SlipwayServer.await(shared.http.get("/api/jobs").putHeader("Host", "attacker.example").send())
          .statusCode()).isEqualTo(421);
    } finally {
      own.close().await(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
