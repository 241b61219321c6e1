package dev.slipway.docker;

import dev.slipway.domain.JobPhase;
import dev.slipway.Config;
import dev.slipway.auth.CallerLookup;
import dev.slipway.audit.AuditLog;
import dev.slipway.bus.Bus;
import dev.slipway.bus.OutputBatch;
import dev.slipway.metrics.SlipwayMeters;
import dev.slipway.store.BuildHistory;
import dev.slipway.store.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only owner of the Docker engine. Deployed with worker threading: handlers may block, but every call is bounded
 * by the control client's timeout, and streams run on docker-java's threads, each cancellable.
 */
public final class DockerWorkerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DockerWorkerVerticle.class);

  /** Docker's blocking calls get their own threads, so file work elsewhere in Slipway cannot starve them. */
  private static final int DOCKER_THREADS = 64;
  private final Map<String, ActiveJob> active = new ConcurrentHashMap<>();
  private WorkerExecutor dockerThreads;
  private String node;
  private DockerClients docker;
  private EngineProbe probe;
  private EngineCalls calls;
  private ContainerActions containers;
  private Consoles consoles;
  private int maxLineChars;
  /** Log batches of all this worker's jobs unanswered at once (see {@link JobReporter}). */
  private final Semaphore outputBudget = new Semaphore(JobReporter.BUDGET);
  private long buildTimeoutMs;
  private String instanceId;
  private Pool db;
  private ContainerGuard guard;
  private EngineId engineId;
  private BuildHistory history;
  private ContainerFollows follows;

  @Override
  public Future<?> start() {
    OutputBatch.registerCodec(vertx.eventBus());
    JsonObject config = config();
    dockerThreads = vertx.createSharedWorkerExecutor("slipway-docker", DOCKER_THREADS);
    docker = DockerClients.connect(config.getString(Config.DOCKER_HOST, "unix:///var/run/docker.sock"),
        Duration.ofSeconds(config.getInteger(Config.DOCKER_CALL_TIMEOUT, 30)), SlipwayMeters.of(vertx)::dockerCall);
    maxLineChars = config.getInteger(Config.MAX_LINE_CHARS, 256 * 1024);
    buildTimeoutMs = config.getInteger(Config.BUILD_TIMEOUT, 3600) * 1000L;
    node = config.getString(Config.NODE_NAME);
    probe = new EngineProbe(vertx, docker, dockerThreads, node);
    instanceId = config.getString(Config.INSTANCE_ID);
    db = Database.pool(vertx, config, 2, "sql-docker");
    guard = new ContainerGuard(docker, instanceId, new CallerLookup(db), db);
    calls = new EngineCalls(dockerThreads, probe, new AuditLog(db), docker.host());
    containers = new ContainerActions(docker, guard, calls, active);
    consoles = new Consoles(vertx, docker, guard, calls, new AuditLog(db), node,
        Duration.ofSeconds(config.getInteger(Config.CONSOLE_IDLE, 1800)));
    engineId = new EngineId(docker, node);
    history = new BuildHistory(db);
    follows = new ContainerFollows(vertx, docker, calls, guard, db, node, maxLineChars);
    RunChecks checks = new RunChecks(docker, calls, node);
    EventBus bus = vertx.eventBus();
    List<MessageConsumer<JsonObject>> consumers = List.of(
        bus.consumer(Bus.onNode(node, Bus.DOCKER_PING), msg -> msg.reply(probe.status())),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_REATTACH), this::reattach),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_BUILD), msg -> accept(msg, JobPhase.BUILD, this::buildJob)),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_RUN), msg -> accept(msg, JobPhase.RUN, this::runJob)),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_CANCEL), this::cancel),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_STOP), containers::stop),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_REMOVE), containers::remove),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_START), containers::start),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_RESTART), containers::restart),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_REMOVE_IMAGE), containers::removeImage),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_HAS_IMAGE), containers::hasImage),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_IMAGES), this::listImages),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_CONTAINERS), this::listContainers),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_FOLLOW_LOGS), follows::followLogs),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_FOLLOW_STATS), follows::followStats),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_UNFOLLOW), follows::unfollow),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_PRECHECK), checks::precheck),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_IMAGE_FACTS), checks::imageFacts),
        bus.consumer(Bus.onNode(node, Bus.DOCKER_EXEC), consoles::open));
    MessageConsumer<Object> consoleInput = bus.consumer(Bus.onNode(node, Bus.DOCKER_EXEC_INPUT), consoles::input);
    consoles.startIdleCheck();
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .compose(v -> consoleInput.completion())
        .compose(v -> dockerThreads.executeBlocking(() -> {
          probe.start();
          return null;
        }, false));
  }

  /**
   * Containers keep running when Slipway stops: a restart of Slipway must not take the team's apps down. Running
   * jobs are detached, not ended; the next start takes them up again.
   */
  @Override
  public Future<?> stop() {
    probe.stop();
    return dockerThreads.executeBlocking(() -> {
      active.values().forEach(job -> job.detach(null));
      follows.stopAll();
      consoles.endAll();
      docker.close();
      return null;
    }, false).eventually(() -> dockerThreads.close()).eventually(() -> db.close());
  }

  /**
   * Replies once the engine answers, then starts the job; a job is never accepted onto a dead engine, nor started
   * after its submitter gave up waiting ({@code deadline}).
   */
  private void accept(Message<JsonObject> msg, JobPhase phase, Function<JsonObject, ActiveJob> create) {
    if (!calls.engineAnswers(msg)) {
      return;
    }
    calls.blocking(() -> {
      if (System.currentTimeMillis() > msg.body().getLong("deadline", Long.MAX_VALUE)) {
        LOG.warn("job {} arrived after its submitter stopped waiting: not started", msg.body().getString("jobId"));
        return;
      }
      // The last probe may be 2 s old: when the engine has just gone, the builds whose slots its failures freed
      // would start and fail one by one. Asked now, they are refused and wait in the queue for the engine. A run
      // does not wait in a queue (it fails either way, its create saying why): it is spared the extra round trip.
      if (phase == JobPhase.BUILD && !probe.askNow()) {
        calls.refuseUnreachable(msg);
        return;
      }
      String jobId = msg.body().getString("jobId");
      ActiveJob job = create.apply(msg.body());
      active.put(jobId, job);
      msg.reply(new JsonObject());
      try {
        job.start();
      } catch (RuntimeException e) {
        active.remove(jobId);
        LOG.error("job {} could not start", msg.body().getString("jobId"), e);
        reporter(msg.body(), phase).failed("Slipway could not start the job: " + e, new JsonObject());
      }
    });
  }

  private ActiveJob buildJob(JsonObject request) {
    JobReporter reporter = reporter(request, JobPhase.BUILD);
    long[] timer = {-1};
    BuildJob job = new BuildJob(vertx, docker, history, reporter, labelled(request), () -> {
      active.remove(reporter.jobId());
      vertx.cancelTimer(timer[0]);
    });
    timer[0] = vertx.setTimer(buildTimeoutMs, t -> calls.blocking(() -> job.timeOut("the build ran longer than "
        + buildTimeoutMs / 1000 + " s and was stopped")));
    return job;
  }

  private RunJob runJob(JsonObject request) {
    JobReporter reporter = reporter(request, JobPhase.RUN);
    String jobId = reporter.jobId();
    return new RunJob(docker, reporter, labelled(request), maxLineChars,
        probe::askNow, () -> active.remove(jobId));
  }

  /** Takes up a run whose container this Slipway started before it restarted, or before the engine went away. */
  private void reattach(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String jobId = body.getString("jobId", "");
    RunJob job = runJob(body);
    if (active.putIfAbsent(jobId, job) != null) {
      msg.fail(Bus.CONFLICT, "job " + jobId + " is already followed");
      return;
    }
    calls.blocking(() -> {
      try {
        job.reattach(body.getJsonObject("resume"), body.getString("lostWhy"));
        msg.reply(new JsonObject());
      } catch (RuntimeException e) {
        active.remove(jobId);
        job.detach(null);
        msg.fail(DockerErrors.code(e), DockerErrors.describe(e));
      }
    });
  }

  /** What a job's container or image is labelled with: this Slipway and this node (see {@link SlipwayLabels}). */
  private JsonObject labelled(JsonObject request) {
    return request.put(SlipwayLabels.INSTANCE_KEY, instanceId).put(SlipwayLabels.NODE_KEY, node);
  }

  /**
   * Lists too are only for a user the database knows (401 otherwise), as the event-bus API promises. Each says which
   * engine it comes from ({@code engine}), so the web side shows the items of an engine shared by nodes once.
   */
  private void listImages(Message<JsonObject> msg) {
    guard.callerOf(msg).onSuccess(who -> calls.listing(msg, () -> new JsonObject()
        .put("images", ListFilter.apply(msg, DockerViews.images(docker.control().listImagesCmd().exec(), instanceId)))
        .put("engine", engineId.get())));
  }

  private void listContainers(Message<JsonObject> msg) {
    guard.callerOf(msg).onSuccess(who -> calls.listing(msg, () -> new JsonObject()
        .put("containers", ListFilter.apply(msg, DockerViews.containers(docker.control().listContainersCmd()
            .withShowAll(true).exec(), instanceId)))
        .put("engine", engineId.get())));
  }

  private JobReporter reporter(JsonObject request, JobPhase phase) {
    return new JobReporter(vertx, node, request.getString("jobId"), phase, maxLineChars, outputBudget);
  }

  private void cancel(Message<JsonObject> msg) {
    ActiveJob job = active.get(msg.body().getString("jobId", ""));
    if (job == null) {
      msg.fail(Bus.CONFLICT, "the job is not running");
      return;
    }
    calls.call(msg, () -> {
      job.cancel();
      return new JsonObject();
    });
  }

}
