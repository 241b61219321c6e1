package dev.slipway.cluster;

import dev.slipway.Config;
import dev.slipway.bus.Bus;
import dev.slipway.domain.NodeRole;
import dev.slipway.store.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's heartbeat: every {@value #HEARTBEAT_MS} ms it writes its own row of the node registry (its roles, its
 * engine as its own Docker worker last saw it, its running and queued jobs, its build slots and CPUs). Deployed on
 * every node; a clean stop marks the row stopped, so the others know at once. Every call is asynchronous: the
 * database through the SQL client, the engine through the worker's {@link Bus#DOCKER_PING}, which answers from its
 * last probe.
 */
public final class NodeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NodeVerticle.class);
  /** Four heartbeats fit in {@link NodeStatus#GONE_AFTER_MS}: a node is only taken for gone after missing several. */
  public static final long HEARTBEAT_MS = 5_000;
  /** The worker answers a ping from memory; a longer wait means its threads are stuck, and it counts as unreachable. */
  private static final long PING_MS = 2_000;

  private String node;
  private Set<NodeRole> roles;
  private int buildSlots;
  private long startedAt;
  private Pool db;
  private NodeRegistry registry;
  private long timer = -1;
  /** The heartbeat on its way: the next waits for it, and so does the stop (a late write must not undo "stopped"). */
  private Future<Void> current = Future.succeededFuture();
  private boolean stopping;
  private boolean failing;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    node = config.getString(Config.NODE_NAME, "local");
    roles = NodeRole.parseAll(config.getString(Config.ROLES, "web,worker"));
    buildSlots = config.getInteger(Config.BUILD_CONCURRENCY, 2);
    startedAt = System.currentTimeMillis();
    db = Database.pool(vertx, config, 1, "sql-node-registry");
    registry = new NodeRegistry(db);
    return warnIfNameTaken()
        .compose(v -> current = beat())
        .onSuccess(v -> timer = vertx.setPeriodic(HEARTBEAT_MS, t -> nextBeat()));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    return current.recover(e -> Future.succeededFuture())
        .compose(v -> registry.markStopped(node, System.currentTimeMillis()))
        .onFailure(e -> LOG.warn("could not mark node {} stopped in the registry: {}", node, e.getMessage()))
        .recover(e -> Future.succeededFuture())
        .eventually(db::close);
  }

  private void nextBeat() {
    if (!current.isComplete()) {
      return;
    }
    current = beat().onComplete(done -> {
      if (done.failed() && !failing) {
        LOG.warn("node {} could not write its heartbeat: {}", node, done.cause().getMessage());
      } else if (done.succeeded() && failing) {
        LOG.info("node {} writes its heartbeat again", node);
      }
      failing = done.failed();
    });
  }

  private Future<Void> beat() {
    Future<JsonObject> engine = roles.contains(NodeRole.WORKER) ? vertx.eventBus()
        .<JsonObject>request(Bus.onNode(node, Bus.DOCKER_PING), new JsonObject(),
            new DeliveryOptions().setSendTimeout(PING_MS))
        .map(Message::body)
        .recover(e -> Future.succeededFuture(new JsonObject().put("reachable", false)))
        : Future.succeededFuture(new JsonObject().put("reachable", false));
    Future<NodeRegistry.JobCounts> jobs = registry.jobCounts(node);
    return Future.all(engine, jobs).compose(v -> stopping ? Future.succeededFuture() : registry.write(new NodeStatus(
        node, roles, engine.result().getString("version"), engine.result().getBoolean("reachable", false),
        jobs.result().running(), jobs.result().queued(), buildSlots, Runtime.getRuntime().availableProcessors(),
        startedAt, System.currentTimeMillis())));
  }

  /** Node names must be unique in a cluster: a live row of this name that is not ours says that one may not be. */
  private Future<Void> warnIfNameTaken() {
    return registry.find(node).map(found -> {
      long now = System.currentTimeMillis();
      found.filter(row -> row.alive(now)).ifPresent(row -> LOG.warn("node {} wrote its row {} ms ago and did not "
          + "stop cleanly: this node restarted after a crash, or another node has the same name (names must be unique "
          + "in a cluster)", node, now - row.lastSeen()));
      return null;
    });
  }
}
