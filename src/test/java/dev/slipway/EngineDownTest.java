package dev.slipway;

import static dev.slipway.Refusals.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Without an engine Slipway says so and refuses work, keeps serving its pages, and recovers by itself. */
@ExtendWith(VertxExtension.class)
class EngineDownTest {
  private static final String NO_ENGINE = "unix:///tmp/slipway-no-such.sock";
  private static final String TAG = "slipway-bad/recovered:" + UUID.randomUUID().toString().substring(0, 8);
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx, new JsonObject().put("dockerHost", NO_ENGINE));
  }

  @Test
  void healthIs503Degraded() {
    assertDegraded(slipway, NO_ENGINE);
  }

  @Test
  void submittingWorkIs503WithAClearMessageAndCreatesNoJob() {
    JsonObject build = new JsonObject().put("app", "hello").put("tag", TAG);
    assertError(slipway.postJson("/api/builds", build), 503, "Docker engine is not reachable at " + NO_ENGINE);
    assertError(slipway.postJson("/api/runs", new JsonObject().put("image", DockerEngine.BUSYBOX)), 503,
        "Docker engine is not reachable");
    assertError(slipway.postJson("/api/launches", build.copy().put("run", new JsonObject())), 503,
        "Docker engine is not reachable");
    assertThat(slipway.get("/api/jobs").bodyAsJsonArray()).isEmpty();
  }

  @Test
  void listingImagesAndContainersIs503WithAClearMessage() {
    assertError(slipway.get("/api/images"), 503, "Docker engine is not reachable");
    assertError(slipway.get("/api/containers"), 503, "Docker engine is not reachable");
  }

  @Test
  void theDashboardStillAnswersAndShowsTheBanner() {
    HttpResponse<Buffer> dashboard = slipway.get("/");
    assertThat(dashboard.statusCode()).isEqualTo(200);
    assertThat(dashboard.bodyAsString()).contains("hello");
    HttpResponse<Buffer> banner = slipway.get("/fragments/health");
    assertThat(banner.statusCode()).isEqualTo(200);
    assertThat(banner.bodyAsString()).contains("not reachable", NO_ENGINE);
  }

  @Test
  void itKeepsServingAfterManyRefusals() {
    for (int i = 0; i < 20; i++) {
      assertThat(slipway.postJson("/api/builds", new JsonObject().put("app", "hello").put("tag", TAG)).statusCode())
          .isEqualTo(503);
    }
    assertDegraded(slipway, NO_ENGINE);
    assertThat(slipway.get("/api/apps").statusCode()).isEqualTo(200);
  }

  /** The engine "comes back" when a TCP proxy to its socket starts; Slipway must notice without a restart. */
  @Test
  void itRecoversByItselfWhenTheEngineComesBack() {
    Vertx own = Vertx.vertx();
    try {
      int port = SlipwayServer.freePort();
      String host = "tcp://127.0.0.1:" + port;
      SlipwayServer server = SlipwayServer.start(own, new JsonObject().put("dockerHost", host));
      assertDegraded(server, host);
      assertError(server.postJson("/api/builds", new JsonObject().put("app", "hello").put("tag", TAG)), 503, host);

      NetServer proxy = proxyToEngine(own, port);
      // The engine is probed in the background, with a growing pause (at most 10 s) while it does not answer.
      long deadline = System.currentTimeMillis() + 15_000;
      while (server.get("/health").statusCode() != 200 && System.currentTimeMillis() < deadline) {
        SlipwayServer.sleep(200);
      }
      assertThat(server.get("/health").bodyAsJsonObject().getString("status")).isEqualTo("ok");
      JsonObject job = server.submit("/api/builds", new JsonObject().put("app", "hello").put("tag", TAG));
      assertThat(server.awaitEnd(job.getString("id"), 120).getString("state")).isEqualTo("succeeded");
      assertThat(Refusals.imageExists(TAG)).isTrue();

      SlipwayServer.await(proxy.close());
      deadline = System.currentTimeMillis() + 10_000;
      while (server.get("/health").statusCode() != 503 && System.currentTimeMillis() < deadline) {
        SlipwayServer.sleep(200);
      }
      assertDegraded(server, host);
    } finally {
      SlipwayServer.await(own.close());
      removeImage();
    }
  }

  private static void assertDegraded(SlipwayServer server, String host) {
    HttpResponse<Buffer> health = server.get("/health");
    assertThat(health.statusCode()).isEqualTo(503);
    JsonObject body = health.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("degraded");
    assertThat(body.getJsonObject("docker").getBoolean("reachable")).isFalse();
    assertThat(body.getJsonObject("docker").getString("host")).isEqualTo(host);
    assertThat(body.getJsonObject("docker").getString("error")).isNotBlank();
  }

  private static NetServer proxyToEngine(Vertx vertx, int port) {
    NetClient engine = vertx.createNetClient();
    SocketAddress socket = SocketAddress.domainSocketAddress(engineSocket());
    return SlipwayServer.await(vertx.createNetServer().connectHandler(in -> {
      in.pause();
      engine.connect(socket).onSuccess(out -> {
        in.pipeTo(out);
        out.pipeTo(in);
      }).onFailure(e -> in.close());
    }).listen(port, "127.0.0.1"));
  }

  private static String engineSocket() {
    String host = System.getenv("DOCKER_HOST");
    return host != null && host.startsWith("unix://") ? host.substring("unix://".length()) : "/var/run/docker.sock";
  }

  private static void removeImage() {
    if (Refusals.imageExists(TAG)) {
      DockerEngine.client().removeImageCmd(TAG).withForce(true).exec();
    }
  }
}
