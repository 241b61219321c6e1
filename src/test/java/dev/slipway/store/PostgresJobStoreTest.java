package dev.slipway.store;

import static dev.slipway.testing.SlipwayServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Config;
import dev.slipway.audit.AuditLog;
import dev.slipway.audit.AuditPages;
import dev.slipway.domain.JobKind;
import dev.slipway.domain.JobPhase;
import dev.slipway.domain.JobState;
import dev.slipway.testing.Postgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job history and the audit log on a real PostgreSQL: Flyway's schema, the same SQL as on H2, the same answers. */
class PostgresJobStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Vertx vertx;
  private String url;
  private Pool db;
  private JobStore store;

  @BeforeEach
  void freshDatabase() {
    vertx = Vertx.vertx();
    url = Postgres.freshDatabase();
    JsonObject config = new JsonObject().put(Config.DATABASE_URL, url);
    await(Database.migrate(vertx, config));
    db = Database.pool(vertx, config, 2, "sql-test");
    store = new JobStore(db);
  }

  @AfterEach
  void dropIt() {
    await(vertx.close());
    Postgres.drop(url);
  }

  @Test
  void migrationsBuildTheWholeSchemaOnAnEmptyDatabase() throws Exception {
    long migrations;
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
    try (Connection jdbc = Postgres.connect(url)) {
      ResultSet applied = jdbc.createStatement().executeQuery(
          "SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL");
      applied.next();
      assertThat(applied.getLong(1)).as("every migration, applied").isEqualTo(migrations);
      ResultSet tables = jdbc.createStatement().executeQuery("SELECT table_name FROM information_schema.tables "
          + "WHERE table_schema = 'public'");
      List<String> names = new ArrayList<>();
      while (tables.next()) {
        names.add(tables.getString(1));
      }
      assertThat(names).contains("users", "sessions", "api_tokens", "audit", "jobs");
    }
  }

  @Test
  void aJobIsStoredUpdatedAndReadBackWithEveryColumn() {
    JobRecord queued = job("a", JobKind.RUN, JobState.QUEUED, "ana", "busybox:test", 0);
    await(store.insert(queued));
    assertThat(await(store.find("a"))).isEqualTo(queued);

    JobRecord ended = new JobRecord("a", JobKind.RUN, JobState.FAILED, JobPhase.RUN, "ana", "local", "busybox:test",
        queued.params(), T0, T0.plusSeconds(1), T0.plusSeconds(9), "sha256:abc", "c0ffee",
        new JsonArray().add(new JsonObject().put("host", 8080)), 137, "killed", 5_000_000_000L, 3, 7);
    await(store.update(ended));
    assertThat(await(store.find("a"))).isEqualTo(ended);
    assertThat(await(store.unfinished("local"))).isEmpty();
    assertThat(await(store.find("missing"))).isNull();
  }

  @Test
  void theHistoryFiltersCountsAndPagesNewestFirst() {
    await(store.insert(job("j1", JobKind.BUILD, JobState.SUCCEEDED, "ana", "notebook", 1)));
    await(store.insert(job("j2", JobKind.RUN, JobState.FAILED, "bob", "busybox:test", 2)));
    await(store.insert(job("j3", JobKind.RUN, JobState.SUCCEEDED, "ana", "busybox:test", 3)));
    await(store.insert(job("j4", JobKind.LAUNCH, JobState.RUNNING, "ana", "50%_off", 4)));
    await(store.insert(job("j5", JobKind.RUN, JobState.QUEUED, "bob", "busybox:test", 5)));

    assertThat(ids(JobQuery.all(50))).containsExactly("j5", "j4", "j3", "j2", "j1");
    JobPage second = await(store.search(new JobQuery(null, null, null, null, null, 1, 2)));
    assertThat(second.jobs()).extracting(JobRecord::id).containsExactly("j3", "j2");
    assertThat(second.total()).isEqualTo(5);
    assertThat(ids(new JobQuery(JobKind.RUN, null, null, null, null, 0, 50))).containsExactly("j5", "j3", "j2");
    assertThat(ids(new JobQuery(null, JobState.SUCCEEDED, "ana", null, null, 0, 50))).containsExactly("j3", "j1");
    assertThat(ids(new JobQuery(null, null, null, "BusyBox", null, 0, 50))).containsExactly("j5", "j3", "j2");
    assertThat(ids(new JobQuery(null, null, null, null, "%_", 0, 50))).as("% and _ are text").containsExactly("j4");
    assertThat(ids(new JobQuery(null, null, null, null, "BOB", 0, 50))).containsExactly("j5", "j2");
    assertThat(await(store.unfinished("local"))).extracting(JobRecord::id).containsExactly("j4", "j5");
  }

  @Test
  void retentionFindsFinishedJobsPastTheirAgeOrBeyondTheNewestKept() {
    await(store.insert(job("old", JobKind.RUN, JobState.SUCCEEDED, "ana", "x", 1)));
    await(store.insert(job("old-live", JobKind.RUN, JobState.RUNNING, "ana", "x", 2)));
    await(store.insert(job("mid", JobKind.RUN, JobState.CANCELLED, "ana", "x", 3)));
    await(store.insert(job("new", JobKind.RUN, JobState.FAILED, "ana", "x", 4)));

    assertThat(await(store.expired(T0.plusSeconds(150), 100))).containsExactly("old");
    assertThat(await(store.expired(T0, 1))).containsExactlyInAnyOrder("old", "mid");
    await(store.delete("old"));
    assertThat(ids(JobQuery.all(50))).containsExactly("new", "mid", "old-live");
  }

  @Test
  void auditRowsArePagedNewestFirstAndATextNulDoesNotLoseTheRecord() {
    AuditLog audit = new AuditLog(db);
    for (int i = 1; i <= 5; i++) {
      await(audit.record("ana", "127.0.0.1", "build", "app-" + i, AuditLog.OK, null));
    }
    await(audit.record(null, "10.0.0.9", "login", "bad\0name", AuditLog.FAILED, "no such user"));

    AuditPages pages = new AuditPages(db);
    JsonObject first = await(pages.page(1, 4));
    assertThat(first.getLong("total")).isEqualTo(6);
    assertThat(first.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("target")))
        .containsExactly("bad\uFFFDname", "app-5", "app-4", "app-3");
    JsonObject last = await(pages.page(2, 4));
    assertThat(last.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("target")))
        .containsExactly("app-2", "app-1");
    JsonObject entry = last.getJsonArray("entries").getJsonObject(0);
    assertThat(entry.getLong("id")).isPositive();
    assertThat(entry.getString("user")).isEqualTo("ana");
    assertThat(entry.getString("detail")).isNull();
  }

  private List<String> ids(JobQuery query) {
    return await(store.search(query)).jobs().stream().map(JobRecord::id).toList();
  }

  private static JobRecord job(String id, JobKind kind, JobState state, String user, String target, int minute) {
    Instant created = T0.plusSeconds(60L * minute);
    return new JobRecord(id, kind, state, kind.firstPhase(), user, "local", target,
        new JsonObject().put("run", new JsonObject().put("image", target)), created, null,
        state.isFinal() ? created.plusSeconds(5) : null, null, null, new JsonArray(), null, null, 0, 0, 0);
  }
}
