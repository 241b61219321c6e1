package dev.slipway.jobs;

import io.vertx.core.eventbus.ReplyException;

/** What a failed request to the Docker worker means for the one who submitted the job. */
record WorkerFailure(int code, String message) {
  static WorkerFailure of(Throwable e) {
    if (e instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS -> new WorkerFailure(503, "the Docker worker is not running");
        case TIMEOUT -> new WorkerFailure(504, "the Docker worker did not answer in time");
        default -> new WorkerFailure(reply.failureCode(), reply.getMessage());
      };
    }
    return new WorkerFailure(500, e.getMessage());
  }
}
