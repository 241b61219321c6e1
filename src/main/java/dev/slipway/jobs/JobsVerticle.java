package dev.slipway.jobs;

import dev.slipway.domain.BadRequest;
import dev.slipway.Config;
import dev.slipway.apps.AppCatalog;
import dev.slipway.auth.CallerLookup;
import dev.slipway.bus.Bus;
import dev.slipway.domain.Caller;
import dev.slipway.store.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every job and its log. Accepts submissions (request/reply), hands the Docker work to the worker, numbers and
 * masks the lines the worker reports, stores them, and only then publishes them, so a follower that subscribes first
 * and reads the stored log second misses nothing.
 */
public final class JobsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobsVerticle.class);
  private static final long WORKER_TIMEOUT_MS = 90_000;
  private static final DeliveryOptions TO_WORKER = new DeliveryOptions().setSendTimeout(WORKER_TIMEOUT_MS);

  private final JobRegistry jobs = new JobRegistry();
  private AppCatalog apps;
  private Path uploads;
  private RunLimits limits;
  private Pool db;
  private CallerLookup callers;

  @Override
  public Future<?> start() {
    limits = RunLimits.from(config());
    db = Database.pool(vertx, config(), 2);
    callers = new CallerLookup(db);
    apps = new AppCatalog(Path.of(config().getString(Config.APPS_DIR, "docker/examples")));
    uploads = Config.uploadsDir(config());
    EventBus bus = vertx.eventBus();
    List<MessageConsumer<JsonObject>> consumers = List.of(
        bus.consumer(Bus.SUBMIT_BUILD, msg -> submit(msg, (body, caller) -> new Job("build",
            buildRequest(body).withUser(caller.user()), null))),
        bus.consumer(Bus.SUBMIT_RUN, msg -> submit(msg, (body, caller) -> new Job("run", null,
            RunRequest.from(body, null, caller, limits)))),
        bus.consumer(Bus.SUBMIT_LAUNCH, msg -> submit(msg, this::launchJob)),
        bus.consumer(Bus.CANCEL, this::cancel),
        bus.consumer(Bus.GET, msg -> answer(msg, () -> jobs.get(msg.body()).toJson())),
        bus.consumer(Bus.LIST, msg -> answer(msg, jobs::list)),
        bus.consumer(Bus.LOG, msg -> answer(msg, () -> jobs.log(msg.body()))),
        bus.consumer(Bus.JOB_OUTPUT, msg -> onOutput(msg.body())),
        bus.consumer(Bus.JOB_UPDATE, msg -> onUpdate(msg.body())));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    return db.close();
  }

  private BuildRequest buildRequest(JsonObject body) {
    return BuildRequest.from(body, apps, uploads);
  }

  private Job launchJob(JsonObject body, Caller caller) {
    BuildRequest build = BuildRequest.forLaunch(body, apps, uploads).withUser(caller.user());
    JsonObject run = body.getValue("run") instanceof JsonObject r ? r : new JsonObject();
    return new Job("launch", build, RunRequest.from(run, build.tag(), caller, limits));
  }

  /**
   * Until the web side names its user on every request (accounts, issue 5), a request without the user header acts
   * as Slipway itself; one that names a user gets that user's role from the database.
   */
  private void submit(Message<JsonObject> msg, BiFunction<JsonObject, Caller, Job> parse) {
    Future<Caller> caller = msg.headers().get(Bus.USER_HEADER) == null ? Future.succeededFuture(Caller.SYSTEM)
        : callers.of(msg);
    caller.onSuccess(who -> submitAs(msg, body -> parse.apply(body, who))).onFailure(e -> {
      discardUpload(msg.body());
      msg.fail(e instanceof BadRequest b ? b.code() : 500, e.getMessage());
    });
  }

  private void submitAs(Message<JsonObject> msg, Function<JsonObject, Job> parse) {
    Job job;
    try {
      job = parse.apply(msg.body());
    } catch (BadRequest e) {
      discardUpload(msg.body());
      msg.fail(e.code(), e.getMessage());
      return;
    } catch (RuntimeException e) {
      discardUpload(msg.body());
      msg.fail(Bus.BAD_REQUEST, "the request does not have the expected shape: " + e.getMessage());
      return;
    }
    jobs.add(job);
    dispatch(job).onComplete(accepted -> {
      if (accepted.succeeded()) {
        msg.reply(job.toJson());
      } else {
        jobs.remove(job);
        discardUpload(msg.body());
        WorkerFailure failure = WorkerFailure.of(accepted.cause());
        msg.fail(failure.code(), failure.message());
      }
    });
  }

  /** The deadline stops the worker from starting what it got too late to answer for. */
  private Future<?> dispatch(Job job) {
    long deadline = System.currentTimeMillis() + WORKER_TIMEOUT_MS - 5_000;
    Future<?> accepted = "build".equals(job.phase())
        ? vertx.eventBus().request(Bus.DOCKER_BUILD, job.build.toWorker(job.id).put("deadline", deadline), TO_WORKER)
        : vertx.eventBus().request(Bus.DOCKER_RUN, job.run.toWorker(job.id).put("deadline", deadline), TO_WORKER);
    return accepted.onSuccess(ok -> {
      if (job.cancelRequested && !job.finished()) {
        // The cancel came while the worker was still accepting the job and found nothing to stop; now it would.
        vertx.eventBus().request(Bus.DOCKER_CANCEL, new JsonObject().put("jobId", job.id), TO_WORKER)
            .onFailure(e -> LOG.warn("job {}: the deferred cancel failed: {}", job.id, e.getMessage()));
      }
    });
  }

  /** Deletes a refused upload, and never anything outside the uploads folder. */
  private void discardUpload(JsonObject body) {
    String file = body.getValue("contextFile") instanceof String s ? s : null;
    if (file != null && BuildRequest.isUpload(file, uploads)) {
      vertx.fileSystem().delete(file).onFailure(e -> LOG.debug("upload {} already gone", file));
    }
  }

  private void cancel(Message<JsonObject> msg) {
    Job job;
    try {
      job = jobs.get(msg.body());
    } catch (BadRequest e) {
      msg.fail(e.code(), e.getMessage());
      return;
    }
    if (job.finished()) {
      msg.fail(Bus.CONFLICT, "the job has already ended (" + job.toJson().getString("state") + ")");
      return;
    }
    job.cancelRequested = true;
    vertx.eventBus().request(Bus.DOCKER_CANCEL, new JsonObject().put("jobId", job.id), TO_WORKER)
        .onComplete(done -> {
          WorkerFailure failure = done.succeeded() ? null : WorkerFailure.of(done.cause());
          if (failure == null || failure.code() == Bus.CONFLICT) {
            // A launch between its build and its run is not at the worker: the flag stops it at the phase change.
            msg.reply(job.toJson());
          } else {
            msg.fail(failure.code(), failure.message());
          }
        });
  }

  private void onOutput(JsonObject output) {
    Job job = jobs.find(output.getString("jobId"));
    LogLine line = job == null ? null : job.append(output.getString("stream"), output.getString("text", ""));
    if (line == null) {
      return;
    }
    publishLine(job, line);
    if (job.trackProgress(line)) {
      publishState(job);
    }
  }

  private void publishLine(Job job, LogLine line) {
    vertx.eventBus().publish(Bus.jobLines(job.id), line.toJson());
  }

  private void onUpdate(JsonObject update) {
    Job job = jobs.find(update.getString("jobId"));
    if (job == null || job.finished() || !update.getString("phase", "").equals(job.phase())) {
      return;
    }
    String state = update.getString("state");
    if ("running".equals(state)) {
      job.running(update);
    } else if ("launch".equals(job.kind) && "build".equals(job.phase()) && "succeeded".equals(state)
        && job.cancelRequested) {
      job.finish("cancelled", update);
    } else if ("launch".equals(job.kind) && "build".equals(job.phase()) && "succeeded".equals(state)) {
      job.buildDone(update);
      publishLine(job, job.append("system", "── built " + update.getString("imageId", "") + "; starting a container of "
          + job.build.tag() + " ──"));
      startLaunchRun(job);
    } else {
      job.finish(state, update);
      jobs.forgetOldJobs();
    }
    publishState(job);
  }

  private void startLaunchRun(Job job) {
    dispatch(job).onFailure(e -> {
      job.finish("failed", new JsonObject().put("error", WorkerFailure.of(e).message()));
      publishState(job);
    });
  }

  private void publishState(Job job) {
    JsonObject json = job.toJson();
    vertx.eventBus().publish(Bus.jobState(job.id), json);
    vertx.eventBus().publish(Bus.STATES, json);
  }

  private static void answer(Message<JsonObject> msg, java.util.function.Supplier<JsonObject> work) {
    try {
      msg.reply(work.get());
    } catch (BadRequest e) {
      msg.fail(e.code(), e.getMessage());
    } catch (RuntimeException e) {
      msg.fail(Bus.BAD_REQUEST, "the request does not have the expected shape: " + e.getMessage());
    }
  }
}
