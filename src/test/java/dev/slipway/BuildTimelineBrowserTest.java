package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The build timeline on the job page, in a real headless Chromium, on a desktop and a phone (390 px): live while the
 * build runs, then against the previous build after a file changed; and the image's record on the Images page.
 */
@ExtendWith(VertxExtension.class)
class BuildTimelineBrowserTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String TAG = "slipway-test/timeline-ui:" + SUFFIX;
  private static Path app;
  private static SlipwayServer slipway;
  private static Chromium chromium;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    DockerEngine.require();
    Path apps = Files.createTempDirectory("slipway-timeline-ui-apps");
    app = Files.createDirectories(apps.resolve("timeline"));
    Files.writeString(app.resolve("Dockerfile"), "FROM " + DockerEngine.BUSYBOX + "\n"
        + "RUN echo 'preparing a long step' && sleep 3\n"
        + "COPY data.txt /data.txt\n"
        + "RUN wc -c /data.txt && sleep 0.5\n"
        + "CMD [\"cat\", \"/data.txt\"]\n");
    Files.writeString(app.resolve("data.txt"), "one " + SUFFIX + "\n");
    slipway = SlipwayServer.start(vertx, new JsonObject().put(Config.APPS_DIR, apps.toString()));
    chromium = Chromium.launch();
  }

  @AfterAll
  static void stop() {
    chromium.close();
    TestImages.remove(TAG);
  }

  @Test
  void theTimelineGrowsWhileTheBuildRunsThenSaysWhereTheCacheWasLost() throws Exception {
    Page page = chromium.newPage(slipway.port);
    Chromium.login(page, slipway.port);
    String first = slipway.submit("/api/builds", new JsonObject().put("app", "timeline").put("tag", TAG)
        .put("noCache", true)).getString("id");
    page.navigate("/jobs/" + first);

    // Live: the long second step shows as running while the job runs, without a reload.
    page.evaluate("() => { window.__marker = 1; }");
    Locator running = page.locator("#job-status table.steps tr.running[data-n='2']");
    running.waitFor();
    assertThat(page.locator("#job-status [data-state=running]").count()).isEqualTo(1);
    assertThat(running.locator("td[data-label=Duration]").innerText()).contains("running…");
    assertThat(Chromium.awaitFinalState(page, 120)).isEqualTo("succeeded");
    assertThat(page.evaluate("window.__marker")).as("the page was not reloaded").isEqualTo(1);
    Locator rows = page.locator("#job-status table.steps tbody tr");
    assertThat(rows.count()).isEqualTo(11);
    assertThat(page.locator("tr[data-n='2'] .badge.slowest").innerText()).isEqualTo("slowest");
    assertThat(page.locator("tr.slipway .badge.slowest").count()).as("Slipway's labels are not the Dockerfile's to speed up")
        .isZero();
    assertThat(page.locator("tr[data-n='2'] td[data-label=Cache]").innerText()).isEqualTo("not cached");
    assertThat(page.locator("tr[data-n='1'] td[data-label=Cache]").innerText()).isEqualTo("base image");
    assertThat(page.locator("tr[data-n='2'] .bar > span").getAttribute("style")).isEqualTo("width: 100%");
    assertThat(page.locator("#job-status .timeline").innerText()).contains("the next one is compared with it");
    Chromium.screenshot(page, "timeline-first");

    // A file changes: the COPY and everything after it ran again, and the page says so in words.
    Files.writeString(app.resolve("data.txt"), "two " + SUFFIX + "\n");
    String second = slipway.submit("/api/builds", new JsonObject().put("app", "timeline").put("tag", TAG))
        .getString("id");
    page.navigate("/jobs/" + second);
    assertThat(Chromium.awaitFinalState(page, 120)).isEqualTo("succeeded");
    Locator table = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Build timeline"));
    assertThat(table.getByRole(AriaRole.COLUMNHEADER).allInnerTexts())
        .containsExactly("Step", "Instruction", "Duration", "Cache", "Against the previous build");
    assertThat(table.getByRole(AriaRole.ROWHEADER).count()).isEqualTo(11);
    assertThat(page.locator(".timeline .comparison").innerText())
        .contains("the cache was lost from step 3", "COPY data.txt /data.txt");
    assertThat(page.locator(".timeline .comparison a").getAttribute("href")).isEqualTo("/jobs/" + first);
    assertThat(page.locator("tr[data-n='2'] td[data-label=Cache]").innerText()).isEqualTo("cached");
    for (int n = 3; n <= 5; n++) {
      assertThat(page.locator("tr[data-n='" + n + "'] td[data-label='Against the previous build']").innerText())
          .as("step " + n).contains("cache lost");
    }
    assertThat(page.locator("tr[data-n='2'] td[data-label='Against the previous build']").innerText())
        .doesNotContain("cache lost");
    assertThat(page.locator("#job-status .build-record").innerText()).contains("Context digest", "sha256:", "Built by",
        SlipwayServer.ADMIN, DockerEngine.BUSYBOX);
    Chromium.screenshot(page, "timeline-compared");

    page.setViewportSize(390, 844);
    assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth")).as("nothing wider than the phone")
        .isLessThanOrEqualTo(390);
    Locator copy = page.locator("tr[data-n='3']");
    assertThat(copy.locator("td[data-label=Instruction]").isVisible()).isTrue();
    assertThat(copy.locator("td[data-label='Against the previous build'] .badge.lost").isVisible()).isTrue();
    assertThat(copy.boundingBox().width).isLessThanOrEqualTo(390);
    Chromium.screenshot(page, "timeline-compared-390");
    page.locator("#job-status .timeline").screenshot(new Locator.ScreenshotOptions()
        .setPath(Chromium.SCREENSHOTS.resolve("timeline-compared-390-section.png")));

    // The image's record on the Images page, behind a disclosure named for the image.
    page.setViewportSize(1280, 900);
    page.navigate("/images?filter=slipway");
    Locator summary = page.locator("details.record summary").filter(new Locator.FilterOptions().setHasText(TAG));
    assertThat(summary.count()).isEqualTo(1);
    summary.click();
    String digest = slipway.job(second).getJsonObject("reproducibility").getString("contextDigest");
    assertThat(page.locator("details.record[open]").innerText()).contains(digest, "Built by");
    Chromium.screenshot(page, "images-record");
    page.context().close();
  }
}
