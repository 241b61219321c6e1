package dev.slipway.bench;

import dev.slipway.domain.LogLine;
import dev.slipway.store.FileLogStore;
import dev.slipway.store.LogSearch;
import dev.slipway.store.LogStore;
import dev.slipway.store.PgLogStore;
import dev.slipway.testing.MigratedPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * How long a search of a whole stored log takes ({@link LogSearch}, as {@code GET /api/jobs/{id}/log?q=} runs it):
 * {@code LINES} lines (default 200,000, 55 characters each, one in 1,000 an error line) in each log store, searched
 * for a text found nowhere, the same in its exact case, a rare text (200 lines), a regular expression (200 lines),
 * and a text on every line (the answer stops at 1,000 lines). Each figure is the median of {@value #RUNS} searches
 * after a warm-up round. Needs the local PostgreSQL of the tests ({@code .ci/setup-postgres}); makes and drops a
 * database of its own. Not a test: bench/README.md says how to run it.
 */
public final class LogSearchBench {
  private static final int RUNS = 5;
  private static final List<JsonObject> QUERIES = List.of(
      new JsonObject().put("q", "lazy cat"),
      new JsonObject().put("q", "lazy cat").put("matchCase", true),
      new JsonObject().put("q", "disk full"),
      new JsonObject().put("q", "error \\d+ disk").put("regex", true),
      new JsonObject().put("q", "fox"));

  private LogSearchBench() {
  }

  public static void main(String[] args) throws Exception {
    int lines = Integer.parseInt(System.getenv().getOrDefault("LINES", "200000"));
    Vertx vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("slipway-searchbench");
    try (MigratedPostgres postgres = new MigratedPostgres(vertx, 4)) {
      LogStore files = new FileLogStore(vertx, dir);
      files.open().await(10, TimeUnit.SECONDS);
      List<LogStore> stores = List.of(files, new PgLogStore(postgres.pool));
      List<String> names = List.of("files", "PostgreSQL");
      String job = UUID.randomUUID().toString();
      for (LogStore store : stores) {
        append(store, job, lines).await(600, TimeUnit.SECONDS);
      }
      StringBuilder table = new StringBuilder("| search (" + String.format("%,d", lines)
          + " lines) | lines found | files (ms) | PostgreSQL (ms) |\n|---|---|---|---|\n");
      for (JsonObject query : QUERIES) {
        table.append("| `").append(query.encode()).append("` |");
        long[] medians = new long[stores.size()];
        int found = 0;
        for (int s = 0; s < stores.size(); s++) {
          LogSearch search = new LogSearch(vertx, stores.get(s));
          long[] ms = new long[RUNS];
          for (int run = -1; run < RUNS; run++) {
            long start = System.nanoTime();
            JsonObject answer = search.find(job, query).await(60, TimeUnit.SECONDS);
            if (run >= 0) {
              ms[run] = (System.nanoTime() - start) / 1_000_000;
            }
            found = answer.getJsonArray("matches").size();
            if ("time".equals(answer.getString("stoppedBy"))) {
              throw new IllegalStateException(query.encode() + " ran out of time on " + names.get(s));
            }
          }
          Arrays.sort(ms);
          medians[s] = ms[RUNS / 2];
          Progress.say("%s: %s: %d lines found, %s ms", names.get(s), query.encode(), found, Arrays.toString(ms));
        }
        table.append(' ').append(String.format("%,d", found)).append(" |");
        for (long median : medians) {
          table.append(' ').append(median).append(" |");
        }
        table.append('\n');
      }
      System.out.print(table);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      try (var paths = Files.walk(dir)) {
        paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Batches of 500, each once the previous one is stored, as the jobs owner stores them. */
  private static Future<Void> append(LogStore store, String job, int lines) {
    Future<Void> chain = Future.succeededFuture();
    for (long first = 1; first <= lines; first += 500) {
      List<LogLine> batch = new ArrayList<>();
      for (long n = first; n < first + 500 && n <= lines; n++) {
        String text = n % 1000 == 0 ? String.format("%08d ERROR %d disk full on /dev/sda1 ........", n, n)
            : String.format("%08d the quick brown fox jumps over the lazy dog ..", n);
        batch.add(new LogLine(n, "stdout", text, "2026-11-29T03:31:53.000000001Z"));
      }
      chain = chain.compose(v -> store.append(job, batch));
    }
    return chain;
  }
}
