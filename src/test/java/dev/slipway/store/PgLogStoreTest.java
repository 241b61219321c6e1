package dev.slipway.store;

import static dev.slipway.store.LogStoreTest.await;
import static dev.slipway.store.LogStoreTest.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Config;
import dev.slipway.domain.LogLine;
import dev.slipway.testing.MigratedPostgres;
import dev.slipway.testing.Postgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What PostgreSQL's log store adds: batches stored whole or not at all, and the table as both databases have it. */
class PgLogStoreTest {
  private final Vertx vertx = Vertx.vertx();
  private final MigratedPostgres postgres = new MigratedPostgres(vertx, 2);
  private final PgLogStore store = new PgLogStore(postgres.pool);
  private final String job = UUID.randomUUID().toString();

  @AfterEach
  void close() throws Exception {
    try {
      postgres.close();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBatchThatCannotBeStoredLeavesNoneOfItsLinesAndTheLogGoesOnAfterTheLastStoredOne() {
    await(store.append(job, lines(1, 500)));
    List<LogLine> clashing = new ArrayList<>(lines(501, 499));
    clashing.add(new LogLine(7, "stdout", "a number already stored"));

    assertThatThrownBy(() -> store.append(job, clashing).await(10, TimeUnit.SECONDS));

    assertThat(await(store.recover(job)).lines()).isEqualTo(500);
    assertThat(await(store.read(job, 495, 100))).extracting(LogLine::n).containsExactly(496L, 497L, 498L, 499L, 500L);
    await(store.append(job, lines(501, 3)));
    assertThat(await(store.read(job, 499, 100))).extracting(LogLine::n).containsExactly(500L, 501L, 502L, 503L);
  }

  @Test
  void aReaderGoesOnPastAGapLeftByLinesThatWereNeverStored() {
    await(store.append(job, lines(1, 10)));
    await(store.append(job, lines(5011, 10)));

    assertThat(await(store.read(job, 5, 100))).extracting(LogLine::n).containsExactly(6L, 7L, 8L, 9L, 10L);
    assertThat(await(store.read(job, 10, 3))).extracting(LogLine::n).containsExactly(5011L, 5012L, 5013L);
    assertThat(await(store.read(job, 5020, 3))).isEmpty();
  }

  @Test
  void aLineIsOneRowOfTheJobWithNulEscapedSinceTextCannotHoldIt() throws Exception {
    await(store.append(job, List.of(new LogLine(1, "stdout", "a\0b\\c", "2026-11-29T03:31:53.000000001Z"))));
    try (Connection db = Postgres.connect(postgres.url); Statement sql = db.createStatement();
         ResultSet row = sql.executeQuery("SELECT job_id, n, stream, ts, text FROM log_lines")) {
      assertThat(row.next()).isTrue();
      assertThat(List.of(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5)))
          .containsExactly(job, "1", "stdout", "2026-11-29T03:31:53.000000001Z", "a\\0b\\\\c");
      assertThat(row.next()).isFalse();
    }
  }

  @Test
  void theEmbeddedDatabaseTakesTheSameMigrationAndItsTableStaysUnused(@TempDir Path data) throws Exception {
    JsonObject config = Config.defaults().put(Config.DATA_DIR, data.toString());
    Database.migrate(vertx, config).await(60, TimeUnit.SECONDS);
    try (Connection h2 = DriverManager.getConnection(Database.jdbcUrl(config), "sa", "");
         Statement sql = h2.createStatement(); ResultSet count = sql.executeQuery("SELECT COUNT(*) FROM log_lines")) {
      assertThat(count.next()).isTrue();
      assertThat(count.getLong(1)).isZero();
    }
    assertThat(LogStore.forConfig(vertx, config, postgres.pool, data.resolve("logs"))).isInstanceOf(FileLogStore.class);
  }
}
