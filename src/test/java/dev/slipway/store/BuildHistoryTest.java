package dev.slipway.store;

import static dev.slipway.testing.SlipwayServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Config;
import dev.slipway.domain.JobKind;
import dev.slipway.domain.JobState;
import dev.slipway.testing.Postgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A build's facts kept with its job, and the build it is compared with, on H2 and on PostgreSQL alike. */
class BuildHistoryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final JsonObject FACTS = new JsonObject().put("steps", new JsonArray().add(new JsonObject()
      .put("n", 1).put("total", 1).put("instruction", "FROM busybox").put("cached", false).put("durationMs", 3)))
      .put("reproducibility", new JsonObject().put("contextDigest", "sha256:abc"));

  private Vertx vertx;
  private String url;
  private Pool db;
  private JobStore store;
  private BuildHistory history;

  private void open(boolean postgres) throws Exception {
    vertx = Vertx.vertx();
    url = postgres ? Postgres.freshDatabase() : null;
    JsonObject config = postgres ? new JsonObject().put(Config.DATABASE_URL, url)
        : new JsonObject().put(Config.DATA_DIR, Files.createTempDirectory("slipway-history").toString());
    await(Database.migrate(vertx, config));
    db = Database.pool(vertx, config, 2, "sql-test");
    store = new JobStore(db);
    history = new BuildHistory(db);
  }

  @AfterEach
  void close() {
    if (vertx != null) {
      await(vertx.close());
    }
    if (url != null) {
      Postgres.drop(url);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theNewestOtherSuccessfulBuildOfTheSameAppOrTagWithFacts(boolean postgres) throws Exception {
    open(postgres);
    await(store.insert(build("old", JobKind.BUILD, "notebook", null, 1, "sha256:1", FACTS)));
    await(store.insert(build("launched", JobKind.LAUNCH, "notebook", null, 2, "sha256:2", FACTS)));
    await(store.insert(build("failed", JobKind.BUILD, "notebook", null, 3, null, FACTS)));
    await(store.insert(build("untimed", JobKind.BUILD, "notebook", null, 4, "sha256:4", new JsonObject())));
    await(store.insert(build("other-app", JobKind.BUILD, "hello", null, 5, "sha256:5", FACTS)));
    await(store.insert(build("upload", JobKind.BUILD, null, "team/app:1", 6, "sha256:6", FACTS)));
    await(store.insert(build("current", JobKind.BUILD, "notebook", null, 7, null, new JsonObject())));

    JsonObject previous = await(history.previous("app:notebook", "current"));
    assertThat(previous.getString("id")).as("a launch whose build succeeded counts; a failed or untimed one not")
        .isEqualTo("launched");
    assertThat(previous.getJsonObject("facts")).isEqualTo(FACTS);
    assertThat(await(history.previous("app:notebook", "launched")).getString("id")).isEqualTo("old");
    assertThat(await(history.previous("tag:team/app:1", "x")).getString("id")).isEqualTo("upload");
    assertThat(await(history.previous("app:nothing", "x"))).isNull();
    assertThat(await(history.previous(null, "x"))).isNull();

    JobRecord current = await(store.find("current"));
    assertThat(current.buildFacts()).isEmpty();
    JobRecord timed = new JobRecord(current.id(), current.kind(), JobState.SUCCEEDED, current.phase(), current.user(),
        current.node(), current.target(), current.params(), current.createdAt(), T0, T0, "sha256:7", null,
        new JsonArray(), null, null, 0, 1, 1, FACTS);
    await(store.update(timed));
    assertThat(await(store.find("current"))).isEqualTo(timed);
    assertThat(timed.toJson().getJsonArray("steps")).isEqualTo(FACTS.getJsonArray("steps"));
    assertThat(timed.toJson().getJsonObject("reproducibility")).isEqualTo(FACTS.getJsonObject("reproducibility"));
    assertThat(await(history.previous("app:notebook", "other")).getString("id")).isEqualTo("current");
  }

  private static JobRecord build(String id, JobKind kind, String app, String tag, int minute, String imageId,
                                 JsonObject facts) {
    Instant created = T0.plusSeconds(60L * minute);
    JsonObject params = new JsonObject().put("build", new JsonObject().put("app", app).put("tag", tag == null ? "t" : tag));
    return new JobRecord(id, kind, imageId == null ? JobState.FAILED : JobState.SUCCEEDED, kind.firstPhase(), "ana",
        "local", app == null ? "upload → " + tag : app + " → t", params, created, created, created.plusSeconds(5),
        imageId, null, new JsonArray(), null, null, 0, 0, 0, facts);
  }
}
