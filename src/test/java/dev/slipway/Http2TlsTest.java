package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Page;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SelfSignedCert;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With a certificate and key, Slipway serves HTTPS and offers HTTP/2: a browser's tabs then share one connection
 * (event streams included) instead of six HTTP/1.1 connections per host.
 */
@ExtendWith(VertxExtension.class)
class Http2TlsTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String SLEEPER = "slipway-test/dash-tls:" + SUFFIX;
  private static final String NAME = "slipway-test-dash-tls-" + SUFFIX;
  private static SelfSignedCert cert;
  private static SlipwayServer slipway;

  /** An event stream held open, with the response's first event of a kind. */
  private record OpenStream(HttpClientResponse response, Future<Void> sawEvent) {
  }

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(SLEEPER, "echo started; sleep 60");
    cert = SelfSignedCert.create();
    slipway = SlipwayServer.start(vertx, new JsonObject().put(Config.TLS_CERT, cert.cert().toString())
        .put(Config.TLS_KEY, cert.key().toString()));
  }

  @AfterAll
  static void stop() {
    DockerEngine.removeContainer(NAME);
    TestImages.remove(SLEEPER);
  }

  @Test
  void twoEventStreamsAndApiCallsShareOneHttp2Connection() {
    String run = slipway.submit("/api/runs", new JsonObject().put("image", SLEEPER).put("name", NAME)).getString("id");
    Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    HttpClientAgent client = slipway.http2(connections::add);
    try {
      OpenStream jobs = open(client, "/fragments/jobs/stream", "event: jobs");
      OpenStream log = open(client, "/api/jobs/" + run + "/events", "event: log");
      SlipwayServer.await(Future.all(jobs.sawEvent(), log.sawEvent()));

      Answer me = get(client, "/api/me");
      Answer list = get(client, "/api/jobs");

      assertThat(List.of(jobs.response(), log.response(), me.response(), list.response())).allSatisfy(response -> {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
      });
      assertThat(me.body()).contains("\"admin\"");
      assertThat(connections).as("both streams, still open, and the API calls went over one connection").hasSize(1);
      assertThat(connections.iterator().next().isSsl()).isTrue();
      assertThat(jobs.response().request().connection()).isSameAs(log.response().request().connection())
          .isSameAs(me.response().request().connection());
    } finally {
      SlipwayServer.await(client.close());
      slipway.postJson("/api/jobs/" + run + "/cancel", new JsonObject());
    }
  }

  @Test
  void eightDashboardTabsAllStreamLiveOverHttp2() {
    // Over HTTP/1.1 a browser holds at most six connections per host, and each tab's stream keeps one: the seventh
    // tab would wait. Over HTTP/2 they are streams of one connection.
    try (Chromium chromium = Chromium.launch()) {
      Page first = chromium.newTlsPage(slipway.port);
      first.navigate("/login");
      first.fill("form[action='/login'] input[name=name]", SlipwayServer.ADMIN);
      first.fill("form[action='/login'] input[name=password]", SlipwayServer.ADMIN_PASSWORD);
      first.click("form[action='/login'] button[type=submit]");
      first.waitForSelector("header.top .who");
      List<Page> tabs = new ArrayList<>(List.of(first));
      for (int i = 1; i < 8; i++) {
        Page tab = first.context().newPage();
        tab.navigate("/");
        tabs.add(tab);
      }
      for (Page tab : tabs) {
        tab.waitForFunction("() => document.querySelector('.card-head [data-stream-state]').textContent === 'live'");
        assertThat(tab.evaluate("performance.getEntriesByType('navigation')[0].nextHopProtocol")).isEqualTo("h2");
      }
      Chromium.screenshot(tabs.get(7), "dashboard-h2-eighth-tab");
      first.context().close();
    }
  }

  @Test
  void clientsWithoutHttp2StillGetHttps11() {
    var response = slipway.get("/api/me");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(slipway.origin()).startsWith("https://");
  }

  @Test
  void aCertificateFileThatCannotBeReadStopsTheStartWithAClearError(Vertx vertx) {
    assertThatThrownBy(() -> SlipwayServer.start(vertx, new JsonObject()
        .put(Config.TLS_CERT, cert.cert().resolveSibling("missing.pem").toString())
        .put(Config.TLS_KEY, cert.key().toString())))
        .hasMessageContaining("SLIPWAY_TLS_CERT names").hasMessageContaining("not a readable file");
  }

  /** Opens a stream; its chunks are read from the moment its headers arrive (on the event loop, so none is missed). */
  private static OpenStream open(HttpClientAgent client, String path, String marker) {
    Promise<Void> saw = Promise.promise();
    HttpClientResponse response = SlipwayServer.await(client.request(slipway.request(path)
        .putHeader("Accept", "text/event-stream")).compose(request -> request.send().map(opened -> {
          StringBuilder text = new StringBuilder();
          opened.handler(chunk -> {
            text.append(chunk.toString());
            if (text.indexOf(marker) >= 0) {
              saw.tryComplete();
            }
          });
          opened.exceptionHandler(saw::tryFail);
          return opened;
        })));
    return new OpenStream(response, saw.future());
  }

  private record Answer(HttpClientResponse response, String body) {
  }

  private static Answer get(HttpClientAgent client, String path) {
    return SlipwayServer.await(client.request(slipway.request(path)).compose(request -> request.send()
        .compose(response -> response.body().map(body -> new Answer(response, body.toString())))));
  }
}
