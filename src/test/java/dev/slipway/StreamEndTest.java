package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A finished job's event stream always ends, even when its stored log holds fewer lines than the job counted. */
@ExtendWith(VertxExtension.class)
class StreamEndTest {
  private static final String PRINTER = "slipway-test/stream-end:printer";
  private static SlipwayServer slipway;
  private static String container;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(PRINTER, "seq 1 10");
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    if (container != null) {
      DockerEngine.removeContainer(container);
    }
    TestImages.remove(PRINTER);
  }

  @Test
  void aFinishedJobWhoseLogFileIsGoneEndsItsStream() throws Exception {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", PRINTER)).getString("id");
    JsonObject done = slipway.awaitEnd(id, 60);
    container = done.getString("containerId");
    assertThat(done.getLong("lines")).isEqualTo(10L);
    Files.delete(slipway.dataDir.resolve("logs").resolve(id + ".log"));

    SseClient.Result result = SseClient.read(slipway.vertx, slipway.port, "/api/jobs/" + id + "/events", "3",
        e -> false).await(20, TimeUnit.SECONDS);
    assertThat(result.endedByServer()).isTrue();
    assertThat(result.named("log")).isEmpty();
    assertThat(result.named("end")).extracting(SseClient.Event::data).containsExactly("succeeded");
  }
}
