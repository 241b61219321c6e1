package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History is durable: jobs and logs outlive the server, and retention removes the oldest with their logs. */
class RetentionTest {
  private static final String HELLO = "slipway-test/retention:hello";
  private static final List<String> CONTAINERS = new ArrayList<>();

  @BeforeAll
  static void image() {
    DockerEngine.require();
    TestImages.shell(HELLO, "echo \"hello from $WHO\"");
  }

  @AfterAll
  static void cleanUp() {
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(HELLO);
  }

  @Test
  void jobsAndLogsOutliveTheServerAndRetentionKeepsOnlyTheNewestWithTheirLogs(@TempDir Path data) throws Exception {
    JsonObject config = new JsonObject().put(Config.DATA_DIR, data.toString()).put(Config.RETENTION_JOBS, 2);
    Vertx first = Vertx.vertx();
    List<String> ids = new ArrayList<>();
    try {
      SlipwayServer slipway = SlipwayServer.start(first, config);
      for (int i = 1; i <= 4; i++) {
        String id = slipway.submit("/api/runs", new JsonObject().put("image", HELLO)
            .put("env", new JsonObject().put("WHO", "job " + i))).getString("id");
        JsonObject done = slipway.awaitEnd(id, 60);
        CONTAINERS.add(done.getString("containerId"));
        assertThat(done.getString("state")).isEqualTo("succeeded");
        ids.add(id);
      }
      assertThat(logFiles(data)).hasSize(4);
    } finally {
      first.close().await(30, TimeUnit.SECONDS);
    }

    Vertx second = Vertx.vertx();
    try {
      SlipwayServer again = SlipwayServer.start(second, config);

      assertThat(again.get("/api/jobs/" + ids.get(0)).statusCode()).isEqualTo(404);
      assertThat(again.get("/api/jobs/" + ids.get(1)).statusCode()).isEqualTo(404);
      for (int i = 2; i < 4; i++) {
        JsonObject job = again.job(ids.get(i));
        assertThat(job.getString("state")).isEqualTo("succeeded");
        assertThat(job.getLong("lines")).isEqualTo(1L);
        assertThat(again.log(ids.get(i))).isEqualTo("hello from job " + (i + 1) + "\n");
      }
      assertThat(logFiles(data)).hasSize(2).allMatch(f -> f.contains(ids.get(2)) || f.contains(ids.get(3)));
    } finally {
      second.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static List<String> logFiles(Path data) throws IOException {
    try (Stream<Path> files = Files.list(data.resolve("logs"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).toList();
    }
  }
}
