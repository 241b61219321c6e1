package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Config;
import dev.slipway.domain.LogLine;
import dev.slipway.store.LogStores.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

/** What every log store does, the files of a single node and PostgreSQL's table alike. */
class LogStoreTest {
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

  static <T> T await(Future<T> future) {
    return LogStores.await(future);
  }

  static List<LogLine> lines(long from, int count) {
    List<LogLine> out = new ArrayList<>();
    for (long n = from; n < from + count; n++) {
      out.add(new LogLine(n, n % 2 == 0 ? "stderr" : "stdout", "line " + n));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anyPageOfALongLogReadsBackExactlyAcrossIndexBoundaries(Kind kind) {
    LogStore store = store(kind);
    await(store.append(job, lines(1, 3000)));
    await(store.append(job, lines(3001, 2000)));
    for (long after : new long[] {0, 1, 1023, 1024, 1025, 2047, 4999, 5000, 7000}) {
      List<LogLine> page = await(store.read(job, after, 100));
      long expected = Math.min(100, Math.max(0, 5000 - after));
      assertThat(page).as("after %d", after).hasSize((int) expected);
      for (int i = 0; i < page.size(); i++) {
        assertThat(page.get(i)).isEqualTo(new LogLine(after + 1 + i, (after + 1 + i) % 2 == 0 ? "stderr" : "stdout",
            "line " + (after + 1 + i)));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theLogsOfTwoJobsNeverMix(Kind kind) {
    LogStore store = store(kind);
    String other = UUID.randomUUID().toString();
    await(store.append(job, lines(1, 3)));
    await(store.append(other, List.of(new LogLine(1, "stdout", "the other job"))));

    assertThat(await(store.read(job, 0, 10))).isEqualTo(lines(1, 3));
    assertThat(await(store.read(other, 0, 10))).containsExactly(new LogLine(1, "stdout", "the other job"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void textThatLooksLikeAnEncodingComesBackUnchanged(Kind kind) {
    LogStore store = store(kind);
    String tricky = "tab\there, back\\slash, \\n literal, real\nbreak, \r, 12\tstdout\t\tfake, ünï©ødé 🚢, "
        + "\\0, \\\\0";
    await(store.append(job, List.of(new LogLine(1, "stdout", tricky, "2026-11-29T03:31:53.1Z"),
        new LogLine(2, "system", ""), new LogLine(3, "stdout", "ends in a backslash\\"))));
    assertThat(await(store.read(job, 0, 10))).containsExactly(
        new LogLine(1, "stdout", tricky, "2026-11-29T03:31:53.1Z"), new LogLine(2, "system", "", null),
        new LogLine(3, "stdout", "ends in a backslash\\"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void nulCharactersInContainerOutputAreKeptLosslessly(Kind kind) {
    LogStore store = store(kind);
    List<LogLine> nul = List.of(new LogLine(1, "stdout", "a\0b"), new LogLine(2, "stdout", "\0"),
        new LogLine(3, "stderr", "\0\0\\0\\\0end"), new LogLine(4, "stdout", "\\\0"));
    await(store.append(job, nul));
    assertThat(await(store.read(job, 0, 10))).isEqualTo(nul);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aLineOf256KCharactersComesBackWhole(Kind kind) {
    LogStore store = store(kind);
    String wide = "ü\0\\".repeat(256 * 1024 / 3) + " …[continued]";
    await(store.append(job, List.of(new LogLine(1, "stdout", wide, "2026-11-29T03:31:53.000000001Z"),
        new LogLine(2, "stdout", "next"))));
    assertThat(await(store.read(job, 0, 10))).containsExactly(
        new LogLine(1, "stdout", wide, "2026-11-29T03:31:53.000000001Z"), new LogLine(2, "stdout", "next"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theTailSaysWhereEachStreamOfAReattachedFollowerResumes(Kind kind) {
    LogStore store = store(kind);
    await(store.append(job, List.of(new LogLine(1, "stderr", "early", "2026-11-29T02:00:00.5Z"),
        new LogLine(2, "stdout", "a", "2026-11-29T03:00:00.000000002Z"),
        new LogLine(3, "stdout", "b", "2026-11-29T03:00:00.000000001Z"),
        new LogLine(4, "stdout", "b, cut piece", "2026-11-29T03:00:00.000000002Z"),
        new LogLine(5, "stdout", "b, another piece", "2026-11-29T03:00:00.000000002Z"),
        new LogLine(6, "system", "note", null))));
    await(store.append(job, lines(7, 3000)));

    LogTail tail = await(store.recover(job));

    assertThat(tail.lines()).isEqualTo(3006);
    assertThat(tail.marks()).isEqualTo(new JsonObject()
        .put("stdout", new JsonObject().put("ts", "2026-11-29T03:00:00.000000002Z").put("count", 2))
        .put("stderr", new JsonObject().put("ts", "2026-11-29T02:00:00.5Z").put("count", 1)));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anEmptyOrDeletedLogHasNoLinesAndTheOthersStay(Kind kind) {
    LogStore store = store(kind);
    String other = UUID.randomUUID().toString();
    assertThat(await(store.read(job, 0, 10))).isEmpty();
    assertThat(await(store.recover(job))).isEqualTo(LogTail.EMPTY);
    await(store.append(job, lines(1, 2000)));
    await(store.append(other, lines(1, 5)));

    await(store.delete(job));
    await(store.delete(job));

    assertThat(await(store.read(job, 0, 10))).isEmpty();
    assertThat(await(store.recover(job))).isEqualTo(LogTail.EMPTY);
    assertThat(await(store.read(other, 0, 10))).isEqualTo(lines(1, 5));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aPageStopsAtItsCharacterBoundButAlwaysHoldsALine(Kind kind) {
    LogStore store = store(kind);
    List<LogLine> wide = new ArrayList<>();
    for (long n = 1; n <= 10; n++) {
      wide.add(new LogLine(n, "stdout", "x".repeat(1000)));
    }
    await(store.append(job, wide));

    assertThat(await(store.read(job, 0, 100, 2500))).extracting(LogLine::n).containsExactly(1L, 2L, 3L);
    assertThat(await(store.read(job, 3, 100, 1))).extracting(LogLine::n).containsExactly(4L);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void pagingThroughLongLinesWithABudgetReadsEachLineOnceAndNeverAPageOfMegabytes(Kind kind) {
    LogStore store = store(kind);
    for (long n = 1; n <= 40; n += 10) {
      List<LogLine> batch = new ArrayList<>();
      for (long i = n; i < n + 10; i++) {
        batch.add(new LogLine(i, "stdout", Long.toString(i).repeat(256 * 1024 / Long.toString(i).length())));
      }
      await(store.append(job, batch));
    }
    List<Long> seen = new ArrayList<>();
    long after = 0;
    while (after < 40) {
      List<LogLine> page = await(store.read(job, after, 5000, 2L * 1024 * 1024));
      assertThat(page.stream().mapToLong(line -> line.text().length()).sum()).isLessThanOrEqualTo(
          2L * 1024 * 1024 + 256 * 1024);
      page.forEach(line -> seen.add(line.n()));
      after = page.get(page.size() - 1).n();
    }
    assertThat(seen).hasSize(40).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void slipwayWithPostgresKeepsLogsInItAndOtherwiseInFiles() {
    JsonObject files = Config.defaults();
    JsonObject pg = Config.defaults().put(Config.DATABASE_URL, stores.postgres.url);
    assertThat(LogStore.forConfig(vertx, files, stores.postgres.pool, dir)).isInstanceOf(FileLogStore.class);
    assertThat(LogStore.forConfig(vertx, pg, stores.postgres.pool, dir)).isInstanceOf(PgLogStore.class);
  }
}
