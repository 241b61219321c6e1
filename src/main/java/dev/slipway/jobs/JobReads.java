package dev.slipway.jobs;

import dev.slipway.domain.BadRequest;
import dev.slipway.domain.LogLine;
import dev.slipway.store.JobPage;
import dev.slipway.store.JobQuery;
import dev.slipway.store.JobRecord;
import dev.slipway.store.JobStore;
import dev.slipway.store.LogStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The read side of the event-bus API: a job, a page of the history, a page of a log. Live jobs answer from memory
 * (their counts move faster than their rows), every other job from the database and its stored log.
 */
final class JobReads {
  private static final int MAX_PAGE = 5000;
  /** A page holds at most this much text (and always one line): what a reader may make Slipway hold at once. */
  static final long MAX_PAGE_CHARS = 2L * 1024 * 1024;
  private final LiveJobs live;
  private final JobStore store;
  private final LogStore logs;

  JobReads(LiveJobs live, JobStore store, LogStore logs) {
    this.live = live;
    this.store = store;
    this.logs = logs;
  }

  /** The job named by {@code body.id}, or a 404. */
  Future<JsonObject> get(JsonObject body) {
    String id = body.getValue("id") instanceof String s ? s : "";
    Job job = live.get(id);
    if (job != null) {
      return Future.succeededFuture(live.view(job));
    }
    return store.find(id).compose(found -> found == null
        ? Future.failedFuture(new BadRequest(404, "no job with id '" + id + "'"))
        : Future.succeededFuture(found.toJson()));
  }

  /** {@code {"jobs": […], "total", "page", "size"}}, newest first, filtered as {@link JobQuery} says. */
  Future<JsonObject> list(JsonObject body) {
    JobQuery query = JobQuery.from(body);
    return store.search(query).compose(page -> {
      List<Future<JsonObject>> jobs = page.jobs().stream().map(this::current).toList();
      return Future.all(jobs).map(all -> new JsonObject()
          .put("jobs", new JsonArray(jobs.stream().map(Future::result).toList()))
          .put("total", page.total()).put("page", page.page()).put("size", page.size()));
    });
  }

  /**
   * A listed job as it is now. A row that says unfinished while its job has left the live set was read before the
   * job's final save (a job leaves only once that save is done): it is read again, so a list never shows a job
   * running after it ended, next to the one that took its build slot.
   */
  private Future<JsonObject> current(JobRecord row) {
    Job job = live.get(row.id());
    if (job != null) {
      return Future.succeededFuture(live.view(job));
    }
    if (row.state().isFinal()) {
      return Future.succeededFuture(row.toJson());
    }
    return store.find(row.id()).map(again -> (again == null ? row : again).toJson());
  }

  /** A page of {@code body.id}'s log after line {@code body.after}, with the job as it is now. */
  Future<JsonObject> log(JsonObject body) {
    long after = Math.max(0, body.getLong("after", 0L));
    int limit = Math.max(1, Math.min(body.getInteger("limit", 1000), MAX_PAGE));
    return get(body).compose(job -> logs.read(job.getString("id"), after, limit, MAX_PAGE_CHARS)
        .map(lines -> new JsonObject().put("job", job).put("lines", toJson(lines))));
  }

  private static JsonArray toJson(List<LogLine> lines) {
    JsonArray out = new JsonArray();
    lines.forEach(line -> out.add(line.toJson()));
    return out;
  }
}
