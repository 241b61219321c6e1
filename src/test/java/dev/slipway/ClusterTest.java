package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.logs.SecretMasker;
import dev.slipway.testing.BusApiClient;
import dev.slipway.testing.ClusterNodes;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayProcess;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three Slipway processes in one cluster on one PostgreSQL: {@code a} (web and worker), {@code b} (worker only) and
 * {@code c} (web only). Whatever node a browser or a script talks to, it sees the same jobs, the same sessions and the
 * same lines.
 */
class ClusterTest {
  private static final int LINES = 3000;
  private static Vertx vertx;
  private static ClusterNodes cluster;
  private static SlipwayProcess a;
  private static SlipwayProcess c;

  @BeforeAll
  static void startCluster() {
    DockerEngine.require();
    vertx = Vertx.vertx();
    cluster = new ClusterNodes(vertx, "a", "b", "c");
    a = cluster.start("a", "web,worker");
    cluster.start("b", "worker");
    c = cluster.start("c", "web");
    Clusters.awaitNodes(a, Set.of("a", "b"), Set.of("c"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
    vertx.close().await();
  }

  @Test
  void aSessionMadeOnOneNodeIsValidOnEveryWebNode() {
    String cookie = a.login(cluster.httpPort("a"));
    assertThat(a.getWithCookie("/api/jobs", cookie).statusCode()).isEqualTo(200);
    assertThat(c.getWithCookie("/api/jobs", cookie).statusCode()).isEqualTo(200);
    assertThat(c.getWithCookie("/api/jobs", "slipway_session=forged").statusCode()).isEqualTo(401);
  }

  @Test
  void aJobPinnedToTheWorkerOnlyNodeRunsThereAndIsFollowedFromTheWebOnlyNodeWithEveryLineOnce() {
    JsonObject job = Clusters.submitted(c.postJson("/api/runs", printer(LINES).put("node", "b")));
    assertThat(job.getString("node")).isEqualTo("b");
    String id = job.getString("id");
    SseClient.Result fromC = SlipwayServer.await(SseClient.read(vertx, cluster.httpPort("c"),
        "/api/jobs/" + id + "/events", null, e -> false, Clusters.ADMIN));
    assertThat(fromC.endedByServer()).isTrue();
    Clusters.assertEveryLineOnce(fromC.named("log"), 1, LINES);
    assertThat(fromC.named("end")).extracting(SseClient.Event::data).containsExactly("succeeded");
    // A follower that comes back to another node with Last-Event-ID gets the rest, and nothing twice.
    SseClient.Result resumedOnA = SlipwayServer.await(SseClient.read(vertx, cluster.httpPort("a"),
        "/api/jobs/" + id + "/events", "1000", e -> false, Clusters.ADMIN));
    Clusters.assertEveryLineOnce(resumedOnA.named("log"), 1001, LINES);
    assertThat(a.job(id).getString("state")).isEqualTo("succeeded");
    assertThat(c.job(id).getLong("lines")).isEqualTo(LINES);
  }

  @Test
  void anUnpinnedJobGoesToTheWorkerWithLessWork() {
    List<String> ids = new ArrayList<>();
    try {
      JsonObject busy = Clusters.submitted(a.postJson("/api/runs", sleeper().put("node", "a")));
      ids.add(busy.getString("id"));
      Clusters.awaitState(a, busy.getString("id"), "running");
      JsonObject next = Clusters.submitted(c.postJson("/api/runs", sleeper()));
      ids.add(next.getString("id"));
      assertThat(next.getString("node")).as("a runs one job, b none").isEqualTo("b");
      JsonObject third = Clusters.submitted(c.postJson("/api/runs", sleeper()));
      ids.add(third.getString("id"));
      assertThat(Set.of("a", "b")).contains(third.getString("node"));
    } finally {
      ids.forEach(id -> c.postJson("/api/jobs/" + id + "/cancel", new JsonObject()));
    }
  }

  @Test
  void aPinToAnUnknownOrWebOnlyNodeIsABadRequest() {
    var unknown = c.postJson("/api/runs", sleeper().put("node", "nowhere"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsJsonObject().getString("error")).contains("nowhere");
    assertThat(c.postJson("/api/runs", sleeper().put("node", "c")).statusCode()).isEqualTo(400);
  }

  @Test
  void everyNodeListsTheJobsOfEveryNode() {
    JsonObject onB = Clusters.submitted(a.postJson("/api/runs", printer(3).put("node", "b")));
    Clusters.awaitState(c, onB.getString("id"), "succeeded");
    Set<String> seenOnA = new TreeSet<>();
    a.get("/api/jobs?size=200").bodyAsJsonArray()
        .forEach(j -> seenOnA.add(((JsonObject) j).getString("id")));
    assertThat(seenOnA).contains(onB.getString("id"));
  }

  @Test
  void theEventBusApiWorksFromAVerticleInAnotherProcessAndItsSealedSecretIsMasked() throws Exception {
    Path output = Files.createTempFile("bus-api-client", ".log");
    Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), BusApiClient.class.getName(), cluster.members(),
        Integer.toString(SlipwayServer.freePort()), ClusterNodes.SECRET, DockerEngine.BUSYBOX)
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      assertThat(client.waitFor(150, TimeUnit.SECONDS)).as("the client finished").isTrue();
      String result = Files.readAllLines(output).stream().filter(l -> l.startsWith("RESULT "))
          .findFirst().orElseThrow(() -> new AssertionError(readQuietly(output)));
      JsonObject outcome = new JsonObject(result.substring("RESULT ".length()));
      assertThat(outcome.getString("state")).isEqualTo("succeeded");
      List<String> texts = outcome.getJsonArray("lines").stream().map(l -> ((JsonObject) l).getString("text")).toList();
      assertThat(texts).contains("token is " + SecretMasker.MASK, "done");
      assertThat(String.join("\n", texts)).doesNotContain("bus-api-secret-value");
      assertThat(c.job(outcome.getString("id")).getString("state")).isEqualTo("succeeded");
    } finally {
      client.destroyForcibly();
      Files.copy(output, Path.of("target", "bus-api-client.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(output);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  static JsonObject printer(int lines) {
    return new JsonObject().put("image", DockerEngine.BUSYBOX).put("command", new JsonArray().add("sh").add("-c")
        .add("i=1; while [ $i -le " + lines + " ]; do echo \"line $i\"; i=$((i+1)); done"));
  }

  static JsonObject sleeper() {
    return new JsonObject().put("image", DockerEngine.BUSYBOX).put("command", new JsonArray().add("sleep").add("60"));
  }
}
