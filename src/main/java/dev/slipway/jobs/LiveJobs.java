package dev.slipway.jobs;

import dev.slipway.bus.Bus;
import dev.slipway.store.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs that are queued or running, oldest first, and how their changes reach the database and the bus: a
 * change is saved, then published, so whoever hears of it finds it in the database. Event-loop confined.
 */
final class LiveJobs {
  private static final Logger LOG = LoggerFactory.getLogger(LiveJobs.class);
  private static final int SAVE_ATTEMPTS = 5;
  private static final long SAVE_RETRY_MS = 1_000;
  private final Vertx vertx;
  private final JobStore store;
  private final BuildQueue queue;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, Future<Void>> saves = new LinkedHashMap<>();

  LiveJobs(Vertx vertx, JobStore store, BuildQueue queue) {
    this.vertx = vertx;
    this.store = store;
    this.queue = queue;
  }

  void add(Job job) {
    jobs.put(job.id, job);
  }

  /** The live job, or null. */
  Job get(String id) {
    return jobs.get(id);
  }

  List<Job> all() {
    return new ArrayList<>(jobs.values());
  }

  /** Jobs of {@code user} that run or will run a container: what the per-user limit counts. */
  long containersOf(String user) {
    // A job that has ended stays here until its last row is saved; its container no longer counts.
    return jobs.values().stream().filter(j -> j.user.equals(user) && j.kind != dev.slipway.domain.JobKind.BUILD
        && !j.finished()).count();
  }

  /** The job as the API shows it, with its place in the build queue while it waits. */
  JsonObject view(Job job) {
    JsonObject json = job.record().toJson();
    int position = queue.position(job);
    if (position > 0) {
      json.put("queuePosition", position);
    }
    return json;
  }

  /**
   * Saves the job's row (after its earlier saves: a row never goes back to an older state), then publishes it. A
   * job that has ended leaves the live set once its row says so.
   */
  Future<Void> saveAndPublish(Job job) {
    return saveAndPublish(job, 0);
  }

  /**
   * A save that fails (the database is busy or away) is tried again, a few times with a pause: until its row says
   * so, an ended job stays live, so it is never dropped with its row left at an older state.
   */
  private Future<Void> saveAndPublish(Job job, int attempt) {
    Future<Void> previous = saves.getOrDefault(job.id, Future.succeededFuture());
    Future<Void> saved = previous.transform(v -> store.update(job.record()))
        .onComplete(done -> {
          publish(job);
          if (done.failed()) {
            LOG.error("job {}: could not save its state (attempt {}): {}", job.id, attempt + 1, done.cause().getMessage());
            if (attempt < SAVE_ATTEMPTS - 1) {
              vertx.setTimer(SAVE_RETRY_MS << attempt, t -> saveAndPublish(job, attempt + 1));
            }
          } else if (job.finished() && jobs.get(job.id) == job) {
            jobs.remove(job.id);
            saves.remove(job.id);
          }
        });
    saves.put(job.id, saved.recover(e -> Future.succeededFuture()));
    return saved;
  }


  /** The job is another node's now (its row says so): this node forgets it without a word. */
  void handOver(Job job) {
    jobs.remove(job.id);
    saves.remove(job.id);
  }

  void publish(Job job) {
    JsonObject json = view(job);
    vertx.eventBus().publish(Bus.jobState(job.id), json);
    vertx.eventBus().publish(Bus.STATES, json);
  }

  /** Every pending log write and row save, for a clean stop. */
  Future<?> settled() {
    List<Future<?>> pending = new ArrayList<>(saves.values());
    jobs.values().forEach(j -> pending.add(j.writes));
    return Future.join(pending);
  }
}
