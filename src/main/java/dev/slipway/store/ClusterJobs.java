package dev.slipway.store;

import dev.slipway.domain.JobState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the nodes of a cluster decide together through the database: how busy each node is, and who takes over the
 * jobs of a node that is gone. Every change is a conditional update, so two nodes doing it at once cannot both win.
 */
public final class ClusterJobs {
  private static final String UNFINISHED = "('" + JobState.QUEUED.wire() + "', '" + JobState.RUNNING.wire() + "')";
  private final Pool db;

  public ClusterJobs(Pool db) {
    this.db = db;
  }

  /** Queued and running jobs per node. */
  public Future<Map<String, Integer>> activeByNode() {
    return db.query("SELECT node, COUNT(*) FROM jobs WHERE state IN " + UNFINISHED + " GROUP BY node").execute()
        .map(rows -> {
          Map<String, Integer> counts = new HashMap<>();
          for (Row row : rows) {
            counts.put(row.getString(0), row.getLong(1).intValue());
          }
          return counts;
        });
  }

  /** Ids of the jobs of {@code node} in {@code state}, oldest first. */
  public Future<List<String>> jobsOn(String node, JobState state) {
    return db.preparedQuery("SELECT id FROM jobs WHERE node = ? AND state = ? ORDER BY created_at, id")
        .execute(Tuple.of(node, state.wire()))
        .map(rows -> {
          List<String> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getString(0)));
          return ids;
        });
  }

  /** Moves a queued job from {@code from} to {@code to}; false when another node took it first or it started. */
  public Future<Boolean> claimQueued(String id, String from, String to) {
    return db.preparedQuery("UPDATE jobs SET node = ? WHERE id = ? AND node = ? AND state = ?")
        .execute(Tuple.of(to, id, from, JobState.QUEUED.wire())).map(rows -> rows.rowCount() == 1);
  }

  /** Ends a running job of a gone node as failed; false when it had ended or another node did it first. */
  public Future<Boolean> failLost(String id, String node, String error, long now) {
    return db.preparedQuery("UPDATE jobs SET state = ?, error = ?, finished_at = ? WHERE id = ? AND node = ? "
            + "AND state = ?")
        .execute(Tuple.of(JobState.FAILED.wire(), error, now, id, node, JobState.RUNNING.wire()))
        .map(rows -> rows.rowCount() == 1);
  }
}
