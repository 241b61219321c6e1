package dev.slipway.jobs;

import dev.slipway.bus.Bus;
import dev.slipway.cluster.NodeDirectory;
import dev.slipway.cluster.NodeStatus;
import dev.slipway.domain.JobState;
import dev.slipway.store.ClusterJobs;
import dev.slipway.store.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the worker nodes of a cluster do about one that is gone (no heartbeat for {@link NodeStatus#GONE_AFTER_MS}):
 * each takes its share of the gone node's queued jobs into its own queue; and once the node has been silent for
 * {@link #LOST_AFTER_MS}, its running jobs end {@code failed} ("node lost"). A node that comes back before that takes
 * its running jobs up again as after a restart. Every step is a conditional update: two nodes never both win a job.
 */
final class Takeover {
  private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);
  static final long EVERY_MS = 5_000;
  static final long LOST_AFTER_MS = 30_000;
  private final Vertx vertx;
  private final String self;
  private final NodeDirectory nodes;
  private final ClusterJobs cluster;
  private final JobStore store;
  private final Reconciler reconciler;
  private final QueueSharing sharing;
  private boolean sweeping;

  Takeover(Vertx vertx, String self, NodeDirectory nodes, ClusterJobs cluster, JobStore store, Reconciler reconciler,
           QueueSharing sharing) {
    this.sharing = sharing;
    this.vertx = vertx;
    this.self = self;
    this.nodes = nodes;
    this.cluster = cluster;
    this.store = store;
    this.reconciler = reconciler;
  }

  /** One look at the cluster; a sweep still under way is not overlapped. */
  void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    long now = System.currentTimeMillis();
    nodes.all().compose(all -> {
      long workersAlive = all.stream().filter(n -> n.isWorker() && n.alive(now)).count();
      Future<Void> chain = Future.succeededFuture();
      for (NodeStatus node : all) {
        if (node.isWorker() && !node.alive(now) && !node.name().equals(self)) {
          chain = chain.compose(v -> takeQueued(node, Math.max(1, workersAlive)))
              .compose(v -> now - node.lastSeen() > LOST_AFTER_MS ? endRunning(node, now) : Future.succeededFuture());
        }
      }
      return chain.compose(v -> sharing.adoptStranded()).compose(v -> sharing.askForWork());
    }).onFailure(e -> LOG.warn("could not look after the other nodes: {}", e.getMessage()))
        .onComplete(done -> sweeping = false);
  }

  /** This node's share of the gone node's queue (rounded up, so nothing is left behind). */
  private Future<Void> takeQueued(NodeStatus gone, long workersAlive) {
    return cluster.jobsOn(gone.name(), JobState.QUEUED).compose(ids -> {
      long share = (ids.size() + workersAlive - 1) / workersAlive;
      Future<Void> chain = Future.succeededFuture();
      for (String id : ids.subList(0, (int) Math.min(share, ids.size()))) {
        chain = chain.compose(v -> cluster.claimQueued(id, gone.name(), self)).compose(won -> won
            ? store.find(id).compose(row -> {
              LOG.info("job {}: taken over from node {}, which is gone", id, gone.name());
              return reconciler.adopt(row);
            }) : Future.succeededFuture());
      }
      return chain;
    });
  }

  private Future<Void> endRunning(NodeStatus gone, long now) {
    String error = "node lost: " + gone.name() + " has not been heard from since "
        + Instant.ofEpochMilli(gone.lastSeen());
    return cluster.jobsOn(gone.name(), JobState.RUNNING).compose(ids -> {
      List<Future<Void>> ends = ids.stream().map(id -> cluster.failLost(id, gone.name(), error, now)
          .compose(won -> won ? store.find(id).map(row -> {
            LOG.warn("job {}: {}", id, error);
            JsonObject json = row.toJson();
            vertx.eventBus().publish(Bus.jobState(id), json);
            vertx.eventBus().publish(Bus.STATES, json);
            return (Void) null;
          }) : Future.<Void>succeededFuture())).toList();
      return Future.join(ends).mapEmpty();
    });
  }
}
