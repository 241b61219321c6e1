package dev.slipway.store;

import dev.slipway.domain.LogLine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Every job's log in PostgreSQL's table {@code log_lines} (migration V4), one row per line keyed by (job, n): every
 * node of a cluster reads any job's log, also after the node that ran it is gone. Non-blocking (vertx-pg-client).
 *
 * <p>An append is one statement, so one round trip per batch (up to 500 lines): the batch's columns travel as four
 * arrays that {@code unnest} turns into rows, and the statement stores all of them or none. The text is escaped
 * ({@link PgLogText}): PostgreSQL text cannot hold NUL. SQL is PostgreSQL's own, with {@code $n} parameters.
 */
public final class PgLogStore implements LogStore {
  private static final String APPEND = "INSERT INTO log_lines (job_id, n, stream, ts, text) "
      + "SELECT $1, * FROM unnest($2::bigint[], $3::varchar[], $4::varchar[], $5::varchar[])";
  /**
   * The window sums each line's size with the sizes before it, so the page stops at its budget inside the database:
   * a page of 5,000 lines of 256 K characters never travels. Sizes are the stored UTF-8 bytes (PostgreSQL reads them
   * without decompressing a long line), never fewer than the characters; the first line always fits.
   */
  private static final String PAGE = "SELECT n, stream, ts, text FROM ("
      + "SELECT n, stream, ts, text, SUM(octet_length(text)) OVER (ORDER BY n) - octet_length(text) AS before "
      + "FROM log_lines WHERE job_id = $1 AND n > $2 %s ORDER BY n LIMIT $3) page WHERE before < $4 ORDER BY n";
  /**
   * Lines are numbered without gaps, so a page after line N is at most the lines N+1 to N+limit: a range no plan
   * can turn into more. With the open range only, the planner, misjudging a table without statistics yet, sorted
   * every later line of the job for each page, and a replay took time quadratic in its length.
   */
  private static final String READ = String.format(PAGE, "AND n <= $2 + $3");
  /** A gap (lines whose append failed were numbered, never stored) leaves that range empty: the open one reads on. */
  private static final String READ_PAST_GAP = String.format(PAGE, "");
  private static final String COUNT = "SELECT COALESCE(MAX(n), 0) FROM log_lines WHERE job_id = $1";
  /**
   * Each stream's mark as {@link LogTail#mark} counts it line by line: its last line's time, and how many of its lines
   * carry that time after its last line with another time (lines without a time do not count).
   */
  private static final String MARKS = "SELECT last.stream, last.ts, (SELECT COUNT(*) FROM log_lines same "
      + "WHERE same.job_id = $1 AND same.stream = last.stream AND same.ts = last.ts AND same.n > COALESCE("
      + "(SELECT MAX(other.n) FROM log_lines other WHERE other.job_id = $1 AND other.stream = last.stream "
      + "AND other.ts <> last.ts), 0)) FROM (SELECT DISTINCT ON (stream) stream, ts FROM log_lines "
      + "WHERE job_id = $1 AND ts IS NOT NULL ORDER BY stream, n DESC) last";
  private static final String DELETE = "DELETE FROM log_lines WHERE job_id = $1";

  private final Pool db;

  public PgLogStore(Pool db) {
    this.db = db;
  }

  /** The table comes with the migrations. */
  @Override
  public Future<Void> open() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> append(String jobId, List<LogLine> lines) {
    if (lines.isEmpty()) {
      return Future.succeededFuture();
    }
    int size = lines.size();
    Long[] numbers = new Long[size];
    String[] streams = new String[size];
    String[] times = new String[size];
    String[] texts = new String[size];
    for (int i = 0; i < size; i++) {
      LogLine line = lines.get(i);
      numbers[i] = line.n();
      streams[i] = line.stream();
      times[i] = line.ts();
      texts[i] = PgLogText.escape(line.text());
    }
    return db.preparedQuery(APPEND).execute(Tuple.of(jobId, numbers, streams, times, texts)).mapEmpty();
  }

  @Override
  public Future<List<LogLine>> read(String jobId, long after, int limit, long maxChars) {
    Tuple page = Tuple.of(jobId, after, limit, maxChars);
    return read(READ, page).compose(lines -> lines.isEmpty() ? read(READ_PAST_GAP, page)
        : Future.succeededFuture(lines));
  }

  private Future<List<LogLine>> read(String sql, Tuple page) {
    return db.preparedQuery(sql).execute(page).map(rows -> {
      List<LogLine> out = new ArrayList<>(rows.size());
      for (Row row : rows) {
        out.add(new LogLine(row.getLong(0), row.getString(1), PgLogText.unescape(row.getString(3)),
            row.getString(2)));
      }
      return out;
    });
  }

  /** Nothing to repair: an append that failed halfway stored none of its lines. */
  @Override
  public Future<LogTail> recover(String jobId) {
    Future<Long> lines = db.preparedQuery(COUNT).execute(Tuple.of(jobId)).map(rows -> rows.iterator().next()
        .getLong(0));
    Future<JsonObject> marks = db.preparedQuery(MARKS).execute(Tuple.of(jobId)).map(rows -> {
      JsonObject out = new JsonObject();
      for (Row row : rows) {
        out.put(row.getString(0), new JsonObject().put("ts", row.getString(1)).put("count",
            row.getLong(2).intValue()));
      }
      return out;
    });
    return Future.all(lines, marks).map(both -> lines.result() == 0 ? LogTail.EMPTY
        : new LogTail(lines.result(), marks.result()));
  }

  @Override
  public Future<Void> delete(String jobId) {
    return db.preparedQuery(DELETE).execute(Tuple.of(jobId)).mapEmpty();
  }
}
