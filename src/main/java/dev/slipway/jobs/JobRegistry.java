package dev.slipway.jobs;

import dev.slipway.domain.BadRequest;
import dev.slipway.bus.Bus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The jobs in memory, oldest first, and the read side of the event-bus API. Event-loop confined. */
final class JobRegistry {
  private static final int MAX_FINISHED_JOBS = 200;
  private static final int MAX_PAGE = 5000;

  private final Map<String, Job> jobs = new LinkedHashMap<>();

  void add(Job job) {
    jobs.put(job.id, job);
  }

  void remove(Job job) {
    jobs.remove(job.id);
  }

  /** The job, or null: for reports from the worker about jobs that may be gone. */
  Job find(String id) {
    return jobs.get(id);
  }

  /** The job named by {@code body.id}, or a 404. */
  Job get(JsonObject body) {
    Job job = jobs.get(body.getString("id", ""));
    if (job == null) {
      throw new BadRequest(Bus.NOT_FOUND, "no job with id '" + body.getString("id") + "'");
    }
    return job;
  }

  JsonObject list() {
    List<JsonObject> newestFirst = new ArrayList<>();
    jobs.values().forEach(job -> newestFirst.add(job.toJson()));
    Collections.reverse(newestFirst);
    return new JsonObject().put("jobs", new JsonArray(newestFirst));
  }

  /** A page of {@code body.id}'s log after line {@code body.after}, with the job as it is now. */
  JsonObject log(JsonObject body) {
    Job job = get(body);
    long after = Math.max(0, body.getLong("after", 0L));
    int limit = Math.max(1, Math.min(body.getInteger("limit", 1000), MAX_PAGE));
    JsonArray lines = new JsonArray();
    job.linesAfter(after, limit).forEach(line -> lines.add(line.toJson()));
    return new JsonObject().put("job", job.toJson()).put("lines", lines);
  }

  void forgetOldJobs() {
    List<String> finished = jobs.values().stream().filter(Job::finished).map(j -> j.id).toList();
    finished.stream().limit(Math.max(0, finished.size() - MAX_FINISHED_JOBS)).forEach(jobs::remove);
  }
}
