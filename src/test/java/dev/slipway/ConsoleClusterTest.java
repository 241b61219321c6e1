package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.ClusterNodes;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A console whose container runs on another node: the browser talks to web node {@code a}, which has no engine; the
 * shell runs on worker node {@code b}, each its own process, the bytes crossing the clustered event bus both ways.
 * When {@code b} dies, its consoles' pages say so.
 */
@ExtendWith(VertxExtension.class)
class ConsoleClusterTest {
  private static final String NAME = "slipway-test-console-cluster-" + Long.toHexString(System.nanoTime());
  private static ClusterNodes cluster;
  private static SlipwayProcess a;
  private static Chromium chromium;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    cluster = new ClusterNodes(vertx, "b", "a");
    cluster.start("b", "worker");
    a = cluster.start("a", "web");
    Clusters.awaitNodes(a, Set.of("b"), Set.of("a"));
    chromium = Chromium.launch();
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    cluster.close();
    DockerEngine.removeContainer(NAME);
  }

  @Test
  void aWebNodeBridgesAConsoleToTheWorkerNodeThatRunsTheContainer() throws InterruptedException {
    JsonObject job = Clusters.submitted(a.postJson("/api/runs", new JsonObject().put("image", DockerEngine.BUSYBOX)
        .put("name", NAME).put("node", "b")
        .put("command", new JsonArray().add("sh").add("-c").add("trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done"))));
    String container = Clusters.awaitState(a, job.getString("id"), "running").getString("containerId");

    Page page = chromium.newPage(cluster.httpPort("a"));
    Chromium.login(page, cluster.httpPort("a"), "admin", SlipwayProcess.ADMIN_PASSWORD);
    page.navigate("/containers/" + container + "/console?node=b");
    page.waitForFunction("() => document.querySelector('[data-console-status]').textContent === 'connected'");
    page.keyboard().type("echo \"$((6*7))-$(hostname)-ünïcode\"");
    page.keyboard().press("Enter");
    String host = container.substring(0, 12);
    page.waitForFunction("t => [...document.querySelectorAll('.xterm-rows > div')].some(r => r.textContent.trim() === t)",
        "42-" + host + "-ünïcode");
    page.keyboard().type("exit");
    page.keyboard().press("Enter");
    page.waitForFunction("() => document.querySelector('[data-console-status]').textContent"
        + ".startsWith('ended: the shell exited (exit code 0)')");
    page.navigate("/containers/" + container + "/console?node=b");
    page.waitForFunction("() => document.querySelector('[data-console-status]').textContent === 'connected'");

    List<String> audit = a.get("/api/audit?size=100").bodyAsJsonObject().getJsonArray("entries").stream()
        .map(e -> (JsonObject) e).filter(e -> e.getString("action").startsWith("container.console"))
        .map(e -> e.getString("action") + " " + e.getString("target") + " " + e.getString("detail")).toList();
    assertThat(audit).anyMatch(e -> e.startsWith("container.console " + NAME) && e.contains("on node b"))
        .anyMatch(e -> e.startsWith("container.console.end " + NAME) && e.contains("the shell exited"));

    // A worker node that dies takes its consoles along: the page hears it within seconds, not never.
    cluster.node("b").kill();
    page.waitForFunction("() => document.querySelector('[data-console-status]').textContent"
        + " === 'ended: node b no longer answers: the console is lost'", null,
        new Page.WaitForFunctionOptions().setTimeout(60_000));
    page.context().close();
  }
}
