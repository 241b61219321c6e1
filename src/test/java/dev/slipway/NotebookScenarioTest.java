package dev.slipway;

import static dev.slipway.testing.SlipwayServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.TestImages;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reference scenario: build the real python-notebook example, run it with a secret password, log in. */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebookScenarioTest {
  private static final String IMAGE = "slipway-nb/notebook:test";
  private static final String NAME = "slipway-nb-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String GENERATED_NAME = NAME + "-gen";
  private static final String PASSWORD = "Nb!" + randomToken();
  private static final String STARTED = "Jupyter Notebook"; // "[I …] Jupyter Notebook 6.4.12 is running at:"

  private static SlipwayServer slipway;
  private static WebClient web;
  private static JsonObject buildJob;

  @BeforeAll
  static void startSlipwayOnTheRealExamples(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx, new JsonObject()
        .put("appsDir", Path.of("docker/examples").toAbsolutePath().toString()));
    web = WebClient.create(vertx);
  }

  @AfterAll
  static void removeWhatTheScenarioMade() {
    DockerEngine.removeContainer(NAME);
    DockerEngine.removeContainer(GENERATED_NAME);
    TestImages.remove(IMAGE);
  }

  @Test
  @Order(1)
  void listsTheNotebookApp() {
    assertThat(slipway.get("/api/apps").bodyAsJsonArray().stream().map(a -> ((JsonObject) a).getString("name")))
        .contains("python-notebook");
  }

  @Test
  @Order(2)
  void buildsTheNotebookImageThroughTheApi() {
    assertThat(built().getString("state")).as(slipway.log(buildId())).isEqualTo("succeeded");
    assertThat(built().getString("imageId")).isNotBlank()
        .isEqualTo(DockerEngine.client().inspectImageCmd(IMAGE).exec().getId());
  }

  @Test
  @Order(3)
  void runsTheNotebookBehindItsPasswordWithoutEverShowingIt() {
    buildId();
    String id = slipway.submit("/api/runs", new JsonObject().put("image", IMAGE).put("name", NAME)
        .put("ports", new JsonArray().add(":8888")).put("secretEnv", new JsonObject().put("PASSWORD", PASSWORD)))
        .getString("id");
    JsonObject job = slipway.awaitJob(id, 60, j -> !"queued".equals(j.getString("state")));
    assertThat(job.getString("state")).as(slipway.log(id)).isEqualTo("running");
    int port = hostPortOf(job);

    awaitLogContaining(id, "is running at", 60);
    slipway.awaitJob(id, 30, j -> answers(port));
    refusesAWrongPassword(port);
    logsInAndSeesTheNotebookList(port);

    // The mask in the log would mean the entrypoint printed the password and only Slipway hid it.
    String log = awaitLogContaining(id, "302 POST /login", 30);
    assertThat(log).contains(STARTED).doesNotContain(PASSWORD, "••••");
    assertThat(sseText(id, slipway.job(id).getLong("lines"))).contains(STARTED).doesNotContain(PASSWORD);
    for (String path : List.of("/api/jobs/" + id, "/api/jobs", "/api/containers", "/api/jobs/" + buildId() + "/log")) {
      assertThat(slipway.get(path).bodyAsString()).as(path).doesNotContain(PASSWORD);
    }
    assertThat(slipway.job(id).getJsonObject("run").getJsonObject("secretEnv"))
        .isEqualTo(new JsonObject().put("PASSWORD", "••••"));
    cancelsAndRemoves(id, slipway.job(id).getString("containerId"));
  }

  @Test
  @Order(4)
  void withoutAPasswordTheLogOnlySaysWhereTheGeneratedOneIs() throws Exception {
    buildId();
    String id = slipway.submit("/api/runs", new JsonObject().put("image", IMAGE).put("name", GENERATED_NAME))
        .getString("id");
    try {
      String log = awaitLogContaining(id, STARTED, 60);
      String generated = exec(GENERATED_NAME, "cat", "/home/notebook/.jupyter/generated-password").trim();
      assertThat(generated).hasSizeGreaterThanOrEqualTo(20);
      assertThat(log).contains("cat /home/notebook/.jupyter/generated-password").doesNotContain(generated);
    } finally {
      slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject());
      slipway.awaitEnd(id, 30);
      DockerEngine.removeContainer(GENERATED_NAME);
    }
    assertThat(DockerEngine.containerExists(GENERATED_NAME)).isFalse();
  }

  private static String buildId() {
    return built().getString("id");
  }

  /** Builds once through the REST API, for whichever test needs the image first. */
  private static synchronized JsonObject built() {
    if (buildJob == null) {
      String id = slipway.submit("/api/builds", new JsonObject().put("app", "python-notebook").put("tag", IMAGE))
          .getString("id");
      buildJob = slipway.awaitEnd(id, 360);
    }
    return buildJob;
  }

  private static int hostPortOf(JsonObject job) {
    return job.getJsonArray("ports").stream().map(JsonObject.class::cast)
        .filter(p -> p.getInteger("containerPort") == 8888 && p.getInteger("hostPort") != null)
        .map(p -> p.getInteger("hostPort")).findFirst()
        .orElseThrow(() -> new AssertionError("no published host port for 8888: " + job.encode()));
  }

  private static boolean answers(int port) {
    try {
      return await(web.get(port, "127.0.0.1", "/login").timeout(2000).send()).statusCode() == 200;
    } catch (Exception notYet) {
      return false; // the engine's proxy accepts and drops connections until the server listens
    }
  }

  private static void refusesAWrongPassword(int port) {
    HttpResponse<Buffer> response = login(WebClientSession.create(web), port, PASSWORD + "-wrong");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsString()).contains("Invalid credentials");
  }

  private static void logsInAndSeesTheNotebookList(int port) {
    WebClientSession session = WebClientSession.create(web);
    HttpResponse<Buffer> login = login(session, port, PASSWORD);
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.getHeader("Location")).isEqualTo("/tree");
    assertThat(login.cookies()).anyMatch(c -> c.startsWith("username-"));
    HttpResponse<Buffer> tree = await(session.get(port, "127.0.0.1", "/tree").followRedirects(false).send());
    assertThat(tree.statusCode()).isEqualTo(200);
    assertThat(tree.bodyAsString()).contains("<title>Home Page - Select or create a notebook</title>");
  }

  /** Jupyter's form login: the _xsrf cookie from GET /login goes back as a form field and as the cookie. */
  private static HttpResponse<Buffer> login(WebClientSession session, int port, String password) {
    HttpResponse<Buffer> form = await(session.get(port, "127.0.0.1", "/login").send());
    assertThat(form.statusCode()).isEqualTo(200);
    String xsrf = form.cookies().stream().filter(c -> c.startsWith("_xsrf=")).findFirst()
        .map(c -> c.substring("_xsrf=".length()).split(";", 2)[0])
        .orElseThrow(() -> new AssertionError("no _xsrf cookie: " + form.cookies()));
    return await(session.post(port, "127.0.0.1", "/login?next=%2Ftree").followRedirects(false)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("password", password).add("_xsrf", xsrf)));
  }

  private static String awaitLogContaining(String id, String text, int seconds) {
    slipway.awaitJob(id, seconds, j -> slipway.log(id).contains(text));
    return slipway.log(id);
  }

  /** Every SSE event up to log line {@code lines} of the still-running job, as text; then hangs up. */
  private static String sseText(String id, long lines) {
    SseClient.Result sse = await(SseClient.read(slipway.vertx, slipway.port, "/api/jobs/" + id + "/events", null,
        e -> "log".equals(e.event()) && String.valueOf(lines).equals(e.id())));
    assertThat(sse.named("log")).hasSize((int) lines);
    return sse.events().stream().map(e -> e.event() + ": " + e.data()).collect(Collectors.joining("\n"));
  }

  private static void cancelsAndRemoves(String id, String containerId) {
    assertThat(slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    assertThat(slipway.awaitEnd(id, 30).getString("state")).isEqualTo("cancelled");
    assertThat(await(slipway.http.delete("/api/containers/" + containerId).send()).statusCode()).isEqualTo(204);
    assertThat(DockerEngine.containerExists(containerId)).isFalse();
  }

  private static String exec(String container, String... command) throws InterruptedException {
    String execId = DockerEngine.client().execCreateCmd(container).withCmd(command).withAttachStdout(true).exec()
        .getId();
    StringBuilder out = new StringBuilder();
    DockerEngine.client().execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
      }
    }).awaitCompletion(30, TimeUnit.SECONDS);
    return out.toString();
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
