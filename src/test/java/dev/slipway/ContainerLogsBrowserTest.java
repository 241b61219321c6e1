package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.slipway.domain.Role;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.PrometheusText;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In a real Chromium: a viewer opens the log of a container Slipway did not start from the Containers page and sees
 * it live, stderr marked, filters it, and leaving the page stops the engine's follow; a running job's page draws its
 * container's CPU and memory live (uPlot) with the numbers in text, and says when the container stopped.
 */
@ExtendWith(VertxExtension.class)
class ContainerLogsBrowserTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String CHATTY = "slipway-test/containerlogs-browser:" + SUFFIX;
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static SlipwayServer slipway;
  private static Chromium chromium;
  private Page page;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(CHATTY, "trap 'exit 0' TERM; i=1; while true; do echo \"out $i <i>not html</i>\"; "
        + "echo \"err $i\" >&2; i=$((i+1)); sleep 0.3 & wait $!; done");
    slipway = SlipwayServer.start(vertx);
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
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(CHATTY);
  }

  @Test
  void aViewerFollowsAForeignContainersLogLiveWithStderrMarkedAndLeavingStopsTheFollow() {
    String name = "slipway-test-containerlogs-browser-" + SUFFIX;
    CONTAINERS.add(name);
    String id = DockerEngine.client().createContainerCmd(CHATTY).withName(name).exec().getId();
    DockerEngine.client().startContainerCmd(id).exec();
    SlipwayServer.User viewer = slipway.createUser(Role.VIEWER);
    page = chromium.newPage(slipway.port);
    Chromium.login(page, slipway.port, viewer.name(), viewer.password());

    page.navigate("/containers");
    page.getByLabel("Logs of " + name).click();
    page.waitForURL("**/containers/" + id + "/logs?node=local");
    page.waitForFunction("() => document.querySelectorAll('#log .ln.stderr').length >= 3"
        + " && document.querySelectorAll('#log .ln.stdout').length >= 3");
    assertThat(page.locator("h1").innerText()).isEqualTo("Logs of " + name);
    assertThat(page.locator("#log .ln.stdout .t").first().innerText()).matches("out \\d+ <i>not html</i>");
    assertThat(page.locator("#log i").count()).as("lines are text, never markup").isZero();
    assertThat(page.locator("#log .ln.stderr .s").first().innerText()).isEqualTo("err");
    assertThat(page.locator("#log .ln.stdout .s").count()).isZero();
    assertThat(follows("logs")).isEqualTo(1);

    int before = page.locator("#log .ln").count();
    page.waitForFunction("n => document.querySelectorAll('#log .ln').length >= n + 4", before);
    page.fill("[data-log-filter]", "ERR");
    page.waitForFunction("() => [...document.querySelectorAll('#log .ln')].filter(l => l.hidden).length > 0");
    assertThat(visibleLines()).allSatisfy(text -> assertThat(text).startsWith("err"));
    assertThat(page.locator("[data-log-filter-count]").innerText()).matches("\\d+ of \\d+ lines shown");
    int shown = visibleLines().size();
    page.waitForFunction("n => [...document.querySelectorAll('#log .ln')]"
        + ".filter(l => getComputedStyle(l).display !== 'none').length > n", shown);
    assertThat(visibleLines()).as("lines that come later obey the filter too")
        .allSatisfy(text -> assertThat(text).startsWith("err"));

    page.waitForFunction("() => Number(document.querySelector('[data-stats]').getAttribute('data-samples')) >= 2");
    assertThat(page.locator("[data-stats] canvas").count()).isPositive();
    assertThat(page.locator(".stats-text").innerText()).matches("CPU \\d+\\.\\d %, memory [\\d.]+ [KMG]iB( of .*)?");
    Chromium.screenshot(page, "container-logs");
    page.fill("[data-log-filter]", "");
    page.setViewportSize(390, 844);
    page.waitForFunction("() => document.querySelector('[data-stats] .uplot').offsetWidth <= 390");
    assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= 390"))
        .as("no sideways scrolling at 390 px").isTrue();
    Chromium.screenshot(page, "container-logs-390");

    String download = page.locator("a[download]").getAttribute("href");
    assertThat(download).isEqualTo("/api/containers/" + id + "/logs?node=local&download=1");
    int shownLines = page.locator("#log .ln").count();
    com.microsoft.playwright.Download saved = page.waitForDownload(() -> page.locator("a[download]").click());
    assertThat(saved.suggestedFilename()).isEqualTo("container-" + id + ".log");
    List<String> whole;
    try {
      whole = java.nio.file.Files.readAllLines(saved.path());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(whole).as("the whole log, from its first line").contains("out 1 <i>not html</i>", "err 1")
        .hasSizeGreaterThanOrEqualTo(shownLines);
    assertThat(DockerEngine.logs(id)).containsAll(whole);

    page.navigate("/");
    awaitScrape(s -> value(s, "logs") == 0 && value(s, "stats") == 0);
  }

  @Test
  void aRunningJobsPageDrawsItsContainersStatsLiveAndSaysWhenItStopped() {
    String name = "slipway-test-containerlogs-job-" + SUFFIX;
    CONTAINERS.add(name);
    String jobId = slipway.submit("/api/runs", new JsonObject().put("image", CHATTY).put("name", name)
        .put("memory", "256m")).getString("id");
    slipway.awaitJob(jobId, 60, j -> "running".equals(j.getString("state")) && j.getString("containerId") != null);
    page = chromium.newPage(slipway.port);
    Chromium.login(page, slipway.port);
    page.navigate("/jobs/" + jobId);

    page.waitForFunction("() => Number(document.querySelector('[data-stats]')?.getAttribute('data-samples')) >= 4");
    assertThat(page.locator("[data-stats] canvas").count()).isPositive();
    assertThat(page.locator(".stats-text").innerText()).matches("CPU \\d+\\.\\d %, memory [\\d.]+ [KM]iB of 256\\.0 MiB");
    assertThat(page.locator(".stats-text").getAttribute("aria-live")).as("not announced every second").isNull();
    assertThat(page.locator("[data-stats] .u-legend").innerText()).contains("CPU %").contains("Memory MiB");
    assertThat(page.locator("[data-stats] [data-stats-chart]").getAttribute("aria-hidden"))
        .as("the text says the same").isEqualTo("true");
    Chromium.screenshot(page, "job-stats");
    assertThat(follows("stats")).isEqualTo(1);

    slipway.postJson("/api/jobs/" + jobId + "/cancel", new JsonObject());
    page.waitForSelector("[data-stats].ended");
    assertThat(page.locator(".stats-text").innerText()).isEqualTo("The container has stopped: no more stats.");
    awaitScrape(s -> value(s, "stats") == 0);
  }

  @SuppressWarnings("unchecked")
  private List<String> visibleLines() {
    return (List<String>) page.evaluate("() => [...document.querySelectorAll('#log .ln')]"
        + ".filter(l => getComputedStyle(l).display !== 'none').map(l => l.querySelector('.t').textContent)");
  }

  private static double follows(String kind) {
    return value(PrometheusText.parse(slipway.get("/metrics").bodyAsString()), kind);
  }

  private static double value(PrometheusText scrape, String kind) {
    return scrape.value("slipway_container_follows", Map.of("kind", kind));
  }

  private static void awaitScrape(Predicate<PrometheusText> until) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!until.test(PrometheusText.parse(slipway.get("/metrics").bodyAsString()))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the engine's follows did not end within 20 s");
      }
      SlipwayServer.sleep(100);
    }
  }
}
