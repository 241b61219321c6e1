package dev.slipway.web;

import dev.slipway.Config;
import dev.slipway.bus.Bus;
import dev.slipway.cluster.SealedSecrets;
import dev.slipway.cluster.SecretSeal;
import dev.slipway.domain.JobKind;
import dev.slipway.domain.NodeRole;
import dev.slipway.domain.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Request/reply over the event bus with the web side's time limit, naming the user it is for. */
final class BusClient {
  private static final long TIMEOUT_MS = 120_000;
  private final Vertx vertx;
  private final String node;
  private final boolean hasWorker;
  /** In a cluster: run secrets leave this node sealed (see {@code cluster.SecretSeal}); null on one node. */
  private final SecretSeal seal;

  /** Made in a verticle's start: its config names this node. */
  BusClient(Vertx vertx) {
    this.vertx = vertx;
    JsonObject config = vertx.getOrCreateContext().config();
    this.node = config.getString(Config.NODE_NAME, "local");
    this.hasWorker = NodeRole.parseAll(config.getString(Config.ROLES, "web,worker")).contains(NodeRole.WORKER);
    this.seal = Config.clustered(config) ? new SecretSeal(config.getString(Config.CLUSTER_SECRET)) : null;
  }

  /** Whether this node has a Docker worker of its own (the worker role); a web-only node has none to ask. */
  boolean hasWorker() {
    return hasWorker;
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

  Future<JsonObject> request(Caller caller, String clientAddress, String address, JsonObject body) {
    return request(caller, clientAddress, address, body, TIMEOUT_MS);
  }

  /**
   * Every request names its user: the receiver checks that user's role, so the bus is no side door. In a cluster a
   * submission's secret values are sealed before they leave, and a build of an upload goes to this node's own jobs
   * owner: the archive is on this node's disk.
   */
  private Future<JsonObject> request(Caller caller, String clientAddress, String address, JsonObject body,
                                     long timeoutMs) {
    JobKind kind = submission(address);
    if (kind != null && body.getValue("contextFile") != null) {
      address = Bus.onNode(node, address);
    } else {
      address = route(address);
    }
    if (kind != null && seal != null) {
      body = body.copy();
      SealedSecrets.seal(body, kind, seal);
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(Bus.USER_HEADER, caller.user());
    if (clientAddress != null) {
      options.addHeader(Bus.ADDRESS_HEADER, clientAddress);
    }
    if (!hasWorker && READS.contains(address)) {
      return readElsewhere(address, body, options, timeoutMs);
    }
    return vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body);
  }

  /**
   * A web-only node reads through some worker node's jobs verticle. One that has just died still takes requests until
   * the cluster drops it (a few seconds): a read waits at most {@value #READ_TRY_MS} ms there, then goes once more
   * (round-robin: to another node). Reads change nothing, so asking twice is harmless.
   */
  private Future<JsonObject> readElsewhere(String address, JsonObject body, DeliveryOptions options, long timeoutMs) {
    DeliveryOptions first = new DeliveryOptions(options.toJson()).setHeaders(options.getHeaders())
        .setSendTimeout(Math.min(READ_TRY_MS, timeoutMs));
    return vertx.eventBus().<JsonObject>request(address, body, first).map(Message::body).recover(e -> {
      boolean lost = e instanceof ReplyException reply && (reply.failureType() == ReplyFailure.TIMEOUT
          || reply.failureType() == ReplyFailure.NO_HANDLERS);
      return lost ? vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body)
          : Future.failedFuture(e);
    });
  }

  private static final long READ_TRY_MS = 8_000;
  private static final java.util.Set<String> READS = java.util.Set.of(Bus.GET, Bus.LIST, Bus.LOG, Bus.SEARCH);

  /** A public jobs address goes to this node's own jobs verticle when it has one (see {@link Bus#desk}). */
  String route(String address) {
    return hasWorker && JOBS_ADDRESSES.contains(address) ? Bus.desk(node, address) : address;
  }

  /** {@link #route(String)} for code with only its verticle's configuration at hand. */
  static String route(JsonObject config, String address) {
    boolean worker = NodeRole.parseAll(config.getString(Config.ROLES, "web,worker")).contains(NodeRole.WORKER);
    return worker && JOBS_ADDRESSES.contains(address)
        ? Bus.desk(config.getString(Config.NODE_NAME, "local"), address) : address;
  }

  private static final java.util.Set<String> JOBS_ADDRESSES = java.util.Set.of(Bus.SUBMIT_BUILD, Bus.SUBMIT_RUN,
      Bus.SUBMIT_LAUNCH, Bus.CANCEL, Bus.GET, Bus.LIST, Bus.LOG, Bus.SEARCH);

  private static JobKind submission(String address) {
    return switch (address) {
      case Bus.SUBMIT_BUILD -> JobKind.BUILD;
      case Bus.SUBMIT_RUN -> JobKind.RUN;
      case Bus.SUBMIT_LAUNCH -> JobKind.LAUNCH;
      default -> null;
    };
  }
}
