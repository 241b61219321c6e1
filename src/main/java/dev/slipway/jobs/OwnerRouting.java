package dev.slipway.jobs;

import dev.slipway.bus.Bus;
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
  private final Vertx vertx;
  private final String self;
  private final LiveJobs live;
  private final JobStore store;

  OwnerRouting(Vertx vertx, String self, LiveJobs live, JobStore store) {
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
      Future<JsonObject> answer = Forward.request(vertx, msg, Bus.onNode(row.node(), address), msg.body());
      Forward.relay(msg, fallbackToRow ? answer.recover(e -> WorkerFailure.of(e).code() >= 503
          ? Future.succeededFuture(row.toJson()) : Future.failedFuture(e)) : answer.recover(e ->
          Future.failedFuture(WorkerFailure.of(e).code() >= 503 ? new dev.slipway.domain.BadRequest(
              Bus.ENGINE_UNREACHABLE, "node \"" + row.node() + "\", which runs this job, does not answer; if it does "
              + "not come back, the job ends failed (node lost)") : e)));
    });
  }
}
