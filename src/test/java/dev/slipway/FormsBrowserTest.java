package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FilePayload;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.Tars;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forms that forgive, in a real Chromium at desktop width and at 390 px: a refused Run, Build or Upload form keeps what
 * was typed (never a secret's value; a file must be chosen again, and the page says so), shows every error next to
 * its field (aria-invalid, aria-describedby) and in a summary that links to them, at an address that reloads. The
 * checks made before a run starts (image, name, host port) show on the form too. Run from an image fills in the ports
 * it exposes.
 */
@ExtendWith(VertxExtension.class)
class FormsBrowserTest {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String SLEEPER = "slipway-test/forms-sleeper-ui:" + SUFFIX;
  private static final String EXPOSER = "slipway-test/forms-exposer:" + SUFFIX;
  private static final String HOLDER = "slipway-test-forms-ui-holder-" + SUFFIX;
  private static final String TYPED_SECRET = "typed-secret-" + SUFFIX;

  private static SlipwayServer slipway;
  private static Chromium chromium;
  private static int heldPort;
  private Page page;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(SLEEPER, "trap 'exit 0' TERM; echo up; while true; do sleep 1 & wait $!; done");
    TestImages.build(EXPOSER, Tars.dockerfile("FROM " + DockerEngine.BUSYBOX + "\nEXPOSE 8888\nEXPOSE 5353/udp\n"
        + "LABEL dev.slipway.app='{\"env\": [{\"name\": \"GREETING\", \"default\": \"hi\"}], "
        + "\"secrets\": [{\"name\": \"TOKEN\", \"required\": true}]}'\nCMD [\"true\"]\n"));
    slipway = SlipwayServer.start(vertx);
    heldPort = SlipwayServer.freePort();
    String holder = slipway.submit("/api/runs", new JsonObject().put("image", SLEEPER).put("name", HOLDER)
        .put("ports", new JsonArray().add(heldPort + ":8080"))).getString("id");
    slipway.awaitJob(holder, 60, j -> "running".equals(j.getString("state")) && !j.getJsonArray("ports").isEmpty());
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
    DockerEngine.removeContainer(HOLDER);
    TestImages.remove(SLEEPER);
    TestImages.remove(EXPOSER);
  }

  @ParameterizedTest
  @ValueSource(ints = {1280, 390})
  void aRefusedRunKeepsWhatWasTypedAndShowsEveryErrorAtItsField(int width) {
    page.setViewportSize(width, 900);
    page.navigate("/run");
    page.fill("#run-image", "no spaces allowed");
    page.fill("#run-name", "forms-ui-" + SUFFIX);
    page.fill("#run-ports", "99999:80");
    page.fill("#run-env", "GREETING=hi\noops");
    page.click("form.run details summary");
    page.fill("#run-memory", "lots");
    page.locator("input[name=secretName]").first().fill("TOKEN");
    page.locator("input[name=secretValue]").first().fill(TYPED_SECRET);
    int jobs = Refusals.jobCount(slipway);

    page.click("form.run button[type=submit]");
    page.locator("[data-error-summary]").waitFor();

    assertThat(page.url()).as("an address that is there on reload").endsWith("/run");
    Locator summary = page.locator("[data-error-summary]");
    assertThat(summary.getAttribute("role")).isEqualTo("alert");
    assertThat(summary.innerText()).startsWith("Not started: 4 problems");
    assertThat(summary.locator("a").evaluateAll("links => links.map(a => a.getAttribute('href'))"))
        .asList().containsExactlyInAnyOrder("#run-env", "#run-image", "#run-ports", "#run-memory");
    for (String field : List.of("image", "ports", "env", "memory")) {
      Locator input = page.locator("#run-" + field);
      assertThat(input.getAttribute("aria-invalid")).as(field).isEqualTo("true");
      Locator message = page.locator("#" + input.getAttribute("aria-describedby"));
      assertThat(message.innerText()).as("the message of " + field).isNotBlank();
    }
    assertThat(page.locator("#run-env-error").innerText()).isEqualTo("Environment, line 2: write NAME=value");
    assertThat(page.locator("#run-ports-error").innerText()).contains("99999");
    assertThat(page.locator("#run-name").getAttribute("aria-invalid")).as("a field that was right").isNull();
    assertThat(page.inputValue("#run-image")).isEqualTo("no spaces allowed");
    assertThat(page.inputValue("#run-name")).isEqualTo("forms-ui-" + SUFFIX);
    assertThat(page.inputValue("#run-ports")).isEqualTo("99999:80");
    assertThat(page.inputValue("#run-env")).isEqualTo("GREETING=hi\noops");
    assertThat(page.inputValue("#run-memory")).isEqualTo("lots");
    assertThat(page.locator("form.run details").getAttribute("open")).as("the opened settings stay open").isNotNull();
    assertThat(page.locator("input[name=secretName]").first().inputValue()).isEqualTo("TOKEN");
    assertThat(page.locator("input[name=secretValue]").first().inputValue()).isEmpty();
    assertThat(page.content()).doesNotContain(TYPED_SECRET);
    assertThat(Refusals.jobCount(slipway)).as("nothing started").isEqualTo(jobs);
    assertNoSidewaysScrolling(width);
    Chromium.screenshot(page, "forms-run-refused-" + width);

    page.click("[data-error-summary] a[href='#run-ports']");
    assertThat(page.evaluate("() => document.activeElement.id")).as("the summary's link leads to its field")
        .isEqualTo("run-ports");

    Response reloaded = page.reload();
    assertThat(reloaded.status()).as("a reload after the refusal").isEqualTo(200);
    assertThat(page.locator("#run-image").count()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1280, 390})
  void aRefusedBuildShowsTheAppsPageWithItsFormAsTyped(int width) {
    page.setViewportSize(width, 900);
    page.navigate("/");
    Locator form = Chromium.appForm(page, "hello");
    form.locator("input[name=tag]").fill("Bad Tag " + SUFFIX);
    form.locator("summary").click();
    form.locator("textarea[name=buildArgs]").fill("MODE=test\nnot a pair");
    form.locator("input[name=name]").fill("forms-build-" + SUFFIX);

    form.locator("button", new Locator.LocatorOptions().setHasText("Build")).first().click();
    page.locator("[data-error-summary]").waitFor();

    assertThat(page.url()).endsWith("/apps/hello");
    assertThat(page.locator("[data-error-summary]").innerText()).startsWith("Not built: 2 problems");
    Locator refused = Chromium.appForm(page, "hello");
    assertThat(refused.locator("#app-hello-tag").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(page.locator("#app-hello-tag-error").innerText()).isNotBlank();
    assertThat(refused.locator("#app-hello-buildArgs").getAttribute("aria-describedby")).isEqualTo("app-hello-buildArgs-error");
    assertThat(page.locator("#app-hello-buildArgs-error").innerText()).isEqualTo("Build args, line 2: write NAME=value");
    assertThat(refused.locator("#app-hello-tag").inputValue()).isEqualTo("Bad Tag " + SUFFIX);
    assertThat(refused.locator("#app-hello-buildArgs").inputValue()).isEqualTo("MODE=test\nnot a pair");
    assertThat(refused.locator("#app-hello-name").inputValue()).isEqualTo("forms-build-" + SUFFIX);
    assertNoSidewaysScrolling(width);
    Chromium.screenshot(page, "forms-build-refused-" + width);

    assertThat(page.reload().status()).isEqualTo(200);
    assertThat(page.navigate("/builds").status()).as("the form's own address, asked for itself").isEqualTo(200);
  }

  @Test
  void aRefusedUploadKeepsTheTagAndAsksForTheFileAgain() {
    page.navigate("/");
    page.setInputFiles("form.upload input[type=file]", new FilePayload("notes.tar", "application/x-tar",
        "this is not a tar archive".getBytes(StandardCharsets.UTF_8)));
    page.fill("form.upload input[name=tag]", "Bad Tag");
    page.check("form.upload input[name=noCache]");

    page.click("form.upload button[type=submit]");
    page.locator("[data-error-summary]").waitFor();

    assertThat(page.url()).endsWith("/");
    assertThat(page.locator("[data-error-summary] a").evaluateAll("links => links.map(a => a.getAttribute('href'))"))
        .asList().containsExactly("#upload-context", "#upload-tag");
    assertThat(page.locator("#upload-context").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(page.locator("#upload-context").getAttribute("aria-describedby")).isEqualTo("upload-again upload-context-error");
    assertThat(page.locator("#upload-again").innerText()).contains("choose the archive again");
    assertThat(page.inputValue("#upload-tag")).isEqualTo("Bad Tag");
    assertThat(page.locator("#upload-tag").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(page.isChecked("form.upload input[name=noCache]")).isTrue();
    Chromium.screenshot(page, "forms-upload-refused");
    assertThat(page.reload().status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(ints = {1280, 390})
  void whatIsCheckedBeforeARunStartsShowsAtItsFields(int width) {
    page.setViewportSize(width, 900);
    page.navigate("/run");
    page.fill("#run-image", "slipway-test/forms-no-such:" + SUFFIX);
    page.fill("#run-name", HOLDER);
    page.fill("#run-ports", heldPort + ":80");
    int jobs = Refusals.jobCount(slipway);

    page.click("form.run button[type=submit]");
    page.locator("[data-error-summary]").waitFor();

    assertThat(page.locator("#run-image-error").innerText()).contains("there is no image slipway-test/forms-no-such");
    assertThat(page.locator("#run-name-error").innerText()).contains("a container named " + HOLDER + " already exists");
    assertThat(page.locator("#run-ports-error").innerText()).contains("host port " + heldPort
        + "/tcp is already published by the container " + HOLDER);
    assertThat(Refusals.jobCount(slipway)).as("no failed job").isEqualTo(jobs);
    assertNoSidewaysScrolling(width);
    Chromium.screenshot(page, "forms-prestart-refused-" + width);
  }

  @Test
  void runFromAnImageFillsInItsPortsAndWhatItsLabelDeclares() {
    page.navigate("/images");
    Locator run = page.locator("a[href^='/run?image=" + EXPOSER + "&node=']");
    assertThat(run.count()).isEqualTo(1);
    run.click();
    page.locator("#run-image").waitFor();
    Chromium.screenshot(page, "forms-run-prefilled");
    assertThat(page.url()).contains("/run?image=" + EXPOSER);

    assertThat(page.inputValue("#run-ports")).isEqualTo("5353:5353/udp, 8888:8888");
    assertThat(page.inputValue("#run-env")).isEqualTo("GREETING=hi");
    assertThat(page.locator("input[name=secretName]").first().inputValue()).isEqualTo("TOKEN");
    Chromium.screenshot(page, "forms-run-prefilled");
  }

  @Test
  void runAgainOfARunWhoseNameIsStillTakenOpensItsFormWithTheNameMarked() {
    String name = "slipway-test-forms-again-" + SUFFIX;
    JsonObject ended = slipway.awaitEnd(slipway.submit("/api/runs", new JsonObject().put("image", SLEEPER)
        .put("name", name).put("command", new JsonArray().add("true"))).getString("id"), 60);
    try {
      page.navigate("/jobs/" + ended.getString("id"));
      int jobs = Refusals.jobCount(slipway);

      page.locator("#job-status button", new Page.LocatorOptions().setHasText("Run again")).click();
      page.locator("#run-name-error").waitFor();

      assertThat(page.locator("#run-name-error").innerText()).contains("a container named " + name + " already exists");
      assertThat(page.locator("#run-name").getAttribute("aria-invalid")).isEqualTo("true");
      assertThat(page.inputValue("#run-name")).isEqualTo(name);
      assertThat(page.url()).endsWith("/jobs/" + ended.getString("id") + "/edit");
      assertThat(Refusals.jobCount(slipway)).isEqualTo(jobs);
      Chromium.screenshot(page, "forms-run-again-refused");
      assertThat(page.reload().status()).isEqualTo(200);
      assertThat(page.navigate("/jobs/" + ended.getString("id") + "/rerun").status()).isEqualTo(200);
    } finally {
      DockerEngine.removeContainer(name);
    }
  }

  private void assertNoSidewaysScrolling(int width) {
    assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth"))
        .as("the page's width at %d px", width).isLessThanOrEqualTo(width);
  }
}
