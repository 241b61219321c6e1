package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Request/reply over the event bus with the web side's time limit, naming the user it is for. */
final class BusClient {
  private static final long TIMEOUT_MS = 120_000;
  private final Vertx vertx;
  private final String node;

  /** Made in a verticle's start: its config names this node. */
  BusClient(Vertx vertx) {
    this.vertx = vertx;
    this.node = vertx.getOrCreateContext().config().getString(dev.slipway.Config.NODE_NAME, "local");
  }

  /** {@code address} of this node's Docker worker. */
  String worker(String address) {
    return Bus.onNode(node, address);
  }

  /** On behalf of the signed-in caller of {@code ctx}, from its client address. */
  Future<JsonObject> request(RoutingContext ctx, String address, JsonObject body) {
    return request(Authentication.caller(ctx), Authentication.address(ctx), address, body);
  }

  /** As {@link #request(RoutingContext, String, JsonObject)}, failing (a timeout) after {@code timeoutMs}. */
  Future<JsonObject> request(RoutingContext ctx, String address, JsonObject body, long timeoutMs) {
    return request(Authentication.caller(ctx), Authentication.address(ctx), address, body, timeoutMs);
  }

  /** Every request names its user: the receiver checks that user's role, so the bus is no side door. */
  Future<JsonObject> request(Caller caller, String clientAddress, String address, JsonObject body) {
    return request(caller, clientAddress, address, body, TIMEOUT_MS);
  }

  private Future<JsonObject> request(Caller caller, String clientAddress, String address, JsonObject body,
                                     long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(Bus.USER_HEADER, caller.user());
    if (clientAddress != null) {
      options.addHeader(Bus.ADDRESS_HEADER, clientAddress);
    }
    return vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body);
  }
}
