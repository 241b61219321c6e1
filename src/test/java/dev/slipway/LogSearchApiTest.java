package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /api/jobs/{id}/log?q=}: the lines of a job's stored log that match a text or a regular expression, as
 * {@code [{"n", "text"}]}, for every signed-in role, bounded in lines and in time.
 */
@ExtendWith(VertxExtension.class)
class LogSearchApiTest {
  private static final String CONTAINER = "slipway-test-search-api-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String SECRET = "hunter2-" + UUID.randomUUID();
  private static final String SCRIPT = "echo 'Step 1/3 : FROM busybox'; echo 'error: disk full'; echo 'ERROR again';"
      + " echo 'no problem'; seq 1 3000 | sed 's/^/line /'; echo \"the password is $PASSWORD\";"
      + " for i in 1 2 3; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!; done";

  private static SlipwayServer slipway;
  private static String job;
  /** The stored log as plain text, line N at index N - 1: what every answer is checked against. */
  private static List<String> log;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
    job = slipway.submit("/api/runs", new JsonObject().put("image", DockerEngine.BUSYBOX).put("name", CONTAINER)
        .put("command", new JsonArray().add("sh").add("-c").add(SCRIPT))
        .put("secretEnv", new JsonObject().put("PASSWORD", SECRET))).getString("id");
    assertThat(slipway.awaitEnd(job, 60).getString("state")).isEqualTo("succeeded");
    log = List.of(slipway.log(job).split("\n"));
  }

  @AfterAll
  static void stop() {
    DockerEngine.removeContainer(CONTAINER);
  }

  private static HttpResponse<Buffer> search(String query) {
    return slipway.get("/api/jobs/" + job + "/log?" + query);
  }

  private static String q(String text) {
    return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** The stored lines that {@code matches}, in the answer's shape. */
  private static JsonArray expected(Predicate<String> matches) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < log.size(); i++) {
      if (matches.test(log.get(i))) {
        out.add(new JsonObject().put("n", i + 1).put("text", log.get(i)));
      }
    }
    return out;
  }

  @Test
  void aTextFindsTheLinesHoldingItInAnyCase() {
    HttpResponse<Buffer> found = search(q("ERROR"));

    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.getHeader("Content-Type")).startsWith("application/json");
    assertThat(found.bodyAsJsonArray()).isEqualTo(expected(line -> line.toLowerCase().contains("error")))
        .hasSize(2);
    assertThat(found.getHeader("X-Truncated")).isEqualTo("false");
    assertThat(found.getHeader("X-Next-After")).isNull();
  }

  @Test
  void matchCaseAndRegularExpressionsNarrowItDown() {
    assertThat(search(q("ERROR") + "&matchCase=true").bodyAsJsonArray())
        .isEqualTo(expected(line -> line.contains("ERROR"))).hasSize(1);
    assertThat(search(q("^line 29\\d\\d$") + "&regex=true").bodyAsJsonArray())
        .isEqualTo(expected(line -> line.matches("line 29\\d\\d"))).hasSize(100);
    assertThat(search(q("^LINE 7$") + "&regex=true").bodyAsJsonArray()).isEqualTo(expected(line -> line.equals("line 7")));
    assertThat(search(q("^LINE 7$") + "&regex=true&matchCase=true").bodyAsJsonArray()).isEmpty();
    assertThat(search(q("^line 7$")).bodyAsJsonArray()).as("without regex=true it is a text").isEmpty();
  }

  @Test
  void noMatchIsAnEmptyList() {
    HttpResponse<Buffer> found = search(q("warning"));
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.bodyAsJsonArray()).isEmpty();
    assertThat(found.getHeader("X-Truncated")).isEqualTo("false");
  }

  @Test
  void aBadPatternOrParameterIsA400SayingWhatIsWrong() {
    HttpResponse<Buffer> bad = search(q("(unclosed") + "&regex=true");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("error", "the regular expression is not valid: unclosed group at the end"));
    assertThat(search(q("x") + "&regex=maybe").bodyAsJsonObject().getString("error"))
        .isEqualTo("regex must be true or false, not 'maybe'");
    assertThat(search("q=").bodyAsJsonObject().getString("error")).isEqualTo("give the text to search for (q)");
    assertThat(search(q("x") + "&limit=0").bodyAsJsonObject().getString("error")).isEqualTo("limit must be 1 to 1000");
    assertThat(search(q("x") + "&after=-1").statusCode()).isEqualTo(400);
    assertThat(slipway.get("/api/jobs/" + UUID.randomUUID() + "/log?q=x").statusCode()).isEqualTo(404);
  }

  @Test
  void aCatastrophicPatternStopsAtTheTimeBudgetWhileTheServerGoesOnAnswering() {
    long start = System.nanoTime();
    Future<HttpResponse<Buffer>> slow = slipway.http.get("/api/jobs/" + job + "/log?" + q("(a+)+\\1$")
        + "&regex=true").send();
    SlipwayServer.sleep(300);
    List<Long> others = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long asked = System.nanoTime();
      assertThat(slipway.get("/api/jobs/" + job).statusCode()).isEqualTo(200);
      assertThat(search(q("disk full")).bodyAsJsonArray()).as("another search on the pool's other thread").hasSize(1);
      others.add((System.nanoTime() - asked) / 1_000_000);
    }
    HttpResponse<Buffer> answer = SlipwayServer.await(slow);
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.getHeader("X-Truncated")).isEqualTo("true");
    assertThat(answer.getHeader("X-Stopped-By")).isEqualTo("time");
    int first = expected(line -> line.startsWith("aaaa")).getJsonObject(0).getInteger("n");
    assertThat(answer.getHeader("X-Next-After")).as("the last line it searched whole").isEqualTo(String.valueOf(first - 1));
    assertThat(tookMs).as("stopped at its budget of 5 s, not after 2^40 steps").isBetween(4_500L, 9_000L);
    assertThat(others).as("other requests were answered meanwhile").allMatch(ms -> ms < 2_000);
  }

  @Test
  void anAnswerIsBoundedAndSaysWhereTheNextOneGoesOn() {
    HttpResponse<Buffer> first = search(q("line ") + "&limit=10");
    JsonArray lines = expected(line -> line.startsWith("line "));
    assertThat(first.bodyAsJsonArray()).isEqualTo(new JsonArray(lines.getList().subList(0, 10)));
    assertThat(first.getHeader("X-Truncated")).isEqualTo("true");
    assertThat(first.getHeader("X-Stopped-By")).isEqualTo("matches");
    long next = lines.getJsonObject(9).getLong("n");
    assertThat(first.getHeader("X-Next-After")).isEqualTo(String.valueOf(next));

    assertThat(search(q("line ") + "&limit=10&after=" + next).bodyAsJsonArray())
        .isEqualTo(new JsonArray(lines.getList().subList(10, 20)));
    HttpResponse<Buffer> most = search(q("line "));
    assertThat(most.bodyAsJsonArray()).hasSize(1000);
    assertThat(most.getHeader("X-Truncated")).isEqualTo("true");
  }

  @Test
  void aSecretValueCannotBeFoundOnlyItsMask() {
    assertThat(slipway.log(job)).doesNotContain(SECRET);
    assertThat(search(q(SECRET)).bodyAsJsonArray()).isEmpty();
    assertThat(search(q("hunter2")).bodyAsJsonArray()).isEmpty();
    assertThat(search(q("password is ••••")).bodyAsJsonArray())
        .isEqualTo(expected(line -> line.equals("the password is ••••"))).hasSize(1);
  }

  @Test
  void aViewerMaySearchAndNobodyWithoutSigningIn() {
    var viewer = slipway.as(slipway.createUser(Role.VIEWER));
    HttpResponse<Buffer> found = SlipwayServer.await(viewer.get("/api/jobs/" + job + "/log?" + q("disk")).send());
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.bodyAsJsonArray()).hasSize(1);
    HttpResponse<Buffer> anonymous = SlipwayServer.await(slipway.anonymous().get("/api/jobs/" + job + "/log?"
        + q("disk")).send());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.bodyAsString()).doesNotContain("disk");
  }

  @Test
  void otherVerticlesSearchOnThePublicAddressAsTheUserTheyName(Vertx vertx) throws Exception {
    JsonObject body = new JsonObject().put("id", job).put("q", "disk full");
    JsonObject found = vertx.eventBus().<JsonObject>request(Bus.SEARCH, body,
        new DeliveryOptions().addHeader(Bus.USER_HEADER, "admin")).map(Message::body).await(30, TimeUnit.SECONDS);
    int n = expected(line -> line.equals("error: disk full")).getJsonObject(0).getInteger("n");
    assertThat(found).isEqualTo(new JsonObject().put("matches", new JsonArray().add(new JsonObject().put("n", n)
        .put("text", "error: disk full").put("at", new JsonArray().add(new JsonArray().add(7).add(16)))))
        .put("truncated", false));
    Throwable nobody = vertx.eventBus().request(Bus.SEARCH, body).toCompletionStage().toCompletableFuture()
        .handle((ok, e) -> e).get(30, TimeUnit.SECONDS);
    assertThat(nobody).isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(401));
  }
}
