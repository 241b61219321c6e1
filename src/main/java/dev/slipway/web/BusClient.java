package dev.slipway.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** Request/reply over the event bus with the web side's time limit. */
final class BusClient {
  /** Until sign-in exists every request acts for the bootstrap admin. */
  static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(120_000)
      .addHeader(dev.slipway.bus.Bus.USER_HEADER, "admin");
  private final Vertx vertx;

  BusClient(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, OPTIONS).map(Message::body);
  }
}
