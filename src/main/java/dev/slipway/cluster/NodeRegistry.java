package dev.slipway.cluster;

import dev.slipway.domain.JobState;
import dev.slipway.domain.NodeRole;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The table {@code nodes}: each node writes its own row ({@link NodeVerticle}), anyone reads them all. Portable SQL
 * with {@code ?} placeholders (no MERGE, no ON CONFLICT: H2 and PostgreSQL spell those differently).
 */
public final class NodeRegistry implements NodeDirectory {
  private static final String COLUMNS = "name, roles, engine_version, reachable, running, queued, build_slots, cpus, "
      + "started_at, last_seen, stopped";

  /** A node's running and queued jobs, as the database has them. */
  public record JobCounts(int running, int queued) {
  }

  private final Pool db;

  public NodeRegistry(Pool db) {
    this.db = db;
  }

  /**
   * Writes {@code status} as its node's row: an update, or the insert of a node seen for the first time. Only the
   * node itself writes its row, so the update-then-insert cannot race with another writer of the same row (unless
   * two nodes were given the same name: then the insert fails, and the next heartbeat updates).
   */
  public Future<Void> write(NodeStatus status) {
    Tuple values = Tuple.tuple().addValue(rolesText(status.roles())).addValue(status.engineVersion())
        .addValue(status.reachable()).addValue(status.running()).addValue(status.queued())
        .addValue(status.buildSlots()).addValue(status.cpus()).addValue(status.startedAt())
        .addValue(status.lastSeen()).addValue(status.stopped()).addValue(status.name());
    return db.preparedQuery("UPDATE nodes SET roles = ?, engine_version = ?, reachable = ?, running = ?, queued = ?, "
            + "build_slots = ?, cpus = ?, started_at = ?, last_seen = ?, stopped = ? WHERE name = ?")
        .execute(values)
        .compose(updated -> updated.rowCount() > 0 ? Future.succeededFuture() : db.preparedQuery(
            "INSERT INTO nodes (roles, engine_version, reachable, running, queued, build_slots, cpus, started_at, "
                + "last_seen, stopped, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(values).mapEmpty());
  }

  /** A node that stops cleanly says so, and is gone for the others at once. */
  public Future<Void> markStopped(String name, long at) {
    return db.preparedQuery("UPDATE nodes SET stopped = ?, last_seen = ? WHERE name = ?")
        .execute(Tuple.of(true, at, name)).mapEmpty();
  }

  /** Every node that ever wrote its row, alive or gone, by name. */
  @Override
  public Future<List<NodeStatus>> all() {
    return db.query("SELECT " + COLUMNS + " FROM nodes ORDER BY name").execute().map(NodeRegistry::statuses);
  }

  public Future<Optional<NodeStatus>> find(String name) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM nodes WHERE name = ?").execute(Tuple.of(name))
        .map(rows -> statuses(rows).stream().findFirst());
  }

  /** The jobs whose owner is {@code node} that run or wait, counted by the database (the source of truth). */
  public Future<JobCounts> jobCounts(String node) {
    return db.preparedQuery("SELECT state, COUNT(*) FROM jobs WHERE node = ? AND state IN (?, ?) GROUP BY state")
        .execute(Tuple.of(node, JobState.RUNNING.wire(), JobState.QUEUED.wire()))
        .map(rows -> {
          int running = 0;
          int queued = 0;
          for (Row row : rows) {
            int count = row.getLong(1).intValue();
            if (JobState.RUNNING.wire().equals(row.getString(0))) {
              running = count;
            } else {
              queued = count;
            }
          }
          return new JobCounts(running, queued);
        });
  }

  static String rolesText(Set<NodeRole> roles) {
    return roles.stream().sorted().map(NodeRole::wire).collect(Collectors.joining(","));
  }

  // By position: JDBC drivers differ in the case of column labels (H2 gives NAME, PostgreSQL name).
  private static List<NodeStatus> statuses(RowSet<Row> rows) {
    List<NodeStatus> statuses = new ArrayList<>();
    for (Row row : rows) {
      statuses.add(new NodeStatus(row.getString(0), NodeRole.parseAll(row.getString(1)), row.getString(2),
          row.getBoolean(3), row.getInteger(4), row.getInteger(5), row.getInteger(6), row.getInteger(7),
          row.getLong(8), row.getLong(9), row.getBoolean(10)));
    }
    return statuses;
  }
}
