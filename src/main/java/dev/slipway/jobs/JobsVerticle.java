package dev.slipway.jobs;

import dev.slipway.Config;
import dev.slipway.audit.AuditLog;
import dev.slipway.cluster.NodeDirectory;
import dev.slipway.cluster.NodeRegistry;
import dev.slipway.cluster.SealedSecrets;
import dev.slipway.cluster.SecretSeal;
import dev.slipway.store.ClusterJobs;
import dev.slipway.auth.CallerLookup;
import dev.slipway.bus.Bus;
import dev.slipway.bus.OutputBatch;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.JobKind;
import dev.slipway.domain.Role;
import dev.slipway.store.Database;
import dev.slipway.store.JobStore;
import dev.slipway.store.LogSearch;
import dev.slipway.store.LogStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Owns every job: accepts submissions, queues builds, hands work to the Docker worker, stores each batch of lines
 * before it publishes it, keeps the database row of each job current, and takes up after a restart what was left
 * running. Every request names its user ({@link Bus#USER_HEADER}), whose role decides what they may do.
 */
public final class JobsVerticle extends VerticleBase {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobsVerticle.class);
  private Pool db;
  private LiveJobs live;
  private long retentionTimer = -1;
  private long takeoverTimer = -1;
  private JobMeters meters;

  @Override
  public Future<?> start() {
    OutputBatch.registerCodec(vertx.eventBus());
    JobsSetup setup = JobsSetup.from(config());
    db = Database.pool(vertx, config(), 4, "sql-jobs");
    JobStore store = new JobStore(db);
    LogStore logs = LogStore.forConfig(vertx, config(), db, setup.logs());
    BuildQueue queue = new BuildQueue(setup.buildConcurrency());
    live = new LiveJobs(vertx, store, queue);
    JobOutput output = new JobOutput(vertx, live, logs);
    Dispatcher dispatcher = new Dispatcher(vertx, live, queue, output);
    CallerLookup callers = new CallerLookup(db);
    AuditLog audit = new AuditLog(db);
    Submissions submissions = new Submissions(vertx, setup, live, queue, dispatcher, store, callers, audit);
    JobReads reads = new JobReads(live, store, logs);
    Cancels cancels = new Cancels(vertx, live, queue, dispatcher, reads, callers, audit);
    Reconciler reconciler = new Reconciler(vertx, setup, live, queue, dispatcher, store, logs);
    Retention retention = new Retention(store, logs, setup.retentionDays(), setup.retentionJobs());
    String self = setup.node();
    SecretSeal seal = Config.clustered(config()) ? new SecretSeal(config().getString(Config.CLUSTER_SECRET)) : null;
    NodeDirectory nodes = new NodeRegistry(db);
    ClusterJobs cluster = new ClusterJobs(db);
    Desk desk = new Desk(vertx, self, nodes, cluster, seal, submissions);
    OwnerRouting routing = new OwnerRouting(vertx, self, live, store, nodes);
    meters = new JobMeters(vertx, live, queue, store, setup.node());
    LogSearch search = new LogSearch(vertx, logs);
    Function<JsonObject, Future<JsonObject>> searchLog = b -> reads.get(b)
        .compose(job -> search.find(job.getString("id"), b));
    EventBus bus = vertx.eventBus();
    List<MessageConsumer<?>> consumers = new ArrayList<>();
    for (JobKind kind : JobKind.values()) {
      consumers.add(bus.<JsonObject>consumer(Desk.submitAddress(kind), msg -> opened(msg, kind, seal, desk::onSubmit)));
      consumers.add(bus.<JsonObject>localConsumer(Bus.desk(self, Desk.submitAddress(kind)),
          msg -> opened(msg, kind, seal, desk::onSubmit)));
      consumers.add(bus.<JsonObject>consumer(Bus.onNode(self, Desk.submitAddress(kind)),
          msg -> opened(msg, kind, seal, submissions::onSubmit)));
    }
    consumers.addAll(List.of(
        bus.<JsonObject>consumer(Bus.CANCEL, msg -> routing.route(msg, Bus.CANCEL, cancels::onCancel, false)),
        bus.<JsonObject>localConsumer(Bus.desk(self, Bus.CANCEL),
            msg -> routing.route(msg, Bus.CANCEL, cancels::onCancel, false)),
        bus.<JsonObject>consumer(Bus.onNode(self, Bus.CANCEL), cancels::onCancel),
        bus.<JsonObject>consumer(Bus.GET, msg -> routing.route(msg, Bus.GET, m -> read(m, callers, reads::get), true)),
        bus.<JsonObject>localConsumer(Bus.desk(self, Bus.GET),
            msg -> routing.route(msg, Bus.GET, m -> read(m, callers, reads::get), true)),
        bus.<JsonObject>consumer(Bus.onNode(self, Bus.GET), msg -> read(msg, callers, reads::get)),
        bus.<JsonObject>localConsumer(Bus.desk(self, Bus.LIST), msg -> read(msg, callers, reads::list)),
        bus.<JsonObject>localConsumer(Bus.desk(self, Bus.LOG), msg -> read(msg, callers, reads::log)),
        bus.<JsonObject>consumer(Bus.LIST, msg -> read(msg, callers, reads::list)),
        bus.<JsonObject>consumer(Bus.LOG, msg -> read(msg, callers, reads::log)),
        bus.<JsonObject>localConsumer(Bus.desk(self, Bus.SEARCH), msg -> read(msg, callers, searchLog)),
        bus.<JsonObject>consumer(Bus.SEARCH, msg -> read(msg, callers, searchLog)),
        bus.<OutputBatch>consumer(Bus.onNode(self, Bus.JOB_OUTPUT), output::onBatch),
        bus.<JsonObject>consumer(Bus.onNode(self, Bus.JOB_UPDATE), msg -> dispatcher.onUpdate(msg.body())),
        bus.<JsonObject>consumer(Bus.onNode(self, Bus.ENGINE_BACK), msg -> reconciler.engineBack())));
    QueueSharing sharing = new QueueSharing(vertx, self, nodes, cluster, store, queue, live, dispatcher, reconciler);
    consumers.add(bus.<JsonObject>consumer(Bus.onNode(self, Bus.GIVE_QUEUED), sharing::onGive));
    Takeover takeover = new Takeover(vertx, self, nodes, cluster, store, reconciler, sharing);
    return logs.open().compose(v -> vertx.executeBlocking(() -> Files.createDirectories(setup.contexts()), false))
        .compose(v -> Future.all(consumers.stream().map(MessageConsumer::completion).toList()))
        .compose(v -> reconciler.startUp())
        .compose(v -> retention.sweep())
        .onSuccess(v -> {
          retentionTimer = vertx.setPeriodic(Retention.EVERY_MS, t -> retention.sweep());
          if (seal != null) {
            takeoverTimer = vertx.setPeriodic(Takeover.EVERY_MS, t -> takeover.sweep());
          }
          meters.start();
        });
  }

  /** Lets pending log writes and row saves finish, then closes the database; running jobs stay running. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(retentionTimer);
    vertx.cancelTimer(takeoverTimer);
    meters.stop();
    return live.settled().eventually(() -> db.close());
  }

  /** Secret values that came sealed (from another node) are opened before anything else reads the request. */
  private static void opened(Message<JsonObject> msg, JobKind kind, SecretSeal seal,
                             BiConsumer<Message<JsonObject>, JobKind> next) {
    try {
      SealedSecrets.open(msg.body(), kind, seal);
    } catch (BadRequest e) {
      msg.fail(e.code(), e.getMessage());
      return;
    }
    next.accept(msg, kind);
  }

  /** Reads need the viewer role. */
  private static void read(Message<JsonObject> msg, CallerLookup callers,
                           Function<JsonObject, Future<JsonObject>> work) {
    callers.of(msg).compose(caller -> {
      caller.require(Role.VIEWER, "reading jobs");
      return work.apply(msg.body());
    }).onSuccess(msg::reply).onFailure(e -> {
      BadRequest refusal = refusal(e);
      msg.fail(refusal.code(), refusal.getMessage());
    });
  }

  /** What to answer for a failure: its own code when it has one, else 400 for a malformed body. */
  static BadRequest refusal(Throwable e) {
    if (e instanceof BadRequest bad) {
      return bad;
    }
    if (e instanceof ReplyException reply) {
      WorkerFailure failure = WorkerFailure.of(reply);
      return new BadRequest(failure.code(), failure.message());
    }
    if (e instanceof ClassCastException || e instanceof IllegalArgumentException
        || e instanceof io.vertx.core.json.DecodeException) {
      return new BadRequest(Bus.BAD_REQUEST, "the request does not have the expected shape: " + e.getMessage());
    }
    // A database or other internal failure: its text (SQL, schema) is for Slipway's log, not for the caller.
    LOG.error("a request failed inside Slipway", e);
    return new BadRequest(500, "Slipway could not carry out the request (see its log)");
  }
}
