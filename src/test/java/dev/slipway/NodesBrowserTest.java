package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.OtherNodes;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Nodes page and the node of each container, in a real headless Chromium, on a desktop and a phone (390 px): node
 * {@code local} (the test server), node {@code b} beside it in this JVM, and a node gone for a minute.
 */
@ExtendWith(VertxExtension.class)
class NodesBrowserTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String TAG = "slipway-test/nodes-ui:" + SUFFIX;
  private static final String GONE = "gone-" + SUFFIX;
  private static final List<String> CONTAINERS = new CopyOnWriteArrayList<>();
  private static SlipwayServer slipway;
  private static OtherNodes nodes;
  private static Chromium chromium;
  private Page page;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(TAG, "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done");
    slipway = SlipwayServer.start(vertx);
    nodes = new OtherNodes(vertx, slipway.dataDir);
    nodes.worker("b", new JsonObject());
    long lastSeen = System.currentTimeMillis() - 61_000;
    TestDatabase.update(slipway, "INSERT INTO nodes (name, roles, engine_version, reachable, running, queued, "
        + "build_slots, cpus, started_at, last_seen, stopped) VALUES (?, 'worker', '20.10.24', TRUE, 1, 0, 2, 8, ?, ?, "
        + "FALSE)", GONE, lastSeen - 3_600_000, lastSeen);
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
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(TAG);
  }

  @Test
  void theNodesPageListsEveryNodeMarksTheGoneOneAndKeepsItselfCurrent() {
    page.click("header.top nav a[href='/nodes']");
    page.waitForURL("**/nodes");
    Locator rows = page.locator("table.nodes tbody tr");
    assertThat(rows.all().stream().map(r -> r.getAttribute("data-node"))).containsExactly("b", GONE, "local");

    Locator gone = page.locator("tr[data-node='" + GONE + "']");
    assertThat(gone.getAttribute("class")).contains("gone");
    assertThat(gone.locator("td[data-label=State]").innerText()).contains("gone").containsPattern("last seen 6\\d s ago");
    Locator b = page.locator("tr[data-node=b]");
    assertThat(b.locator(".badge").first().innerText()).isEqualTo("alive");
    assertThat(b.locator("td[data-label=Engine]").innerText())
        .isEqualTo("Docker " + DockerEngine.client().versionCmd().exec().getVersion());
    assertThat(b.locator("td[data-label=Roles]").innerText()).isEqualTo("worker");
    assertThat(page.locator("tr[data-node=local] th").innerText()).contains("(this node)");
    assertThat(page.locator("#nodes .card-head").innerText()).contains("1 of 3 gone");
    Chromium.screenshot(page, "nodes");

    // Every 5 s the list swaps itself in place: the page is not reloaded.
    page.evaluate("() => { window.__marker = 1; document.getElementById('nodes').dataset.old = 'yes'; }");
    page.waitForFunction("() => document.getElementById('nodes') && !document.getElementById('nodes').dataset.old");
    assertThat(page.evaluate("window.__marker")).isEqualTo(1);
    assertThat(rows.count()).isEqualTo(3);

    page.setViewportSize(390, 844);
    assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth")).as("nothing wider than the phone")
        .isLessThanOrEqualTo(390);
    assertThat(gone.locator(".gone-note").isVisible()).isTrue();
    assertThat(b.locator("td[data-label='Last seen']").isVisible()).isTrue();
    Chromium.screenshot(page, "nodes-390");
  }

  @Test
  void theContainersPageSaysWhichNodeEachContainerIsOnAndStopsItThere() {
    String name = "slipway-test-nodes-ui-" + SUFFIX;
    String job = nodes.run("b", TAG, name);
    CONTAINERS.add(nodes.awaitUpdate(job, "running", 60).getString("containerId"));

    page.navigate("/containers");
    Locator row = page.locator("tbody tr").filter(new Locator.FilterOptions().setHasText(name));
    assertThat(row.count()).isEqualTo(1);
    assertThat(row.locator("td").nth(5).innerText()).isEqualTo("b");
    assertThat(page.locator("thead th").nth(5).innerText()).isEqualTo("Node");
    assertThat(row.locator("form[action$='/stop'] input[name=node]").inputValue()).isEqualTo("b");
    Chromium.screenshot(page, "containers-nodes");

    row.locator("form[action$='/stop'] button").click();

    // b's worker follows the container: stopping it there ends its job, which it reports cancelled.
    nodes.awaitUpdate(job, "cancelled", 30);
  }
}
