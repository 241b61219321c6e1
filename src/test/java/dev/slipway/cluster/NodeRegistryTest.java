package dev.slipway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Config;
import dev.slipway.domain.NodeRole;
import dev.slipway.store.Database;
import dev.slipway.testing.Postgres;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The node registry's SQL on both databases Slipway runs on: the embedded H2 and PostgreSQL (each test on a fresh
 * database, migrated by the same Flyway migrations). Statements use {@code ?} placeholders, so both go through JDBC.
 */
@ExtendWith(VertxExtension.class)
class NodeRegistryTest {
  private static final Set<NodeRole> BOTH = EnumSet.of(NodeRole.WEB, NodeRole.WORKER);
  private Pool db;
  private String postgresUrl;

  @AfterEach
  void close() {
    if (db != null) {
      SlipwayServer.await(db.close());
    }
    if (postgresUrl != null) {
      Postgres.drop(postgresUrl);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aNodesRowIsWrittenUpdatedAndReadBackWhole(String database, Vertx vertx) throws Exception {
    NodeRegistry registry = registry(database, vertx);
    NodeStatus first = new NodeStatus("b", BOTH, null, false, 0, 0, 2, 4, 1_000, 2_000);
    NodeStatus later = new NodeStatus("b", EnumSet.of(NodeRole.WORKER), "20.10.24", true, 3, 5, 2, 4, 1_000, 7_000);

    SlipwayServer.await(registry.write(first));
    assertThat(SlipwayServer.await(registry.all())).containsExactly(first);
    SlipwayServer.await(registry.write(later));
    SlipwayServer.await(registry.write(new NodeStatus("a-web", EnumSet.of(NodeRole.WEB), null, false, 0, 0, 1, 1, 5, 6)));

    List<NodeStatus> all = SlipwayServer.await(registry.all());
    assertThat(all).extracting(NodeStatus::name).containsExactly("a-web", "b");
    assertThat(all.get(1)).isEqualTo(later);
    assertThat(SlipwayServer.await(registry.find("b"))).contains(later);
    assertThat(SlipwayServer.await(registry.find("nobody"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aNodeThatStopsIsGoneAtOnceAndKeepsWhenItWasLastSeen(String database, Vertx vertx) throws Exception {
    NodeRegistry registry = registry(database, vertx);
    long now = System.currentTimeMillis();
    SlipwayServer.await(registry.write(new NodeStatus("b", BOTH, "20.10.24", true, 1, 0, 2, 4, now - 9_000, now)));
    assertThat(SlipwayServer.await(registry.find("b")).orElseThrow().alive(now)).isTrue();

    SlipwayServer.await(registry.markStopped("b", now + 1));

    NodeStatus stopped = SlipwayServer.await(registry.find("b")).orElseThrow();
    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.lastSeen()).isEqualTo(now + 1);
    assertThat(stopped.alive(now + 2)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aNodeCountsItsOwnRunningAndQueuedJobs(String database, Vertx vertx) throws Exception {
    NodeRegistry registry = registry(database, vertx);
    for (String[] job : new String[][] {{"b", "running"}, {"b", "queued"}, {"b", "queued"}, {"b", "succeeded"},
        {"b", "failed"}, {"local", "running"}}) {
      SlipwayServer.await(db.preparedQuery("INSERT INTO jobs (id, kind, state, phase, user_name, node, target, params, "
          + "created_at) VALUES (?, 'run', ?, 'run', 'ana', ?, 'app', '{}', 1)")
          .execute(Tuple.of(UUID.randomUUID().toString(), job[1], job[0])));
    }

    assertThat(SlipwayServer.await(registry.jobCounts("b"))).isEqualTo(new NodeRegistry.JobCounts(1, 2));
    assertThat(SlipwayServer.await(registry.jobCounts("local"))).isEqualTo(new NodeRegistry.JobCounts(1, 0));
    assertThat(SlipwayServer.await(registry.jobCounts("idle"))).isEqualTo(new NodeRegistry.JobCounts(0, 0));
  }

  @org.junit.jupiter.api.Test
  void aNodeSilentForTwentySecondsIsGone() {
    NodeStatus node = new NodeStatus("b", BOTH, "20.10.24", true, 0, 0, 2, 4, 0, 100_000);

    assertThat(node.alive(100_000 + NodeStatus.GONE_AFTER_MS)).isTrue();
    assertThat(node.alive(100_001 + NodeStatus.GONE_AFTER_MS)).isFalse();
  }

  /** A migrated, empty database of the kind named, and a registry on it. */
  private NodeRegistry registry(String database, Vertx vertx) throws Exception {
    if (database.equals("h2")) {
      JsonObject config = new JsonObject().put(Config.DATA_DIR, Files.createTempDirectory("slipway-registry").toString());
      SlipwayServer.await(Database.migrate(vertx, config));
      db = Database.pool(vertx, config, 1, "sql-test");
    } else {
      postgresUrl = Postgres.freshDatabase();
      PGSimpleDataSource source = new PGSimpleDataSource();
      source.setURL("jdbc:postgresql://" + Postgres.HOST + ":" + Postgres.PORT + "/"
          + postgresUrl.substring(postgresUrl.lastIndexOf('/') + 1));
      source.setUser(Postgres.USER);
      source.setPassword(Postgres.PASSWORD);
      Flyway.configure().dataSource(source).locations("classpath:db/migration").load().migrate();
      db = JDBCPool.pool(vertx, source, new PoolOptions().setMaxSize(1));
    }
    return new NodeRegistry(db);
  }
}
