package dev.slipway.store;

import dev.slipway.domain.JobKind;
import dev.slipway.domain.JobPhase;
import dev.slipway.domain.JobState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Jobs in the database: the source of truth for every job, live or finished. Portable SQL. */
public final class JobStore {
  private static final String COLUMNS = "id, kind, state, phase, user_name, node, target, params, created_at, "
      + "started_at, finished_at, image_id, container_id, ports, exit_code, error, lines, progress_step, progress_total, "
      + "build_key, build_facts";

  private final Pool db;

  public JobStore(Pool db) {
    this.db = db;
  }

  public Future<Void> insert(JobRecord job) {
    return db.preparedQuery("INSERT INTO jobs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.from(values(job))).mapEmpty();
  }

  /** Writes every mutable column of the job. */
  public Future<Void> update(JobRecord job) {
    Object[] all = values(job);
    return db.preparedQuery("UPDATE jobs SET state = ?, phase = ?, started_at = ?, finished_at = ?, image_id = ?, "
            + "container_id = ?, ports = ?, exit_code = ?, error = ?, lines = ?, progress_step = ?, progress_total = ?, "
            + "build_facts = ? WHERE id = ?")
        .execute(Tuple.from(new Object[] {all[2], all[3], all[9], all[10], all[11], all[12], all[13], all[14], all[15],
            all[16], all[17], all[18], all[20], job.id()})).mapEmpty();
  }

  public Future<JobRecord> find(String id) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = ?").execute(Tuple.of(id))
        .map(rows -> rows.iterator().hasNext() ? fromRow(rows.iterator().next()) : null);
  }

  /** Jobs of {@code node} that had not ended when it last stopped, oldest first. */
  public Future<List<JobRecord>> unfinished(String node) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM jobs WHERE state IN (?, ?) AND node = ? ORDER BY created_at, id")
        .execute(Tuple.of(JobState.QUEUED.wire(), JobState.RUNNING.wire(), node)).map(JobStore::all);
  }

  /** A page of jobs, newest first, and how many match in all. */
  public Future<JobPage> search(JobQuery query) {
    JobQuery.Where where = query.where();
    Future<Long> total = db.preparedQuery("SELECT COUNT(*) FROM jobs" + where.sql()).execute(Tuple.from(where.args()))
        .map(rows -> rows.iterator().next().getLong(0));
    List<Object> args = new ArrayList<>(where.args());
    args.add(query.size());
    args.add((long) query.page() * query.size());
    Future<List<JobRecord>> jobs = db.preparedQuery("SELECT " + COLUMNS + " FROM jobs" + where.sql()
        + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?").execute(Tuple.from(args)).map(JobStore::all);
    return Future.all(total, jobs).map(v -> new JobPage(jobs.result(), total.result(), query.page(), query.size()));
  }

  /** Ids of finished jobs past retention: older than {@code before}, or beyond the newest {@code keep}. */
  public Future<List<String>> expired(Instant before, int keep) {
    return db.preparedQuery("SELECT id FROM jobs WHERE state IN (?, ?, ?) AND (created_at < ? OR id NOT IN "
            + "(SELECT id FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?))")
        .execute(Tuple.of(JobState.SUCCEEDED.wire(), JobState.FAILED.wire(), JobState.CANCELLED.wire(),
            before.toEpochMilli(), keep))
        .map(rows -> {
          List<String> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getString(0)));
          return ids;
        });
  }

  /** How many of {@code node}'s jobs are stored in each state (states without any are left out). */
  public Future<Map<JobState, Long>> countByState(String node) {
    return db.preparedQuery("SELECT state, COUNT(*) FROM jobs WHERE node = ? GROUP BY state").execute(Tuple.of(node))
        .map(rows -> {
          Map<JobState, Long> counts = new EnumMap<>(JobState.class);
          rows.forEach(r -> counts.put(JobState.parse(r.getString(0)), r.getLong(1)));
          return counts;
        });
  }

  public Future<Void> delete(String id) {
    return db.preparedQuery("DELETE FROM jobs WHERE id = ?").execute(Tuple.of(id)).mapEmpty();
  }

  private static Object[] values(JobRecord j) {
    return new Object[] {j.id(), j.kind().wire(), j.state().wire(), j.phase().wire(), j.user(), j.node(), cut(j.target(), 2000),
        j.params().encode(), millis(j.createdAt()), millis(j.startedAt()), millis(j.finishedAt()), j.imageId(),
        j.containerId(), j.ports() == null ? null : j.ports().encode(), j.exitCode(), cut(j.error(), 4000), j.lines(),
        j.step(), j.totalSteps(), BuildHistory.key(j.params().getJsonObject("build")), facts(j.buildFacts())};
  }

  private static List<JobRecord> all(RowSet<Row> rows) {
    List<JobRecord> out = new ArrayList<>();
    rows.forEach(r -> out.add(fromRow(r)));
    return out;
  }

  private static JobRecord fromRow(Row r) {
    String ports = r.getString(13);
    return new JobRecord(r.getString(0), JobKind.parse(r.getString(1)), JobState.parse(r.getString(2)),
        JobPhase.parse(r.getString(3)), r.getString(4), r.getString(5), r.getString(6), new JsonObject(r.getString(7)),
        instant(r.getLong(8)), instant(r.getLong(9)), instant(r.getLong(10)), r.getString(11), r.getString(12),
        ports == null ? new JsonArray() : new JsonArray(ports), r.getInteger(14), r.getString(15),
        r.getLong(16), r.getInteger(17) == null ? 0 : r.getInteger(17), r.getInteger(18) == null ? 0 : r.getInteger(18),
        r.getString(20) == null ? new JsonObject() : new JsonObject(r.getString(20)));
  }

  /** Null for none, so that the previous build is looked for among builds that have facts. */
  private static String facts(JsonObject facts) {
    return facts == null || facts.isEmpty() ? null : facts.encode();
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
