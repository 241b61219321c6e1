package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.PrometheusText;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The log of any container on the engine over the REST API (text, download, events with stderr apart, resuming
 * after the last event), the engine's follow stopped when the reader leaves, and live stats on the same stream as a
 * job's log (or a container's), which end when the container stops.
 */
@ExtendWith(VertxExtension.class)
class ContainerLogsTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String DONE = "slipway-test/containerlogs-done:" + SUFFIX;
  private static final String CHATTY = "slipway-test/containerlogs-chatty:" + SUFFIX;
  private static final String FLOOD = "slipway-test/containerlogs-flood:" + SUFFIX;
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static SlipwayServer slipway;
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    DockerEngine.require();
    vertx = v;
    TestImages.shell(DONE, "i=1; while [ $i -le 3000 ]; do echo \"out $i\"; i=$((i+1)); done; echo 'err <b>1</b>' >&2");
    TestImages.shell(CHATTY, "trap 'exit 0' TERM; i=1; while true; do echo \"out $i\"; echo \"err $i\" >&2; "
        + "i=$((i+1)); sleep 0.2 & wait $!; done");
    TestImages.shell(FLOOD, "seq 1 100000");
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    CONTAINERS.forEach(DockerEngine::removeContainer);
    List.of(DONE, CHATTY, FLOOD).forEach(TestImages::remove);
  }

  @Test
  void anUnknownContainerIsAClear404() {
    HttpResponse<Buffer> text = slipway.get("/api/containers/no-such-container-" + SUFFIX + "/logs");
    assertThat(text.statusCode()).isEqualTo(404);
    assertThat(text.bodyAsJsonObject().getString("error"))
        .isEqualTo("there is no container 'no-such-container-" + SUFFIX + "' on node local");
    HttpResponse<Buffer> page = slipway.get("/containers/no-such-container-" + SUFFIX + "/logs");
    assertThat(page.statusCode()).isEqualTo(404);
  }

  @Test
  void theWholeLogOfAForeignContainerComesAsTextAndAsADownloadForAViewer() {
    String id = foreign(DONE, "done");
    DockerEngine.client().waitContainerCmd(id).start().awaitStatusCode();
    var viewer = slipway.as(slipway.createUser(Role.VIEWER));

    HttpResponse<Buffer> text = SlipwayServer.await(viewer.get("/api/containers/" + id + "/logs").send());
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.getHeader("Content-Type")).startsWith("text/plain");
    List<String> lines = text.bodyAsString().lines().toList();
    assertThat(lines).hasSize(3001).containsExactlyInAnyOrderElementsOf(DockerEngine.logs(id));
    // Each stream keeps its order; the engine copies the two streams apart, so they may interleave either way.
    assertThat(lines.stream().filter(l -> l.startsWith("out ")).toList())
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 3000).mapToObj(i -> "out " + i).toList());

    HttpResponse<Buffer> download = SlipwayServer.await(viewer.get("/api/containers/" + id.substring(0, 12)
        + "/logs?download=1").send());
    assertThat(download.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"container-" + id.substring(0, 12) + ".log\"");
    assertThat(download.bodyAsString()).isEqualTo(text.bodyAsString());

    assertThat(slipway.get("/api/containers/" + id + "/logs?tail=2").bodyAsString().lines().toList())
        .as("the engine's last two lines").containsExactlyElementsOf(lines.subList(2999, 3001));
  }

  @Test
  void eventsKeepStderrApartAndResumeAfterTheLastEventId() {
    String id = foreign(CHATTY, "resume");
    String path = "/api/containers/" + id + "/logs";
    SseClient.Result first = SlipwayServer.await(SseClient.read(vertx, slipway.port, path, null, events(6)));
    List<SseClient.Event> logs = first.named("log");
    assertThat(first.contentType()).startsWith("text/event-stream");
    assertThat(logs).hasSize(6);
    List<JsonObject> lines = logs.stream().map(e -> new JsonObject(e.data())).toList();
    assertThat(lines).allSatisfy(line -> assertThat(line.getString("stream"))
        .isEqualTo(line.getString("text").startsWith("err") ? "stderr" : "stdout"));
    assertThat(lines.stream().map(l -> l.getString("stream")).distinct()).containsExactlyInAnyOrder("stdout", "stderr");
    assertThat(logs).allSatisfy(e -> assertThat(e.id()).isEqualTo(new JsonObject(e.data()).getString("ts")));

    SseClient.Result again = SlipwayServer.await(SseClient.read(vertx, slipway.port, path, logs.get(2).id(), events(3)));
    assertThat(again.named("log").stream().map(e -> new JsonObject(e.data()).getString("text")).toList())
        .as("resumed right after the third line, none twice")
        .containsExactlyElementsOf(lines.subList(3, 6).stream().map(l -> l.getString("text")).toList());

    HttpResponse<Buffer> bad = SlipwayServer.await(slipway.http.get(path).putHeader("Accept", "text/event-stream")
        .putHeader("Last-Event-ID", "yesterday").send());
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void aReaderThatLeavesStopsTheEngineFollow() {
    String id = foreign(CHATTY, "leave");
    AtomicBoolean hangUp = new AtomicBoolean();
    var reading = SseClient.read(vertx, slipway.port, "/api/containers/" + id + "/logs", null, e -> hangUp.get());
    awaitScrape(s -> follows(s, "logs") == 1);
    hangUp.set(true);
    SlipwayServer.await(reading);
    awaitScrape(s -> follows(s, "logs") == 0);
  }

  @Test
  void aJobsContainerIsReadThroughTheJobWhoseLogIsMasked() {
    JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", DONE)
        .put("name", "slipway-test-containerlogs-job-" + SUFFIX));
    CONTAINERS.add("slipway-test-containerlogs-job-" + SUFFIX);
    String container = slipway.awaitEnd(job.getString("id"), 60).getString("containerId");
    HttpResponse<Buffer> refused = slipway.get("/api/containers/" + container + "/logs");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("error")).contains("/api/jobs/" + job.getString("id") + "/log");
  }

  @Test
  void statsComeOnTheJobsOwnStreamOnlyWhenAskedAndEndWhenTheContainerStops() {
    String name = "slipway-test-containerlogs-stats-" + SUFFIX;
    CONTAINERS.add(name);
    String jobId = slipway.submit("/api/runs", new JsonObject().put("image", CHATTY).put("name", name))
        .getString("id");
    slipway.awaitJob(jobId, 60, j -> j.getString("containerId") != null && "running".equals(j.getString("state")));
    String events = "/api/jobs/" + jobId + "/events";

    SseClient.Result plain = SlipwayServer.await(SseClient.read(vertx, slipway.port, events, null, count("log", 12)));
    assertThat(plain.named("stats")).as("existing clients get no stats events").isEmpty();

    SseClient.Result withStats = SlipwayServer.await(SseClient.read(vertx, slipway.port, events + "?stats=true", null,
        count("stats", 3)));
    assertThat(withStats.named("stats")).hasSize(3).allSatisfy(e -> {
      JsonObject sample = new JsonObject(e.data());
      assertThat(sample.getDouble("cpuPercent")).isGreaterThanOrEqualTo(0.0);
      assertThat(sample.getLong("memoryBytes")).isPositive();
      assertThat(sample.getLong("memoryLimitBytes")).isPositive();
    });
    assertThat(withStats.named("log")).isNotEmpty();
    awaitScrape(s -> follows(s, "stats") == 0);

    // A follower of a foreign container's log with stats: the container stops, its stats end, then its log.
    String foreign = foreign(CHATTY, "stats-end");
    AtomicInteger samples = new AtomicInteger();
    var reading = SseClient.read(vertx, slipway.port, "/api/containers/" + foreign + "/logs?stats=true", null, e -> {
      if ("stats".equals(e.event()) && !e.data().contains("ended") && samples.incrementAndGet() == 2) {
        vertx.executeBlocking(() -> DockerEngine.client().stopContainerCmd(foreign).withTimeout(5).exec());
      }
      return false;
    });
    SseClient.Result ended = SlipwayServer.await(reading);
    assertThat(ended.endedByServer()).isTrue();
    assertThat(ended.named("stats").get(ended.named("stats").size() - 1).data()).isEqualTo("{\"ended\":true}");
    assertThat(ended.events().get(ended.events().size() - 1).event()).isEqualTo("end");
    awaitScrape(s -> follows(s, "stats") == 0 && follows(s, "logs") == 0);
  }

  @Test
  void theWorkerEndsAContainersStatsWhenItStopsAndTellsItsFollowers() throws Exception {
    String id = foreign(CHATTY, "stats-stop");
    String to = Bus.containerFollower(java.util.UUID.randomUUID().toString());
    List<JsonObject> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    var consumer = vertx.eventBus().<JsonObject>consumer(to, msg -> {
      heard.add(msg.body());
      if (msg.replyAddress() != null) {
        msg.reply(new JsonObject());
      }
    });
    consumer.completion().await();
    var asAdmin = new io.vertx.core.eventbus.DeliveryOptions().addHeader(Bus.USER_HEADER, "admin");
    vertx.eventBus().request(Bus.onNode("local", Bus.DOCKER_FOLLOW_STATS), new JsonObject().put("id", id).put("to", to),
        asAdmin).await();
    awaitScrape(s -> follows(s, "stats") == 1);
    awaitHeard(heard, body -> body.containsKey("stats"));
    DockerEngine.client().stopContainerCmd(id).withTimeout(5).exec();
    awaitHeard(heard, body -> "stats".equals(body.getString("end")));
    awaitScrape(s -> follows(s, "stats") == 0);
    consumer.unregister();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> vertx.eventBus().request(Bus.onNode("local",
            Bus.DOCKER_FOLLOW_STATS), new JsonObject().put("id", id).put("to", to), asAdmin).await())
        .isInstanceOfSatisfying(io.vertx.core.eventbus.ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(409);
          assertThat(e.getMessage()).endsWith("is not running: it has no live stats");
        });
  }

  @Test
  void theWorkerSendsAtMostFourBatchesUnansweredAndStopsWhenTheFollowerSaysSo() {
    String id = foreign(FLOOD, "window");
    DockerEngine.client().waitContainerCmd(id).start().awaitStatusCode();
    String to = Bus.containerFollower(java.util.UUID.randomUUID().toString());
    List<io.vertx.core.eventbus.Message<JsonObject>> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    var consumer = vertx.eventBus().<JsonObject>consumer(to, held::add);
    consumer.completion().await();
    var asAdmin = new io.vertx.core.eventbus.DeliveryOptions().addHeader(Bus.USER_HEADER, "admin");
    JsonObject container = vertx.eventBus().<JsonObject>request(Bus.onNode("local", Bus.DOCKER_FOLLOW_LOGS),
        new JsonObject().put("id", id).put("to", to).put("follow", false), asAdmin).await().body();
    assertThat(container.getString("id")).isEqualTo(id);
    assertThat(container.getBoolean("running")).isFalse();

    long deadline = System.nanoTime() + 20_000_000_000L;
    while (held.size() < 4 && System.nanoTime() < deadline) {
      SlipwayServer.sleep(50);
    }
    SlipwayServer.sleep(1000);
    assertThat(held).as("unanswered, the worker waits").hasSize(4);
    assertThat(held).allSatisfy(msg -> assertThat(msg.body().getJsonArray("lines")).hasSizeBetween(1, 500));
    assertThat(held.get(0).body().getJsonArray("lines").getJsonObject(0).getString("text")).isEqualTo("1");
    held.forEach(msg -> msg.reply(new JsonObject()));
    deadline = System.nanoTime() + 20_000_000_000L;
    while (held.size() < 8 && System.nanoTime() < deadline) {
      SlipwayServer.sleep(50);
    }
    assertThat(held).as("answered, it sends on").hasSize(8);
    assertThat(follows(awaitScrape(x -> true), "logs")).isEqualTo(1);

    vertx.eventBus().request(Bus.onNode("local", Bus.DOCKER_UNFOLLOW), new JsonObject().put("to", to), asAdmin).await();
    awaitScrape(x -> follows(x, "logs") == 0);
    consumer.unregister();
  }

  private static void awaitHeard(List<JsonObject> heard, Predicate<JsonObject> what) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (heard.stream().noneMatch(what)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not heard in 20 s; heard " + heard);
      }
      SlipwayServer.sleep(50);
    }
  }

  private static Predicate<SseClient.Event> events(int logs) {
    return count("log", logs);
  }

  private static Predicate<SseClient.Event> count(String name, int n) {
    AtomicInteger seen = new AtomicInteger();
    return e -> name.equals(e.event()) && seen.incrementAndGet() >= n;
  }

  private static String foreign(String image, String what) {
    String name = "slipway-test-containerlogs-" + what + "-" + SUFFIX;
    CONTAINERS.add(name);
    String id = DockerEngine.client().createContainerCmd(image).withName(name).exec().getId();
    DockerEngine.client().startContainerCmd(id).exec();
    return id;
  }

  static double follows(PrometheusText scrape, String kind) {
    return scrape.value("slipway_container_follows", Map.of("kind", kind));
  }

  static PrometheusText awaitScrape(Predicate<PrometheusText> until) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      PrometheusText scrape = PrometheusText.parse(slipway.get("/metrics").bodyAsString());
      if (until.test(scrape)) {
        return scrape;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the metrics did not get there in 20 s: "
            + scrape.series().stream().filter(s -> s.name().startsWith("slipway_container")).toList());
      }
      SlipwayServer.sleep(100);
    }
  }
}
