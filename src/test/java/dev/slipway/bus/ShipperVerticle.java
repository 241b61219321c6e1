package dev.slipway.bus;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Another team's verticle that knows Slipway only through its event-bus API: it builds an app, runs the image, and
 * publishes what it saw to {@code config().replyTo}.
 */
public final class ShipperVerticle extends VerticleBase {
  /** Every request names the user it acts for; Slipway checks that user's role. */
  static final DeliveryOptions AS_ADMIN = new DeliveryOptions().addHeader(Bus.USER_HEADER, "admin");

  @Override
  public Future<?> start() {
    JsonObject config = config();
    JsonObject build = new JsonObject().put("app", config.getString("app")).put("tag", config.getString("tag"))
        .put("noCache", true);
    vertx.eventBus().<JsonObject>request(Bus.SUBMIT_BUILD, build, AS_ADMIN)
        .compose(reply -> JobFollower.follow(vertx, reply.body().getString("id")))
        .compose(built -> run(config).map(ran -> new JsonObject().put("build", built).put("run", ran)))
        .onSuccess(result -> vertx.eventBus().publish(config.getString("replyTo"), result))
        .onFailure(e -> vertx.eventBus().publish(config.getString("replyTo"), new JsonObject().put("error", e.toString())));
    return Future.succeededFuture();
  }

  private Future<JsonObject> run(JsonObject config) {
    JsonObject run = new JsonObject().put("image", config.getString("tag")).put("name", config.getString("name"))
        .put("env", new JsonObject().put("WHO", "shipper")).put("ports", new JsonArray());
    return vertx.eventBus().<JsonObject>request(Bus.SUBMIT_RUN, run, AS_ADMIN)
        .compose(reply -> JobFollower.follow(vertx, reply.body().getString("id")));
  }
}
