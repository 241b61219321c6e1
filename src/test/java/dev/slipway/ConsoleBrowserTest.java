package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.microsoft.playwright.Page;
import dev.slipway.domain.Role;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.RawHttp;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console in a real Chromium against a real engine: an operator opens a shell in a container Slipway runs, types
 * (UTF-8 both ways, also a character whose bytes arrive apart), resizes it, and closing the page ends the shell and
 * what it started in the container. Viewers, foreign pages and unknown containers are refused, clearly.
 */
@ExtendWith(VertxExtension.class)
class ConsoleBrowserTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String NAME = "slipway-test-console-" + SUFFIX;
  private static final String STATUS = "[data-console-status]";
  private static final String FOREIGN = "slipway-test-console-foreign-" + SUFFIX;
  private static SlipwayServer slipway;
  private static Chromium chromium;
  private static SlipwayServer.User operator;
  private static String containerId;
  private static String jobId;
  private Page page;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
    operator = slipway.createUser(Role.OPERATOR);
    JsonObject job = slipway.submit("/api/runs", new JsonObject().put("image", DockerEngine.BUSYBOX).put("name", NAME)
        .put("command", new JsonArray().add("sh").add("-c").add("trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done")));
    jobId = job.getString("id");
    containerId = slipway.awaitJob(jobId, 60, j -> j.getString("containerId") != null
        && "running".equals(j.getString("state"))).getString("containerId");
    chromium = Chromium.launch();
  }

  @AfterEach
  void closePage() {
    if (page != null) {
      page.context().close();
    }
  }

  @AfterAll
  static void cleanUp() {
    if (chromium != null) {
      chromium.close();
    }
    DockerEngine.removeContainer(NAME);
    DockerEngine.removeContainer(FOREIGN);
  }

  @Test
  void anOperatorTypesInAShellAndClosingThePageEndsItInTheContainer() {
    page = chromium.newPage(slipway.port);
    Chromium.login(page, slipway.port, operator.name(), operator.password());
    page.navigate("/containers");
    page.getByLabel("Console of " + NAME).click();
    page.waitForURL("**/containers/" + containerId + "/console?node=local");
    awaitStatus("connected");
    Chromium.screenshot(page, "console");

    typeLine("echo héllo-$((6*7))");
    awaitScreen("héllo-42");
    // The two bytes of é leave the container a second apart, in two frames: the browser still shows one é.
    typeLine("printf 'sp\\303'; sleep 1; printf '\\251t\\n'");
    awaitScreen("spét");

    // A flood of output passes through the bounded window to the end, in order.
    typeLine("seq 1 100000; echo flood-done");
    page.waitForFunction("() => [...document.querySelectorAll('.xterm-rows > div')].some(r => r.textContent.trim()"
        + " === 'flood-done')", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
    assertThat(screen()).contains("99999\n100000\nflood-done");

    typeLine("stty size");
    String before = page.getAttribute("[data-console]", "data-size");
    awaitScreen(before);
    page.setViewportSize(700, 500);
    page.waitForFunction("s => document.querySelector('[data-console]').dataset.size !== s", before);
    String after = page.getAttribute("[data-console]", "data-size");
    // The new size reaches the engine beside the typing, not in its order: ask until the shell has it.
    for (int i = 0; i < 20 && !screen().contains(after); i++) {
      typeLine("clear; stty size");
      SlipwayServer.sleep(300);
    }
    awaitScreen(after);
    assertThat(after).isNotEqualTo(before);

    typeLine("echo shell-pid-$$");
    String pid = matchOnScreen("shell-pid-(\\d+)");
    typeLine("sleep 777");
    awaitInContainer("ps", "sleep 777", true);
    page.context().close();
    page = null;

    awaitInContainer("ps", "sleep 777", false);
    assertThat(inContainer("test -d /proc/" + pid + " && echo alive || echo gone")).contains("gone");
    JsonArray audit = awaitAudit("container.console.end");
    assertThat(audit.encode()).contains("\"user\":\"" + operator.name() + "\"").contains(NAME)
        .contains("the page was closed").doesNotContain("héllo").doesNotContain("sleep 777");
  }

  @Test
  void theShellsEndIsShownAndAnUnknownContainerIsAClearError() {
    page = chromium.newPage(slipway.port);
    Chromium.login(page, slipway.port);
    page.navigate("/jobs/" + jobId);
    page.click("a.console");
    page.waitForURL("**/containers/" + containerId + "/console?node=local");
    awaitStatus("connected");
    page.setViewportSize(390, 800);
    page.waitForFunction("() => document.documentElement.scrollWidth <= 390");
    Chromium.screenshot(page, "console-390");
    typeLine("exit 3");
    awaitStatus("ended: the shell exited (exit code 3)");

    assertThat(page.navigate("/containers/no-such-" + SUFFIX + "/console").status()).isEqualTo(404);
    assertThat(page.content()).contains("there is no container 'no-such-" + SUFFIX + "' on node local");
    Object closed = page.evaluate("id => new Promise(done => { const s = new WebSocket('ws://' + location.host"
        + " + '/containers/' + id + '/console/socket'); s.onclose = e => done(e.code + ' ' + e.reason); })",
        "no-such-" + SUFFIX);
    assertThat(closed.toString()).startsWith("4404 ").contains("no-such-" + SUFFIX);
  }

  @Test
  void aUserHasAtMostFourConsolesOpenAtOnce() {
    SlipwayServer.User busy = slipway.createUser(Role.OPERATOR);
    page = chromium.newPage(slipway.port);
    Chromium.login(page, slipway.port, busy.name(), busy.password());
    page.navigate("/containers/" + containerId + "/console");
    awaitStatus("connected");
    Object opened = page.evaluate("async id => {"
        + "  const open = () => new Promise(done => {"
        + "    const s = new WebSocket('ws://' + location.host + '/containers/' + id + '/console/socket');"
        + "    s.onmessage = e => { if (typeof e.data === 'string' && JSON.parse(e.data).state === 'connected') done([s, 'connected']); };"
        + "    s.onclose = e => done([s, e.code + ' ' + e.reason]); });"
        + "  const results = [], sockets = [];"
        + "  for (let i = 0; i < 4; i++) { const [s, r] = await open(); sockets.push(s); results.push(r); }"
        + "  sockets[0].close();"
        + "  let again = 'not tried';"
        + "  for (let i = 0; i < 20 && again !== 'connected'; i++) {"
        + "    await new Promise(r => setTimeout(r, 200)); const [s, r] = await open(); again = r; sockets.push(s); }"
        + "  results.push(again); return results; }", containerId);
    // The page's own console, three more, a fifth refused; once one is closed, another may open.
    assertThat(((List<?>) opened).stream().map(String::valueOf).toList()).containsExactly("connected", "connected",
        "connected", "4429 " + busy.name() + " has 4 consoles open already: close one first", "connected");
  }

  @Test
  void anOperatorGetsNoConsoleInAContainerSlipwayDidNotStart() {
    String foreign = FOREIGN;
    // Started straight on the engine, as a teammate's container would be.
    String id = DockerEngine.client().createContainerCmd(DockerEngine.BUSYBOX).withName(foreign)
        .withCmd("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done").exec().getId();
    DockerEngine.client().startContainerCmd(foreign).exec();
    page = chromium.newPage(slipway.port);
    Chromium.login(page, slipway.port, operator.name(), operator.password());
    page.navigate("/containers/" + foreign + "/console");
    awaitStatus("ended: container " + foreign + " was not started by this Slipway: only an admin may open a console in it");
    assertThat(inContainer(foreign, "ps")).doesNotContain("SLIPWAY").doesNotContain("bash");
    awaitAudit(e -> "container.console".equals(e.getString("action")) && id.equals(e.getString("target"))
        && "denied".equals(e.getString("outcome")) && operator.name().equals(e.getString("user")));
  }

  @Test
  void aViewerGetsNoConsole() {
    SlipwayServer.User viewer = slipway.createUser(Role.VIEWER);
    assertThat(SlipwayServer.await(slipway.as(viewer).get("/containers/" + containerId + "/console").send())
        .statusCode()).isEqualTo(403);
    RawHttp.Response socket = RawHttp.exchange(slipway.port, upgrade(viewer.authorization(), slipway.origin()),
        new byte[0], 20);
    assertThat(socket.status()).isEqualTo(403);

    page = chromium.newPage(slipway.port);
    Chromium.login(page, slipway.port, viewer.name(), viewer.password());
    page.navigate("/containers");
    assertThat(page.getByLabel("Console of " + NAME).isVisible()).isFalse();
    assertThat(page.navigate("/containers/" + containerId + "/console").status()).isEqualTo(403);
  }

  @Test
  void aWebSocketFromAnotherOriginIsRefused() {
    for (String origin : List.of("http://evil.example", "http://127.0.0.1:1")) {
      RawHttp.Response refused = RawHttp.exchange(slipway.port, upgrade(SlipwayServer.ADMIN_AUTHORIZATION, origin),
          new byte[0], 20);
      assertThat(refused.status()).as(origin).isEqualTo(403);
      assertThat(refused.body()).contains("must come from Slipway's own page");
    }
    assertThat(RawHttp.exchange(slipway.port, upgrade(SlipwayServer.ADMIN_AUTHORIZATION, null), new byte[0], 20)
        .status()).isEqualTo(403);
  }

  private static String upgrade(String authorization, String origin) {
    return "GET /containers/" + containerId + "/console/socket HTTP/1.1\r\nHost: 127.0.0.1:" + slipway.port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: " + authorization
        + (origin == null ? "" : "\r\nOrigin: " + origin);
  }

  private void typeLine(String line) {
    page.keyboard().type(line);
    page.keyboard().press("Enter");
  }

  private void awaitStatus(String text) {
    page.waitForFunction("([sel, t]) => document.querySelector(sel).textContent.startsWith(t)",
        List.of(STATUS, text));
  }

  private String screen() {
    return (String) page.evaluate("() => [...document.querySelectorAll('.xterm-rows > div')]"
        + ".map(r => r.textContent).join('\\n')");
  }

  private void awaitScreen(String text) {
    page.waitForFunction("t => [...document.querySelectorAll('.xterm-rows > div')].some(r => r.textContent.trim()"
        + " === t)", text);
  }

  private String matchOnScreen(String regex) {
    page.waitForFunction("re => [...document.querySelectorAll('.xterm-rows > div')].some(r => new RegExp('^' + re"
        + " + '$').test(r.textContent.trim()))", regex);
    Matcher m = Pattern.compile("(?m)^" + regex + "\\s*$").matcher(screen());
    assertThat(m.find()).as(screen()).isTrue();
    return m.group(1);
  }

  private static void awaitInContainer(String command, String text, boolean present) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (inContainer(command).contains(text) != present) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("'" + text + "' " + (present ? "never appeared" : "is still there") + " in "
            + command + ":\n" + inContainer(command));
      }
      SlipwayServer.sleep(200);
    }
  }

  /** What {@code sh -c command} prints in the container, run straight on the engine. */
  private static String inContainer(String command) {
    return inContainer(containerId, command);
  }

  private static String inContainer(String container, String command) {
    String exec = DockerEngine.client().execCreateCmd(container).withCmd("sh", "-c", command)
        .withAttachStdout(true).withAttachStderr(true).exec().getId();
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

  private static JsonArray awaitAudit(String action) {
    return awaitAudit(e -> action.equals(e.getString("action")));
  }

  /** The console entries of the audit log, once one of them matches. */
  private static JsonArray awaitAudit(java.util.function.Predicate<JsonObject> wanted) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      JsonArray entries = slipway.get("/api/audit?size=500").bodyAsJsonObject().getJsonArray("entries");
      JsonArray console = new JsonArray(entries.stream().map(e -> (JsonObject) e)
          .filter(e -> e.getString("action", "").startsWith("container.console")).map(e -> (Object) e).toList());
      if (console.stream().anyMatch(e -> wanted.test((JsonObject) e))) {
        return console;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not in the audit log: " + entries.encodePrettily());
      }
      SlipwayServer.sleep(200);
    }
  }

}
