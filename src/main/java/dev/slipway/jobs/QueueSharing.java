package dev.slipway.jobs;

import dev.slipway.bus.Bus;
import dev.slipway.cluster.NodeDirectory;
import dev.slipway.cluster.NodeStatus;
import dev.slipway.domain.JobPhase;
import dev.slipway.domain.JobState;
import dev.slipway.store.ClusterJobs;
import dev.slipway.store.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work moves to where there is room: a worker with free build slots and nothing waiting asks the node with the longest
 * queue for some of its waiting builds ({@link Bus#GIVE_QUEUED}). So a node that joins, or one whose builds were
 * quick, takes work at once instead of idling beside a queue. Only builds from an app folder move (an upload's
 * archive is on its node's disk); the oldest waiting go first, so first in is still first out. Event-loop confined.
 */
final class QueueSharing {
  private static final Logger LOG = LoggerFactory.getLogger(QueueSharing.class);
  private static final DeliveryOptions QUICK = new DeliveryOptions().setSendTimeout(5_000);
  private final Vertx vertx;
  private final String self;
  private final NodeDirectory nodes;
  private final ClusterJobs cluster;
  private final JobStore store;
  private final BuildQueue queue;
  private final LiveJobs live;
  private final Dispatcher dispatcher;
  private final Reconciler reconciler;
  /** Queued jobs of this node's that it did not hold at the last look. */
  private Set<String> strandedBefore = Set.of();

  QueueSharing(Vertx vertx, String self, NodeDirectory nodes, ClusterJobs cluster, JobStore store, BuildQueue queue,
               LiveJobs live, Dispatcher dispatcher, Reconciler reconciler) {
    this.vertx = vertx;
    this.self = self;
    this.nodes = nodes;
    this.cluster = cluster;
    this.store = store;
    this.queue = queue;
    this.live = live;
    this.dispatcher = dispatcher;
    this.reconciler = reconciler;
  }

  /** With room and nothing waiting here, asks the busiest other worker for as many builds as there is room for. */
  Future<Void> askForWork() {
    int room = queue.room();
    if (room == 0 || !queue.waiting().isEmpty()) {
      return Future.succeededFuture();
    }
    long now = System.currentTimeMillis();
    return nodes.all().compose(all -> all.stream()
        .filter(n -> n.isWorker() && n.alive(now) && !n.name().equals(self) && n.queued() > 0)
        .max(Comparator.comparingInt(NodeStatus::queued))
        .map(busiest -> vertx.eventBus().<JsonObject>request(Bus.onNode(busiest.name(), Bus.GIVE_QUEUED),
                new JsonObject().put("to", self).put("max", room), QUICK)
            .compose(reply -> adopt(reply.body().getJsonArray("ids"), busiest.name())))
        .orElse(Future.succeededFuture()));
  }

  /**
   * Queued jobs the database gives this node but that it does not hold: a hand-over whose answer never came back (the
   * ask timed out here while the giving node went on and moved the row). The database is the source of truth: a job
   * seen so on two looks in a row (a hand-over in progress is done well within one) is taken up here.
   */
  Future<Void> adoptStranded() {
    return cluster.jobsOn(self, JobState.QUEUED).compose(ids -> {
      Set<String> stranded = ids.stream().filter(id -> live.get(id) == null).collect(Collectors.toSet());
      List<String> due = stranded.stream().filter(strandedBefore::contains).toList();
      strandedBefore = stranded;
      Future<Void> chain = Future.succeededFuture();
      for (String id : due) {
        chain = chain.compose(v -> store.find(id)).compose(row -> {
          if (row.state() != JobState.QUEUED || !self.equals(row.node()) || live.get(id) != null) {
            return Future.succeededFuture();
          }
          LOG.warn("job {}: queued on this node but not held here (a hand-over that did not finish); taken up", id);
          return reconciler.adopt(row);
        });
      }
      return chain;
    });
  }

  private Future<Void> adopt(JsonArray ids, String from) {
    Future<Void> chain = Future.succeededFuture();
    for (Object id : ids) {
      chain = chain.compose(v -> store.find((String) id)).compose(row -> {
        LOG.info("job {}: taken from node {}'s queue, where it waited", row.id(), from);
        return reconciler.adopt(row);
      });
    }
    return chain;
  }

  /** {@code {"to", "max"}}: hands up to {@code max} waiting builds to node {@code to}; replies their ids. */
  void onGive(Message<JsonObject> msg) {
    String to = msg.body().getString("to", "");
    int max = Math.max(0, Math.min(msg.body().getInteger("max", 0), queue.waiting().size()));
    List<Job> movable = queue.waiting().stream().filter(j -> j.phase() == JobPhase.BUILD && j.build != null
        && j.build.contextFile() == null && !j.cancelRequested).limit(max).toList();
    // Off the queue before the database says so: nothing here starts them while the claim is on its way.
    movable.forEach(queue::remove);
    List<String> given = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Job job : movable) {
      chain = chain.compose(v -> cluster.claimQueued(job.id, self, to)).map(moved -> {
        if (moved) {
          live.handOver(job);
          given.add(job.id);
        } else {
          queue.restore(job);
        }
        return null;
      });
    }
    chain.onComplete(done -> {
      if (!given.isEmpty()) {
        LOG.info("{} waiting builds handed to node {}", given.size(), to);
        dispatcher.queueMoved();
      }
      msg.reply(new JsonObject().put("ids", new JsonArray(given)));
    });
  }
}
