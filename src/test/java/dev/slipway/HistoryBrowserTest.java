package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The History page in a real headless Chromium: filtering swaps the results in place, Re-run starts a new job. */
@ExtendWith(VertxExtension.class)
class HistoryBrowserTest {
  private static final String OK_IMAGE = "slipway-test/history-ui-ok:1";
  private static final String FAIL_IMAGE = "slipway-test/history-ui-fail:1";
  private static final String ROWS = "#history-results tr[data-job]";
  private static final String SECRET = "S3cret-" + java.util.UUID.randomUUID();

  private static SlipwayServer slipway;
  private static Chromium chromium;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(OK_IMAGE, "echo all good");
    TestImages.shell(FAIL_IMAGE, "echo 'something broke' >&2; exit 3");
    slipway = SlipwayServer.start(vertx);
    for (String image : List.of(OK_IMAGE, FAIL_IMAGE, OK_IMAGE, FAIL_IMAGE, OK_IMAGE)) {
      slipway.awaitEnd(slipway.submit("/api/runs", new JsonObject().put("image", image)).getString("id"), 60);
    }
    slipway.awaitEnd(slipway.submit("/api/launches", new JsonObject().put("app", "broken").put("tag", "slipway-test/never:ui")
        .put("run", new JsonObject().put("env", new JsonObject().put("DB_URL", "postgres://app:" + SECRET + "@db")
            .put("MODE", "test")).put("secretEnv", new JsonObject().put("DB_PASSWORD", SECRET)))).getString("id"), 60);
    chromium = Chromium.launch();
  }

  @AfterAll
  static void stop() {
    chromium.close();
    slipway.get("/api/jobs?size=200").bodyAsJsonArray().stream().map(j -> ((JsonObject) j).getString("containerId"))
        .filter(id -> id != null).forEach(DockerEngine::removeContainer);
    List.of(OK_IMAGE, FAIL_IMAGE).forEach(TestImages::remove);
  }

  @Test
  void filteringTheHistorySwapsTheResultsAndReRunStartsANewJob() {
    Page page = chromium.newPage(slipway.port);
    try {
      Chromium.login(page, slipway.port);
      page.click("header.top nav a[href='/history']");
      page.waitForURL("**/history");
      assertThat(page.locator(ROWS).count()).isEqualTo(6);
      page.evaluate("() => { window.__marker = 1; }");

      page.selectOption("form.history-filters select[name=state]", "failed");
      page.waitForURL("**/history?state=failed");
      page.waitForFunction("selector => document.querySelectorAll(selector).length === 3", ROWS);

      assertThat(page.evaluate("window.__marker")).as("the page was not reloaded").isEqualTo(1);
      assertThat(page.locator(ROWS + " .badge").allInnerTexts()).containsOnly("failed");
      assertThat(page.locator("#history-results").innerText()).contains("Jobs 1–3 of 3");
      page.fill("form.history-filters input[name=target]", "history-ui");
      page.waitForFunction("selector => document.querySelectorAll(selector).length === 2", ROWS);
      page.waitForURL("**/history?state=failed&target=history-ui");
      Chromium.screenshot(page, "history-filtered");
      List<String> before = page.locator(ROWS).all().stream().map(row -> row.getAttribute("data-job")).toList();

      Locator first = page.locator(ROWS).first();
      assertThat(first.locator("a.download").getAttribute("href")).endsWith("/log?download=1");
      first.locator("form.rerun button").click();

      String rerun = Chromium.jobIdOf(page);
      assertThat(before).doesNotContain(rerun);
      assertThat(Chromium.awaitFinalState(page, 60)).isEqualTo("failed");
      assertThat(page.locator("#log").innerText()).contains("something broke");
      assertThat(slipway.job(rerun).getJsonObject("run").getString("image")).isEqualTo(FAIL_IMAGE);
      Chromium.screenshot(page, "history-rerun-job");

      page.goBack();
      page.waitForURL("**/history?state=failed&target=history-ui");
      page.reload();
      assertThat(page.locator(ROWS).count()).isEqualTo(3);
      assertThat(page.locator("form.history-filters select[name=state]").inputValue()).isEqualTo("failed");
      assertThat(page.locator("form.history-filters input[name=target]").inputValue()).isEqualTo("history-ui");
    } finally {
      page.context().close();
    }
  }

  @Test
  void reRunOfALaunchWithSecretsOpensItsFormFilledInWithoutTheSecretValues() {
    Page page = chromium.newPage(slipway.port);
    try {
      Chromium.login(page, slipway.port);
      page.navigate("/history?kind=launch");
      page.locator(ROWS + " form.rerun button").first().click();

      page.waitForURL("**/edit?for=rerun");
      assertThat(page.locator("main .notice").allInnerTexts()).anyMatch(n -> n.contains("enter the value of DB_PASSWORD"))
          .anyMatch(n -> n.contains("DB_URL was left out"));
      Locator form = page.locator("form.app");
      assertThat(form.locator("input[name=secretName]").first().inputValue()).isEqualTo("DB_PASSWORD");
      assertThat(form.locator("input[name=secretValue]").first().inputValue()).isEmpty();
      assertThat(form.locator("textarea[name=env]").inputValue()).isEqualTo("MODE=test");
      assertThat((String) page.evaluate("() => [...document.querySelectorAll('input, textarea')].map(e => e.value)"
          + ".join('\\n')")).doesNotContain("\u2022").doesNotContain(SECRET);
      Chromium.screenshot(page, "history-edit-launch");
    } finally {
      page.context().close();
    }
  }
}
