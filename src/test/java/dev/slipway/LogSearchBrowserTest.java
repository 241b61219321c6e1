package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job page's log search in a real Chromium: matching lines listed with the match marked, Previous / Next taking
 * the log from one to the next, and a link to a line ({@code #L123}) that scrolls to it and marks it, also when the
 * page had let that line go; at desktop width and at 390 px.
 */
@ExtendWith(VertxExtension.class)
class LogSearchBrowserTest {
  private static final String CONTAINER = "slipway-test-search-page-" + UUID.randomUUID().toString().substring(0, 8);
  /** 2,600 lines; every 500th an error line with markup in it, which must show as text. */
  private static final String SCRIPT = "awk 'BEGIN { for (i = 1; i <= 2600; i++) if (i % 500 == 0) "
      + "print \"ERROR \" i \" disk full <b>bold</b>\"; else print \"line \" i }'";
  /** Lowered from the page's 5,000, so that the page lets the first lines go. */
  private static final int CAP = 1000;

  private static SlipwayServer slipway;
  private static Chromium chromium;
  private static String job;
  private static List<String> log;
  private Page page;
  private final List<String> scriptErrors = new ArrayList<>();

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
    chromium = Chromium.launch();
    job = slipway.submit("/api/runs", new JsonObject().put("image", DockerEngine.BUSYBOX).put("name", CONTAINER)
        .put("command", new JsonArray().add("sh").add("-c").add(SCRIPT))).getString("id");
    assertThat(slipway.awaitEnd(job, 60).getString("state")).isEqualTo("succeeded");
    log = List.of(slipway.log(job).split("\n"));
    assertThat(log.size()).isGreaterThan(2 * CAP + 500);
  }

  @AfterEach
  void closePage() {
    if (page != null) {
      page.context().close();
    }
    assertThat(scriptErrors).as("errors in the page's scripts").isEmpty();
  }

  @AfterAll
  static void stop() {
    chromium.close();
    DockerEngine.removeContainer(CONTAINER);
  }

  /** The numbers of the stored lines that are error lines. */
  private static List<Integer> errorLines() {
    return IntStream.range(0, log.size()).filter(i -> log.get(i).startsWith("ERROR ")).map(i -> i + 1).boxed()
        .toList();
  }

  @Test
  void aSearchListsTheMatchingLinesMarkedAndPreviousAndNextShowEachInTheLog() {
    openJob("");
    page.getByLabel("Search the log").fill("DISK FULL");
    page.getByLabel("Search the log").press("Enter");
    Locator hits = page.locator(".search-hits li");
    hits.first().waitFor();

    List<Integer> errors = errorLines();
    assertThat(hits.count()).isEqualTo(errors.size()).isEqualTo(5);
    assertThat(page.locator(".search-summary").innerText()).isEqualTo("5 matching lines.");
    assertThat(page.url()).as("the address holds the search").endsWith("/jobs/" + job + "?q=DISK+FULL");
    assertThat(hits.first().locator("mark").allInnerTexts()).containsExactly("disk full");
    assertThat(hits.first().locator(".t").innerText()).isEqualTo(log.get(errors.get(0) - 1))
        .endsWith("disk full <b>bold</b>");
    assertThat(page.locator(".search-hits b").count()).as("markup in a line is text").isZero();
    assertThat(hits.first().locator("a").getAttribute("href")).isEqualTo("/jobs/" + job + "#L" + errors.get(0));
    Chromium.screenshot(page, "log-search");

    Locator next = page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Next"));
    Locator previous = page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Previous"));
    next.click();
    assertShown(errors.get(0), "1 of 5");
    Chromium.screenshot(page, "log-search-next");
    next.click();
    assertShown(errors.get(1), "2 of 5");
    previous.click();
    assertShown(errors.get(0), "1 of 5");
    previous.click();
    assertShown(errors.get(4), "5 of 5");
    hits.nth(2).locator("a").click();
    assertShown(errors.get(2), "3 of 5");
    assertThat(page.url()).as("a result shows its line in place").endsWith("/jobs/" + job + "?q=DISK+FULL#L"
        + errors.get(2));

    page.setViewportSize(390, 844);
    next.click();
    assertShown(errors.get(3), "4 of 5");
    assertNoSidewaysScrolling();
    Chromium.screenshot(page, "log-search-390");
  }

  @Test
  void aRegularExpressionThatDoesNotCompileIsShownAtTheFieldAndAReloadKeepsTheSearch() {
    openJob("");
    page.getByLabel("Regular expression").check();
    page.getByLabel("Search the log").fill("ERROR (\\d+");
    page.getByLabel("Search the log").press("Enter");
    Locator error = page.locator("#log-search-error");
    error.waitFor();
    assertThat(error.innerText()).isEqualTo("the regular expression is not valid: unclosed group at the end");
    assertThat(page.getByLabel("Search the log").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(page.getByLabel("Search the log").getAttribute("aria-describedby")).isEqualTo("log-search-error");
    assertThat(page.getByLabel("Search the log").inputValue()).isEqualTo("ERROR (\\d+");

    page.getByLabel("Search the log").fill("^error (1|2)\\d{3} ");
    page.getByLabel("Search the log").press("Enter");
    page.locator(".search-hits li").first().waitFor();
    assertThat(page.locator(".search-hits li").count()).isEqualTo(4);
    assertThat(page.locator("#log-search-error").count()).isZero();
    page.reload();
    page.locator(".search-hits li").first().waitFor();
    assertThat(page.locator(".search-hits li").count()).as("the address holds the search").isEqualTo(4);
    assertThat(page.getByLabel("Regular expression").isChecked()).isTrue();
    assertThat(page.locator(".search-hits mark").allInnerTexts()).containsExactly("ERROR 1000 ", "ERROR 1500 ",
        "ERROR 2000 ", "ERROR 2500 ");
  }

  @Test
  void aLinkToALineTheReplayLetGoLoadsTheLinesAroundItAndMarksIt() {
    int target = 123;
    openJob("#L" + target);
    page.waitForSelector("#L" + target + ".ln-target");

    assertVisibleInLog(target);
    List<Integer> shown = Chromium.logNumbers(page);
    int total = log.size();
    // The newest lines the replay kept: at least the cap (the page may stop trimming between two frames).
    int newest = shown.get(target + 499);
    assertThat(newest).isGreaterThan(target + 500).isLessThanOrEqualTo(total - CAP + 1);
    assertThat(shown).as("the lines around it, then the newest ones").containsExactlyElementsOf(concat(
        range(1, target + 499), range(newest, total)));
    Locator gap = page.locator("#log .log-earlier");
    assertThat(gap.innerText()).contains("Lines " + (target + 500) + "–" + (newest - 1) + " are not shown here");
    Chromium.screenshot(page, "log-line-link");
    page.setViewportSize(390, 844);
    page.reload();
    awaitReplay();
    page.waitForSelector("#L" + target + ".ln-target");
    assertVisibleInLog(target);
    assertNoSidewaysScrolling();
    Chromium.screenshot(page, "log-line-link-390");
    page.setViewportSize(1280, 900);

    gap.getByText("Load earlier lines").click();
    page.waitForFunction("() => !document.querySelector('#log .log-earlier')");
    assertThat(Chromium.logNumbers(page)).as("the gap is filled, every line once").containsExactlyElementsOf(
        range(1, total));

    page.locator("#L" + (target + 2) + " .n").click();
    assertThat(page.url()).endsWith("/jobs/" + job + "#L" + (target + 2));
    assertThat(page.locator(".ln-target").getAttribute("id")).isEqualTo("L" + (target + 2));
  }

  @Test
  void aLinkToALineThePageHoldsScrollsToItAtOnce() {
    int target = log.size() - 10;
    openJob("#L" + target);
    page.waitForSelector("#L" + target + ".ln-target");
    assertVisibleInLog(target);
    assertThat(page.locator("#log .log-earlier").count()).as("only the notice at the top").isEqualTo(1);
  }

  @Test
  void theSearchIsAPlainFormThatWorksWithoutJavaScript() {
    HttpResponse<Buffer> page = slipway.get("/jobs/" + job + "?q=bold");
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.bodyAsString();
    assertThat(html).contains("<form class=\"log-search-form\" method=\"get\" action=\"/jobs/" + job + "\"",
        "value=\"bold\"", "5 matching lines.", "disk full &lt;b&gt;<mark>bold</mark>&lt;/b&gt;",
        "href=\"/jobs/" + job + "#L" + errorLines().get(0) + "\"").doesNotContain("<b>bold");

    HttpResponse<Buffer> bad = slipway.get("/jobs/" + job + "?q=%28&regex=true");
    assertThat(bad.statusCode()).isEqualTo(200);
    assertThat(bad.bodyAsString()).contains("aria-invalid=\"true\"", "aria-describedby=\"log-search-error\"",
        "id=\"log-search-error\" role=\"alert\">the regular expression is not valid", "value=\"(\"", "checked");

    int third = IntStream.range(0, log.size()).filter(i -> log.get(i).startsWith("line 1")).skip(2).findFirst()
        .orElseThrow() + 1;
    assertThat(slipway.get("/jobs/" + job + "?q=line+1&limit=3").bodyAsString()).contains("3 matching lines shown.",
        "More lines match than are shown here.", "href=\"/jobs/" + job + "?q=line+1&amp;after=" + third + "\"",
        "Search on after line " + third);

    HttpResponse<Buffer> fragmentUrl = SlipwayServer.await(slipway.http.get("/jobs/" + job + "/search?q=bold")
        .followRedirects(false).send());
    assertThat(fragmentUrl.statusCode()).isEqualTo(303);
    assertThat(fragmentUrl.getHeader("Location")).isEqualTo("/jobs/" + job + "?q=bold");
    HttpResponse<Buffer> fragment = SlipwayServer.await(slipway.http.get("/jobs/" + job + "/search?q=bold")
        .putHeader("HX-Request", "true").send());
    assertThat(fragment.bodyAsString()).startsWith("<div class=\"log-search\" id=\"log-search\">")
        .doesNotContain("<html");
    assertThat(fragment.getHeader("HX-Replace-Url")).isEqualTo("/jobs/" + job + "?q=bold");
  }

  private void assertShown(int n, String position) {
    page.waitForSelector("#L" + n + ".ln-target");
    assertThat(page.locator(".search-position").innerText()).isEqualTo(position);
    assertThat(page.locator(".search-hits li[aria-current]").getAttribute("data-line")).isEqualTo(String.valueOf(n));
    assertThat(page.locator("#L" + n + " mark").allInnerTexts()).containsExactly("disk full");
    assertThat(page.locator("#log mark").count()).as("only the line shown is marked").isEqualTo(1);
    assertThat(page.evaluate("() => location.hash")).isEqualTo("#L" + n);
    assertVisibleInLog(n);
  }

  /** The line is inside the log's box as scrolled, and the box inside the window. */
  private void assertVisibleInLog(int n) {
    assertThat((Boolean) page.evaluate("n => { const log = document.querySelector('#log').getBoundingClientRect();"
        + " const line = document.getElementById('L' + n).getBoundingClientRect();"
        + " return line.top >= log.top && line.bottom <= log.bottom && log.top >= 0"
        + "  && line.bottom <= window.innerHeight; }", n)).as("line %d in view", n).isTrue();
  }

  private void assertNoSidewaysScrolling() {
    assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
        .as("no sideways scrolling").isTrue();
  }

  /** Opens the job page with its line cap lowered to {@link #CAP}, and waits until the log has replayed. */
  private void openJob(String hash) {
    page = chromium.newPage(slipway.port);
    page.onPageError(scriptErrors::add);
    Chromium.login(page, slipway.port);
    page.route("**/jobs/" + job, route -> {
      var original = route.fetch();
      route.fulfill(new Route.FulfillOptions().setResponse(original)
          .setBody(original.text().replace("data-log-cap=\"5000\"", "data-log-cap=\"" + CAP + "\"")));
    });
    page.navigate("/jobs/" + job + hash);
    assertThat(page.locator("#log").getAttribute("data-log-cap")).isEqualTo(String.valueOf(CAP));
    awaitReplay();
  }

  private void awaitReplay() {
    Chromium.awaitFinalState(page, 30);
    page.waitForFunction("n => document.querySelector('#log').lastElementChild?.getAttribute('data-n') == n",
        log.size());
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }

  private static List<Integer> concat(List<Integer> a, List<Integer> b) {
    List<Integer> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
