package dev.slipway.jobs;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.JobKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a run or launch becomes a job, the worker node that will run it checks what it can ({@link Bus#DOCKER_PRECHECK}):
 * the image (a run's; a launch builds its own), the container name and the host ports. What it finds is a 400 naming
 * the field (a launch's under {@code run.}), never a failed job. When the worker cannot answer the check, the job
 * goes ahead and meets the same problems at its start, as it did before these checks.
 */
final class PreStartChecks {
  private static final Logger LOG = LoggerFactory.getLogger(PreStartChecks.class);
  private static final long TIMEOUT_MS = 10_000;

  private PreStartChecks() {
  }

  static Future<Job> check(Vertx vertx, String node, Job job) {
    if (job.run == null) {
      return Future.succeededFuture(job);
    }
    JsonArray ports = new JsonArray();
    job.run.ports().forEach(p -> ports.add(p.toJson()));
    JsonObject body = new JsonObject().put("name", job.run.name()).put("ports", ports);
    if (job.kind == JobKind.RUN) {
      body.put("image", job.run.image());
    }
    return vertx.eventBus().<JsonObject>request(Bus.onNode(node, Bus.DOCKER_PRECHECK), body,
            new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .map(ok -> job)
        .recover(e -> {
          if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
              && reply.failureCode() == Bus.BAD_REQUEST) {
            BadRequest found = BadRequest.fromWire(reply.failureCode(), reply.getMessage());
            return Future.failedFuture(job.kind == JobKind.LAUNCH ? underRun(found) : found);
          }
          LOG.debug("job {}: the pre-start check did not answer ({}); the job goes ahead", job.id, e.getMessage());
          return Future.succeededFuture(job);
        });
  }

  private static BadRequest underRun(BadRequest found) {
    java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
    found.fields().forEach((field, message) -> fields.put("run." + field, message));
    return new BadRequest(found.code(), found.getMessage(), fields);
  }
}
