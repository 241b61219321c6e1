package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job history: 62 real jobs (runs that succeed and fail, by two users, and builds), filtered by kind, state,
 * user, app or image and text, 50 a page, newest first, through {@code GET /api/jobs?…} and the History page.
 */
@ExtendWith(VertxExtension.class)
class HistoryTest {
  private static final String OK_IMAGE = "slipway-test/history-ok:1";
  private static final String FAIL_IMAGE = "slipway-test/history-fail:1";
  private static final List<String> HELLO_TAGS = List.of("slipway-test/history-hello:a", "slipway-test/history-hello:b");
  private static final String NEEDLE = "needle-" + UUID.randomUUID().toString().substring(0, 8);
  private static final Pattern ROW = Pattern.compile("<tr data-job=\"([0-9a-f-]{36})\"");

  private static SlipwayServer slipway;
  private static SlipwayServer.User operator;
  private static final List<String> all = new ArrayList<>();

  @BeforeAll
  static void makeSixtyTwoJobs(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(OK_IMAGE, "echo fine");
    TestImages.shell(FAIL_IMAGE, "echo broken; exit 3");
    slipway = SlipwayServer.start(vertx);
    operator = slipway.createUser(Role.OPERATOR);
    runs(25, new JsonObject().put("image", OK_IMAGE), null);
    runs(10, new JsonObject().put("image", FAIL_IMAGE), null);
    runs(15, new JsonObject().put("image", OK_IMAGE).put("env", new JsonObject().put("MARKER", NEEDLE)), operator);
    List<String> builds = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      builds.add(slipway.submit("/api/builds", new JsonObject().put("app", "hello").put("tag", HELLO_TAGS.get(i % 2)))
          .getString("id"));
    }
    builds.forEach(id -> assertThat(slipway.awaitEnd(id, 120).getString("state")).isEqualTo("succeeded"));
    all.addAll(builds);
  }

  /** Submits {@code count} runs in waves (within the per-user limit of running containers), each to its end. */
  private static void runs(int count, JsonObject body, SlipwayServer.User as) {
    for (int done = 0; done < count; done += 5) {
      List<String> wave = new ArrayList<>();
      for (int i = done; i < Math.min(count, done + 5); i++) {
        HttpResponse<Buffer> response = as == null ? slipway.postJson("/api/runs", body)
            : SlipwayServer.await(slipway.as(as).post("/api/runs").sendJsonObject(body));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
        wave.add(response.bodyAsJsonObject().getString("id"));
      }
      wave.forEach(id -> slipway.awaitEnd(id, 60));
      all.addAll(wave);
    }
  }

  @AfterAll
  static void cleanUp() {
    for (String id : all) {
      String container = slipway.job(id).getString("containerId");
      if (container != null) {
        DockerEngine.removeContainer(container);
      }
    }
    HELLO_TAGS.forEach(TestImages::remove);
    List.of(OK_IMAGE, FAIL_IMAGE).forEach(TestImages::remove);
  }

  @Test
  void theApiPagesFiftyAtATimeNewestFirstWithTheTotalInAHeader() {
    HttpResponse<Buffer> first = slipway.get("/api/jobs");
    HttpResponse<Buffer> second = slipway.get("/api/jobs?page=1");
    HttpResponse<Buffer> beyond = slipway.get("/api/jobs?page=2");

    assertThat(first.getHeader("X-Total-Count")).isEqualTo("62");
    assertThat(second.getHeader("X-Total-Count")).isEqualTo("62");
    assertThat(ids(first)).hasSize(50);
    assertThat(ids(second)).hasSize(12);
    assertThat(ids(beyond)).isEmpty();
    List<String> both = new ArrayList<>(ids(first));
    both.addAll(ids(second));
    assertThat(both).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    assertThat(createdAt(slipway.get("/api/jobs?size=200").bodyAsJsonArray()))
        .isSortedAccordingTo((a, b) -> b.compareTo(a));
    List<String> everything = ids(slipway.get("/api/jobs?size=200"));
    assertThat(ids(slipway.get("/api/jobs?size=5&page=3"))).isEqualTo(everything.subList(15, 20));
    assertThat(ids(slipway.get("/api/jobs?size=50&page=1"))).isEqualTo(everything.subList(50, 62));
  }

  @Test
  void filtersCombineAndTheTotalCountsOnlyWhatMatches() {
    assertThat(matching("kind=build")).hasSize(12).allMatch(j -> j.getString("kind").equals("build"));
    assertThat(matching("kind=run&state=failed")).hasSize(10)
        .allMatch(j -> j.getJsonObject("run").getString("image").equals(FAIL_IMAGE));
    assertThat(matching("user=" + operator.name())).hasSize(15).allMatch(j -> j.getString("user").equals(operator.name()));
    assertThat(matching("user=" + operator.name() + "&state=failed")).isEmpty();
    assertThat(matching("target=history-fail")).hasSize(10);
    assertThat(matching("target=HELLO")).as("app or image, any case").hasSize(12);
    assertThat(matching("target=history-hello%3Ab&kind=build")).hasSize(6);
    assertThat(matching("q=" + NEEDLE)).as("text in the parameters").hasSize(15);
    assertThat(matching("q=" + NEEDLE + "&kind=build")).isEmpty();
    String one = all.get(7);
    assertThat(matching("q=" + one.substring(0, 13))).extracting(j -> j.getString("id")).containsExactly(one);
    HttpResponse<Buffer> runs = slipway.get("/api/jobs?kind=run");
    assertThat(runs.getHeader("X-Total-Count")).isEqualTo("50");
    assertThat(ids(runs)).hasSize(50);
    assertThat(ids(slipway.get("/api/jobs?kind=run&page=1"))).as("exactly one full page").isEmpty();
    assertThat(slipway.get("/api/jobs?state=failed&size=3").getHeader("X-Total-Count")).isEqualTo("10");
  }

  @Test
  void aWrongFilterIsA400SayingWhatIsAllowed() {
    Refusals.assertError(slipway.get("/api/jobs?kind=deploy"), 400, "kind is build|run|launch");
    Refusals.assertError(slipway.get("/api/jobs?state=done"), 400, "state is queued|running");
    Refusals.assertError(slipway.get("/api/jobs?page=-1"), 400, "page must be 0 or more");
    Refusals.assertError(slipway.get("/api/jobs?size=500"), 400, "size 1 to 200");
    Refusals.assertError(slipway.get("/api/jobs?page=two"), 400, "page and size are numbers");
  }

  @Test
  void theHistoryPageShowsFiftyJobsAPageWithLinksThatKeepTheFilters() {
    String first = html("/history");
    assertThat(rows(first)).hasSize(50).isEqualTo(ids(slipway.get("/api/jobs")));
    assertThat(first).contains("Jobs 1–50 of 62", "Page 1 of 2", "href=\"/history?page=1\" rel=\"next\"")
        .doesNotContain("rel=\"prev\"").contains("<a href=\"/history\" aria-current=\"page\">History</a>");

    String second = html("/history?page=1");
    assertThat(rows(second)).hasSize(12).isEqualTo(ids(slipway.get("/api/jobs?page=1")));
    assertThat(second).contains("Jobs 51–62 of 62", "Page 2 of 2", "href=\"/history\" rel=\"prev\"")
        .doesNotContain("rel=\"next\"");

    String failed = html("/history?kind=run&state=failed");
    assertThat(rows(failed)).hasSize(10);
    assertThat(failed).contains("<option selected>run</option>", "<option selected>failed</option>")
        .doesNotContain("class=\"pager\"");

    String runs = html("/history?kind=run&user=" + operator.name() + "&q=" + NEEDLE + "&target=history-ok");
    assertThat(rows(runs)).hasSize(15);
    assertThat(runs).contains("name=\"user\" value=\"" + operator.name() + "\"", "name=\"q\" value=\"" + NEEDLE + "\"",
        "name=\"target\" value=\"history-ok\"");

    String builds = html("/history?size=5&kind=build&page=1");
    assertThat(rows(builds)).as("the page's size is always 50").isEmpty();
    assertThat(builds).contains("No jobs on this page: <a href=\"/history?kind=build\">back</a>");
  }

  @Test
  void theHistoryPageEscapesWhatWasTypedAndKeepsItInItsLinks() {
    String page = html("/history?q=%3Cb%3Ex%22&kind=run");
    assertThat(page).contains("name=\"q\" value=\"&lt;b>x&#34;\"").doesNotContain("<b>x");
    assertThat(page).contains("No job matches these filters.");
    String many = html("/history?q=slipway&target=history");
    assertThat(many).contains("href=\"/history?target=history&amp;q=slipway&amp;page=1\" rel=\"next\"");
  }

  @Test
  void htmxGetsTheResultsAndAHistoryRestoreGetsTheWholePage() {
    String swap = SlipwayServer.await(slipway.http.get("/history?state=failed").putHeader("HX-Request", "true")
        .putHeader("HX-Target", "history-results").send()).bodyAsString();
    assertThat(swap).contains("id=\"history-results\"").doesNotContain("<html");
    assertThat(rows(swap)).hasSize(10);
    String restore = SlipwayServer.await(slipway.http.get("/history?state=failed").putHeader("HX-Request", "true")
        .putHeader("HX-History-Restore-Request", "true").send()).bodyAsString();
    assertThat(restore).contains("<html", "<nav aria-label=\"Main\">", "id=\"history-results\"");
  }

  private static List<JsonObject> matching(String query) {
    HttpResponse<Buffer> response = slipway.get("/api/jobs?size=200&" + query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    List<JsonObject> jobs = response.bodyAsJsonArray().stream().map(JsonObject.class::cast).toList();
    assertThat(response.getHeader("X-Total-Count")).isEqualTo(String.valueOf(jobs.size()));
    return jobs;
  }

  private static List<String> ids(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonArray().stream().map(j -> ((JsonObject) j).getString("id")).toList();
  }

  private static List<Instant> createdAt(JsonArray jobs) {
    return jobs.stream().map(j -> Instant.parse(((JsonObject) j).getString("createdAt"))).collect(Collectors.toList());
  }

  private static String html(String path) {
    HttpResponse<Buffer> response = slipway.get(path);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsString();
  }

  private static List<String> rows(String html) {
    List<String> ids = new ArrayList<>();
    Matcher m = ROW.matcher(html);
    while (m.find()) {
      ids.add(m.group(1));
    }
    Set<String> unique = new HashSet<>(ids);
    assertThat(unique).hasSameSizeAs(ids);
    return ids;
  }
}
