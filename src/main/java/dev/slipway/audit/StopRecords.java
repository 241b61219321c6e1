package dev.slipway.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Who stopped a run through Slipway, from the audit log: the job's Cancel (or Stop container) is recorded as
 * {@code job.cancel} of its id, the Containers page's Stop as {@code container.stop} of its container. A job does not
 * keep who ended it; the audit log, which every such stop goes through, does.
 */
public final class StopRecords {
  private final Pool db;

  public StopRecords(Pool db) {
    this.db = db;
  }

  /** The user who last stopped the job or its container successfully, or null when the log has no such entry. */
  public Future<String> stoppedBy(String jobId, String containerId) {
    String container = containerId == null ? "" : containerId;
    String shortId = container.length() > 12 ? container.substring(0, 12) : container;
    return db.preparedQuery("SELECT user_name FROM audit WHERE outcome = ? AND ((action = 'job.cancel' AND target = ?) "
            + "OR (action = 'container.stop' AND (target = ? OR target = ?))) ORDER BY id DESC LIMIT 1")
        .execute(Tuple.of(AuditLog.OK, jobId, container, shortId))
        .map(rows -> {
          for (Row row : rows) {
            return row.getString(0);
          }
          return null;
        });
  }
}
