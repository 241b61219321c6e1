package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.ClusterNodes;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.Nginx;
import dev.slipway.testing.SlipwayProcess;
import dev.slipway.web.HttpVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind nginx with the example configuration ({@code docker/nginx/slipway.conf}) in front of two web nodes, a
 * browser follows a job's live log through the proxy. The web node that serves its stream dies ({@code kill -9}) or
 * is stopped (SIGTERM): the page reconnects once, through nginx, to the other web node, with {@code Last-Event-ID},
 * still signed in, and its log box ends with every line once, in order. Real processes: nodes {@code w1}, {@code w2}
 * (web) and {@code k} (worker, where the job runs), Debian's nginx and headless Chromium.
 */
class ProxyFailoverTest {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyFailoverTest.class);
  /** One line every 0.2 s: the job prints for about 20 s, so the failover happens in the middle of it. */
  private static final int LINES = 100;
  /** Main's bound on a stop (vertx.close within 10 s), plus the JVM's own exit. */
  private static final long STOP_MS = 12_000;
  private Vertx vertx;
  private ClusterNodes cluster;
  private Nginx nginx;
  private Chromium chromium;
  private String jobId;

  /** An answer to the page's event stream: when, its status, the node that gave it, the line it resumed after. */
  private record Stream(long at, int status, String node, String lastEventId) {
  }

  private interface Stop {
    void stop(SlipwayProcess node) throws Exception;
  }

  @BeforeEach
  void start(TestInfo test) throws InterruptedException {
    DockerEngine.require();
    vertx = Vertx.vertx();
    cluster = new ClusterNodes(vertx, "w1", "w2", "k");
    cluster.start("w1", "web");
    cluster.start("w2", "web");
    cluster.start("k", "worker");
    Clusters.awaitNodes(cluster.node("w1"), Set.of("k"), Set.of("w1", "w2"));
    nginx = Nginx.start(test.getTestMethod().orElseThrow().getName(), cluster.httpPort("w1"), cluster.httpPort("w2"));
    chromium = Chromium.launch();
  }

  @AfterEach
  void stop() throws Exception {
    try (ClusterNodes nodes = cluster; Nginx proxy = nginx; Chromium browser = chromium) {
      // closed in reverse order: the browser, nginx, then the nodes (also when one of them fails to close)
    } finally {
      vertx.close().await();
      if (jobId != null) {
        DockerEngine.removeContainersLabelled("dev.slipway.job=" + jobId);
      }
    }
  }

  @Test
  void aKilledWebNodeCostsTheBrowserOneReconnectToTheOtherNode() throws Exception {
    followThroughTheProxyWhileTheServingNodeGoes("kill", SlipwayProcess::kill);
  }

  @Test
  void aWebNodeStoppedWithSigtermHandsItsBrowserToTheOtherNodeAndExitsWithinItsStopTime() throws Exception {
    long[] tookMs = {0};
    followThroughTheProxyWhileTheServingNodeGoes("sigterm", node -> tookMs[0] = node.terminate());
    LOG.info("the serving node exited {} ms after SIGTERM", tookMs[0]);
    assertThat(tookMs[0]).as("ms from SIGTERM to the node's exit").isLessThan(STOP_MS);
  }

  private void followThroughTheProxyWhileTheServingNodeGoes(String name, Stop stop) throws Exception {
    Page page = chromium.newTlsPage(nginx.port());
    List<String> visited = new CopyOnWriteArrayList<>();
    page.onFrameNavigated(frame -> visited.add(frame.url()));
    signIn(page);
    visited.clear();

    JsonObject job = Clusters.submitted(cluster.node("w1").postJson("/api/runs", printer().put("node", "k")));
    jobId = job.getString("id");
    List<Stream> streams = new CopyOnWriteArrayList<>();
    page.onResponse(response -> {
      if (response.url().contains("/jobs/" + jobId + "/stream")) {
        streams.add(new Stream(System.nanoTime(), response.status(),
            response.headers().get(HttpVerticle.NODE_HEADER.toLowerCase(Locale.ROOT)),
            response.request().allHeaders().get("last-event-id")));
      }
    });
    page.navigate("/jobs/" + jobId);
    Chromium.awaitLines(page, 10);
    Stream live = streams.get(streams.size() - 1);
    assertThat(live.status()).isEqualTo(200);
    String serving = live.node();
    assertThat(serving).as("the node that answered the stream").isIn("w1", "w2");
    String other = serving.equals("w1") ? "w2" : "w1";
    int linesBefore = Chromium.logNumbers(page).size();
    assertThat(linesBefore).as("the job still prints").isLessThan(LINES / 2);

    long stoppedAt = System.nanoTime();
    stop.stop(cluster.node(serving));

    page.waitForCondition(() -> streams.stream().anyMatch(s -> s.at() > stoppedAt),
        new Page.WaitForConditionOptions().setTimeout(30_000));
    Chromium.awaitLines(page, linesBefore + 10);
    Chromium.screenshot(page, "proxy-failover-" + name);
    Stream resumed = streams.stream().filter(s -> s.at() > stoppedAt).findFirst().orElseThrow();
    assertThat(resumed.status()).as("the first reconnect is answered").isEqualTo(200);
    assertThat(resumed.node()).as("by the other web node").isEqualTo(other);
    assertThat(resumed.lastEventId()).as("resuming after the last line the page has").isNotNull();
    assertThat(Long.parseLong(resumed.lastEventId())).isGreaterThanOrEqualTo(linesBefore);

    assertThat(Chromium.awaitFinalState(page, 60)).isEqualTo("succeeded");
    page.waitForFunction("n => document.querySelectorAll('#log .ln').length >= n", LINES);
    assertThat(Chromium.logNumbers(page)).as("every line once, in order")
        .isEqualTo(IntStream.rangeClosed(1, LINES).boxed().toList());
    assertThat(texts(page)).isEqualTo(IntStream.rangeClosed(1, LINES).mapToObj(n -> "line " + n).toList());
    assertThat(streams).as("after the stop, every stream is the other node's")
        .filteredOn(s -> s.at() > stoppedAt).allMatch(s -> s.status() == 200 && s.node().equals(other));
    assertThat(visited).as("never sent to sign in again").noneMatch(url -> url.contains("/login"));
    assertThat(page.url()).endsWith("/jobs/" + jobId);

    // Still signed in for everything else, now served by the node that is left.
    Response reload = page.reload();
    assertThat(reload.url()).endsWith("/jobs/" + jobId);
    assertThat(reload.headers().get(HttpVerticle.NODE_HEADER.toLowerCase(Locale.ROOT))).isEqualTo(other);
    page.waitForSelector("header.top .who");
    assertThat(Chromium.awaitFinalState(page, 10)).isEqualTo("succeeded");
  }

  /** Signs in through the proxy's login page (HTTPS: the session cookie is Secure there). */
  private static void signIn(Page page) {
    page.navigate("/login");
    page.fill("form[action='/login'] input[name=name]", "admin");
    page.fill("form[action='/login'] input[name=password]", SlipwayProcess.ADMIN_PASSWORD);
    page.click("form[action='/login'] button[type=submit]");
    page.waitForSelector("header.top .who");
    assertThat(page.context().cookies()).filteredOn(c -> c.name.equals("slipway_session"))
        .singleElement().satisfies(c -> assertThat(c.secure).as("Secure, since nginx says https").isTrue());
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(Page page) {
    return (List<String>) page.evaluate("() => [...document.querySelectorAll('#log .ln .t')].map(e => e.textContent)");
  }

  private static JsonObject printer() {
    return new JsonObject().put("image", DockerEngine.BUSYBOX).put("command", new JsonArray().add("sh").add("-c")
        .add("i=1; while [ $i -le " + LINES + " ]; do echo \"line $i\"; i=$((i+1)); sleep 0.2; done"))
        // No network: Docker then adds no interface to this machine, which Chromium would take for a network change
        // and break its connections for (ERR_NETWORK_CHANGED), a reconnect that is not the one under test.
        .put("networkMode", "none");
  }
}
