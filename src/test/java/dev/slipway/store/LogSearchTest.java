package dev.slipway.store;

import static dev.slipway.store.LogStoreTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.BadRequest;
import dev.slipway.domain.LogLine;
import dev.slipway.store.LogStores.Kind;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Searching a stored log: the same answers from the files of a single node and from PostgreSQL. */
class LogSearchTest {
  private static LogStores stores;
  private static Vertx vertx;
  @TempDir
  Path dir;
  private final String job = UUID.randomUUID().toString();

  @BeforeAll
  static void start() {
    stores = new LogStores();
    vertx = stores.vertx;
  }

  @AfterAll
  static void stop() throws Exception {
    stores.close();
  }

  private LogStore store(Kind kind) {
    return stores.open(kind, dir);
  }

  private LogStore storeWith(Kind kind, String... texts) {
    LogStore store = store(kind);
    List<LogLine> lines = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      lines.add(new LogLine(i + 1, i % 3 == 2 ? "stderr" : "stdout", texts[i]));
    }
    await(store.append(job, lines));
    return store;
  }

  private JsonObject search(LogStore store, JsonObject query) {
    return await(new LogSearch(vertx, store).find(job, query));
  }

  private static JsonObject q(String q) {
    return new JsonObject().put("q", q);
  }

  private static List<Long> numbers(JsonObject found) {
    return found.getJsonArray("matches").stream().map(m -> ((JsonObject) m).getLong("n")).toList();
  }

  private static final String[] BUILD = {"Step 1/3 : FROM busybox", "error: disk full", "ERROR again",
      "no problem here", "Step 2/3 : RUN make", "an Error in the middle, and another error"};

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aTextMatchesInAnyCaseAndSaysWhereInTheLine(Kind kind) {
    JsonObject found = search(storeWith(kind, BUILD), q("error"));

    assertThat(numbers(found)).containsExactly(2L, 3L, 6L);
    assertThat(found.getJsonArray("matches").getJsonObject(2)).isEqualTo(new JsonObject().put("n", 6L)
        .put("text", BUILD[5]).put("at", new JsonArray("[[3, 8], [36, 41]]")));
    assertThat(found.getBoolean("truncated")).isFalse();
    assertThat(found.containsKey("nextAfter")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void matchCaseMatchesOnlyTheSameCase(Kind kind) {
    LogStore store = storeWith(kind, BUILD);
    assertThat(numbers(search(store, q("error").put("matchCase", true)))).containsExactly(2L, 6L);
    assertThat(numbers(search(store, q("ERROR").put("matchCase", true)))).containsExactly(3L);
    assertThat(numbers(search(store, q("Step [0-9]").put("regex", true).put("matchCase", true))))
        .containsExactly(1L, 5L);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aRegularExpressionIsJavasAndAnyCaseByDefault(Kind kind) {
    LogStore store = storeWith(kind, BUILD);
    assertThat(numbers(search(store, q("^step \\d/\\d : (FROM|RUN)\\b").put("regex", true)))).containsExactly(1L, 5L);
    assertThat(numbers(search(store, q("(?<=an )error").put("regex", true)))).containsExactly(6L);
    assertThat(numbers(search(store, q("step [0-9]")))).as("a text is no pattern").isEmpty();
    JsonObject found = search(store, q("e(rr)or").put("regex", true));
    assertThat(found.getJsonArray("matches").getJsonObject(0).getJsonArray("at")).isEqualTo(new JsonArray("[[0, 5]]"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void nothingMatchingIsAnEmptyAnswerAndAnEmptyLogToo(Kind kind) {
    assertThat(search(storeWith(kind, BUILD), q("warning"))).isEqualTo(new JsonObject()
        .put("matches", new JsonArray()).put("truncated", false));
    assertThat(await(new LogSearch(vertx, store(kind)).find(UUID.randomUUID().toString(), q("x")))
        .getJsonArray("matches")).isEmpty();
  }

  @Test
  void aPatternThatDoesNotCompileIsABadRequestSayingWhereAndANeededTextToo() {
    LogStore store = storeWith(Kind.FILES, BUILD);
    assertThatThrownBy(() -> search(store, q("(unclosed").put("regex", true))).hasRootCauseInstanceOf(BadRequest.class)
        .rootCause().hasMessage("the regular expression is not valid: unclosed group at the end");
    assertThatThrownBy(() -> search(store, q("a{2,1}b").put("regex", true))).rootCause()
        .hasMessage("the regular expression is not valid: illegal repetition range at character 6");
    assertThatThrownBy(() -> search(store, q(""))).rootCause().hasMessage("give the text to search for (q)");
    assertThatThrownBy(() -> search(store, new JsonObject())).rootCause().hasMessage("give the text to search for (q)");
    assertThatThrownBy(() -> search(store, q("x").put("limit", 1001))).rootCause()
        .hasMessage("limit must be 1 to 1000");
    assertThatThrownBy(() -> search(store, q("x").put("regex", "yes"))).rootCause().isInstanceOf(BadRequest.class);
    assertThat(numbers(search(store, q("(unclosed")))).as("as a text it is fine").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aCatastrophicPatternStopsAtTheTimeBudgetWithWhatItFound(Kind kind) {
    List<String> texts = new ArrayList<>(List.of("aaaa", "b"));
    for (int i = 0; i < 50; i++) {
      texts.add("a".repeat(40) + "!");
    }
    LogStore store = storeWith(kind, texts.toArray(String[]::new));
    long start = System.nanoTime();

    JsonObject found = await(new LogSearch(vertx, store, 300).find(job, q("(a+)+\\1$").put("regex", true)));

    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(tookMs).as("stopped near its budget of 300 ms, not after some 2^40 steps").isLessThan(2_000);
    assertThat(numbers(found)).containsExactly(1L);
    assertThat(found.getBoolean("truncated")).isTrue();
    assertThat(found.getString("stoppedBy")).isEqualTo("time");
    assertThat(found.getLong("nextAfter")).as("the last line searched to its end").isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anAnswerHoldsAtMostLimitLinesAndSaysWhereTheNextSearchGoesOn(Kind kind) {
    LogStore store = store(kind);
    for (int from = 1; from <= 12_000; from += 3000) {
      List<LogLine> batch = new ArrayList<>();
      for (int n = from; n < from + 3000; n++) {
        batch.add(new LogLine(n, "stdout", n % 4 == 0 ? "match " + n : "other " + n));
      }
      await(store.append(job, batch));
    }
    JsonObject first = search(store, q("MATCH"));
    assertThat(numbers(first)).hasSize(1000).startsWith(4L, 8L).endsWith(4000L);
    assertThat(first.getString("stoppedBy")).isEqualTo("matches");
    assertThat(first.getLong("nextAfter")).isEqualTo(4000);

    JsonObject rest = search(store, q("match").put("after", 8000).put("limit", 1000));
    assertThat(numbers(rest)).hasSize(1000).startsWith(8004L).endsWith(12_000L);
    assertThat(rest.getBoolean("truncated")).as("exactly the limit, and nothing after it").isFalse();

    JsonObject small = search(store, q("match").put("after", 10).put("limit", 3));
    assertThat(numbers(small)).containsExactly(12L, 16L, 20L);
    assertThat(small.getLong("nextAfter")).isEqualTo(20);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anAnswerStopsAtAboutTwoMegabytesOfTextButHoldsAtLeastOneLine(Kind kind) {
    LogStore store = store(kind);
    List<LogLine> wide = new ArrayList<>();
    for (long n = 1; n <= 30; n++) {
      wide.add(new LogLine(n, "stdout", "x".repeat(200_000) + " wide " + n));
    }
    await(store.append(job, wide));

    JsonObject found = search(store, q("wide"));

    assertThat(numbers(found)).hasSize(10);
    assertThat(found.getString("stoppedBy")).isEqualTo("size");
    assertThat(found.getLong("nextAfter")).isEqualTo(10);
    assertThat(numbers(search(store, q("wide").put("after", 29)))).containsExactly(30L);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void linesMatchAsTheyAreShownWithoutTerminalEscapesAndSecretsStayMasked(Kind kind) {
    LogStore store = storeWith(kind, "\u001B[31mnpm\u001B[39m \u001B[31mERR!\u001B[39m code E404",
        "PASSWORD is ••••", "tab\tand back\\slash and a\0nul", "Ünïcödé ÉCHEC");

    JsonObject npm = search(store, q("npm err!"));
    assertThat(npm.getJsonArray("matches").getJsonObject(0)).isEqualTo(new JsonObject().put("n", 1L)
        .put("text", "npm ERR! code E404").put("at", new JsonArray("[[0, 8]]")));
    assertThat(numbers(search(store, q("••••")))).containsExactly(2L);
    assertThat(numbers(search(store, q("back\\slash")))).containsExactly(3L);
    assertThat(numbers(search(store, q("a\0nul")))).containsExactly(3L);
    assertThat(numbers(search(store, q("\\t").put("regex", true)))).containsExactly(3L);
    assertThat(numbers(search(store, q("échec")))).containsExactly(4L);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anEmptyMatchMatchesTheLineWithNothingToMarkAndALineMarksAtMostAHundredPlaces(Kind kind) {
    LogStore store = storeWith(kind, "one", "two", "x".repeat(500));
    JsonObject every = search(store, q("^").put("regex", true));
    assertThat(numbers(every)).containsExactly(1L, 2L, 3L);
    assertThat(every.getJsonArray("matches").getJsonObject(0).getJsonArray("at")).isEmpty();
    assertThat(search(store, q("x")).getJsonArray("matches").getJsonObject(0).getJsonArray("at")).hasSize(100);
    assertThat(search(store, q("x").put("matchCase", true)).getJsonArray("matches").getJsonObject(0)
        .getJsonArray("at")).hasSize(100);
  }

  @Test
  void theFilesAndPostgreSqlGiveTheSameAnswers() {
    List<LogLine> lines = new ArrayList<>();
    String[] words = {"Step", "error", "ERROR", "warn", "\u001B[1mbold\u001B[0m", "ü", "back\\slash", "x\0y", "tab\t"};
    for (int n = 1; n <= 7000; n++) {
      lines.add(new LogLine(n, n % 5 == 0 ? "stderr" : "stdout", words[n % words.length] + " line " + n
          + (n % 7 == 0 ? " Error at " + n : "")));
    }
    LogStore files = store(Kind.FILES);
    LogStore pg = store(Kind.POSTGRES);
    for (int from = 0; from < lines.size(); from += 500) {
      await(files.append(job, lines.subList(from, from + 500)));
      await(pg.append(job, lines.subList(from, from + 500)));
    }
    List<JsonObject> queries = List.of(q("error"), q("error").put("matchCase", true), q("ü"), q("bold line"),
        q("line \\d+5$").put("regex", true), q("back\\slash"), q("x\0y"), q("TAB\t"), q("7").put("after", 3000),
        q("line").put("limit", 10).put("after", 6995), q("nothing like this"));
    for (JsonObject query : queries) {
      JsonObject fromFiles = search(files, query);
      assertThat(search(pg, query)).as("%s", query).isEqualTo(fromFiles);
      assertThat(fromFiles.getJsonArray("matches")).as("%s", query).isNotNull();
    }
    assertThat(numbers(search(files, q("error")))).as("the comparison is about lines found").hasSize(1000);
  }
}
