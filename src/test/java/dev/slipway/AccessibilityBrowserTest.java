package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.slipway.domain.Role;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every dashboard page, signed in as admin with a job, an image and containers present, in Chromium at desktop and
 * phone width (390 px): axe-core (pinned in package.json, from node_modules) finds no serious or critical violation,
 * the page never scrolls sideways, it has exactly one h1, a skip link, and its navigation marks the page shown.
 * With {@code -Dslipway.screenshots=docs/screenshots} it also takes the README's screenshots (see README).
 */
@ExtendWith(VertxExtension.class)
class AccessibilityBrowserTest {
  private static final Path AXE = Path.of("node_modules/axe-core/axe.min.js");
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String TICKER = "slipway-test/lists-a11y-ticker:" + SUFFIX;
  private static final String DONE = "slipway-test/lists-a11y-done:" + SUFFIX;
  private static final String BUILT = "slipway-test/lists-a11y-built:" + SUFFIX;
  private static final String RUNNING = "slipway-test-lists-a11y-running-" + SUFFIX;
  private static final String EXITED = "slipway-test-lists-a11y-exited-" + SUFFIX;
  /** A container Slipway did not start: its log has a page of its own (a job's container is read through its job). */
  private static final String FOREIGN = "slipway-test-lists-a11y-foreign-" + SUFFIX;
  private static final int PHONE = 390;

  private static SlipwayServer slipway;
  private static Chromium chromium;
  private static String runJob;
  private static String buildJob;
  private static String exitedJob;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    assertThat(AXE).as("axe-core from npm ci (package.json)").exists();
    // A log that reads like a notebook's: a server starting, then work, a warning on stderr now and then.
    TestImages.shell(TICKER, "echo '[I NotebookApp] Serving notebooks from local directory: /home/notebook';"
        + " echo '[I NotebookApp] The Jupyter Notebook is running at: http://0.0.0.0:8888/'; i=1;"
        + " while [ $i -le 40 ]; do echo \"[I NotebookApp] Saving file at /analysis.ipynb (revision $i)\";"
        + " if [ $((i % 8)) -eq 0 ]; then echo \"[W NotebookApp] Kernel restarted: memory at $((60 + i)) %\" >&2; fi;"
        + " i=$((i+1)); done; sleep 600");
    TestImages.shell(DONE, "echo done");
    slipway = SlipwayServer.start(vertx);
    runJob = slipway.submit("/api/runs", new JsonObject().put("image", TICKER).put("name", RUNNING)
        .put("env", new JsonObject().put("GREETING", "hello"))).getString("id");
    exitedJob = slipway.submit("/api/runs", new JsonObject().put("image", DONE).put("name", EXITED)).getString("id");
    buildJob = slipway.submit("/api/builds", new JsonObject().put("app", "hello").put("tag", BUILT)).getString("id");
    slipway.awaitEnd(exitedJob, 60);
    slipway.awaitEnd(buildJob, 120);
    slipway.awaitJob(runJob, 60, job -> "running".equals(job.getString("state")) && job.getLong("lines", 0L) >= 40);
    DockerEngine.client().startContainerCmd(DockerEngine.client().createContainerCmd(TICKER).withName(FOREIGN).exec()
        .getId()).exec();
    slipway.createUser(Role.VIEWER);
    assertThat(slipway.postJson("/api/tokens", new JsonObject().put("name", "a11y-script-" + SUFFIX)).statusCode())
        .isEqualTo(201);
    chromium = Chromium.launch();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    List.of(RUNNING, EXITED, FOREIGN).forEach(DockerEngine::removeContainer);
    List.of(TICKER, DONE, BUILT).forEach(TestImages::remove);
  }

  /** Every page a signed-in admin reaches, with the data of {@link #start}. */
  private static List<String> pages() {
    return List.of("/", "/run", "/run?image=" + TICKER, "/apps/hello", "/images", "/containers",
        "/containers?state=running", "/history", "/history?state=succeeded", "/jobs/" + runJob, "/jobs/" + buildJob,
        "/jobs/" + exitedJob, "/jobs/" + exitedJob + "/edit", "/nodes", "/users", "/account", "/audit",
        "/containers/" + FOREIGN + "/logs", "/containers/" + RUNNING + "/console");
  }

  @Test
  void everyPageAtDesktopWidthHasNoSeriousAccessibilityViolation() {
    assertThat(checkAll(1280, 900)).as("problems found").isEmpty();
  }

  @Test
  void everyPageAtPhoneWidthHasNoSeriousViolationAndNoSidewaysScrolling() {
    assertThat(checkAll(PHONE, 844)).as("problems found").isEmpty();
  }

  @Test
  void theLoginPageAndAConfirmationPageToo() {
    List<String> problems = new ArrayList<>();
    for (int width : List.of(1280, PHONE)) {
      Page page = chromium.newPage(slipway.port);
      try {
        page.setViewportSize(width, 844);
        page.navigate("/login");
        problems.addAll(check(page, "/login", width, false));
        Chromium.login(page, slipway.port);
        // Without JavaScript's dialog, Remove answers a page that asks (the same one a browser without JS gets).
        page.navigate("/images");
        page.evaluate("() => { const f = document.querySelector('form[action=\"/images/remove\"]');"
            + " f.removeAttribute('hx-confirm'); f.removeAttribute('hx-vals'); f.setAttribute('hx-boost', 'false');"
            + " f.requestSubmit(); }");
        page.waitForSelector("section.confirmation");
        problems.addAll(check(page, "confirmation page", width, true));
      } finally {
        page.context().close();
      }
    }
    assertThat(problems).as("problems found").isEmpty();
  }

  private static List<String> checkAll(int width, int height) {
    Page page = chromium.newPage(slipway.port);
    List<String> problems = new ArrayList<>();
    try {
      page.setViewportSize(width, height);
      Chromium.login(page, slipway.port);
      for (String path : pages()) {
        page.navigate(path);
        problems.addAll(check(page, path, width, true));
      }
      screenshots(page, width);
    } finally {
      page.context().close();
    }
    return problems;
  }

  /** What is wrong with the page shown, each problem a readable line naming the page and the width. */
  @SuppressWarnings("unchecked")
  private static List<String> check(Page page, String path, int width, boolean signedIn) {
    page.waitForLoadState();
    page.waitForFunction("() => window.htmx !== undefined");
    page.waitForTimeout(300);
    String where = path + " at " + width + " px: ";
    List<String> problems = new ArrayList<>();
    page.addScriptTag(new Page.AddScriptTagOptions().setPath(AXE));
    List<Map<String, Object>> violations = (List<Map<String, Object>>) page.evaluate("async () => {"
        + " const r = await axe.run(document, { resultTypes: ['violations'] });"
        + " return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({"
        + "   id: v.id, impact: v.impact, help: v.help,"
        + "   nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\n/g, ' '))"
        + " })); }");
    for (Map<String, Object> v : violations) {
      problems.add(where + v.get("impact") + " " + v.get("id") + " (" + v.get("help") + "):\n      "
          + String.join("\n      ", (List<String>) v.get("nodes")));
    }
    Number h1 = (Number) page.evaluate("() => document.querySelectorAll('h1').length");
    if (h1.intValue() != 1) {
      problems.add(where + h1 + " h1 elements, not one");
    }
    Number overflow = (Number) page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
    if (width == PHONE && overflow.intValue() > 0) {
      String widest = (String) page.evaluate("() => [...document.querySelectorAll('body *')]"
          + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
          + ".slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')"
          + " + ' right=' + Math.round(e.getBoundingClientRect().right)).join(', ')");
      problems.add(where + "scrolls sideways by " + overflow + " px (" + widest + ")");
    }
    if (signedIn) {
      if (page.locator("a.skip-link[href='#main']").count() != 1) {
        problems.add(where + "no skip link");
      }
      boolean marked = (Boolean) page.evaluate("() => !!document.querySelector('header.top [aria-current]')");
      if (!marked && !path.equals("confirmation page")) {
        problems.add(where + "the navigation marks no current page");
      }
    }
    return problems;
  }

  /** The README's screenshots, when asked for ({@code -Dslipway.screenshots=DIR}); always some in target/. */
  private static void screenshots(Page page, int width) {
    String dir = System.getProperty("slipway.screenshots");
    Map<String, String> shots = width == PHONE
        ? Map.of("phone-containers", "/containers?q=lists-a11y", "phone-job", "/jobs/" + runJob)
        : Map.of("dashboard", "/", "job", "/jobs/" + runJob, "images", "/images?q=lists-a11y",
            "containers", "/containers?q=lists-a11y", "build", "/jobs/" + buildJob);
    if (width == PHONE) {
      // Looked at, not in the README.
      Map.of("history", "/history", "dashboard", "/", "users", "/users", "run", "/run", "account", "/account",
          "audit", "/audit", "images", "/images?q=lists-a11y").forEach((name, path) -> {
            page.navigate(path);
            page.waitForLoadState();
            page.waitForTimeout(300);
            Chromium.screenshot(page, "a11y-phone-" + name);
          });
    }
    shots.forEach((name, path) -> {
      page.navigate(path);
      page.waitForLoadState();
      page.waitForTimeout(800);
      for (Path folder : dir == null ? List.of(Chromium.SCREENSHOTS) : List.of(Chromium.SCREENSHOTS, Path.of(dir))) {
        String file = folder.equals(Chromium.SCREENSHOTS) ? "a11y-" + name + ".png" : name + ".png";
        try {
          Files.createDirectories(folder);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(folder.resolve(file)).setFullPage(false));
      }
    });
  }
}
