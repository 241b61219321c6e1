package dev.slipway.jobs;

import dev.slipway.audit.AuditLog;
import dev.slipway.auth.CallerLookup;
import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.JobState;
import dev.slipway.domain.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Cancels a job: a queued one leaves the queue without Docker ever hearing of it; a build is aborted and a run's
 * container stopped by the worker, which then reports the job {@code cancelled}.
 */
final class Cancels {
  private final Vertx vertx;
  private final LiveJobs live;
  private final BuildQueue queue;
  private final Dispatcher dispatcher;
  private final JobReads reads;
  private final CallerLookup callers;
  private final AuditLog audit;

  Cancels(Vertx vertx, LiveJobs live, BuildQueue queue, Dispatcher dispatcher, JobReads reads, CallerLookup callers,
          AuditLog audit) {
    this.vertx = vertx;
    this.live = live;
    this.queue = queue;
    this.dispatcher = dispatcher;
    this.reads = reads;
    this.callers = callers;
    this.audit = audit;
  }

  void onCancel(Message<JsonObject> msg) {
    String id = msg.body().getValue("id") instanceof String s ? s : "";
    String address = msg.headers().get(Bus.ADDRESS_HEADER);
    Caller[] who = {null};
    callers.of(msg).compose(caller -> {
      who[0] = caller;
      caller.require(Role.OPERATOR, "cancelling a job");
      return cancel(id);
    }).onSuccess(job -> {
      audit.record(who[0].user(), address, "job.cancel", id, AuditLog.OK, null);
      msg.reply(job);
    }).onFailure(e -> {
      BadRequest refusal = JobsVerticle.refusal(e);
      if (who[0] != null) {
        audit.record(who[0].user(), address, "job.cancel", id, refusal.code() == 403 ? AuditLog.DENIED : AuditLog.FAILED,
            refusal.getMessage());
      }
      msg.fail(refusal.code(), refusal.getMessage());
    });
  }

  private Future<JsonObject> cancel(String id) {
    Job job = live.get(id);
    if (job == null || job.finished()) {
      return reads.get(new JsonObject().put("id", id)).compose(ended -> Future.failedFuture(
          new BadRequest(Bus.CONFLICT, "the job has already ended (" + ended.getString("state") + ")")));
    }
    if (queue.remove(job)) {
      dispatcher.queueMoved();
      return dispatcher.end(job, JobState.CANCELLED, new JsonObject()).map(v -> live.view(job));
    }
    job.cancelRequested = true;
    return vertx.eventBus().request(Bus.onNode(job.node, Bus.DOCKER_CANCEL), new JsonObject().put("jobId", job.id), Dispatcher.TO_WORKER)
        .<JsonObject>map(ok -> live.view(job))
        .recover(e -> {
          WorkerFailure failure = WorkerFailure.of(e);
          // 409: not at the worker (yet, or between a launch's build and run): the flag stops it where it is.
          return failure.code() == Bus.CONFLICT ? Future.succeededFuture(live.view(job))
              : Future.failedFuture(new BadRequest(failure.code(), failure.message()));
        });
  }
}
