package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.OtherNodes;
import dev.slipway.testing.Postgres;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The forms' Node choice in a real headless Chromium, on a desktop and a phone (390 px). The test server is node
 * {@code local}; node {@code b} runs beside it in this JVM as a whole worker (jobs owner, Docker worker, heartbeat) on
 * the same PostgreSQL database and engine, and the front desks place jobs as in a cluster. A node that stopped is
 * listed too. A one-node Slipway shows no choice.
 */
@ExtendWith(VertxExtension.class)
class NodeChoiceBrowserTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String TAG = "slipway-test/forms-pinned:" + SUFFIX;
  private static final String STOPPED = "stopped-" + SUFFIX;
  private static SlipwayServer slipway;
  private static OtherNodes nodes;
  private static Chromium chromium;
  private Page page;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    JsonObject cluster = new JsonObject().put(Config.DATABASE_URL, Postgres.freshDatabase())
        .put(Config.CLUSTER_MEMBERS, "127.0.0.1:5701").put(Config.CLUSTER_SECRET, "forms-test-secret-" + SUFFIX);
    slipway = SlipwayServer.start(vertx, cluster);
    nodes = new OtherNodes(vertx, slipway.dataDir);
    nodes.owner("b", cluster.copy().put(Config.APPS_DIR, SlipwayServer.TEST_APPS.toString()));
    long now = System.currentTimeMillis();
    TestDatabase.update(slipway, "INSERT INTO nodes (name, roles, engine_version, reachable, running, queued, "
        + "build_slots, cpus, started_at, last_seen, stopped) VALUES (?, 'worker', '20.10.24', TRUE, 0, 0, 2, 8, ?, ?, "
        + "TRUE)", STOPPED, now - 3_600_000, now - 60_000);
    awaitNodes(list -> reachable(list, "b") && reachable(list, "local"));
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
    nodes.close();
    TestImages.remove(TAG);
  }

  @Test
  void aBuildPinnedToNodeBRunsThereAndTheJobViewsSaySo() {
    page.navigate("/");
    Locator hello = Chromium.appForm(page, "hello");
    Locator node = hello.locator("select[name=node]");
    List<String> options = options(node);
    assertThat(options).hasSize(4);
    assertThat(options.get(0)).isEqualTo("Any (least busy)");
    assertThat(options.get(1)).matches("b \\(\\d+ running, \\d+ queued\\)");
    assertThat(options.get(2)).matches("local \\(\\d+ running, \\d+ queued\\)");
    assertThat(options.get(3)).isEqualTo(STOPPED + " (stopped)");
    assertThat(node.inputValue()).as("Any by default").isEmpty();
    assertThat(node.locator("option[value='" + STOPPED + "']").isDisabled()).isTrue();
    assertThat(node.locator("option[value=b]").isDisabled()).isFalse();
    assertThat(page.locator(".upload-node").innerText())
        .isEqualTo("An upload is built on the node that receives it: this one, local.");
    Chromium.screenshot(page, "node-choice");

    hello.locator("input[name=tag]").fill(TAG);
    node.selectOption("b");
    hello.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Build hello").setExact(true)).click();

    String id = Chromium.jobIdOf(page);
    assertThat(Chromium.awaitFinalState(page, 60)).isEqualTo("succeeded");
    assertThat(page.locator("#job-status .job-node").innerText()).isEqualTo("b");
    assertThat(slipway.job(id).getString("node")).isEqualTo("b");
    assertThat(TestDatabase.column(slipway, "SELECT node FROM jobs WHERE id = ?", id)).containsExactly("b");
    Chromium.screenshot(page, "node-pinned-job");

    page.navigate("/");
    assertThat(page.locator("#jobs tr:has(a[href='/jobs/" + id + "']) .job-node").innerText()).isEqualTo("b");
    page.navigate("/history?node=b");
    assertThat(page.locator(".history-filters select[name=node]").inputValue()).isEqualTo("b");
    assertThat(page.locator("tr[data-job='" + id + "'] .job-node").innerText()).isEqualTo("b");
    Chromium.screenshot(page, "node-history");
    page.navigate("/history?node=local");
    assertThat(page.locator("tr[data-job='" + id + "']").count()).as("not local's").isZero();

    page.navigate("/jobs/" + id + "/edit");
    assertThat(Chromium.appForm(page, "hello").locator("select[name=node]").inputValue())
        .as("a job does not record whether it was pinned: a retry starts with Any").isEmpty();
  }

  @Test
  void aRefusedPinIsSaidNextToTheNodeFieldAndWhatWasTypedStays() {
    String flaky = "flaky-" + SUFFIX;
    long now = System.currentTimeMillis();
    // A worker whose row says it is there (its heartbeat from the future keeps it alive for the test) until its
    // engine goes away between the page and the submission.
    TestDatabase.update(slipway, "INSERT INTO nodes (name, roles, engine_version, reachable, running, queued, "
        + "build_slots, cpus, started_at, last_seen, stopped) VALUES (?, 'worker', '20.10.24', TRUE, 1, 2, 2, 8, ?, ?, "
        + "FALSE)", flaky, now, now + 300_000);
    try {
      page.navigate("/");
      Locator hello = Chromium.appForm(page, "hello");
      hello.locator("input[name=tag]").fill("slipway-test/forms-refused:" + SUFFIX);
      hello.locator("summary").click();
      hello.locator("textarea[name=buildArgs]").fill("GREETING=hi");
      hello.locator("select[name=node]").selectOption(flaky);
      TestDatabase.update(slipway, "UPDATE nodes SET reachable = FALSE WHERE name = ?", flaky);
      hello.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Build hello").setExact(true)).click();

      Locator error = page.locator("form.app .field-error");
      error.waitFor();
      String refusal = "node \"" + flaky + "\" cannot reach its Docker engine; pick another node or none";
      assertThat(error.innerText()).isEqualTo(refusal);
      assertThat(page.locator("main > p.error").count()).as("said once, at the field").isZero();
      hello = Chromium.appForm(page, "hello");
      assertThat(hello.locator(".field-error").count()).as("next to the form that was sent").isEqualTo(1);
      assertThat(hello.locator("input[name=tag]").inputValue()).isEqualTo("slipway-test/forms-refused:" + SUFFIX);
      assertThat(hello.locator("textarea[name=buildArgs]").inputValue()).isEqualTo("GREETING=hi");
      Locator node = hello.locator("select[name=node]");
      assertThat(node.getAttribute("aria-invalid")).isEqualTo("true");
      assertThat(node.inputValue()).as("the refused node cannot be picked now").isEmpty();
      assertThat(node.locator("option[value='" + flaky + "']").innerText())
          .isEqualTo(flaky + " (engine not reachable)");
      assertThat(node.locator("option[value='" + flaky + "']").isDisabled()).isTrue();
      assertThat(page.evaluate("document.activeElement.name")).isEqualTo("node");
      Chromium.screenshot(page, "node-refused");
      page.setViewportSize(390, 844);
      assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth"))
          .as("nothing wider than the phone").isLessThanOrEqualTo(390);
      Chromium.screenshot(page, "node-refused-390");

      TestDatabase.update(slipway, "UPDATE nodes SET reachable = TRUE WHERE name = ?", flaky);
      page.setViewportSize(1280, 900);
      page.navigate("/run");
      page.fill("form.run input[name=image]", DockerEngine.BUSYBOX);
      page.fill("form.run textarea[name=env]", "A=1");
      page.selectOption("form.run select[name=node]", flaky);
      TestDatabase.update(slipway, "UPDATE nodes SET last_seen = ? WHERE name = ?", now - 60_000, flaky);
      page.click("form.run button[type=submit]");

      page.locator("form.run .field-error").waitFor();
      assertThat(page.locator("form.run .field-error").innerText())
          .isEqualTo("node \"" + flaky + "\" is gone; pick another node or none");
      assertThat(page.inputValue("form.run input[name=image]")).isEqualTo(DockerEngine.BUSYBOX);
      assertThat(page.inputValue("form.run textarea[name=env]")).isEqualTo("A=1");
      assertThat(page.locator("form.run select[name=node] option[value='" + flaky + "']").innerText())
          .isEqualTo(flaky + " (gone)");
      Chromium.screenshot(page, "node-refused-run");
      assertThat(slipway.get("/api/jobs?target=forms-refused").bodyAsJsonArray()).as("no job").isEmpty();
    } finally {
      TestDatabase.update(slipway, "DELETE FROM nodes WHERE name = ?", flaky);
    }
  }

  @Test
  void onAPhoneTheNodeChoiceFitsTheScreen() {
    page.setViewportSize(390, 844);
    page.navigate("/run");
    assertThat(page.locator("form.run select[name=node]").isVisible()).isTrue();
    assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth")).as("nothing wider than the phone")
        .isLessThanOrEqualTo(390);
    Chromium.screenshot(page, "node-choice-run-390");
    page.navigate("/");
    assertThat(Chromium.appForm(page, "hello").locator("select[name=node]").isVisible()).isTrue();
    Chromium.screenshot(page, "node-choice-390");
  }

  @Test
  void aOneNodeSlipwayShowsNoNodeChoice() {
    Vertx own = Vertx.vertx();
    try {
      SlipwayServer single = SlipwayServer.start(own);
      Page alone = chromium.newPage(single.port);
      try {
        Chromium.login(alone, single.port);
        assertThat(Chromium.appForm(alone, "hello").count()).isEqualTo(1);
        assertThat(alone.locator("select[name=node]").count()).isZero();
        assertThat(alone.locator(".upload-node").count()).isZero();
        alone.navigate("/run");
        assertThat(alone.locator("form.run input[name=image]").count()).isEqualTo(1);
        assertThat(alone.locator("select[name=node]").count()).isZero();
        alone.navigate("/history");
        assertThat(alone.locator(".history-filters select[name=node]").count()).isZero();
      } finally {
        alone.context().close();
      }
    } finally {
      SlipwayServer.await(own.close());
    }
  }

  private static List<String> options(Locator select) {
    return select.locator("option").allInnerTexts().stream().map(String::strip).toList();
  }

  private static boolean reachable(JsonArray nodes, String name) {
    return nodes.stream().map(JsonObject.class::cast).anyMatch(n -> name.equals(n.getString("name"))
        && n.getBoolean("alive") && n.getBoolean("reachable"));
  }

  private static void awaitNodes(Predicate<JsonArray> until) {
    long deadline = System.currentTimeMillis() + 30_000;
    JsonArray nodes = slipway.get("/api/nodes").bodyAsJsonArray();
    while (!until.test(nodes)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the nodes did not report as expected: " + nodes.encodePrettily());
      }
      SlipwayServer.sleep(200);
      nodes = slipway.get("/api/nodes").bodyAsJsonArray();
    }
  }
}
