package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayProcess;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing lost across restarts: SIGTERM stops Slipway within seconds and leaves containers running; after a SIGTERM
 * or a kill -9, the next start takes a running job up again, and its log goes on after the last stored line with no
 * line missing or twice.
 */
@ExtendWith(VertxExtension.class)
class RestartTest {
  private static final String TICKER = "slipway-test/restart:ticker";
  private static String containerId;

  @BeforeAll
  static void images() {
    DockerEngine.require();
    TestImages.shell(TICKER, "trap 'exit 143' TERM; i=1; while true; do echo \"tick $i\"; i=$((i+1));"
        + " sleep 0.02 & wait $!; done");
  }

  @AfterAll
  static void cleanUp() {
    if (containerId != null) {
      DockerEngine.removeContainer(containerId);
    }
    TestImages.remove(TICKER);
  }

  @Test
  void aRunningJobOutlivesASigtermAndAKillNineWithEveryLineOnce(Vertx vertx) throws Exception {
    Path data = SlipwayProcess.dataDir();
    int port = SlipwayServer.freePort();
    SlipwayProcess first = SlipwayProcess.start(vertx, port, data, "first");
    JsonObject job = first.postJson("/api/runs", new JsonObject().put("image", TICKER)).bodyAsJsonObject();
    String id = job.getString("id");
    JsonObject running = await(first, id, j -> j.getLong("lines", 0L) > 100);
    containerId = running.getString("containerId");

    long stopMs = first.terminate();

    assertThat(stopMs).as("milliseconds from SIGTERM to exit").isLessThan(10_000);
    assertThat(DockerEngine.client().inspectContainerCmd(containerId).exec().getState().getRunning()).isTrue();

    SlipwayProcess second = SlipwayProcess.start(vertx, port, data, "second");
    long before = second.job(id).getLong("lines");
    assertThat(second.job(id).getString("state")).isEqualTo("running");
    await(second, id, j -> j.getLong("lines") > before + 100);
    second.kill();
    SlipwayServer.sleep(1500);

    SlipwayProcess third = SlipwayProcess.start(vertx, port, data, "third");
    long afterKill = third.job(id).getLong("lines");
    await(third, id, j -> j.getLong("lines") > afterKill + 100);
    assertThat(third.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    JsonObject done = await(third, id, j -> !"running".equals(j.getString("state")));

    assertThat(done.getString("state")).isEqualTo("cancelled");
    List<String> stored = third.get("/api/jobs/" + id + "/log").bodyAsString().lines()
        .filter(line -> !line.startsWith("──")).toList();
    List<String> engine = DockerEngine.logs(containerId);
    assertThat(stored).hasSizeGreaterThan(300);
    assertThat(stored).isEqualTo(engine);
    third.terminate();
  }

  @Test
  void aRunWithSecretsTakenUpAfterARestartWithholdsItsOutputRatherThanShowItUnmasked(Vertx vertx) throws Exception {
    String secret = "Restart-S3cret-" + Long.toHexString(System.nanoTime());
    Path data = SlipwayProcess.dataDir();
    int port = SlipwayServer.freePort();
    SlipwayProcess first = SlipwayProcess.start(vertx, port, data, "secret-first");
    String id = first.postJson("/api/runs", new JsonObject().put("image", TICKER).put("command",
            new io.vertx.core.json.JsonArray().add("sh").add("-c").add("trap 'exit 143' TERM; while true; do "
                + "echo \"tick $PASSWORD\"; sleep 0.05 & wait $!; done"))
        .put("secretEnv", new JsonObject().put("PASSWORD", secret))).bodyAsJsonObject().getString("id");
    JsonObject running = await(first, id, j -> j.getLong("lines", 0L) > 20);
    String container = running.getString("containerId");
    try {
      assertThat(first.get("/api/jobs/" + id + "/log").bodyAsString()).contains("tick ••••").doesNotContain(secret);
      first.terminate();
      SlipwayServer.sleep(1000);

      SlipwayProcess second = SlipwayProcess.start(vertx, port, data, "secret-second");
      await(second, id, j -> j.getLong("lines") > running.getLong("lines"));
      SlipwayServer.sleep(1000);
      assertThat(second.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
      JsonObject done = await(second, id, j -> !"running".equals(j.getString("state")));

      String log = second.get("/api/jobs/" + id + "/log").bodyAsString();
      assertThat(done.getString("state")).isEqualTo("cancelled");
      assertThat(log).contains("secret values are never stored").doesNotContain(secret);
      assertThat(java.nio.file.Files.readString(data.resolve("logs").resolve(id + ".log"))).doesNotContain(secret);
      second.terminate();
    } finally {
      DockerEngine.removeContainer(container);
    }
  }

  private static JsonObject await(SlipwayProcess slipway, String id, Predicate<JsonObject> until) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonObject job = slipway.job(id);
    while (!until.test(job)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job did not get there within 60 s: " + job.encodePrettily());
      }
      SlipwayServer.sleep(100);
      job = slipway.job(id);
    }
    return job;
  }
}
