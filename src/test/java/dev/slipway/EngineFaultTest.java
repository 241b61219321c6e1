package dev.slipway;

import static dev.slipway.Refusals.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.slipway.bus.Bus;
import dev.slipway.testing.DirectUsers;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.EngineProxy;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Docker engine goes away under a running job (a proxy between Slipway and the engine is cut) and comes back:
 * Slipway says so at once (503), keeps the job running while its container runs on, takes it up again when the
 * engine answers, and its stored log is then exactly the container's log. A container removed meanwhile ends its job
 * failed, saying why.
 */
@ExtendWith(VertxExtension.class)
class EngineFaultTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String COUNTER = "slipway-test/fault-" + SUFFIX + ":counter";
  private static final String NAME = "slipway-test-fault-" + SUFFIX;
  private static final String REPO = "slipway-test/fault-" + SUFFIX;
  private static EngineProxy proxy;
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(COUNTER, "trap 'exit 0' TERM; i=0; while true; do i=$((i+1)); echo line-$i; sleep 0.05; done");
    proxy = EngineProxy.start(vertx);
    slipway = SlipwayServer.start(vertx, new JsonObject().put(Config.DOCKER_HOST, proxy.dockerHost()));
  }

  /** Each test starts with the engine answering. */
  @AfterEach
  void engineBack() {
    proxy.restore();
    awaitHealth(200, 45);
  }

  @AfterAll
  static void cleanUp() {
    DockerEngine.removeContainer(NAME + "-follow");
    DockerEngine.removeContainer(NAME + "-removed");
    DockerEngine.removeContainer(NAME + "-hung");
    DockerEngine.removeContainer(NAME + "-blip");
    DockerEngine.removeContainer(NAME + "-exits");
    DockerEngine.removeContainer(NAME + "-launch");
    EngineTraces.removeImage(REPO + ":launch");
    DockerEngine.removeContainer(NAME + "-cancel");
    for (int i = 0; i < 3; i++) {
      EngineTraces.removeImage(REPO + ":queued" + i);
    }
    proxy.close();
    TestImages.remove(COUNTER);
  }

  @Test
  void aRunningJobOutlivesTheEngineGoingAwayAndItsLogIsExactlyTheContainersLog() {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", COUNTER).put("name", NAME + "-follow"))
        .getString("id");
    slipway.awaitJob(id, 30, j -> j.getLong("lines", 0L) >= 20);

    proxy.cut();
    long cutAt = System.nanoTime();
    awaitHealth(503, 10);
    assertThat(elapsedMs(cutAt)).as("ms until /health said 503").isLessThan(3_500);
    long asked = System.nanoTime();
    assertError(slipway.postJson("/api/runs", new JsonObject().put("image", COUNTER)), 503,
        "Docker engine is not reachable");
    assertThat(elapsedMs(asked)).as("ms to refuse a submission").isLessThan(1_000);

    SlipwayServer.sleep(2_000);
    JsonObject during = slipway.job(id);
    assertThat(during.getString("state")).as("the job while the engine is away: %s", during.encode())
        .isEqualTo("running");
    assertThat(DockerEngine.client().inspectContainerCmd(NAME + "-follow").exec().getState().getRunning()).isTrue();
    int lastBefore = lastNumber(containerLines(id));

    proxy.restore();
    awaitHealth(200, 15);
    // Taken up again: lines printed while the engine was away, and after, arrive.
    slipway.awaitJob(id, 30, j -> lastNumber(containerLines(id)) > lastBefore + 60);

    assertThat(slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    JsonObject done = slipway.awaitEnd(id, 30);
    assertThat(done.getString("state")).isEqualTo("cancelled");

    List<String> engine = dockerLogs(NAME + "-follow");
    assertThat(engine.size()).isGreaterThan(60);
    for (int i = 0; i < engine.size(); i++) {
      assertThat(engine.get(i)).isEqualTo("line-" + (i + 1));
    }
    assertThat(containerLines(id)).as("the stored log, without Slipway's own notes").isEqualTo(engine);
  }

  @Test
  void aContainerRemovedWhileTheEngineWasAwayEndsItsJobFailedSayingSo() {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", COUNTER).put("name", NAME + "-removed"))
        .getString("id");
    JsonObject running = slipway.awaitJob(id, 30, j -> j.getLong("lines", 0L) >= 10);

    proxy.cut();
    awaitHealth(503, 10);
    DockerEngine.removeContainer(NAME + "-removed");
    SlipwayServer.sleep(1_000);
    assertThat(slipway.job(id).getString("state")).isEqualTo("running");

    proxy.restore();
    JsonObject done = slipway.awaitEnd(id, 30);
    assertThat(done.getString("state")).isEqualTo("failed");
    assertThat(done.getString("error")).contains("container " + running.getString("containerId").substring(0, 12))
        .contains("is gone").contains("Docker engine");
  }

  /** A launch's run phase is a run like any other: it shows its container while it runs, and is taken up again. */
  @Test
  void aLaunchesRunningContainerIsTakenUpAgainWhenTheEngineIsBack() {
    String id = slipway.submit("/api/launches", new JsonObject().put("app", "hello").put("tag", REPO + ":launch")
        .put("run", new JsonObject().put("name", NAME + "-launch").put("ports", new io.vertx.core.json.JsonArray()
            .add(":8080")).put("command", new io.vertx.core.json.JsonArray().add("sh").add("-c").add(
                "trap 'exit 0' TERM; i=0; while true; do i=$((i+1)); echo line-$i; sleep 0.05; done"))))
        .getString("id");
    JsonObject running = slipway.awaitJob(id, 60, j -> "run".equals(j.getString("phase"))
        && containerLines(id).contains("line-10"));
    String containerId = DockerEngine.client().inspectContainerCmd(NAME + "-launch").exec().getId();
    assertThat(running.getString("containerId")).as("the launch's container while it runs").isEqualTo(containerId);
    assertThat(running.getJsonArray("ports")).as("its published ports").isNotEmpty();

    proxy.cut();
    awaitHealth(503, 10);
    SlipwayServer.sleep(1_000);
    int before = lastNumber(containerLines(id));
    proxy.restore();
    slipway.awaitJob(id, 30, j -> lastNumber(containerLines(id)) > before + 40);

    assertThat(slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    assertThat(slipway.awaitEnd(id, 30).getString("state")).isEqualTo("cancelled");
    List<String> lines = containerLines(id);
    assertThat(lines.subList(lines.indexOf("line-1"), lines.size())).isEqualTo(dockerLogs(NAME + "-launch"));
  }

  /** A container that exits by itself while the engine is away ends its job with its exit code, its log whole. */
  @Test
  void aContainerThatExitedWhileTheEngineWasAwayEndsItsJobWithItsExitCode() {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", COUNTER).put("name", NAME + "-exits")
        .put("command", new io.vertx.core.json.JsonArray().add("sh").add("-c")
            .add("i=0; while [ $i -lt 60 ]; do i=$((i+1)); echo line-$i; sleep 0.05; done; exit 3"))).getString("id");
    slipway.awaitJob(id, 30, j -> j.getLong("lines", 0L) >= 5);

    proxy.cut();
    awaitHealth(503, 10);
    DockerEngine.client().waitContainerCmd(NAME + "-exits").start().awaitStatusCode(30, TimeUnit.SECONDS);
    assertThat(slipway.job(id).getString("state")).isEqualTo("running");

    proxy.restore();
    JsonObject done = slipway.awaitEnd(id, 30);
    assertThat(done.getString("state")).isEqualTo("failed");
    assertThat(done.getInteger("exitCode")).isEqualTo(3);
    assertThat(containerLines(id)).isEqualTo(dockerLogs(NAME + "-exits")).hasSize(60);
  }

  /** A cancel accepted while the engine is away is carried out when it is back: the container does not run on. */
  @Test
  void aCancelWhileTheEngineIsAwayStopsTheContainerWhenItIsBack() {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", COUNTER).put("name", NAME + "-cancel"))
        .getString("id");
    slipway.awaitJob(id, 30, j -> j.getLong("lines", 0L) >= 5);
    proxy.cut();
    awaitHealth(503, 10);
    SlipwayServer.sleep(500);

    assertThat(slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    proxy.restore();
    assertThat(slipway.awaitEnd(id, 30).getString("state")).isEqualTo("cancelled");
    assertThat(DockerEngine.client().inspectContainerCmd(NAME + "-cancel").exec().getState().getRunning()).isFalse();
  }

  /** Connections to the engine break but the engine stays up: the job follows its container on, losing nothing. */
  @Test
  void aBrokenConnectionToAnEngineThatStaysUpDoesNotEndTheJob() {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", COUNTER).put("name", NAME + "-blip"))
        .getString("id");
    slipway.awaitJob(id, 30, j -> j.getLong("lines", 0L) >= 20);

    for (int blip = 0; blip < 3; blip++) {
      int before = lastNumber(containerLines(id));
      proxy.dropConnections();
      slipway.awaitJob(id, 30, j -> !"running".equals(j.getString("state"))
          || lastNumber(containerLines(id)) > before + 20);
      assertThat(slipway.job(id).getString("state")).as("after blip %d: %s", blip, slipway.job(id).encode())
          .isEqualTo("running");
    }

    assertThat(slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    assertThat(slipway.awaitEnd(id, 30).getString("state")).isEqualTo("cancelled");
    assertThat(containerLines(id)).isEqualTo(dockerLogs(NAME + "-blip"));
  }

  /** Queued builds wait while the engine is away (the running ones fail, saying why), and run when it is back. */
  @Test
  void queuedBuildsWaitForTheEngineInsteadOfFailing() {
    List<String> running = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      running.add(slipway.postTar("/api/builds?noCache=true&tag=" + REPO + ":slow" + i, dev.slipway.testing.Tars
          .dockerfile("FROM " + DockerEngine.BUSYBOX + "\nRUN echo slow-" + SUFFIX + " && sleep 30\n"))
          .bodyAsJsonObject().getString("id"));
    }
    for (String id : running) {
      slipway.awaitJob(id, 30, j -> slipway.log(id).contains("slow-" + SUFFIX));
    }
    List<String> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(slipway.submit("/api/builds", new JsonObject().put("app", "hello").put("tag", REPO + ":queued" + i)
          .put("noCache", true)).getString("id"));
    }

    proxy.cut();
    for (String id : running) {
      JsonObject failed = slipway.awaitEnd(id, 30);
      assertThat(failed.getString("state")).isEqualTo("failed");
      assertThat(failed.getString("error")).isNotBlank();
    }
    awaitHealth(503, 10);
    SlipwayServer.sleep(2_000);
    for (String id : queued) {
      assertThat(slipway.job(id).getString("state")).as("a queued build while the engine is away").isEqualTo("queued");
    }

    proxy.restore();
    for (String id : queued) {
      assertThat(slipway.awaitEnd(id, 90).getString("state")).isEqualTo("succeeded");
    }
  }

  /** An engine that accepts connections and never answers is as good as gone, and /health says so in seconds. */
  @Test
  void aHungEngineIsReported503WithinSecondsNotAfterTheCallTimeout() {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", COUNTER).put("name", NAME + "-hung"))
        .getString("id");
    slipway.awaitJob(id, 30, j -> j.getLong("lines", 0L) >= 10);

    proxy.blackhole();
    long hungAt = System.nanoTime();
    awaitHealth(503, 40);
    assertThat(elapsedMs(hungAt)).as("ms until /health said 503").isLessThan(3_500);
    long asked = System.nanoTime();
    assertError(slipway.postJson("/api/runs", new JsonObject().put("image", COUNTER)), 503,
        "Docker engine is not reachable");
    assertThat(elapsedMs(asked)).as("ms to refuse a submission").isLessThan(1_000);
    assertThat(slipway.job(id).getString("state")).isEqualTo("running");

    proxy.restore();
    awaitHealth(200, 45);
    slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject());
    assertThat(slipway.awaitEnd(id, 30).getString("state")).isEqualTo("cancelled");
  }

  private static void awaitHealth(int status, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    HttpResponse<Buffer> health = slipway.get("/health");
    while (health.statusCode() != status) {
      assertThat(System.nanoTime()).as("/health still %s: %s", health.statusCode(), health.bodyAsString())
          .isLessThan(deadline);
      SlipwayServer.sleep(100);
      health = slipway.get("/health");
    }
  }

  /** The job's stored stdout and stderr lines, in order, read through the event-bus API page by page. */
  private List<String> containerLines(String id) {
    List<String> lines = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonObject page = SlipwayServer.await(DirectUsers.request(slipway, "admin", Bus.LOG,
          new JsonObject().put("id", id).put("after", after).put("limit", 5000)));
      var got = page.getJsonArray("lines");
      if (got.isEmpty()) {
        return lines;
      }
      for (Object o : got) {
        JsonObject line = (JsonObject) o;
        after = line.getLong("n");
        if (!"system".equals(line.getString("stream"))) {
          lines.add(line.getString("text"));
        }
      }
    }
  }

  private static int lastNumber(List<String> lines) {
    return lines.isEmpty() ? 0 : Integer.parseInt(lines.get(lines.size() - 1).substring("line-".length()));
  }

  /** What {@code docker logs} says, straight from the engine. */
  private static List<String> dockerLogs(String container) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      DockerEngine.client().logContainerCmd(container).withStdOut(true).withStdErr(true).withTailAll()
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              out.writeBytes(frame.getPayload());
            }
          }).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    return new ArrayList<>(Arrays.asList(text.split("\n")));
  }

  private static long elapsedMs(long since) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }
}
