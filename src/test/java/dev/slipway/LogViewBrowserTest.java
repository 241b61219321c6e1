package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.DroppingProxy;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job page with a long log in a real Chromium: it keeps a bounded number of lines, says which ones it left out and
 * loads them again; and each page's event stream says how it is doing.
 */
@ExtendWith(VertxExtension.class)
class LogViewBrowserTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String LONG = "slipway-test/dash-long:" + SUFFIX;
  private static final String GROWING = "slipway-test/dash-growing:" + SUFFIX;
  private static final String TICKER = "slipway-test/dash-ticker:" + SUFFIX;
  private static final List<String> CONTAINERS = List.of("slipway-test-dash-long-" + SUFFIX,
      "slipway-test-dash-growing-" + SUFFIX, "slipway-test-dash-ticker-" + SUFFIX, "slipway-test-dash-batch-" + SUFFIX,
      "slipway-test-dash-lines-" + SUFFIX);
  /** Lowered from the page's 5,000 so that a test log is "long". */
  private static final int CAP = 1000;
  private static final String STATE = "[data-stream-state]";

  private static SlipwayServer slipway;
  private static DroppingProxy proxy;
  private static Chromium chromium;
  private Page page;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(LONG, "seq 1 2600");
    TestImages.shell(GROWING, "seq 1 2500; i=1; while [ $i -le 600 ]; do echo tick $i; i=$((i+1)); sleep 0.1; done");
    TestImages.shell(TICKER, "i=1; while [ $i -le 100 ]; do echo tick $i; i=$((i+1)); sleep 0.1; done");
    slipway = SlipwayServer.start(vertx);
    proxy = DroppingProxy.start(vertx, slipway.port);
    chromium = Chromium.launch();
  }

  @AfterEach
  void closePage() {
    if (page != null) {
      page.context().close();
    }
  }

  @AfterAll
  static void stop() {
    chromium.close();
    proxy.close();
    CONTAINERS.forEach(DockerEngine::removeContainer);
    List.of(LONG, GROWING, TICKER).forEach(TestImages::remove);
  }

  @Test
  void aLongLogKeepsTheNewestLinesAndLoadsEarlierOnesAPageAtATimeInOrder() {
    String run = runJob(LONG, 0);
    int total = (int) slipway.awaitEnd(run, 60).getLong("lines").longValue();
    assertThat(total).isGreaterThan(2 * CAP + 500);
    signIn(slipway.port);
    page.addInitScript("window.__most = 0; new MutationObserver(() => window.__most = Math.max(window.__most,"
        + " document.querySelectorAll('#log .ln').length)).observe(document, { childList: true, subtree: true });");
    openJobWithCap(run);
    Chromium.awaitFinalState(page, 30);
    page.waitForFunction("n => document.querySelector('#log').lastElementChild?.getAttribute('data-n') == n", total);
    page.waitForFunction("n => document.querySelectorAll('#log .ln').length == n", CAP);

    assertThat(Chromium.logNumbers(page)).as("only the newest lines are in the page")
        .containsExactlyElementsOf(range(total - CAP + 1, total));
    assertThat((Integer) page.evaluate("window.__most")).as("the log never held every line (a flood can outrun the"
        + " frames: past twice the cap it is trimmed at once)").isLessThanOrEqualTo(3 * CAP);
    Locator notice = page.locator("#log .log-earlier");
    assertThat(notice.innerText()).contains("Lines 1–" + (total - CAP) + " are not shown here");
    assertThat(notice.locator("a[download]").getAttribute("href")).isEqualTo("/api/jobs/" + run + "/log?download=1");
    page.evaluate("() => document.querySelector('#log').scrollTop = 0");
    Chromium.screenshot(page, "long-log-notice");
    page.setViewportSize(390, 844);
    Chromium.screenshot(page, "long-log-notice-390");
    page.setViewportSize(1280, 900);

    notice.getByText("Load earlier lines").click();
    page.waitForFunction("n => document.querySelector('#log .ln').getAttribute('data-n') == n", total - 2 * CAP + 1);
    assertThat(Chromium.logNumbers(page)).containsExactlyElementsOf(range(total - 2 * CAP + 1, total));
    assertThat(notice.innerText()).contains("Lines 1–" + (total - 2 * CAP) + " are not shown here");
    assertThat((Boolean) page.evaluate("() => document.activeElement.matches('.load-earlier')"))
        .as("the next 'Load earlier lines' has the focus").isTrue();

    page.keyboard().press("Enter");
    page.waitForFunction("() => document.querySelector('#log .ln').getAttribute('data-n') == 1");
    assertThat(Chromium.logNumbers(page)).containsExactlyElementsOf(range(1, total));
    assertThat(notice.count()).as("nothing is left out any more").isZero();
    assertThat(page.locator("#log .ln .t").first().innerText()).isEqualTo("1");
  }

  @Test
  void logEventsThatCarrySeveralLinesEachAreShownInOrderTrimmedAndResumedAfterTheirLastLine() {
    String run = runJob(LONG, 3);
    int total = (int) slipway.awaitEnd(run, 60).getLong("lines").longValue();
    signIn(slipway.port);
    openJobWithCap(run);
    page.waitForFunction("n => document.querySelector('#log').lastElementChild?.getAttribute('data-n') == n", total);
    // Three events of 600 lines each, as the server sends a batch: one log event, its id the last line's number.
    page.evaluate("total => { const source = document.querySelector('[sse-connect]')['htmx-internal-data'].sseEventSource;"
        + " for (let b = 0; b < 3; b++) { let html = '';"
        + "  for (let i = 1; i <= 600; i++) { const n = total + b * 600 + i;"
        + "   html += '<div class=\"ln stdout\" data-n=\"' + n + '\"><span class=\"n\">' + n + '</span><span class=\"t\">batch</span></div>'; }"
        + "  source.dispatch(new MessageEvent('log', { data: html, lastEventId: String(total + (b + 1) * 600) })); }"
        + " window.__resumeAfter = source.lastId; }", total);
    page.waitForFunction("n => document.querySelectorAll('#log .ln').length == n", CAP);
    assertThat(Chromium.logNumbers(page)).containsExactlyElementsOf(range(total + 1800 - CAP + 1, total + 1800));
    assertThat(page.locator("#log .log-earlier").innerText())
        .contains("Lines 1–" + (total + 1800 - CAP) + " are not shown here");
    assertThat(page.evaluate("window.__resumeAfter")).isEqualTo(String.valueOf(total + 1800));
  }

  @Test
  void earlierLinesComeAsLogLineFragmentsForAViewerAndAsAPageWithoutHtmx() {
    String run = runJob(LONG, 4);
    slipway.awaitEnd(run, 60);
    var viewer = slipway.as(slipway.createUser(dev.slipway.domain.Role.VIEWER));
    String fragment = SlipwayServer.await(viewer.get("/jobs/" + run + "/lines?before=2001").putHeader("HX-Request", "true")
        .send()).bodyAsString();
    assertThat(fragment).startsWith("<div class=\"log-earlier\" data-log-earlier=\"1000\">Lines 1–1000 are not shown")
        .contains("href=\"/jobs/" + run + "/lines?before=1001\"").doesNotContain("<html");
    assertThat(java.util.regex.Pattern.compile("data-n=\"(\\d+)\"").matcher(fragment).results()
        .map(m -> Integer.parseInt(m.group(1))).toList()).containsExactlyElementsOf(range(1001, 2000));

    var page = SlipwayServer.await(viewer.get("/jobs/" + run + "/lines?before=501").send());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("<html", "Lines 1–500 of job", "data-n=\"1\"", "data-n=\"500\"")
        .doesNotContain("data-n=\"501\"", "not shown here");
    assertThat(SlipwayServer.await(viewer.get("/jobs/" + run + "/lines?before=x").send()).statusCode()).isEqualTo(400);
    assertThat(SlipwayServer.await(viewer.get("/jobs/nope/lines?before=5").send()).statusCode()).isEqualTo(404);
  }

  @Test
  void earlierLinesStayWhileReadAndGoOnceTheReaderFollowsTheTailAgain() {
    String run = runJob(GROWING, 1);
    signIn(slipway.port);
    openJobWithCap(run);
    page.waitForSelector("#log .ln:has-text('tick 3')");
    page.waitForFunction("n => document.querySelectorAll('#log .ln').length == n", CAP);

    // The reader scrolls up to the notice: from then on the log is not trimmed, so the notice stays put.
    page.evaluate("() => document.querySelector('#log').scrollTop = 0");
    page.waitForFunction("() => document.querySelector('#log').dataset.follow === ''");
    int firstShown = Chromium.logNumbers(page).get(0);
    assertThat(page.locator("#log .log-earlier").getAttribute("data-log-earlier"))
        .isEqualTo(String.valueOf(firstShown - 1));
    page.locator("#log .load-earlier").click();
    page.waitForFunction("n => document.querySelector('#log .ln').getAttribute('data-n') == n", firstShown - CAP);
    List<Integer> loaded = Chromium.logNumbers(page);
    int last = loaded.get(loaded.size() - 1);
    page.waitForFunction("n => document.querySelector('#log').lastElementChild.getAttribute('data-n') >= n", last + 5);
    List<Integer> reading = Chromium.logNumbers(page);
    assertThat(reading.get(0)).as("the earlier lines being read stay").isEqualTo(firstShown - CAP);
    assertThat(reading).as("and new lines still come").containsExactlyElementsOf(
        range(firstShown - CAP, reading.get(reading.size() - 1)));

    page.evaluate("() => { const log = document.querySelector('#log'); log.scrollTop = log.scrollHeight; }");
    page.waitForFunction("n => document.querySelectorAll('#log .ln').length == n", CAP);
    List<Integer> following = Chromium.logNumbers(page);
    assertThat(following).containsExactlyElementsOf(range(following.get(0), following.get(CAP - 1)));
    assertThat(page.locator("#log .log-earlier").innerText())
        .contains("Lines 1–" + (following.get(0) - 1) + " are not shown here");
    slipway.postJson("/api/jobs/" + run + "/cancel", new JsonObject());
  }

  @Test
  @SuppressWarnings("unchecked")
  void theStreamSaysLiveThenReconnectingWhenDroppedThenNothingOnceTheJobEnded() {
    page = chromium.newPage(proxy.port);
    Chromium.login(page, proxy.port);
    page.waitForFunction("s => document.querySelector(s).textContent === 'live'", ".card-head " + STATE);
    Chromium.screenshot(page, "dashboard-live");

    String run = runJob(TICKER, 2);
    page.navigate("/jobs/" + run);
    page.evaluate("s => { const state = document.querySelector(s); window.__states = [state.textContent];"
        + " new MutationObserver(() => window.__states.push(state.textContent))"
        + "  .observe(state, { childList: true, characterData: true, subtree: true }); }", ".job " + STATE);
    Chromium.awaitLines(page, 5);
    assertThat(page.locator(".job " + STATE).innerText()).isEqualTo("live");
    assertThat(page.locator(".job " + STATE).getAttribute("aria-live")).isEqualTo("polite");
    Chromium.screenshot(page, "job-live");
    page.setViewportSize(390, 844);
    Chromium.screenshot(page, "job-live-390");
    page.setViewportSize(1280, 900);

    assertThat(proxy.dropAll()).isPositive();
    page.waitForFunction("() => window.__states.includes('reconnecting…')");
    page.waitForFunction("s => document.querySelector(s).textContent === 'live'", ".job " + STATE);
    assertThat(Chromium.awaitFinalState(page, 30)).isEqualTo("succeeded");
    page.waitForFunction("s => document.querySelector(s).textContent === ''", ".job " + STATE);
    assertThat((List<Object>) page.evaluate("window.__states")).containsSubsequence("live", "reconnecting…", "live", "");
    assertThat(Chromium.logNumbers(page)).containsExactlyElementsOf(range(1, (int) (long) slipway.job(run)
        .getLong("lines")));
  }

  private void signIn(int port) {
    page = chromium.newPage(port);
    Chromium.login(page, port);
  }

  @Test
  void aStreamThatFindsNoFreeConnectionSaysItIsWaitingAndPausesWhileItsTabIsHidden() {
    signIn(slipway.port);
    page.navigate("/");
    String state = ".card-head " + STATE;
    page.waitForFunction("s => document.querySelector(s).textContent === 'live'", state);
    setHidden(page, true);
    assertThat(page.locator(state).innerText()).isEqualTo("paused while this tab is hidden");

    // Another tab of the same browser takes all six HTTP/1.1 connections to the host with event streams.
    Page other = page.context().newPage();
    other.navigate("/favicon.svg");
    other.evaluate("() => new Promise(opened => { window.__streams = []; let open = 0;"
        + " for (let i = 0; i < 6; i++) { const s = new EventSource('/fragments/jobs/stream');"
        + "  s.onopen = () => { if (++open === 6) opened(); }; window.__streams.push(s); } })");

    setHidden(page, false);
    page.waitForFunction("s => document.querySelector(s).textContent === 'waiting for a connection'", state);
    // No screenshot here: a screenshot waits for the page's fonts, which wait for a connection as well.
    other.evaluate("() => window.__streams[0].close()");
    page.waitForFunction("s => document.querySelector(s).textContent === 'live'", state);
    other.close();
  }

  private static void setHidden(Page page, boolean hidden) {
    page.evaluate("hidden => { Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });"
        + " document.dispatchEvent(new Event('visibilitychange')); }", hidden);
  }

  /** Opens the job page with its line cap lowered to {@link #CAP}, as the server's HTML would say. */
  private void openJobWithCap(String run) {
    page.route("**/jobs/" + run, route -> {
      var original = route.fetch();
      route.fulfill(new Route.FulfillOptions().setResponse(original)
          .setBody(original.text().replace("data-log-cap=\"5000\"", "data-log-cap=\"" + CAP + "\"")));
    });
    page.navigate("/jobs/" + run);
    assertThat(page.locator("#log").getAttribute("data-log-cap")).isEqualTo(String.valueOf(CAP));
  }

  private static String runJob(String image, int container) {
    return slipway.submit("/api/runs", new JsonObject().put("image", image).put("name", CONTAINERS.get(container)))
        .getString("id");
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }
}
