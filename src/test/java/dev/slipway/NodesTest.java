package dev.slipway;

import static dev.slipway.Refusals.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.OtherNodes;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestImages;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several nodes on one database and one engine (as on one machine): the test server is node {@code local}, and node
 * {@code b} runs in the same JVM with its own Docker worker and heartbeat. The registry lists every node, the lists
 * of images and containers merge all alive workers (each item once, with its node), actions reach the node they
 * name, and a node that does not answer holds up no list.
 */
@ExtendWith(VertxExtension.class)
class NodesTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String TAG = "slipway-test/nodes-sleeper:" + SUFFIX;
  private static final List<String> CONTAINERS = new CopyOnWriteArrayList<>();
  /** Every address the web side (or anyone in this JVM) sent to, so a test can tell which node an action reached. */
  private static final List<String> SENT = new CopyOnWriteArrayList<>();
  private static final Handler<DeliveryContext<Object>> RECORDER = ctx -> {
    SENT.add(ctx.message().address());
    ctx.next();
  };
  private static SlipwayServer slipway;
  private static OtherNodes nodes;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(TAG, "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done");
    slipway = SlipwayServer.start(vertx);
    nodes = new OtherNodes(vertx, slipway.dataDir);
    nodes.worker("b", new JsonObject().put(Config.BUILD_CONCURRENCY, 3));
    vertx.eventBus().addOutboundInterceptor(RECORDER);
  }

  @AfterAll
  static void stop() {
    slipway.vertx.eventBus().removeOutboundInterceptor(RECORDER);
    nodes.close();
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(TAG);
  }

  @Test
  void everyNodeIsListedWithItsRolesItsEngineAndItsJobs() {
    List<String> fakeJobs = List.of(insertJob("b", "running"), insertJob("b", "queued"), insertJob("b", "queued"));
    String run = slipway.submit("/api/runs", new JsonObject().put("image", TAG)).getString("id");
    try {
      CONTAINERS.add(slipway.awaitJob(run, 60, j -> "running".equals(j.getString("state"))).getString("containerId"));

      JsonArray all = awaitNodes(list -> counts(list, "b").equals("1/2") && counts(list, "local").equals("1/0"));

      JsonObject b = node(all, "b");
      assertThat(b.getJsonArray("roles")).containsExactly("worker");
      assertThat(b.getString("engineVersion")).isEqualTo(DockerEngine.client().versionCmd().exec().getVersion());
      assertThat(b.getBoolean("reachable")).isTrue();
      assertThat(b.getInteger("buildSlots")).isEqualTo(3);
      assertThat(b.getInteger("cpus")).isEqualTo(Runtime.getRuntime().availableProcessors());
      assertThat(b.getBoolean("alive")).isTrue();
      assertThat(Instant.parse(b.getString("lastSeen"))).isAfter(Instant.now().minusSeconds(10));
      assertThat(Instant.parse(b.getString("startedAt"))).isBefore(Instant.parse(b.getString("lastSeen")));
      JsonObject local = node(all, "local");
      assertThat(local.getJsonArray("roles")).containsExactly("web", "worker");
      assertThat(local.getInteger("buildSlots")).isEqualTo(2);
      assertThat(local.getBoolean("reachable")).isTrue();
    } finally {
      fakeJobs.forEach(id -> TestDatabase.update(slipway, "DELETE FROM jobs WHERE id = ?", id));
      slipway.postJson("/api/jobs/" + run + "/cancel", new JsonObject());
    }
  }

  @Test
  void aContainerStartedOnNodeBIsListedOnceAsBsAndItsActionsReachB() {
    String name = "slipway-test-nodes-b-" + SUFFIX;
    String job = nodes.run("b", TAG, name);
    String id = nodes.awaitUpdate(job, "running", 60).getString("containerId");
    CONTAINERS.add(id);

    JsonObject answer = slipway.get("/api/containers").bodyAsJsonObject();
    assertThat(answer.getJsonArray("unreachable")).isEmpty();
    List<JsonObject> containers = items(answer.getJsonArray("containers"));
    assertThat(containers).filteredOn(c -> id.equals(c.getString("id"))).singleElement().satisfies(c -> {
      assertThat(c.getString("node")).isEqualTo("b");
      assertThat(c.getString("jobId")).isEqualTo(job);
      assertThat(c.getString("name")).isEqualTo(name);
      assertThat(c.getBoolean("slipway")).as("b's own container, by b's instance").isTrue();
    });
    assertThat(containers).extracting(c -> c.getString("id")).as("one engine: nothing twice").doesNotHaveDuplicates();
    List<JsonObject> images = items(slipway.get("/api/images").bodyAsJsonObject().getJsonArray("images"));
    assertThat(images).extracting(i -> i.getString("id")).doesNotHaveDuplicates();
    assertThat(images).filteredOn(i -> i.getJsonArray("tags").contains(TAG)).singleElement()
        .satisfies(i -> assertThat(i.getString("node")).isIn("b", "local"));

    SENT.clear();
    HttpResponse<Buffer> stopped = SlipwayServer.await(slipway.http.post("/api/containers/" + id + "/stop?node=b")
        .send());
    assertThat(stopped.statusCode()).isEqualTo(200);
    assertThat(stopped.bodyAsJsonObject()).isEqualTo(new JsonObject().put("stopped", id).put("node", "b"));
    assertThat(SENT).contains(Bus.onNode("b", Bus.DOCKER_STOP)).doesNotContain(Bus.onNode("local", Bus.DOCKER_STOP));
    // Only b's worker follows this container: it stopped it through its job, which it reports cancelled.
    nodes.awaitUpdate(job, "cancelled", 30);

    HttpResponse<Buffer> asked = form("/containers/" + id + "/remove", "node", "b");
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.bodyAsString()).contains(name).contains("name=\"node\" value=\"b\"");
    SENT.clear();
    HttpResponse<Buffer> removed = form("/containers/" + id + "/remove", "node", "b", "confirm", "yes");
    assertThat(removed.statusCode()).isEqualTo(303);
    assertThat(SENT).contains(Bus.onNode("b", Bus.DOCKER_REMOVE)).doesNotContain(Bus.onNode("local", Bus.DOCKER_REMOVE));
    assertThat(DockerEngine.containerExists(id)).isFalse();

    String doomed = "slipway-test/nodes-doomed:" + SUFFIX;
    TestImages.shell(doomed, "true");
    try {
      SENT.clear();
      assertThat(SlipwayServer.await(slipway.http.delete("/api/images/" + doomed.replace("/", "%2F") + "?node=b")
          .send()).statusCode()).isEqualTo(204);
      assertThat(SENT).contains(Bus.onNode("b", Bus.DOCKER_REMOVE_IMAGE));
      assertThat(Refusals.imageExists(doomed)).isFalse();
    } finally {
      TestImages.remove(doomed);
    }
  }

  @Test
  void theLogOfAContainerOnNodeBIsReadThroughBsWorker() {
    String name = "slipway-test-nodes-logs-" + SUFFIX;
    String echo = "slipway-test/nodes-echo:" + SUFFIX;
    TestImages.shell(echo, "echo 'from b'; echo 'to stderr' >&2");
    try {
      String id = DockerEngine.client().createContainerCmd(echo).withName(name).exec().getId();
      CONTAINERS.add(id);
      DockerEngine.client().startContainerCmd(id).exec();
      DockerEngine.client().waitContainerCmd(id).start().awaitStatusCode();
      SENT.clear();
      HttpResponse<Buffer> text = slipway.get("/api/containers/" + id + "/logs?node=b");
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.bodyAsString().lines().toList()).containsExactlyInAnyOrder("from b", "to stderr");
      assertThat(SENT).contains(Bus.onNode("b", Bus.DOCKER_FOLLOW_LOGS))
          .doesNotContain(Bus.onNode("local", Bus.DOCKER_FOLLOW_LOGS));
    } finally {
      TestImages.remove(echo);
    }
  }

  @Test
  void anActionOnAnUnknownNodeIs404OnAGoneOne503AndOnOneWithoutAWorker400() {
    String gone = "gone-" + SUFFIX;
    String web = "web-" + SUFFIX;
    long lastSeen = System.currentTimeMillis() - 25_000;
    insertNode(gone, "worker", lastSeen);
    insertNode(web, "web", System.currentTimeMillis());
    try {
      assertError(SlipwayServer.await(slipway.http.post("/api/containers/x/stop?node=nowhere").send()), 404,
          "there is no node named 'nowhere'");
      assertError(SlipwayServer.await(slipway.http.delete("/api/containers/x?node=" + gone).send()), 503,
          "node " + gone + " is gone");
      assertError(SlipwayServer.await(slipway.http.delete("/api/images/x?node=" + web).send()), 400,
          "node " + web + " has no Docker worker");
      assertThat(form("/containers/x/stop", "node", gone).statusCode()).isEqualTo(503);

      JsonObject shown = node(slipway.get("/api/nodes").bodyAsJsonArray(), gone);
      assertThat(shown.getBoolean("alive")).as("silent for 25 s").isFalse();
      assertThat(shown.getBoolean("stopped")).isFalse();
      assertThat(shown.getString("lastSeen")).isEqualTo(Instant.ofEpochMilli(lastSeen).toString());
      assertThat(node(slipway.get("/api/nodes").bodyAsJsonArray(), web).getBoolean("alive")).isTrue();
    } finally {
      TestDatabase.update(slipway, "DELETE FROM nodes WHERE name IN (?, ?)", gone, web);
    }
  }

  @Test
  void aNodeThatDoesNotAnswerHoldsUpNoListAndTheAnswerNamesIt() {
    String mute = "mute-" + SUFFIX;
    String absent = "absent-" + SUFFIX;
    nodes.silent(mute, Bus.DOCKER_CONTAINERS);
    nodes.silent(mute, Bus.DOCKER_IMAGES);
    String muteBeat = nodes.heartbeat(nodes.config(mute, "worker"));
    String absentBeat = nodes.heartbeat(nodes.config(absent, "worker"));

    long start = System.nanoTime();
    JsonObject answer = slipway.get("/api/images").bodyAsJsonObject();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("a few seconds, not the bus's 2 minutes")
        .isLessThan(9_000);
    assertThat(items(answer.getJsonArray("images"))).filteredOn(i -> i.getJsonArray("tags").contains(TAG)).hasSize(1);
    assertThat(items(answer.getJsonArray("unreachable"))).extracting(u -> u.getString("node"))
        .containsExactlyInAnyOrder(mute, absent);
    assertThat(items(answer.getJsonArray("unreachable"))).filteredOn(u -> mute.equals(u.getString("node")))
        .singleElement().satisfies(u -> assertThat(u.getString("error")).isEqualTo("no answer within 5 s"));
    assertThat(slipway.get("/containers").bodyAsString()).contains("Node <strong>" + mute + "</strong> did not answer")
        .contains("Node <strong>" + absent + "</strong> did not answer");

    nodes.undeploy(muteBeat);
    nodes.undeploy(absentBeat);
    JsonArray all = slipway.get("/api/nodes").bodyAsJsonArray();
    assertThat(node(all, mute).getBoolean("stopped")).as("a clean stop says so at once").isTrue();
    assertThat(node(all, mute).getBoolean("alive")).isFalse();
    assertThat(slipway.get("/api/containers").bodyAsJsonObject().getJsonArray("unreachable")).isEmpty();
  }

  private static HttpResponse<Buffer> form(String path, String... fields) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < fields.length; i += 2) {
      form.add(fields[i], fields[i + 1]);
    }
    return SlipwayServer.await(slipway.http.post(path).putHeader("Accept", "text/html").followRedirects(false)
        .sendForm(form));
  }

  /** A job row of {@code node} behind Slipway's back: no job can be dispatched to another node yet. */
  private static String insertJob(String node, String state) {
    String id = UUID.randomUUID().toString();
    TestDatabase.update(slipway, "INSERT INTO jobs (id, kind, state, phase, user_name, node, target, params, created_at)"
        + " VALUES (?, 'run', ?, 'run', 'admin', ?, ?, '{}', ?)", id, state, node, TAG, System.currentTimeMillis());
    return id;
  }

  static void insertNode(String name, String roles, long lastSeen) {
    TestDatabase.update(slipway, "INSERT INTO nodes (name, roles, engine_version, reachable, running, queued, "
        + "build_slots, cpus, started_at, last_seen, stopped) VALUES (?, ?, '20.10.24', TRUE, 0, 0, 2, 2, ?, ?, FALSE)",
        name, roles, lastSeen - 60_000, lastSeen);
  }

  /** {@code GET /api/nodes} once it satisfies {@code until} (heartbeats come every 5 s). */
  private static JsonArray awaitNodes(Predicate<JsonArray> until) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    JsonArray list = slipway.get("/api/nodes").bodyAsJsonArray();
    while (!until.test(list)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the nodes did not get there within 20 s: " + list.encodePrettily());
      }
      SlipwayServer.sleep(200);
      list = slipway.get("/api/nodes").bodyAsJsonArray();
    }
    return list;
  }

  /** {@code running/queued} of a node, or an empty string when it is not listed. */
  private static String counts(JsonArray list, String name) {
    return items(list).stream().filter(n -> name.equals(n.getString("name"))).findFirst()
        .map(n -> n.getInteger("running") + "/" + n.getInteger("queued")).orElse("");
  }

  static JsonObject node(JsonArray list, String name) {
    return items(list).stream().filter(n -> name.equals(n.getString("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + name + " in " + list.encodePrettily()));
  }

  private static List<JsonObject> items(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).toList();
  }
}
