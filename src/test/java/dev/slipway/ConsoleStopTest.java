package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.microsoft.playwright.Page;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A console also ends without its page closing: when Slipway stops, and after the idle limit. Its page says why, and
 * the shell and what it runs end in the container.
 */
class ConsoleStopTest {
  private static final String NAME = "slipway-test-console-stop-" + Long.toHexString(System.nanoTime());

  @Test
  void stoppingSlipwayEndsOpenConsolesAndTheirShells() throws Exception {
    DockerEngine.require();
    Vertx vertx = Vertx.vertx();
    try (Chromium chromium = Chromium.launch()) {
      SlipwayServer slipway = SlipwayServer.start(vertx);
      JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", DockerEngine.BUSYBOX).put("name", NAME)
          .put("command", new JsonArray().add("sh").add("-c").add("trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done")));
      String container = slipway.awaitJob(job.getString("id"), 60, j -> "running".equals(j.getString("state"))
          && j.getString("containerId") != null).getString("containerId");
      Page page = chromium.newPage(slipway.port);
      Chromium.login(page, slipway.port);
      page.navigate("/containers/" + container + "/console");
      page.waitForFunction("() => document.querySelector('[data-console-status]').textContent === 'connected'");
      page.keyboard().type("sleep 778");
      page.keyboard().press("Enter");
      awaitPs(container, true);

      vertx.close().await(60, TimeUnit.SECONDS);

      page.waitForFunction("() => document.querySelector('[data-console-status]').textContent"
          + ".startsWith('ended: Slipway is stopping')");
      awaitPs(container, false);
      assertThat(DockerEngine.client().inspectContainerCmd(container).exec().getState().getRunning())
          .as("the container itself keeps running").isTrue();
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
      DockerEngine.removeContainer(NAME);
    }
  }

  @Test
  void aConsoleWithNeitherInputNorOutputForTheIdleLimitEnds() throws Exception {
    DockerEngine.require();
    Vertx vertx = Vertx.vertx();
    String name = NAME + "-idle";
    try (Chromium chromium = Chromium.launch()) {
      SlipwayServer slipway = SlipwayServer.start(vertx, new JsonObject().put(Config.CONSOLE_IDLE, 3));
      JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", DockerEngine.BUSYBOX).put("name", name)
          .put("command", new JsonArray().add("sh").add("-c").add("trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done")));
      String container = slipway.awaitJob(job.getString("id"), 60, j -> "running".equals(j.getString("state"))
          && j.getString("containerId") != null).getString("containerId");
      Page page = chromium.newPage(slipway.port);
      Chromium.login(page, slipway.port);
      page.navigate("/containers/" + container + "/console");
      page.waitForFunction("() => document.querySelector('[data-console-status]').textContent === 'connected'");
      page.keyboard().type("sleep 779 &");
      page.keyboard().press("Enter");
      long typed = System.nanoTime();

      page.waitForFunction("() => document.querySelector('[data-console-status]').textContent"
          + " === 'ended: no input or output for 3 s'");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - typed)).isGreaterThanOrEqualTo(2_500);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (ps(container).contains("sleep 779")) {
        assertThat(System.nanoTime()).as("what the shell started ends with it").isLessThan(deadline);
        SlipwayServer.sleep(200);
      }
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
      DockerEngine.removeContainer(name);
    }
  }

  private static void awaitPs(String container, boolean present) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (ps(container).contains("sleep 778") != present) {
      assertThat(System.nanoTime()).as("sleep 778 " + (present ? "started" : "ended") + ":\n" + ps(container))
          .isLessThan(deadline);
      SlipwayServer.sleep(200);
    }
  }

  private static String ps(String container) {
    String exec = DockerEngine.client().execCreateCmd(container).withCmd("ps").withAttachStdout(true).exec().getId();
    StringBuilder out = new StringBuilder();
    try {
      DockerEngine.client().execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame frame) {
          out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
      }).awaitCompletion(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return out.toString();
  }
}
