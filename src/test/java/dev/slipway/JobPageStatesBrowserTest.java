package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job's page says what happened in words a person reads: the time a running job has taken, counting; a run stopped
 * through Slipway "stopped by you" (the API keeps {@code cancelled}), its port links gone with its container; exit
 * code 0 as a success; stderr lines marked, not drawn as alarms; and Run again and Edit &amp; retry on the ended job.
 */
@ExtendWith(VertxExtension.class)
class JobPageStatesBrowserTest {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String SERVER = "slipway-test/forms-job-server:" + SUFFIX;
  private static final String TALKER = "slipway-test/forms-job-talker:" + SUFFIX;

  private static final java.util.List<String> CONTAINERS = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static SlipwayServer slipway;
  private static Chromium chromium;
  private Page page;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(SERVER, "mkdir -p /www && echo hi > /www/index.html && httpd -p 8080 -h /www && echo serving"
        + " && trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done");
    TestImages.shell(TALKER, "echo to stdout; echo 'INFO to stderr' >&2; echo done");
    slipway = SlipwayServer.start(vertx);
    chromium = Chromium.launch();
  }

  @BeforeEach
  void openPage() {
    page = chromium.newPage(slipway.port);
    Chromium.login(page, slipway.port);
  }

  @AfterEach
  void closePage() {
    page.context().close();
  }

  @AfterAll
  static void stop() {
    chromium.close();
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(SERVER);
    TestImages.remove(TALKER);
  }

  @ParameterizedTest
  @ValueSource(ints = {1280, 390})
  void aRunningJobCountsItsTimeAndAStoppedOneReadsStoppedByYou(int width) {
    page.setViewportSize(width, 900);
    String id = slipway.submit("/api/runs", new JsonObject().put("image", SERVER)
        .put("ports", new JsonArray().add(":8080"))).getString("id");
    CONTAINERS.add(slipway.awaitJob(id, 60, j -> "running".equals(j.getString("state"))
        && !j.getJsonArray("ports").isEmpty()).getString("containerId"));
    page.navigate("/jobs/" + id);

    String first = page.locator("#job-status dd.elapsed").innerText();
    page.waitForFunction("before => document.querySelector('#job-status dd.elapsed').textContent !== before", first);
    assertThat(page.locator("#job-status dd.elapsed").innerText()).matches("\\d+ s");
    assertThat(page.locator("#job-status .ports a").count()).as("a link per published port").isPositive();
    Chromium.screenshot(page, "job-running-" + width);

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop container")).click();
    assertThat(Chromium.awaitFinalState(page, 60)).isEqualTo("cancelled");

    page.locator("#job-status .stopped-by", new Page.LocatorOptions().setHasText("Stopped by you.")).waitFor();
    assertThat(page.locator("#job-status .badge[data-state=cancelled]").innerText()).isEqualTo("stopped");
    assertThat(page.locator("#job-status .ports").count()).as("no links to a container that is gone").isZero();
    assertThat(page.locator("#job-status dd.elapsed").count()).isZero();
    assertThat(page.locator("#job-status button", new Page.LocatorOptions().setHasText("Run again")).count()).isEqualTo(1);
    assertThat(page.locator("#job-status a", new Page.LocatorOptions().setHasText("Edit & retry")).count()).isEqualTo(1);
    assertThat(slipway.job(id).getString("state")).as("the API's state").isEqualTo("cancelled");
    assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth")).isLessThanOrEqualTo(width);
    Chromium.screenshot(page, "job-stopped-" + width);

    page.reload();
    page.locator("#job-status .stopped-by", new Page.LocatorOptions().setHasText("Stopped by you.")).waitFor();
  }

  @ParameterizedTest
  @ValueSource(ints = {1280, 390})
  void exitCodeZeroIsASuccessAndStderrIsMarkedNotAlarming(int width) {
    page.setViewportSize(width, 900);
    String id = slipway.submit("/api/runs", new JsonObject().put("image", TALKER)).getString("id");
    page.navigate("/jobs/" + id);
    assertThat(Chromium.awaitFinalState(page, 60)).isEqualTo("succeeded");
    CONTAINERS.add(slipway.job(id).getString("containerId"));
    Chromium.awaitLines(page, 3);

    assertThat(page.locator("#job-status dd.exit-code").innerText()).isEqualTo("0 (success)");
    assertThat(page.locator("#job-status dd.exit-code").getAttribute("class")).contains("exit-ok");
    assertThat(color("#job-status dd.exit-code")).as("the success green").isEqualTo("rgb(31, 122, 58)");
    String stderr = "#log .ln.stderr .t";
    assertThat(page.locator(stderr).innerText()).isEqualTo("INFO to stderr");
    assertThat(color(stderr)).as("stderr in the log's own colour").isEqualTo(color("#log .ln.stdout .t"));
    assertThat(page.evaluate("() => getComputedStyle(document.querySelector('#log .ln.stderr .n'), '::after').content"))
        .isEqualTo("\"err\"");
    assertThat(page.locator("#job-status button", new Page.LocatorOptions().setHasText("Run again")).count()).isEqualTo(1);
    Chromium.screenshot(page, "job-exit-0-" + width);
  }

  private String color(String selector) {
    return (String) page.evaluate("s => getComputedStyle(document.querySelector(s)).color", selector);
  }
}
