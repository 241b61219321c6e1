package dev.slipway.jobs;

import dev.slipway.apps.AppCatalog;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.CallerLookup;
import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.JobKind;
import dev.slipway.domain.Role;
import dev.slipway.logs.SecretMasker;
import dev.slipway.store.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Accepts build, run and launch requests: who asks and may they, is the engine there, is the request sound, is the
 * user under the running-containers limit. An accepted job is in the database before anyone hears of it; builds
 * then wait in the queue, runs go to the worker at once.
 */
final class Submissions {
  private final Vertx vertx;
  private final JobsSetup setup;
  private final LiveJobs live;
  private final BuildQueue queue;
  private final Dispatcher dispatcher;
  private final JobStore store;
  private final CallerLookup callers;
  private final AuditLog audit;
  /** Per user, runs past the limit check whose rows are still being written. Event-loop confined. */
  private final Map<String, Integer> reserved = new HashMap<>();

  Submissions(Vertx vertx, JobsSetup setup, LiveJobs live, BuildQueue queue, Dispatcher dispatcher, JobStore store,
              CallerLookup callers, AuditLog audit) {
    this.vertx = vertx;
    this.setup = setup;
    this.live = live;
    this.queue = queue;
    this.dispatcher = dispatcher;
    this.store = store;
    this.callers = callers;
    this.audit = audit;
  }

  /** Accepts (or refuses) the job and answers {@code msg}; completes once answered, either way. */
  Future<Void> onSubmit(Message<JsonObject> msg, JobKind kind) {
    JsonObject body = msg.body();
    String address = msg.headers().get(Bus.ADDRESS_HEADER);
    Caller[] who = {null};
    return callers.of(msg)
        .compose(caller -> {
          who[0] = caller;
          caller.require(Role.OPERATOR, "starting a " + kind.wire());
          return engineAnswers();
        })
        .compose(v -> parse(kind, body, who[0]))
        // Forms slice (issue 8): image, name and host ports checked on this (the running) node, before a job exists.
        .compose(job -> PreStartChecks.check(vertx, setup.node(), job))
        .compose(this::reserve)
        .compose(job -> accept(job, body).onComplete(done -> release(job)))
        .onSuccess(job -> {
          audit.record(job.user, address, "job." + kind.wire(), job.target, AuditLog.OK, "job " + job.id);
          if (kind == JobKind.RUN) {
            msg.reply(live.view(job));
            dispatcher.startRun(job);
          } else {
            // Queued before the reply, so the submitter sees where the job waits.
            queue.add(job);
            msg.reply(live.view(job));
            live.publish(job);
            dispatcher.startBuilds();
          }
        })
        .onFailure(e -> {
          discardUpload(body);
          BadRequest refusal = JobsVerticle.refusal(e);
          audit.record(who[0] == null ? msg.headers().get(Bus.USER_HEADER) : who[0].user(), address, "job." + kind.wire(),
              target(body), refusal.code() == 403 ? AuditLog.DENIED : AuditLog.FAILED, refusal.getMessage());
          // wire(): the fields a refusal names travel with it, for the form or the REST answer ({"fields"}).
          msg.fail(refusal.code(), refusal.wire());
        })
        .<Void>mapEmpty().otherwiseEmpty();
  }

  /** Submissions are refused at once while the engine does not answer (the worker's last probe says so). */
  private Future<Void> engineAnswers() {
    return vertx.eventBus().<JsonObject>request(Bus.onNode(setup.node(), Bus.DOCKER_PING), new JsonObject()).compose(reply -> {
      JsonObject status = reply.body();
      return status.getBoolean("reachable", false) ? Future.succeededFuture()
          : Future.failedFuture(new BadRequest(Bus.ENGINE_UNREACHABLE, "the Docker engine is not reachable at "
              + status.getString("host") + ": " + status.getString("error")));
    });
  }

  /** Blocking parts (an app's folder is resolved on disk) run off the event loop. */
  private Future<Job> parse(JobKind kind, JsonObject body, Caller caller) {
    return vertx.executeBlocking(() -> {
      BuildRequest build = switch (kind) {
        case RUN -> null;
        case BUILD -> BuildRequest.from(body, setup.apps(), setup.uploads()).withUser(caller.user());
        case LAUNCH -> BuildRequest.forLaunch(body, setup.apps(), setup.uploads()).withUser(caller.user());
      };
      RunRequest run = switch (kind) {
        case BUILD -> null;
        case RUN -> RunRequest.from(body, null, caller, setup.runLimits());
        case LAUNCH -> RunRequest.from(Inputs.object(body, "run") == null ? new JsonObject() : body.getJsonObject("run"),
            build.tag(), caller, setup.runLimits());
      };
      // What the database and everyone see: secret values masked, also where they hide in env values or build args.
      SecretMasker masker = run == null ? SecretMasker.NONE : run.masker();
      JsonObject params = new JsonObject();
      if (build != null) {
        params.put("build", build.toJson(masker));
      }
      if (run != null) {
        params.put("run", run.toJson(masker));
      }
      return new Job(UUID.randomUUID().toString(), kind, caller.user(), setup.node(), Instant.now(), params, build, run);
    }, false);
  }

  /**
   * The per-user limit on running containers, checked on the event loop: a run counts from here, while its row is
   * written, so a burst of runs cannot all pass the check before any of them is live.
   */
  private Future<Job> reserve(Job job) {
    if (job.run == null) {
      return Future.succeededFuture(job);
    }
    int max = setup.maxRunningPerUser();
    if (live.containersOf(job.user) + reserved.getOrDefault(job.user, 0) >= max) {
      return Future.failedFuture(new BadRequest(Bus.TOO_MANY, job.user + " already has " + max
          + " running containers (the most a user may have); stop one first"));
    }
    reserved.merge(job.user, 1, Integer::sum);
    return Future.succeededFuture(job);
  }

  /** The accepted run is live now (or was refused after all): it no longer needs its reservation. */
  private void release(Job job) {
    if (job.run != null) {
      reserved.computeIfPresent(job.user, (user, n) -> n > 1 ? n - 1 : null);
    }
  }

  /** An upload becomes the job's own archive (it must outlive a restart while queued), then the row is written. */
  private Future<Job> accept(Job job, JsonObject body) {
    if (job.build == null || job.build.contextFile() == null) {
      return store.insert(job.record()).map(v -> add(job));
    }
    String kept = setup.contextFile(job.id).toString();
    Job moved = new Job(job.id, job.kind, job.user, job.node, job.createdAt, job.params,
        job.build.withContextFile(kept), job.run);
    return vertx.fileSystem().move(job.build.contextFile(), kept)
        .compose(v -> store.insert(moved.record()))
        .recover(e -> vertx.fileSystem().delete(kept).transform(x -> Future.failedFuture(e)))
        .map(v -> add(moved));
  }

  private Job add(Job job) {
    live.add(job);
    return job;
  }

  /** Deletes a refused upload, and never anything outside the uploads folder. */
  private void discardUpload(JsonObject body) {
    String file = body.getValue("contextFile") instanceof String s ? s : null;
    if (file != null && BuildRequest.isUpload(file, setup.uploads())) {
      vertx.fileSystem().delete(file).onFailure(e -> { });
    }
  }

  private static String target(JsonObject body) {
    Object what = body.getValue("app", body.getValue("image", body.getValue("tag")));
    return what instanceof String s ? s : null;
  }
}
