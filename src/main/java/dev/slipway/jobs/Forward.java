package dev.slipway.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/** Hands a request on to another node's address with its headers (the user it acts for), and its answer back. */
final class Forward {
  private Forward() {
  }

  static Future<JsonObject> request(Vertx vertx, Message<JsonObject> msg, String address, JsonObject body) {
    return request(vertx, msg, address, body, Dispatcher.WORKER_TIMEOUT_MS);
  }

  static Future<JsonObject> request(Vertx vertx, Message<JsonObject> msg, String address, JsonObject body,
                                    long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs)
        .setHeaders(msg.headers());
    return vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body);
  }

  /** Replies with the other node's answer, or fails with its code and message. */
  static void relay(Message<JsonObject> msg, Future<JsonObject> answer) {
    answer.onSuccess(msg::reply).onFailure(e -> {
      if (e instanceof dev.slipway.domain.BadRequest refusal) {
        msg.fail(refusal.code(), refusal.getMessage());
      } else if (e instanceof ReplyException reply && reply.failureCode() > 0) {
        msg.fail(reply.failureCode(), reply.getMessage());
      } else {
        WorkerFailure failure = WorkerFailure.of(e);
        msg.fail(failure.code(), failure.message());
      }
    });
  }
}
