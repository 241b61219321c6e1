package dev.slipway.web;

import dev.slipway.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * This web node's subscription to a container's log and stats on the worker node that has it: an address of its own
 * ({@link Bus#containerFollower}) that the worker sends to, and {@link #close()} tells the worker to stop, so the
 * engine's streams end when the browser leaves. A batch of lines is answered only once {@code done} runs (the
 * follower wrote it), which holds the worker back: backpressure from the browser to the engine.
 */
final class ContainerTap {
  interface Listener {
    void lines(JsonArray lines, Runnable done);

    void stats(JsonObject sample);

    /** {@code what}: {@code logs} or {@code stats}; {@code error} null for a normal end. */
    void ended(String what, String error);
  }

  private final Vertx vertx;
  private final String node;
  private final String to = Bus.containerFollower(UUID.randomUUID().toString());
  private final DeliveryOptions asUser;
  private final MessageConsumer<JsonObject> consumer;
  private boolean closed;

  private ContainerTap(Vertx vertx, String node, String user, Listener listener) {
    this.vertx = vertx;
    this.node = node;
    this.asUser = new DeliveryOptions().addHeader(Bus.USER_HEADER, user).setSendTimeout(30_000);
    this.consumer = vertx.eventBus().consumer(to, msg -> deliver(msg, listener));
  }

  /** Subscribed (cluster-wide) before the worker is asked, so not a batch is lost. */
  static Future<ContainerTap> open(Vertx vertx, String node, String user, Listener listener) {
    ContainerTap tap = new ContainerTap(vertx, node, user, listener);
    return tap.consumer.completion().map(tap);
  }

  /** {@code {"id", "name", "running", "job"?}}; {@code since} an engine time to resume after, or null. */
  Future<JsonObject> logs(String id, Integer tail, String since, boolean follow) {
    JsonObject body = new JsonObject().put("id", id).put("to", to).put("follow", follow);
    if (tail != null) {
      body.put("tail", tail);
    }
    if (since != null) {
      body.put("since", since);
    }
    return request(Bus.DOCKER_FOLLOW_LOGS, body);
  }

  Future<JsonObject> stats(String id) {
    return request(Bus.DOCKER_FOLLOW_STATS, new JsonObject().put("id", id).put("to", to));
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(Bus.onNode(node, address), body, asUser).map(Message::body);
  }

  /** Stops everything the worker sends here; safe to call more than once. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    consumer.unregister();
    vertx.eventBus().request(Bus.onNode(node, Bus.DOCKER_UNFOLLOW), new JsonObject().put("to", to), asUser);
  }

  private void deliver(Message<JsonObject> msg, Listener listener) {
    JsonObject body = msg.body();
    if (closed) {
      msg.fail(Bus.NOT_FOUND, "this follower has left");
    } else if (body.containsKey("lines")) {
      listener.lines(body.getJsonArray("lines"), () -> msg.reply(new JsonObject()));
    } else if (body.containsKey("stats")) {
      msg.reply(new JsonObject());
      listener.stats(body.getJsonObject("stats"));
    } else if (body.containsKey("end")) {
      listener.ended(body.getString("end"), body.getString("error"));
    }
  }
}
