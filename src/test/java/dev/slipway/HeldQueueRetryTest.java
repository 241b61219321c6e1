package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A build the worker refuses because the engine "does not answer" holds the queue still. The news that the engine
 * answers again can come before that refusal (a probe's answer races the build's refusal); then no further news comes,
 * and the queue must not wait for ever: it tries again by itself. Here the refusal is made up (the engine answered all
 * along), so no news of the engine's return ever comes.
 */
@ExtendWith(VertxExtension.class)
class HeldQueueRetryTest {
  private static final String TAG = "slipway-test/held-queue-" + UUID.randomUUID().toString().substring(0, 8);
  private static SlipwayServer slipway;
  private static final AtomicInteger refused = new AtomicInteger();

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx, new JsonObject().put(Config.BUILD_CONCURRENCY, 1));
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (Bus.onNode("local", Bus.DOCKER_BUILD).equals(delivery.message().address()) && refused.get() == 0) {
        refused.incrementAndGet();
        delivery.message().fail(Bus.ENGINE_UNREACHABLE, "the Docker engine is not reachable (made up by the test)");
        return;
      }
      delivery.next();
    });
  }

  @AfterAll
  static void cleanUp() {
    EngineTraces.removeImage(TAG);
  }

  @Test
  void aQueueHeldByARefusedBuildTriesAgainWithoutNewsOfTheEngine() {
    String id = slipway.submit("/api/builds", new JsonObject().put("app", "hello").put("tag", TAG)).getString("id");
    long deadline = System.currentTimeMillis() + 30_000;
    JsonObject job = slipway.get("/api/jobs/" + id).bodyAsJsonObject();
    while (!"succeeded".equals(job.getString("state")) && System.currentTimeMillis() < deadline) {
      SlipwayServer.sleep(200);
      job = slipway.get("/api/jobs/" + id).bodyAsJsonObject();
    }
    assertThat(refused.get()).as("the first hand-over was refused").isEqualTo(1);
    assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("succeeded");
  }
}
