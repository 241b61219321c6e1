package dev.slipway.store;

import dev.slipway.Config;
import dev.slipway.domain.LogLine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.List;

/**
 * Every job's log: its lines numbered from 1, each stored once, in order. Nothing here blocks the caller's event
 * loop: every method answers with a future. Appends to one job's log must not overlap (the jobs owner chains them,
 * so a job's lines are stored in order); reads may run beside an append and see only whole appends.
 *
 * <p>Two stores: {@link PgLogStore} in PostgreSQL, readable from every node of a cluster also after the node that
 * ran the job is gone, and {@link FileLogStore}, files under the data directory of a single node (embedded H2).
 */
public interface LogStore {
  /** The store for this configuration: PostgreSQL's table {@code log_lines} when Slipway uses PostgreSQL (through
   * {@code db}), else the files under {@code dir}. */
  static LogStore forConfig(Vertx vertx, JsonObject config, Pool db, Path dir) {
    return Config.usesPostgres(config) ? new PgLogStore(db) : new FileLogStore(vertx, dir);
  }

  /** Makes the store ready to use (the file store creates its folder). */
  Future<Void> open();

  /** Appends lines numbered on from the log's last line (the caller numbers them): all of them or, failing, none. */
  Future<Void> append(String jobId, List<LogLine> lines);

  /** At most {@code limit} lines after line {@code after}, in order; none when the job has no log. */
  default Future<List<LogLine>> read(String jobId, long after, int limit) {
    return read(jobId, after, limit, Long.MAX_VALUE);
  }

  /**
   * As {@link #read(String, long, int)}, and at most about {@code maxChars} characters of text (always at least one
   * line): lines may be 256 K characters long, and a page must fit in memory many times over.
   */
  Future<List<LogLine>> read(String jobId, long after, int limit, long maxChars);

  /**
   * After a restart: how many lines the log holds and where each container stream resumes (see {@link LogTail}),
   * having dropped what a crash left half-written.
   */
  Future<LogTail> recover(String jobId);

  /** Removes the job's log; nothing if there is none. */
  Future<Void> delete(String jobId);
}
