package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.DroppingProxy;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.Tars;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard in a real headless Chromium: htmx navigation, live logs over SSE, escaping, forms, reconnects. */
@ExtendWith(VertxExtension.class)
class DashboardBrowserTest {
  private static final String HELLO_TAG = "slipway-ui/hello:built";
  private static final String LAUNCH_TAG = "slipway-ui/hello:launched";
  private static final String ESCAPE_TAG = "slipway-ui/escape:test";
  private static final String COUNTER_TAG = "slipway-ui/counter:test";
  private static final String LAUNCHED = "slipway-ui-launched";
  private static final String COUNTER = "slipway-ui-counter";
  private static final int COUNT = 50;
  private static final String HOSTILE_SCRIPT = "<script>window.__pwned=1</script>";
  private static final String HOSTILE_IMG = "<img src=x onerror=window.__pwned=2>";

  private static SlipwayServer slipway;
  private static Chromium chromium;
  private static DroppingProxy proxy;
  private Page page;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
    proxy = DroppingProxy.start(vertx, slipway.port);
    chromium = Chromium.launch();
  }

  @BeforeEach
  void openPage() {
    page = chromium.newPage(proxy.port);
    Chromium.login(page, proxy.port);
  }

  @AfterEach
  void closePage() {
    page.context().close();
  }

  @AfterAll
  static void stop() {
    chromium.close();
    proxy.close();
    List.of(LAUNCHED, COUNTER).forEach(DockerEngine::removeContainer);
    for (String tag : List.of(HELLO_TAG, LAUNCH_TAG, ESCAPE_TAG, COUNTER_TAG)) {
      try {
        DockerEngine.client().removeImageCmd(tag).withForce(true).exec();
      } catch (NotFoundException gone) {
        // never built
      }
    }
  }

  @Test
  void buildFromTheDashboardStreamsItsLogLiveWithoutReloading() {
    page.navigate("/");
    assertThat(page.locator("form.app h3").allInnerTexts()).contains("hello", "broken");
    page.evaluate("() => { window.__marker = 1; window.__counts = [];"
        + " new MutationObserver(() => window.__counts.push(document.querySelectorAll('#log .ln').length))"
        + "  .observe(document.documentElement, { childList: true, subtree: true }); }");
    Locator hello = Chromium.appForm(page, "hello");
    hello.locator("input[name=tag]").fill(HELLO_TAG);
    hello.locator("input[name=noCache]").check();
    hello.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Build hello").setExact(true)).click();

    Chromium.jobIdOf(page);
    assertThat(Chromium.awaitFinalState(page, 60)).isEqualTo("succeeded");
    assertThat(page.evaluate("window.__marker")).as("the page was not reloaded").isEqualTo(1);
    assertThat((List<?>) page.evaluate("[...new Set(window.__counts)].filter(n => n > 0)"))
        .as("log line counts seen as lines arrived").hasSizeGreaterThan(1);
    assertThat(page.locator("#log").innerText()).contains("building hello");
    assertThat(page.locator("#job-status .progress").innerText()).contains("Step 10/10");
    assertThat(page.locator("#job-status .image-id").innerText()).matches("sha256:[0-9a-f]{64}");
    Chromium.screenshot(page, "build-job");
    assertThat(page.locator("header.top nav").count()).as("the page layout around the job, after htmx navigation")
        .isEqualTo(1);
  }

  @Test
  void hostileBuildOutputIsShownAsTextWithoutAnsiCodes() {
    String dockerfile = "FROM " + DockerEngine.BUSYBOX + "\nRUN printf '%s\\n' '" + HOSTILE_SCRIPT + "' '" + HOSTILE_IMG
        + "' && printf '\\033[31mred alert\\033[0m\\n'\n";
    JsonObject job = slipway.postTar("/api/builds?noCache=true&tag=" + ESCAPE_TAG, Tars.dockerfile(dockerfile))
        .bodyAsJsonObject();
    page.navigate("/jobs/" + job.getString("id"));

    assertThat(Chromium.awaitFinalState(page, 60)).isEqualTo("succeeded");
    assertThat(page.locator("#log .ln .t").allInnerTexts()).contains(HOSTILE_SCRIPT, HOSTILE_IMG, "red alert");
    assertThat(page.evaluate("typeof window.__pwned")).isEqualTo("undefined");
    assertThat(page.locator("#log script, #log img").count()).isZero();
    assertThat((String) page.evaluate("document.body.textContent")).doesNotContain("\u001b");
    Chromium.screenshot(page, "escape-job");
  }

  @Test
  void runFormWithABadPortShowsTheErrorKeepsTheInputAndCreatesNoJob() {
    int jobsBefore = slipway.get("/api/jobs").bodyAsJsonArray().size();
    page.navigate("/run");
    page.fill("form.run input[name=image]", DockerEngine.BUSYBOX);
    page.fill("form.run input[name=ports]", "abc");
    page.click("form.run button[type=submit]");

    Locator error = page.locator("main .error");
    error.waitFor();
    assertThat(error.innerText()).contains("invalid port mapping 'abc'");
    assertThat(page.inputValue("form.run input[name=image]")).isEqualTo(DockerEngine.BUSYBOX);
    assertThat(page.inputValue("form.run input[name=ports]")).isEqualTo("abc");
    assertThat(slipway.get("/api/jobs").bodyAsJsonArray().size()).isEqualTo(jobsBefore);
    Chromium.screenshot(page, "run-error");
  }

  @Test
  void launchBuildsThenRunsAndShowsBothInOneLog() {
    page.navigate("/");
    Chromium.screenshot(page, "dashboard");
    Locator hello = Chromium.appForm(page, "hello");
    hello.locator("input[name=tag]").fill(LAUNCH_TAG);
    hello.locator("summary").click();
    hello.locator("input[name=name]").fill(LAUNCHED);
    hello.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Launch (build + run)")).click();

    String jobId = Chromium.jobIdOf(page);
    assertThat(Chromium.awaitFinalState(page, 60)).isEqualTo("succeeded");
    String log = page.locator("#log").innerText();
    assertThat(log).contains("Step 1/10", "hello from slipway");
    assertThat(log.indexOf("Step 10/10")).isLessThan(log.indexOf("hello from slipway"));
    Chromium.screenshot(page, "launch-job");

    JsonObject container = slipway.containers().stream().map(JsonObject.class::cast)
        .filter(c -> jobId.equals(c.getString("jobId"))).findFirst().orElseThrow();
    assertThat(container.getString("id")).isEqualTo(slipway.job(jobId).getString("containerId"));
    showsOnPage("/containers", LAUNCHED, "containers");
    showsOnPage("/images", LAUNCH_TAG, "images");
    assertThat(SlipwayServer.await(slipway.http.delete("/api/containers/" + container.getString("id")).send())
        .statusCode()).isEqualTo(204);
  }

  @Test
  void logResumesAfterDroppedConnectionsWithEveryLineOnceInOrder() {
    String counter = "FROM " + DockerEngine.BUSYBOX + "\nCMD [\"sh\", \"-c\", \"i=1; while [ $i -le " + COUNT
        + " ]; do echo line $i; i=$((i+1)); sleep 0.1; done\"]\n";
    String build = slipway.postTar("/api/builds?tag=" + COUNTER_TAG, Tars.dockerfile(counter))
        .bodyAsJsonObject().getString("id");
    assertThat(slipway.awaitEnd(build, 60).getString("state")).isEqualTo("succeeded");
    String run = slipway.submit("/api/runs", new JsonObject().put("image", COUNTER_TAG).put("name", COUNTER))
        .getString("id");
    List<String> streams = new CopyOnWriteArrayList<>();
    page.onRequest(r -> {
      if (r.url().contains("/stream")) {
        streams.add(r.url() + " Last-Event-ID=" + r.allHeaders().get("last-event-id"));
      }
    });
    page.navigate("/jobs/" + run);

    Chromium.awaitLines(page, 10);
    assertThat(proxy.dropAll()).isPositive();
    Chromium.awaitLines(page, Chromium.logNumbers(page).size() + 5);
    page.evaluate("() => { const source = document.querySelector('[sse-connect]')['htmx-internal-data'].sseEventSource;"
        + " source.close(); source.onerror(new Event('error')); }");

    assertThat(Chromium.awaitFinalState(page, 30)).isEqualTo("succeeded");
    long lines = slipway.job(run).getLong("lines");
    assertThat(Chromium.logNumbers(page)).containsExactlyElementsOf(
        IntStream.rangeClosed(1, (int) lines).boxed().toList());
    assertThat(page.locator("#log .ln .t").allInnerTexts().stream().filter(t -> t.startsWith("line ")).toList())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, COUNT).mapToObj(i -> "line " + i).toList());
    assertThat(streams).as("the stream requests").hasSize(3);
    assertThat(streams.get(1)).as("the browser's own reconnect").matches(".*/stream\\?stats=true Last-Event-ID=\\d+");
    assertThat(streams.get(2)).as("htmx's reconnect, through app.js").matches(".*/stream\\?stats=true&after=\\d+ Last-Event-ID=null");
    Chromium.screenshot(page, "reconnect-job");
  }

  private void showsOnPage(String path, String text, String screenshot) {
    page.navigate(path);
    assertThat(page.locator("main table").innerText()).contains(text);
    Chromium.screenshot(page, screenshot);
  }
}
