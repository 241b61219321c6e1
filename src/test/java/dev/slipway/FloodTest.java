package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Output at the engine's speed: nothing lost when a container prints flat out and exits, and Slipway's heap stays
 * bounded however much a container prints (the worker's reading of the stream waits for the store).
 */
@ExtendWith(VertxExtension.class)
class FloodTest {
  private static final String BURST = "slipway-test/flood:burst";
  private static final String ENDLESS = "slipway-test/flood:endless";
  private static final int BURST_LINES = 200_000;
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(BURST, "seq 1 " + BURST_LINES + "; printf 'last line without a newline'");
    TestImages.shell(ENDLESS, "yes 'the same line again and again, as fast as the container can print it'");
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(BURST);
    TestImages.remove(ENDLESS);
  }

  @Test
  void aContainerThatPrintsFlatOutAndExitsLeavesExactlyWhatDockerLogsHas() throws Exception {
    JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", BURST));
    JsonObject done = slipway.awaitEnd(job.getString("id"), 180);
    CONTAINERS.add(done.getString("containerId"));

    assertThat(done.getString("state")).isEqualTo("succeeded");
    List<String> engine = DockerEngine.logs(done.getString("containerId"));
    assertThat(engine).hasSize(BURST_LINES + 1);
    assertThat(done.getLong("lines")).isEqualTo(BURST_LINES + 1L);
    List<String> stored = slipway.log(job.getString("id")).lines().toList();
    assertThat(stored).isEqualTo(engine);
    assertThat(stored.get(stored.size() - 1)).isEqualTo("last line without a newline");

    SseClient.Result replay = SlipwayServer.await(SseClient.read(slipway.vertx, slipway.port,
        "/api/jobs/" + job.getString("id") + "/events", null, e -> false));
    List<SseClient.Event> events = replay.named("log");
    assertThat(events).extracting(SseClient.Event::data).as("the replay over SSE").isEqualTo(engine);
    assertThat(events).extracting(SseClient.Event::id).as("numbered 1 to the end, each once")
        .isEqualTo(java.util.stream.IntStream.rangeClosed(1, BURST_LINES + 1).mapToObj(Integer::toString).toList());
  }

  @Test
  void theHeapStaysBoundedWhileAContainerPrintsAsFastAsItCan() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = heapAfterGc(memory);
    JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", ENDLESS));
    JsonObject running = slipway.awaitJob(job.getString("id"), 60, j -> j.getLong("lines") > 100_000);
    CONTAINERS.add(running.getString("containerId"));
    long peak = 0;
    for (int i = 0; i < 10; i++) {
      SlipwayServer.sleep(1000);
      peak = Math.max(peak, heapAfterGc(memory));
    }
    long lines = slipway.job(job.getString("id")).getLong("lines");
    assertThat(SlipwayServer.await(slipway.http.post("/api/jobs/" + job.getString("id") + "/cancel").send())
        .statusCode()).isEqualTo(202);
    JsonObject done = slipway.awaitEnd(job.getString("id"), 60);

    assertThat(lines).as("lines stored while flooding").isGreaterThan(200_000);
    assertThat(done.getString("state")).isEqualTo("cancelled");
    assertThat(peak - before).as("heap growth in bytes while %d lines came in", lines).isLessThan(150L << 20);
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
