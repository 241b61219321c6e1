package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.LogCapture;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.Tars;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Container output is hostile: secrets are masked everywhere, and odd lines arrive exactly and render inert. */
@ExtendWith(VertxExtension.class)
class OutputSafetyTest {
  private static final String SECRET = "s3cr3t-Pa55-" + Long.toHexString(System.nanoTime());
  private static final String LEAKY = "slipway-test/leaky:safety";
  private static final String ODD = "slipway-test/odd:safety";
  private static final String LONG = "x".repeat(100 * 1024);
  private static final List<String> ODD_LINES = List.of(
      "héllo wörld ✓ 日本語 🚀 ÿ",
      "\u001B[1;31mred\u001B[0m and \u001B[32mgreen\u001B[0m",
      "<script>window.__pwned=1</script><img src=x onerror=alert(1)>",
      "",
      "tab\there & \"quotes\" 'single'",
      LONG,
      "after the long line");
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(LEAKY, "echo \"the secret is $PASSWORD\"; echo \"$PASSWORD\" >&2; echo \"x${PASSWORD}${PASSWORD}x\"");
    TestImages.build(ODD, Tars.builder()
        .file("Dockerfile", "FROM " + DockerEngine.BUSYBOX + "\nCOPY lines.txt /lines.txt\nCMD [\"cat\", \"/lines.txt\"]\n")
        .file("lines.txt", String.join("\n", ODD_LINES) + "\n")
        .bytes());
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(LEAKY);
    TestImages.remove(ODD);
  }

  @Test
  void aSecretThatTheContainerPrintsIsMaskedEverywhere() {
    try (LogCapture serverLog = new LogCapture()) {
      JsonObject job = run(new JsonObject().put("image", LEAKY).put("env", new JsonObject().put("PUBLIC", "visible"))
          .put("secretEnv", new JsonObject().put("PASSWORD", SECRET)));
      String id = job.getString("id");
      JsonObject done = slipway.awaitEnd(id, 60);
      SseClient.Result api = follow("/api/jobs/" + id + "/events");
      SseClient.Result html = follow("/jobs/" + id + "/stream");

      assertThat(done.getString("state")).isEqualTo("succeeded");
      assertThat(api.named("log")).extracting(SseClient.Event::data)
          .containsExactlyInAnyOrder("the secret is ••••", "••••", "x••••••••x");
      assertThat(done.getJsonObject("run").getJsonObject("secretEnv")).isEqualTo(new JsonObject().put("PASSWORD", "••••"));
      assertThat(done.getJsonObject("run").getJsonObject("env").getString("PUBLIC")).isEqualTo("visible");
      List<String> everywhere = List.of(job.encode(), done.encode(), slipway.log(id), api.events().toString(),
          html.events().toString(), slipway.get("/api/jobs").bodyAsString(), slipway.get("/jobs/" + id).bodyAsString(),
          slipway.get("/api/containers").bodyAsString(), slipway.get("/containers").bodyAsString(),
          String.join("\n", serverLog.messages()));
      assertThat(everywhere).allSatisfy(text -> assertThat(text).doesNotContain(SECRET));
    }
  }

  @Test
  void oddLinesArriveExactlyOverTheApi() {
    String id = run(new JsonObject().put("image", ODD)).getString("id");
    slipway.awaitEnd(id, 60);

    SseClient.Result api = follow("/api/jobs/" + id + "/events");
    assertThat(api.named("log")).extracting(SseClient.Event::data).containsExactlyElementsOf(ODD_LINES);
    assertThat(slipway.log(id)).isEqualTo(String.join("\n", ODD_LINES) + "\n");
  }

  @Test
  void oddLinesRenderAsInertEscapedTextInTheDashboard() {
    String id = run(new JsonObject().put("image", ODD)).getString("id");
    slipway.awaitEnd(id, 60);

    List<String> fragments = follow("/jobs/" + id + "/stream").named("log").stream().map(SseClient.Event::data).toList();
    String html = String.join("\n", fragments);
    assertThat(html.split("<div class=\"ln ", -1)).as("one div per line, over however many events")
        .hasSize(ODD_LINES.size() + 1);
    assertThat(html).contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain("<script>", "<img", "\u001B")
        .contains("red and green", "héllo wörld ✓ 日本語 🚀 ÿ", LONG, "tab\there &amp; \"quotes\"");
    assertThat(fragments.get(0)).startsWith("<div class=\"ln stdout\" id=\"L1\" data-n=\"1\">");
  }

  private static SseClient.Result follow(String path) {
    return SlipwayServer.await(SseClient.read(slipway.vertx, slipway.port, path, null, e -> false));
  }

  private static JsonObject run(JsonObject request) {
    String name = "slipway-test-safety-" + Long.toHexString(System.nanoTime());
    CONTAINERS.add(name);
    return slipway.submit("/api/runs", request.put("name", name));
  }
}
