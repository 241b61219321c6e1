package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Containers page in Chromium: it updates by itself while the filter and the focus stay; the filter form swaps the
 * results and puts the query in the address bar; Remove asks in a dialog; at 390 px each row's state and buttons stay
 * on screen; a job's state change is announced politely.
 */
@ExtendWith(VertxExtension.class)
class ListsBrowserTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String TAG = "slipway-test/lists-live:" + SUFFIX;
  private static final String SHORT = "slipway-test-lists-live-short-" + SUFFIX;
  private static final String OTHER = "slipway-test-lists-live-other-" + SUFFIX;
  private static final String JOB = "slipway-test-lists-live-job-" + SUFFIX;

  private static SlipwayServer slipway;
  private static Chromium chromium;
  private Page page;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(TAG, "echo started; sleep ${PAUSE:-0}; echo done");
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
    List.of(SHORT, OTHER, JOB).forEach(DockerEngine::removeContainer);
    TestImages.remove(TAG);
  }

  @Test
  void theContainersPageUpdatesByItselfKeepingTheFilterAndTheFocusAndAsksBeforeRemoving() {
    page = signedIn(1280);
    page.navigate("/containers?q=" + SUFFIX);
    assertThat(page.locator(".list-count").innerText()).startsWith("0 containers match");
    page.evaluate("() => window.__sameDocument = true");
    Locator search = page.locator("input[name=q]");
    search.focus();

    // Runs until the test stops it from outside Slipway: the page is not told, it must find out by itself.
    run(SHORT, 600);
    Locator row = page.locator("tr[data-container='" + SHORT + "']");
    row.waitFor(new Locator.WaitForOptions().setTimeout(15_000));
    assertThat(row.locator(".badge").innerText()).isEqualTo("running");
    DockerEngine.client().stopContainerCmd(SHORT).withTimeout(1).exec();
    page.locator("tr[data-container='" + SHORT + "'] .badge.exited")
        .waitFor(new Locator.WaitForOptions().setTimeout(20_000));

    assertThat(page.evaluate("() => window.__sameDocument")).as("never reloaded").isEqualTo(true);
    assertThat(page.evaluate("() => document.activeElement.name")).isEqualTo("q");
    assertThat(search.inputValue()).isEqualTo(SUFFIX);
    assertThat(page.url()).endsWith("/containers?q=" + SUFFIX);
    page.waitForFunction("name => document.getElementById('announcer').textContent.includes(name + ': exited')",
        "Container " + SHORT);

    // The focus on a row's button survives the next refresh.
    Locator remove = page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Remove container " + SHORT));
    remove.focus();
    page.evaluate("() => { window.__swaps = 0; document.addEventListener('htmx:afterSwap', e => {"
        + " if (e.detail.target.id === 'container-results') window.__swaps++; }); }");
    page.waitForFunction("() => window.__swaps >= 1", null, new Page.WaitForFunctionOptions().setTimeout(15_000));
    assertThat(page.evaluate("() => document.activeElement.getAttribute('aria-label')"))
        .isEqualTo("Remove container " + SHORT);

    AtomicReference<String> asked = new AtomicReference<>();
    page.onceDialog(dialog -> {
      asked.set(dialog.message());
      dialog.accept();
    });
    remove.click();
    row.waitFor(new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
    assertThat(asked.get()).isEqualTo("Remove the container " + SHORT + "?");
    assertThat(DockerEngine.containerExists(SHORT)).isFalse();
    assertThat(page.url()).endsWith("/containers?q=" + SUFFIX);
  }

  @Test
  void theFilterFormSwapsTheResultsAndPutsTheQueryInTheAddressBar() {
    run(OTHER, 0);
    page = signedIn(1280);
    page.navigate("/containers");
    page.evaluate("() => window.__sameDocument = true");
    page.locator("input[name=q]").pressSequentially("lists-live-other-" + SUFFIX);
    page.waitForURL("**/containers?q=lists-live-other-" + SUFFIX);
    page.locator("#container-results .list-count").filter(new Locator.FilterOptions().setHasText("1 container matches"))
        .waitFor();
    assertThat(page.locator("tr[data-container]").count()).isEqualTo(1);
    assertThat(page.evaluate("() => document.activeElement.name")).isEqualTo("q");

    page.selectOption("select[name=state]", "running");
    page.waitForURL("**/containers?q=lists-live-other-" + SUFFIX + "&state=running");
    page.locator("#container-results .list-count").filter(new Locator.FilterOptions().setHasText("0 containers match"))
        .waitFor();
    assertThat(page.evaluate("() => window.__sameDocument")).isEqualTo(true);
  }

  @Test
  void atPhoneWidthEachRowKeepsItsStateAndButtonsOnScreen() {
    run(OTHER, 0);
    page = signedIn(390);
    page.navigate("/containers?q=lists-live-other-" + SUFFIX);
    Locator row = page.locator("tr[data-container='" + OTHER + "']");
    for (Locator part : List.of(row.locator(".badge"), row.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Locator.GetByRoleOptions().setName("Remove container " + OTHER)))) {
      BoundingBox box = part.boundingBox();
      assertThat(box.x).isGreaterThanOrEqualTo(0);
      assertThat(box.x + box.width).isLessThanOrEqualTo(390);
    }
    assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
    Chromium.screenshot(page, "lists-containers-390");
  }

  @Test
  void aJobsStateChangeIsAnnouncedPolitelyAndItsLogIsNot() {
    page = signedIn(1280);
    String id = slipway.submit("/api/runs", new JsonObject().put("image", TAG).put("name", JOB)
        .put("env", new JsonObject().put("PAUSE", "3"))).getString("id");
    page.navigate("/jobs/" + id);
    assertThat(page.locator("#announcer").getAttribute("aria-live")).isEqualTo("polite");
    assertThat(page.locator("#log").getAttribute("aria-live")).isEqualTo("off");
    Chromium.awaitFinalState(page, 60);
    page.waitForFunction("() => /This job: (succeeded|failed|cancelled)/.test("
        + "document.getElementById('announcer').textContent)");
  }

  @Test
  void theDashboardAnnouncesAJobsStateChangeInItsList() {
    page = signedIn(1280);
    page.navigate("/");
    page.locator("#jobs").waitFor();
    String id = slipway.submit("/api/runs", new JsonObject().put("image", TAG).put("name", JOB + "-dash")
        .put("env", new JsonObject().put("PAUSE", "3"))).getString("id");
    try {
      page.locator("tr[data-live-key='job-" + id + "']").waitFor(new Locator.WaitForOptions().setTimeout(15_000));
      page.waitForFunction("id => /: (succeeded|failed)/.test(document.getElementById('announcer').textContent)"
          + " && document.getElementById('announcer').textContent.includes('Job ' + id.substring(0, 8))", id,
          new Page.WaitForFunctionOptions().setTimeout(30_000));
    } finally {
      slipway.awaitEnd(id, 60);
      DockerEngine.removeContainer(JOB + "-dash");
    }
  }

  private static void run(String name, int pause) {
    if (DockerEngine.containerExists(name)) {
      return;
    }
    String id = slipway.submit("/api/runs", new JsonObject().put("image", TAG).put("name", name)
        .put("env", new JsonObject().put("PAUSE", String.valueOf(pause)))).getString("id");
    if (pause == 0) {
      slipway.awaitEnd(id, 60);
    }
  }

  private static Page signedIn(int width) {
    Page page = chromium.newPage(slipway.port);
    page.setViewportSize(width, 844);
    Chromium.login(page, slipway.port);
    return page;
  }
}
