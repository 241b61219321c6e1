package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * A console's side of the event bus, toward the Docker worker of the container's node: opening the shell, then the
 * session's messages ({@link Bus#DOCKER_EXEC_INPUT}), each naming the user it is for.
 */
final class ConsoleLink {
  private static final long OPEN_TIMEOUT_MS = 30_000;
  private static final long TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final Caller caller;
  private final String clientAddress;
  private final String node;
  private String session;

  ConsoleLink(Vertx vertx, Caller caller, String clientAddress, String node) {
    this.vertx = vertx;
    this.caller = caller;
    this.clientAddress = clientAddress;
    this.node = node;
  }

  String node() {
    return node;
  }

  /** Whether a shell is open (and not yet told to close). */
  boolean open() {
    return session != null;
  }

  /** Starts the shell; the reply is {@code {"session", "container", "node"}}. */
  Future<JsonObject> start(JsonObject request) {
    return vertx.eventBus().<JsonObject>request(Bus.onNode(node, Bus.DOCKER_EXEC), request, options(OPEN_TIMEOUT_MS))
        .map(reply -> {
          session = reply.body().getString("session");
          return reply.body();
        });
  }

  /** The session has ended on the worker's side: nothing more to tell it. */
  void ended() {
    session = null;
  }

  /** Tells the worker to end the shell, once. */
  void close() {
    if (session != null) {
      tell("close", null);
      session = null;
    }
  }

  Future<Message<Object>> tell(String kind, Object body) {
    DeliveryOptions options = options(TIMEOUT_MS).addHeader(Bus.CONSOLE_SESSION, session)
        .addHeader(Bus.CONSOLE_KIND, kind);
    return vertx.eventBus().request(Bus.onNode(node, Bus.DOCKER_EXEC_INPUT), body, options);
  }

  /** Why a request to the worker failed, in words for the page: a node that does not answer is said so. */
  HttpError failure(Throwable e) {
    boolean lost = e instanceof ReplyException r && (r.failureType() == ReplyFailure.NO_HANDLERS
        || r.failureType() == ReplyFailure.TIMEOUT);
    return lost ? new HttpError(503, "node " + node + " no longer answers: the console is lost") : HttpError.of(e);
  }

  private DeliveryOptions options(long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(Bus.USER_HEADER, caller.user());
    if (clientAddress != null) {
      options.addHeader(Bus.ADDRESS_HEADER, clientAddress);
    }
    return options;
  }
}
