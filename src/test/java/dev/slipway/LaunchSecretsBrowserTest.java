package dev.slipway;

import static dev.slipway.Refusals.jobCount;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An app that describes itself (the test app {@code guarded}, which requires a PASSWORD as the notebook does): its
 * Launch shows the secret, the ports and the variables up front, refuses to start without the password (saying so
 * next to its field, keeping everything typed but secret values) and starts with it. Apps show their Dockerfile
 * advice on the dashboard, on their page and on their build's page. At desktop width and at 390 px.
 */
@ExtendWith(VertxExtension.class)
class LaunchSecretsBrowserTest {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String TAG = "slipway-ui/guarded:" + SUFFIX;
  private static final String NAME = "slipway-ui-guarded-" + SUFFIX;
  private static final String HELLO_TAG = "slipway-ui/hello-advice:" + SUFFIX;
  private static final String PASSWORD_FIELD = "#app-guarded-secret-PASSWORD";

  private static SlipwayServer slipway;
  private static Chromium chromium;
  private Page page;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
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
    DockerEngine.removeContainer(NAME);
    TestImages.remove(TAG);
    TestImages.remove(HELLO_TAG);
  }

  @Test
  void launchShowsTheRequiredSecretUpFrontRefusesWithoutItAndStartsWithIt() {
    page.navigate("/");
    Locator form = Chromium.appForm(page, "guarded");
    Locator password = form.locator(PASSWORD_FIELD);
    assertThat(password.isVisible()).as("the PASSWORD field, with the run settings folded away").isTrue();
    assertThat(form.locator("details").getAttribute("open")).isNull();
    assertThat(form.getByLabel("PASSWORD secret required").count()).isEqualTo(1);
    assertThat(page.locator("#" + password.getAttribute("aria-describedby")).innerText())
        .isEqualTo("The app's login password");
    assertThat(form.locator("fieldset.declared input[name=ports]").inputValue()).isEqualTo(":8080");
    assertThat(form.locator("#app-guarded-env-GREETING").inputValue()).isEqualTo("hello");
    assertThat(form.locator("fieldset.declared").innerText()).contains("8080/tcp", "What the app says first");
    Chromium.screenshot(page, "launch-secrets-dashboard");

    int jobs = jobCount(slipway);
    form.locator("input[name=tag]").fill(TAG);
    form.locator("#app-guarded-env-GREETING").fill("hey");
    form.locator("#app-guarded-secret-API_TOKEN").fill("token-typed-" + SUFFIX);
    form.locator("summary").click();
    form.locator("input[name=name]").fill(NAME);
    form.locator("textarea[name=buildArgs]").fill("MODE=test");
    form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Launch (build + run)")).click();

    Locator error = page.locator(PASSWORD_FIELD + "-error");
    error.waitFor();
    assertThat(error.innerText()).isEqualTo("PASSWORD is required to launch guarded: enter it.");
    Locator refused = Chromium.appForm(page, "guarded");
    assertThat(refused.locator(PASSWORD_FIELD).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(refused.locator(PASSWORD_FIELD).getAttribute("aria-describedby")).contains("app-guarded-secret-PASSWORD-error");
    assertThat(page.locator("main .error[role=alert]").innerText()).contains("Not launched: PASSWORD is required");
    assertThat(page.url()).as("a page that is there on reload").endsWith("/apps/guarded");
    assertThat(refused.locator("input[name=tag]").inputValue()).isEqualTo(TAG);
    assertThat(refused.locator("#app-guarded-env-GREETING").inputValue()).isEqualTo("hey");
    assertThat(refused.locator("input[name=name]").inputValue()).isEqualTo(NAME);
    assertThat(refused.locator("textarea[name=buildArgs]").inputValue()).isEqualTo("MODE=test");
    assertThat(refused.locator("#app-guarded-secret-API_TOKEN").inputValue()).as("a secret's value is never sent back")
        .isEmpty();
    assertThat(page.content()).doesNotContain("token-typed-" + SUFFIX);
    assertThat(jobCount(slipway)).as("nothing started").isEqualTo(jobs);
    Chromium.screenshot(page, "launch-secrets-refused");

    refused.locator(PASSWORD_FIELD).fill("pw-" + SUFFIX);
    refused.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Launch (build + run)")).click();

    String id = Chromium.jobIdOf(page);
    assertThat(Chromium.awaitFinalState(page, 90)).as(slipway.log(id)).isEqualTo("succeeded");
    assertThat(page.locator("#log").innerText()).contains("hey from guarded", "a password is set")
        .doesNotContain("pw-" + SUFFIX);
    assertThat(slipway.job(id).getJsonObject("run").getJsonObject("secretEnv").fieldNames()).containsExactly("PASSWORD");
    assertThat(slipway.job(id).getJsonObject("build").getJsonObject("buildArgs")).isEqualTo(new JsonObject()
        .put("MODE", "test"));
    Chromium.screenshot(page, "launch-secrets-job");
  }

  @Test
  void atPhoneWidthTheFieldsAndTheRefusalFitTheScreen() {
    page.setViewportSize(390, 844);
    page.navigate("/apps/guarded");
    assertThat(page.locator(PASSWORD_FIELD).isVisible()).isTrue();
    assertNoSidewaysScrolling();
    Chromium.screenshot(page, "launch-secrets-390");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Launch (build + run)")).click();
    page.locator(PASSWORD_FIELD + "-error").waitFor();
    assertNoSidewaysScrolling();
    Chromium.screenshot(page, "launch-secrets-refused-390");

    page.navigate("/");
    assertNoSidewaysScrolling();
    Chromium.screenshot(page, "dashboard-advice-390");
  }

  @Test
  void theAppCardItsPageAndItsBuildsPageShowTheDockerfileAdvice() {
    page.navigate("/");
    Locator advice = Chromium.appForm(page, "hello").locator(".advice li");
    assertThat(advice.innerText()).startsWith("SW008 line 1 There is no USER");
    assertThat(Chromium.appForm(page, "guarded").locator(".advice.none").innerText())
        .isEqualTo("Dockerfile advice: none.");

    Chromium.appForm(page, "hello").locator("h3 a").click();
    page.waitForURL("**/apps/hello");
    assertThat(page.locator("h1").innerText()).isEqualTo("hello");
    assertThat(page.locator(".advice li").innerText()).contains("SW008", "line 1");
    Chromium.screenshot(page, "app-page-advice");

    String build = slipway.submit("/api/builds", new JsonObject().put("app", "hello").put("tag", HELLO_TAG))
        .getString("id");
    page.navigate("/jobs/" + build);
    Locator jobAdvice = page.locator("details.job-advice");
    assertThat(jobAdvice.locator("summary").innerText()).isEqualTo("Dockerfile advice for hello: 1 (SW008)");
    jobAdvice.locator("summary").click();
    assertThat(jobAdvice.locator(".advice li").innerText()).contains("SW008", "There is no USER");
    assertThat(Chromium.awaitFinalState(page, 60)).isEqualTo("succeeded");
    Chromium.screenshot(page, "build-page-advice");
  }

  private void assertNoSidewaysScrolling() {
    assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth"))
        .as("the page's width at 390 px").isLessThanOrEqualTo(390);
  }
}
