package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.PrometheusText;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.TestImages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics}: Prometheus's text format for a scraper with an API token (never for an anonymous caller), with
 * Vert.x's meters and Slipway's own, each tagged with the node, and a number of series that jobs do not grow.
 */
class MetricsTest {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String NODE = "metrics-" + RUN;
  private static final String TICKER = "slipway-test/metrics-ticker:" + RUN;
  private static final String FIFTY = "slipway-test/metrics-fifty:" + RUN;
  /** What Prometheus sends: anything goes, so only the path can make the answer JSON rather than a page. */
  private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,text/plain;"
      + "version=0.0.4;q=0.5,*/*;q=0.1";
  private static final List<String> TAGS = new CopyOnWriteArrayList<>(List.of(TICKER, FIFTY));
  private static Vertx vertx;
  private static SlipwayServer slipway;
  private static WebClient scraper;

  @BeforeAll
  static void start() {
    DockerEngine.require();
    TestImages.shell(TICKER, "trap 'exit 143' TERM; while true; do echo tick; sleep 0.2 & wait $!; done");
    TestImages.shell(FIFTY, "i=1; while [ $i -le 50 ]; do echo \"line $i\"; i=$((i+1)); done");
    JsonObject overrides = new JsonObject().put(Config.NODE_NAME, NODE).put(Config.BUILD_CONCURRENCY, 1);
    vertx = SlipwayServer.vertxWithMetrics(overrides);
    slipway = SlipwayServer.start(vertx, overrides);
    SlipwayServer.User prometheus = slipway.createUser(Role.VIEWER);
    String token = SlipwayServer.await(slipway.as(prometheus).post("/api/tokens")
        .sendJsonObject(new JsonObject().put("name", "prometheus"))).bodyAsJsonObject().getString("token");
    scraper = slipway.client(null, "Bearer " + token);
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (slipway != null) {
      // Every container this server started (its data, so its instance, is this test's own).
      slipway.get("/api/containers?filter=slipway").bodyAsJsonObject().getJsonArray("containers").stream()
          .map(c -> ((JsonObject) c).getString("id")).forEach(DockerEngine::removeContainer);
    }
    TAGS.forEach(TestImages::remove);
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void anAnonymousScrapeIsRefusedAndSoIsAWrongToken() {
    for (WebClient client : List.of(slipway.anonymous(), slipway.client(null, "Bearer slw_no-such-token"))) {
      HttpResponse<Buffer> response = SlipwayServer.await(client.get("/metrics")
          .putHeader("Accept", PROMETHEUS_ACCEPT).send());
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.getHeader("WWW-Authenticate")).startsWith("Basic realm=\"Slipway\"");
      assertThat(response.bodyAsJsonObject().getString("error")).isNotBlank();
      assertThat(response.bodyAsString()).doesNotContain("slipway_", "vertx_");
    }
  }

  @Test
  void aTokenScrapeGetsVertxAndSlipwayMetersTaggedWithTheNode() {
    HttpResponse<Buffer> response = SlipwayServer.await(scraper.get("/metrics").putHeader("Accept", PROMETHEUS_ACCEPT)
        .send());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
    assertThat(response.bodyAsString()).contains("# TYPE vertx_http_server_requests_total counter");

    PrometheusText scrape = awaitScrape(s -> s.has("slipway_docker_call_seconds_count", Map.of("call", "version")));
    Map<String, String> node = Map.of("node", NODE);
    assertThat(scrape.has("vertx_http_server_requests_total", node)).isTrue();
    assertThat(scrape.has("vertx_eventbus_handlers", Map.of("address", "slipway.jobs.get", "node", NODE))).isTrue();
    assertThat(scrape.has("vertx_eventbus_handlers", Map.of("address", "slipway.docker.run@{node}"))).isTrue();
    assertThat(scrape.has("jvm_memory_used_bytes", node)).isTrue();
    for (String state : List.of("queued", "running", "succeeded", "failed", "cancelled")) {
      assertThat(scrape.value("slipway_jobs", Map.of("node", NODE, "state", state))).isGreaterThanOrEqualTo(0);
    }
    assertThat(scrape.value("slipway_build_queue_length", node)).isGreaterThanOrEqualTo(0);
    assertThat(scrape.value("slipway_sse_clients", Map.of("node", NODE, "stream", "job"))).isGreaterThanOrEqualTo(0);
    assertThat(scrape.value("slipway_log_lines_stored_total", node)).isGreaterThanOrEqualTo(0);
    assertThat(scrape.series()).allMatch(s -> NODE.equals(s.labels().get("node")), "every series has the node");
  }

  @Test
  void jobsByStateAndTheBuildQueueFollowTheBuilds() {
    double succeeded = scrape().value("slipway_jobs", Map.of("node", NODE, "state", "succeeded"));
    List<String> builds = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      String tag = "slipway-test/metrics-sleepy-" + name + ":" + RUN;
      TAGS.add(tag);
      builds.add(slipway.submit("/api/builds", new JsonObject().put("app", "sleepy").put("tag", tag)
          .put("noCache", true)).getString("id"));
    }
    // One build slot: one build runs, the other waits.
    awaitScrape(s -> s.value("slipway_jobs", Map.of("node", NODE, "state", "running")) == 1
        && s.value("slipway_jobs", Map.of("node", NODE, "state", "queued")) == 1
        && s.value("slipway_build_queue_length", Map.of("node", NODE)) == 1);

    builds.forEach(id -> assertThat(slipway.awaitEnd(id, 120).getString("state")).isEqualTo("succeeded"));
    awaitScrape(s -> s.value("slipway_jobs", Map.of("node", NODE, "state", "running")) == 0
        && s.value("slipway_build_queue_length", Map.of("node", NODE)) == 0
        && s.value("slipway_jobs", Map.of("node", NODE, "state", "succeeded")) >= succeeded + 2);
  }

  @Test
  void anEventStreamCountsAsAClientWhileItIsOpen() {
    String id = run(TICKER);
    slipway.awaitJob(id, 60, j -> j.getLong("lines", 0L) > 2);
    Map<String, String> jobStreams = Map.of("node", NODE, "stream", "job");
    Map<String, String> listStreams = Map.of("node", NODE, "stream", "job_list");
    double jobBefore = scrape().value("slipway_sse_clients", jobStreams);
    double listBefore = scrape().value("slipway_sse_clients", listStreams);

    AtomicBoolean hangUp = new AtomicBoolean();
    Future<SseClient.Result> follower = SseClient.read(vertx, slipway.port, "/api/jobs/" + id + "/events", null,
        e -> hangUp.get());
    Future<SseClient.Result> dashboard = SseClient.read(vertx, slipway.port, "/fragments/jobs/stream", null,
        e -> hangUp.get());
    awaitScrape(s -> s.value("slipway_sse_clients", jobStreams) == jobBefore + 1
        && s.value("slipway_sse_clients", listStreams) == listBefore + 1);

    hangUp.set(true);
    SlipwayServer.await(follower); // hangs up at the next tick
    awaitScrape(s -> s.value("slipway_sse_clients", jobStreams) == jobBefore);
    assertThat(slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    SlipwayServer.await(dashboard); // hangs up at the table's next change
    awaitScrape(s -> s.value("slipway_sse_clients", listStreams) == listBefore);
    slipway.awaitEnd(id, 30);
  }

  @Test
  void storedLinesAndDockerCallsAreCounted() {
    Map<String, String> node = Map.of("node", NODE);
    double before = scrape().value("slipway_log_lines_stored_total", node);
    String id = run(FIFTY);
    assertThat(slipway.awaitEnd(id, 60).getString("state")).isEqualTo("succeeded");

    PrometheusText scrape = awaitScrape(s -> s.value("slipway_log_lines_stored_total", node) >= before + 50);
    Map<String, String> create = Map.of("node", NODE, "call", "containers.create");
    assertThat(scrape.value("slipway_docker_call_seconds_count", create)).isGreaterThanOrEqualTo(1);
    assertThat(scrape.value("slipway_docker_call_seconds_sum", create)).isGreaterThan(0);
    assertThat(scrape.has("slipway_docker_call_seconds_bucket", Map.of("call", "containers.start", "le", "1.0")))
        .isTrue();
  }

  @Test
  void twentyMoreJobsAddNoSeries() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ids.add(runAndFollow(FIFTY));
    }
    PrometheusText before = scrape();

    for (int i = 0; i < 20; i++) {
      ids.add(runAndFollow(FIFTY));
    }
    PrometheusText after = scrape();

    assertThat(after.has("vertx_eventbus_published_total", Map.of("address", "slipway.jobs.{id}.lines"))).isTrue();
    assertThat(after.series()).noneMatch(s -> ids.stream().anyMatch(id -> s.labels().values().stream()
        .anyMatch(v -> v.contains(id))));
    assertThat(after.series().size() - before.series().size()).as("series added by 20 jobs").isLessThan(20);
  }

  /** Runs {@code image} and follows its event stream to the end, as a watching user would. */
  private static String runAndFollow(String image) {
    String id = run(image);
    SseClient.Result events = SlipwayServer.await(SseClient.read(vertx, slipway.port, "/api/jobs/" + id + "/events",
        null, e -> false));
    assertThat(events.named("end")).extracting(SseClient.Event::data).containsExactly("succeeded");
    return id;
  }

  private static String run(String image) {
    return slipway.submit("/api/runs", new JsonObject().put("image", image)).getString("id");
  }

  private static PrometheusText scrape() {
    HttpResponse<Buffer> response = SlipwayServer.await(scraper.get("/metrics").send());
    assertThat(response.statusCode()).isEqualTo(200);
    return PrometheusText.parse(response.bodyAsString());
  }

  private static PrometheusText awaitScrape(Predicate<PrometheusText> until) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    PrometheusText scrape = scrape();
    while (!until.test(scrape)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the scrape did not get there within 30 s:\n" + scrape.series());
      }
      SlipwayServer.sleep(200);
      scrape = scrape();
    }
    return scrape;
  }
}
