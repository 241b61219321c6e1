package dev.slipway.bench;

import dev.slipway.domain.LogLine;
import dev.slipway.store.FileLogStore;
import dev.slipway.store.LogStore;
import dev.slipway.store.PgLogStore;
import dev.slipway.testing.MigratedPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * How fast each log store appends and replays a job's log: {@code LINES} lines (default 200,000, 55 characters and
 * an engine timestamp each) appended in batches of 500, each batch after the previous one is stored (as the jobs
 * owner stores a job's batches), then the same with 10 jobs at once, then read back in pages of 5,000 lines (2 M
 * characters at most) one after the other, as a follower catching up. Stores: the files, PostgreSQL as
 * {@link PgLogStore} appends (one INSERT … SELECT FROM unnest of arrays per batch), and, for comparison,
 * PostgreSQL with {@code executeBatch} (one pipelined INSERT per line, one round trip per batch). Each figure is the
 * median of 3 rounds after a warm-up round, the stores' order rotating each round. Needs the local PostgreSQL of
 * the tests ({@code .ci/setup-postgres}); makes and drops a database of its own. Not a test: bench/README.md says how
 * to run it.
 */
public final class PgLogStoreBench {
  private static final int BATCH = 500;
  private static final int JOBS = 10;
  private static final int RUNS = 3;

  private PgLogStoreBench() {
  }

  public static void main(String[] args) throws Exception {
    int lines = Integer.parseInt(System.getenv().getOrDefault("LINES", "200000"));
    Vertx vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("slipway-logbench");
    try (MigratedPostgres postgres = new MigratedPostgres(vertx, 4)) {
      LogStore files = new FileLogStore(vertx, dir);
      files.open().await(10, TimeUnit.SECONDS);
      LogStore pg = new PgLogStore(postgres.pool);
      List<Store> stores = List.of(new Store("files", files::append, files),
          new Store("PostgreSQL, unnest (PgLogStore)", pg::append, pg),
          new Store("PostgreSQL, executeBatch", (job, batch) -> executeBatch(postgres.pool, job, batch), pg));
      for (Store store : stores) {
        Progress.say("%s: warm-up", store.name);
        measure(store, lines / 10, 0);
      }
      // Round after round, the order rotating, so that no store always runs on the fullest table or coldest cache.
      for (int run = 0; run < RUNS; run++) {
        for (int i = 0; i < stores.size(); i++) {
          measure(stores.get((i + run) % stores.size()), lines, run);
        }
      }
      StringBuilder table = new StringBuilder("| store | append, 1 job (lines/s) | append, " + JOBS
          + " jobs at once (lines/s) | replay (lines/s) |\n|---|---|---|---|\n");
      stores.forEach(store -> table.append(String.format("| %s | %,d | %,d | %,d |%n", store.name,
          median(store.one), median(store.many), median(store.read))));
      Progress.say("PostgreSQL: %d bytes a line (table and index, %s)", postgres.pool.query(
              "SELECT pg_total_relation_size('log_lines') / COUNT(*) FROM log_lines").execute()
          .await(60, TimeUnit.SECONDS).iterator().next().getLong(0), "after every run");
      System.out.print(table);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      try (var paths = Files.walk(dir)) {
        paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A store under test, and its figures of each run (lines/s). */
  private record Store(String name, BiFunction<String, List<LogLine>, Future<Void>> append, LogStore reader,
                       long[] one, long[] many, long[] read) {
    Store(String name, BiFunction<String, List<LogLine>, Future<Void>> append, LogStore reader) {
      this(name, append, reader, new long[RUNS], new long[RUNS], new long[RUNS]);
    }
  }

  private static void measure(Store store, int lines, int run) throws Exception {
    String job = UUID.randomUUID().toString();
    store.one[run] = perSecond(lines, time(() -> appendAll(store.append, job, lines)));
    List<Future<Void>> all = new ArrayList<>();
    store.many[run] = perSecond(lines, time(() -> {
      for (int j = 0; j < JOBS; j++) {
        all.add(appendAll(store.append, UUID.randomUUID().toString(), lines / JOBS));
      }
      return Future.all(all).mapEmpty();
    }));
    store.read[run] = perSecond(lines, time(() -> replay(store.reader, job, lines)));
    Progress.say("%s: %,d lines: append %,d, %d jobs %,d, replay %,d lines/s", store.name, lines, store.one[run], JOBS,
        store.many[run], store.read[run]);
  }

  /** The job's batches, each sent once the previous one is stored. */
  private static Future<Void> appendAll(BiFunction<String, List<LogLine>, Future<Void>> append, String job,
                                        int lines) {
    Future<Void> chain = Future.succeededFuture();
    for (long first = 1; first <= lines; first += BATCH) {
      List<LogLine> batch = batch(first, (int) Math.min(BATCH, lines - first + 1));
      chain = chain.compose(v -> append.apply(job, batch));
    }
    return chain;
  }

  /** Pages of 5,000 lines one after the other to the end; fails if a line is missing. */
  private static Future<Void> replay(LogStore store, String job, long lines) {
    return page(store, job, 0, lines);
  }

  private static Future<Void> page(LogStore store, String job, long after, long lines) {
    if (after == lines) {
      return Future.succeededFuture();
    }
    return store.read(job, after, 5000, 2L * 1024 * 1024).compose(page -> page.isEmpty() || page.get(0).n() != after + 1
        ? Future.failedFuture("line " + (after + 1) + " is missing") : page(store, job, page.get(page.size() - 1).n(),
        lines));
  }

  /** About the `bench/run` replay's lines: 55 characters, and the engine's timestamp. */
  private static List<LogLine> batch(long first, int size) {
    List<LogLine> out = new ArrayList<>(size);
    for (long n = first; n < first + size; n++) {
      out.add(new LogLine(n, "stdout", String.format("%08d the quick brown fox jumps over the lazy dog ..", n),
          String.format("2026-11-29T03:31:%02d.%09dZ", n / 1_000_000 % 60, n % 1_000_000_000)));
    }
    return out;
  }

  private static Future<Void> executeBatch(Pool pool, String job, List<LogLine> lines) {
    List<Tuple> rows = new ArrayList<>(lines.size());
    for (LogLine line : lines) {
      rows.add(Tuple.of(job, line.n(), line.stream(), line.ts(), line.text()));
    }
    return pool.preparedQuery("INSERT INTO log_lines (job_id, n, stream, ts, text) VALUES ($1, $2, $3, $4, $5)")
        .executeBatch(rows).mapEmpty();
  }

  private static long time(java.util.concurrent.Callable<Future<Void>> work) throws Exception {
    long start = System.nanoTime();
    work.call().await(600, TimeUnit.SECONDS);
    return System.nanoTime() - start;
  }

  private static long perSecond(long lines, long nanos) {
    return lines * 1_000_000_000L / nanos;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
