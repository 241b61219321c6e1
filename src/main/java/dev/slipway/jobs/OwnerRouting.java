package dev.slipway.jobs;

import dev.slipway.bus.Bus;
import dev.slipway.cluster.NodeDirectory;
import dev.slipway.domain.BadRequest;
import dev.slipway.store.JobRecord;
import dev.slipway.store.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * In a cluster, the node that owns a live job answers for it: a request for a job that another node runs (its row
 * names that node) goes on to that node's own address; a finished job, or one of this node, is answered here. When
 * the owner cannot be reached, a read falls back to the job's row (the database is the source of truth).
 */
final class OwnerRouting {
  /** A read waits this long for the owner before it answers with the job's row. */
  private static final long READ_TIMEOUT_MS = 5_000;
  private final Vertx vertx;
  private final String self;
  private final LiveJobs live;
  private final JobStore store;
  private final NodeDirectory nodes;

  OwnerRouting(Vertx vertx, String self, LiveJobs live, JobStore store, NodeDirectory nodes) {
    this.nodes = nodes;
    this.vertx = vertx;
    this.self = self;
    this.live = live;
    this.store = store;
  }

  /**
   * Runs {@code here} for a job of this node or a finished one; otherwise relays {@code msg} to {@code address} of the
   * owner, or, when the owner does not answer and {@code fallback} is given, answers that instead.
   */
  void route(Message<JsonObject> msg, String address, Consumer<Message<JsonObject>> here, boolean fallbackToRow) {
    String id = msg.body().getValue("id") instanceof String s ? s : "";
    if (live.get(id) != null) {
      here.accept(msg);
      return;
    }
    store.find(id).onComplete(found -> {
      JobRecord row = found.succeeded() ? found.result() : null;
      if (row == null || row.state().isFinal() || row.node().equals(self)) {
        here.accept(msg);
        return;
      }
      nodes.all().onComplete(all -> {
        long now = System.currentTimeMillis();
        boolean ownerAlive = all.failed() || all.result().stream()
            .anyMatch(n -> n.name().equals(row.node()) && n.alive(now));
        if (!ownerAlive) {
          // Not worth a wait: its row is all there is (and a takeover will soon change it).
          if (fallbackToRow) {
            here.accept(msg);
          } else {
            msg.fail(Bus.ENGINE_UNREACHABLE, gone(row));
          }
          return;
        }
        Future<JsonObject> answer = Forward.request(vertx, msg, Bus.onNode(row.node(), address), msg.body(),
            fallbackToRow ? READ_TIMEOUT_MS : Dispatcher.WORKER_TIMEOUT_MS);
        Forward.relay(msg, answer.recover(e -> WorkerFailure.of(e).code() < 503 ? Future.failedFuture(e)
            : fallbackToRow ? Future.succeededFuture(row.toJson())
            : Future.failedFuture(new BadRequest(Bus.ENGINE_UNREACHABLE, gone(row)))));
      });
    });
  }

  private static String gone(JobRecord row) {
    return "node \"" + row.node() + "\", which owns this job, does not answer; if it does not come back, its queued "
        + "jobs move to another worker and its running ones end failed (node lost)";
  }
}
