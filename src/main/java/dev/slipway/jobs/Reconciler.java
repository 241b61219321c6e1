package dev.slipway.jobs;

import dev.slipway.bus.Bus;
import dev.slipway.domain.Caller;
import dev.slipway.domain.JobKind;
import dev.slipway.domain.JobPhase;
import dev.slipway.domain.JobState;
import dev.slipway.domain.Role;
import dev.slipway.domain.ShownRequests;
import dev.slipway.store.JobRecord;
import dev.slipway.store.JobStore;
import dev.slipway.store.LogStore;
import dev.slipway.store.LogTail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing lost across restarts. At start-up, the jobs the database says were queued or running: queued ones queue
 * again (unless their secret values, never stored, are needed), builds that were running end as failed, runs keep
 * running and are taken up again. Whenever the engine answers (again), every running run the worker does not follow
 * is taken up: its log continues after the last stored line, or the job ends if its container is gone.
 */
final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  static final String LOST = "lost while Slipway was down";
  static final String LOST_ENGINE = "lost while the Docker engine was not reachable";

  private final Vertx vertx;
  private final JobsSetup setup;
  private final LiveJobs live;
  private final BuildQueue queue;
  private final Dispatcher dispatcher;
  private final JobStore store;
  private final LogStore logs;
  /** Runs that were queued when Slipway stopped: they start when the engine first answers. */
  private final List<Job> pendingRuns = new ArrayList<>();
  /** Runs found running at start-up and not yet taken up: what they lost was Slipway, not the engine. */
  private final Set<String> restoredRuns = new HashSet<>();
  /** Jobs being taken up from another node, not yet held. */
  private final Set<String> adopting = new HashSet<>();

  Reconciler(Vertx vertx, JobsSetup setup, LiveJobs live, BuildQueue queue, Dispatcher dispatcher, JobStore store,
             LogStore logs) {
    this.vertx = vertx;
    this.setup = setup;
    this.live = live;
    this.queue = queue;
    this.dispatcher = dispatcher;
    this.store = store;
    this.logs = logs;
  }

  /** Loads the unfinished jobs; the queue holds still until the engine first answers. */
  Future<Void> startUp() {
    queue.hold();
    // One after the other, oldest first, each in place before start-up ends: the queue keeps its order, and no
    // queued job arrives after the engine's first answer has started the queue.
    return store.unfinished(setup.node()).compose(rows -> {
      Future<Void> chain = Future.succeededFuture();
      for (JobRecord row : rows) {
        chain = chain.compose(v -> restore(row));
      }
      return chain;
    });
  }

  /** Reads the job's log tail (and repairs what a crash left half-written) to go on after its last stored line. */
  private Future<Void> restore(JobRecord row) {
    return logs.recover(row.id()).map(tail -> restored(row, tail)).compose(job -> resume(job, row));
  }

  private static Job restored(JobRecord row, LogTail tail) {
    Job job = Job.restored(row);
    job.storedLines = tail.lines();
    job.nextLine = tail.lines() + 1;
    job.resumeMarks = tail.marks().copy(); // the job's own: its lines count into it (LogTail.EMPTY is shared)
    return job;
  }

  private Future<Void> resume(Job restored, JobRecord row) {
    if (row.state() == JobState.RUNNING && row.phase() == JobPhase.BUILD) {
      live.add(restored);
      dispatcher.end(restored, JobState.FAILED, new JsonObject().put("error",
          "Slipway stopped while the build was running; build it again"));
    } else if (row.state() == JobState.RUNNING) {
      live.add(restored);
      restoredRuns.add(restored.id);
      if (restored.containerId() == null) {
        dispatcher.end(restored, JobState.FAILED, new JsonObject().put("error", LOST + " before its container ran"));
      }
    } else {
      return requeue(restored, row);
    }
    return Future.succeededFuture();
  }

  /** A queued job runs after the restart, from what the database kept; secret values were never kept. */
  private Future<Void> requeue(Job restored, JobRecord row) {
    JsonObject params = row.params();
    JsonObject run = params.getJsonObject("run");
    if (run != null && !run.getJsonObject("secretEnv", new JsonObject()).isEmpty()) {
      live.add(restored);
      dispatcher.end(restored, JobState.FAILED, new JsonObject().put("error", "Slipway restarted before the job "
          + "started, and its secret values are never stored: submit it again"));
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      String kept = setup.contextFile(row.id()).toString();
      BuildRequest build = params.containsKey("build") ? BuildRequest.restore(params.getJsonObject("build"),
          setup.apps(), Files.exists(setup.contextFile(row.id())) ? kept : null, row.user()) : null;
      // Checked against the user's role when it was accepted; what the database kept is only read back here.
      RunRequest runRequest = run == null ? null : RunRequest.from(launchRun(ShownRequests.asBody(run), build != null),
          build == null ? null
          : build.tag(), new Caller(row.user(), Role.ADMIN), setup.runLimits());
      return new Job(row.id(), row.kind(), row.user(), row.node(), row.createdAt(), params, build, runRequest);
    }, false).onSuccess(job -> {
      live.add(job);
      if (job.kind == JobKind.RUN) {
        pendingRuns.add(job);
      } else {
        queue.add(job);
      }
    }).onFailure(e -> {
      live.add(restored);
      dispatcher.end(restored, JobState.FAILED, new JsonObject().put("error", "could not be queued again after a "
          + "restart: " + e.getMessage()));
    }).<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * A queued job taken over from a node that is gone: it waits in this node's queue now, and starts when a slot is
   * free (a run at once). An upload's archive stayed on the gone node: such a build ends failed, saying so.
   */
  Future<Void> adopt(JobRecord row) {
    // Two ways can bring the same job (a hand-over's answer and the look for stranded jobs): the first one takes it.
    if (live.get(row.id()) != null || !adopting.add(row.id())) {
      return Future.succeededFuture();
    }
    return requeue(Job.restored(row), row).onComplete(done -> adopting.remove(row.id())).onSuccess(v -> {
      dispatcher.startBuilds();
      pendingRuns.forEach(dispatcher::startRun);
      pendingRuns.clear();
    });
  }

  /** A launch's run runs the image its build makes: the shown image is not part of its body. */
  private static JsonObject launchRun(JsonObject body, boolean launch) {
    if (launch) {
      body.remove("image");
    }
    return body;
  }

  /** The engine answers: queued work starts, and every run the worker does not follow is taken up. */
  void engineBack() {
    queue.resume();
    dispatcher.startBuilds();
    pendingRuns.forEach(dispatcher::startRun);
    pendingRuns.clear();
    for (Job job : live.all()) {
      if (job.state() == JobState.RUNNING && job.phase() == JobPhase.RUN && job.containerId() != null) {
        reattach(job);
      }
    }
  }

  private void reattach(Job job) {
    JsonObject request = new JsonObject().put("jobId", job.id).put("containerId", job.containerId())
        .put("resume", job.resumeMarks.copy()).put("lostWhy", restoredRuns.contains(job.id) ? LOST : LOST_ENGINE);
    // Lines stored so far were written before this; the worker's lines continue after them.
    job.writes.onComplete(stored -> vertx.eventBus().request(Bus.onNode(job.node, Bus.DOCKER_REATTACH), request, Dispatcher.TO_WORKER)
        .onSuccess(ok -> {
          restoredRuns.remove(job.id);
          LOG.info("job {}: following its container {} again", job.id, job.containerId());
          if (job.cancelRequested && !job.finished()) {
            // Cancelled while no one followed it (the worker had nothing to stop): stop it now.
            vertx.eventBus().request(Bus.onNode(job.node, Bus.DOCKER_CANCEL), new JsonObject().put("jobId", job.id), Dispatcher.TO_WORKER)
                .onFailure(e -> LOG.warn("job {}: the deferred cancel failed: {}", job.id, e.getMessage()));
          }
        })
        .onFailure(e -> {
          WorkerFailure failure = WorkerFailure.of(e);
          if (failure.code() != Bus.CONFLICT) {
            LOG.warn("job {}: could not take up its container yet: {}", job.id, failure.message());
          }
        }));
  }
}
