package dev.slipway.jobs;

import dev.slipway.bus.Bus;
import dev.slipway.domain.JobKind;
import dev.slipway.domain.JobPhase;
import dev.slipway.domain.JobState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands jobs to the Docker worker (builds through the queue, runs at once) and applies what the worker reports.
 * Every state change goes through {@link Job#moveTo} and is saved before it is published.
 */
final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  static final long WORKER_TIMEOUT_MS = 90_000;
  static final DeliveryOptions TO_WORKER = new DeliveryOptions().setSendTimeout(WORKER_TIMEOUT_MS);
  /** How soon a queue held still by a refused build tries again. */
  static final long RETRY_HELD_MS = 2_000;

  private final Vertx vertx;
  private final LiveJobs live;
  private final BuildQueue queue;
  private final JobOutput output;
  private long retryTimer = -1;

  Dispatcher(Vertx vertx, LiveJobs live, BuildQueue queue, JobOutput output) {
    this.vertx = vertx;
    this.live = live;
    this.queue = queue;
    this.output = output;
  }

  /** Starts the waiting builds that have a free slot. */
  void startBuilds() {
    List<Job> started = queue.takeStartable();
    for (Job job : started) {
      // The request as shown (build args masked, the app's name) goes along for the image's reproducibility labels.
      send(job, Bus.onNode(job.node, Bus.DOCKER_BUILD), job.build.toWorker(job.id)
          .put("shown", job.params.getJsonObject("build")));
    }
    if (!started.isEmpty()) {
      queueMoved();
    }
  }

  /** Every waiting job moved up: its followers hear its new place, not only those who poll. */
  void queueMoved() {
    queue.waiting().forEach(live::publish);
  }

  void startRun(Job job) {
    JsonObject request = job.run.toWorker(job.id);
    if (job.kind == JobKind.LAUNCH && job.imageId() != null) {
      // The image this launch built, by id: another build of the same tag may have finished in between.
      request.put("image", job.imageId());
    }
    send(job, Bus.onNode(job.node, Bus.DOCKER_RUN), request);
  }

  /** The deadline stops the worker from starting what it got too late to answer for. */
  private void send(Job job, String address, JsonObject request) {
    request.put("deadline", System.currentTimeMillis() + WORKER_TIMEOUT_MS - 5_000);
    vertx.eventBus().request(address, request, TO_WORKER).onComplete(accepted -> {
      if (accepted.succeeded()) {
        if (job.cancelRequested && !job.finished()) {
          // The cancel came while the worker was still accepting the job and found nothing to stop; now it would.
          vertx.eventBus().request(Bus.onNode(job.node, Bus.DOCKER_CANCEL), new JsonObject().put("jobId", job.id), TO_WORKER)
              .onFailure(e -> LOG.warn("job {}: the deferred cancel failed: {}", job.id, e.getMessage()));
        }
        return;
      }
      WorkerFailure failure = WorkerFailure.of(accepted.cause());
      if (job.phase() == JobPhase.BUILD && failure.code() == Bus.ENGINE_UNREACHABLE && !job.cancelRequested) {
        if (queue.putBack(job)) {
          LOG.info("job {} waits: {}", job.id, failure.message());
        }
        live.publish(job);
        retryHeldQueue();
        return;
      }
      end(job, JobState.FAILED, new JsonObject().put("error", failure.message()));
    });
  }

  /**
   * A held queue tries again soon, the engine's return notwithstanding: the news that the engine answers again can
   * come before the refusal it ends (a probe's answer races a build's refusal), and then nothing else would start the
   * queue. While the engine is still away the worker refuses at once, from its last probe, and the queue holds again.
   */
  private void retryHeldQueue() {
    if (retryTimer >= 0) {
      return;
    }
    retryTimer = vertx.setTimer(RETRY_HELD_MS, t -> {
      retryTimer = -1;
      queue.resume();
      startBuilds();
    });
  }

  /** A report from the worker: {@code {"jobId", "phase", "state", …details}}. */
  void onUpdate(JsonObject update) {
    Job job = live.get(update.getString("jobId", ""));
    if (job == null || job.finished() || !job.phase().wire().equals(update.getString("phase"))) {
      return;
    }
    JobState state = JobState.parse(update.getString("state"));
    // A running build's steps (and its record, its comparison): saved and published as they come, a few a second.
    if (job.noteBuildFacts(update) && state == JobState.RUNNING && job.state() == JobState.RUNNING) {
      live.saveAndPublish(job);
      return;
    }
    if (state == JobState.RUNNING) {
      if (job.moveTo(JobState.RUNNING, update)) {
        live.saveAndPublish(job);
      } else if (job.kind == JobKind.LAUNCH && job.phase() == JobPhase.RUN) {
        // A launch is running since its build: its container (id, ports) is news all the same, and a reattach
        // after an outage or a restart needs its id.
        job.enterRunPhase(update);
        live.saveAndPublish(job);
      }
    } else if (job.kind == JobKind.LAUNCH && job.phase() == JobPhase.BUILD && state == JobState.SUCCEEDED) {
      buildSlotFreed(job);
      if (job.cancelRequested) {
        end(job, JobState.CANCELLED, update);
        return;
      }
      job.enterRunPhase(update);
      output.note(job, "── built " + update.getString("imageId", "") + "; starting a container of "
          + job.build.tag() + " ──").onComplete(noted -> {
            live.saveAndPublish(job);
            startRun(job);
          });
    } else {
      end(job, state, update);
    }
  }

  /** Ends the job (after its stored lines), frees its build slot, and saves and publishes the end. */
  Future<Void> end(Job job, JobState state, JsonObject details) {
    if (job.phase() == JobPhase.BUILD) {
      buildSlotFreed(job);
      if (job.build != null && job.build.contextFile() != null) {
        // The worker deletes an archive it built from; one it never got (cancelled while queued) goes here.
        vertx.fileSystem().delete(job.build.contextFile()).onFailure(gone -> { });
      }
    }
    queue.remove(job);
    if (!job.moveTo(state, details)) {
      return Future.succeededFuture();
    }
    return job.writes.transform(v -> live.saveAndPublish(job));
  }

  private void buildSlotFreed(Job job) {
    queue.done(job.id);
    startBuilds();
  }
}
