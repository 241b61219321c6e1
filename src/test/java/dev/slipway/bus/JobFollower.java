package dev.slipway.bus;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeMap;

/**
 * How another verticle follows a job with the event-bus API alone: subscribe to its lines and state first, then read
 * the stored log, and merge the two by line number.
 */
final class JobFollower {
  private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled");
  private final TreeMap<Long, String> lines = new TreeMap<>();
  private final Promise<JsonObject> finished = Promise.promise();
  private JsonObject finalState;

  /** Completes with {@code {"job": …, "lines": [text…]}} once the job has ended and every line is in. */
  static Future<JsonObject> follow(Vertx vertx, String jobId) {
    JobFollower follower = new JobFollower();
    MessageConsumer<JsonObject> lines = vertx.eventBus().consumer(Bus.jobLines(jobId),
        m -> follower.line(m.body()));
    MessageConsumer<JsonObject> states = vertx.eventBus().consumer(Bus.jobState(jobId),
        m -> follower.state(m.body()));
    return Future.all(lines.completion(), states.completion())
        .compose(v -> vertx.eventBus().<JsonObject>request(Bus.LOG, new JsonObject().put("id", jobId).put("limit", 5000),
            ShipperVerticle.AS_ADMIN))
        .compose(reply -> {
          reply.body().getJsonArray("lines").forEach(l -> follower.line((JsonObject) l));
          follower.state(reply.body().getJsonObject("job"));
          return follower.finished.future();
        })
        .eventually(() -> lines.unregister().compose(v -> states.unregister()));
  }

  private void line(JsonObject line) {
    lines.put(line.getLong("n"), line.getString("text"));
    complete();
  }

  private void state(JsonObject job) {
    if (FINAL.contains(job.getString("state"))) {
      finalState = job;
      complete();
    }
  }

  private void complete() {
    if (finalState != null && lines.size() >= finalState.getInteger("lines")) {
      finished.tryComplete(new JsonObject().put("job", finalState)
          .put("lines", new io.vertx.core.json.JsonArray(lines.values().stream().toList())));
    }
  }
}
