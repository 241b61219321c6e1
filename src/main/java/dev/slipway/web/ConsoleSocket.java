package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.Caller;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A browser's console WebSocket, bridged over the event bus to the Docker worker of the container's node (only the
 * worker talks to the engine; the container may be on another node). Binary frames carry bytes both ways (the browser
 * decodes UTF-8, also a character split between two frames); text frames carry {@code {"resize": {"cols", "rows"}}}
 * from the browser and {@code {"state": "connected"}} / {@code {"ended": reason}} to it.
 *
 * <p>Backpressure both ways: the worker's output waits for this side's answer, given once the socket took it; typed
 * input is answered once the shell has read it, and the socket is paused while {@value #INPUT_WINDOW} messages or
 * {@value #INPUT_BYTES_WINDOW} bytes are unanswered.
 */
final class ConsoleSocket {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleSocket.class);
  private static final int INPUT_WINDOW = 4;
  /** Typed bytes on their way at most (plus one message, which the server caps at 256 KiB) before the socket pauses. */
  private static final int INPUT_BYTES_WINDOW = 64 * 1024;
  private static final long OPEN_TIMEOUT_MS = 30_000;
  /** How often a quiet console asks whether its worker node still holds the session (a node can die silently). */
  private static final long PING_MS = 10_000;

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final Caller caller;
  private final String clientAddress;
  private final String container;
  private final JsonObject size;
  private final Runnable onEnd;
  private final String address = "slipway.console." + UUID.randomUUID();
  private final List<Message<Buffer>> waitingForDrain = new ArrayList<>();
  private MessageConsumer<Buffer> output;
  private String node;
  private String session;
  private int inputsUnanswered;
  private int inputBytesUnanswered;
  private boolean paused;
  private boolean ended;
  private long pinger = -1;

  ConsoleSocket(Vertx vertx, ServerWebSocket ws, Caller caller, String clientAddress, String container,
                JsonObject size, Runnable onEnd) {
    this.vertx = vertx;
    this.ws = ws;
    this.caller = caller;
    this.clientAddress = clientAddress;
    this.container = container;
    this.size = size;
    this.onEnd = onEnd;
  }

  /** Opens the shell on the worker of {@code target}, the container's node (resolved once the socket is open). */
  void start(io.vertx.core.Future<String> target) {
    ws.pause();
    paused = true;
    ws.binaryMessageHandler(this::typed);
    ws.textMessageHandler(this::control);
    ws.exceptionHandler(e -> LOG.debug("console socket: {}", e.toString()));
    ws.closeHandler(v -> closed());
    ws.drainHandler(v -> {
      waitingForDrain.forEach(m -> m.reply(null));
      waitingForDrain.clear();
    });
    output = vertx.eventBus().consumer(address, this::fromWorker);
    JsonObject open = size.copy().put("id", container).put("to", address);
    target.compose(n -> {
      node = n;
      return output.completion();
    })
        .compose(v -> vertx.eventBus().<JsonObject>request(Bus.onNode(node, Bus.DOCKER_EXEC), open,
            options(OPEN_TIMEOUT_MS)))
        .onSuccess(reply -> {
          session = reply.body().getString("session");
          if (ws.isClosed()) {
            tell("close", null);
            return;
          }
          ws.writeTextMessage(new JsonObject().put("state", "connected").put("container",
              reply.body().getString("container")).put("node", node).encode());
          resume();
          pinger = vertx.setPeriodic(PING_MS, t -> ping());
        })
        .onFailure(e -> end(HttpError.of(e)));
  }

  /** Slipway is stopping: the page hears why; the worker ends the shell. */
  void shutdown() {
    end(new HttpError(503, "Slipway is stopping"));
  }

  private void fromWorker(Message<Buffer> msg) {
    if ("end".equals(msg.headers().get(Bus.CONSOLE_KIND))) {
      session = null;
      end(1000, msg.body().toString(StandardCharsets.UTF_8));
      return;
    }
    if (ws.isClosed()) {
      msg.fail(Bus.NOT_FOUND, "the browser has gone");
      return;
    }
    ws.writeBinaryMessage(msg.body());
    if (ws.writeQueueFull()) {
      waitingForDrain.add(msg);
    } else {
      msg.reply(null);
    }
  }

  private void typed(Buffer bytes) {
    if (session == null || ended) {
      return;
    }
    inputsUnanswered++;
    inputBytesUnanswered += bytes.length();
    if (inputsUnanswered >= INPUT_WINDOW || inputBytesUnanswered >= INPUT_BYTES_WINDOW) {
      ws.pause();
      paused = true;
    }
    tell("input", bytes).onComplete(r -> {
      inputsUnanswered--;
      inputBytesUnanswered -= bytes.length();
      if (r.failed()) {
        end(HttpError.of(r.cause()));
      } else if (paused && inputsUnanswered < INPUT_WINDOW && inputBytesUnanswered < INPUT_BYTES_WINDOW) {
        resume();
      }
    });
  }

  private void control(String text) {
    JsonObject resize;
    try {
      resize = new JsonObject(text).getJsonObject("resize");
    } catch (DecodeException | ClassCastException e) {
      resize = null;
    }
    if (resize != null && session != null) {
      tell("resize", resize);
    }
  }

  private void ping() {
    if (session == null) {
      return;
    }
    tell("ping", null).onFailure(e -> {
      boolean lost = e instanceof ReplyException r && (r.failureType() == ReplyFailure.NO_HANDLERS
          || r.failureType() == ReplyFailure.TIMEOUT);
      end(lost ? new HttpError(503, "node " + node + " no longer answers: the console is lost") : HttpError.of(e));
    });
  }

  private void closed() {
    vertx.cancelTimer(pinger);
    if (session != null) {
      tell("close", null);
      session = null;
    }
    ended = true;
    output.unregister();
    waitingForDrain.forEach(m -> m.fail(Bus.NOT_FOUND, "the browser has gone"));
    waitingForDrain.clear();
    onEnd.run();
  }

  private io.vertx.core.Future<Message<Object>> tell(String kind, Object body) {
    DeliveryOptions options = options(30_000).addHeader(Bus.CONSOLE_SESSION, session).addHeader(Bus.CONSOLE_KIND, kind);
    return vertx.eventBus().request(Bus.onNode(node, Bus.DOCKER_EXEC_INPUT), body, options);
  }

  private DeliveryOptions options(long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(Bus.USER_HEADER, caller.user());
    if (clientAddress != null) {
      options.addHeader(Bus.ADDRESS_HEADER, clientAddress);
    }
    return options;
  }

  private void resume() {
    paused = false;
    ws.resume();
  }

  /** A refusal: close code 4000 plus its HTTP-like status (4403, 4404, 4409…). */
  private void end(HttpError error) {
    end(4000 + Math.max(0, Math.min(999, error.status())), error.message());
  }

  private void end(int code, String reason) {
    if (ended) {
      return;
    }
    ended = true;
    close(ws, code, reason);
  }

  /** A socket refused before any shell: closed with 4000 plus the status, and why. */
  static void refuse(ServerWebSocket ws, HttpError error) {
    close(ws, 4000 + error.status(), error.message());
  }

  /** The page gets the whole reason as a message first; a close frame holds at most 123 bytes. */
  private static void close(ServerWebSocket ws, int code, String reason) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(new JsonObject().put("ended", reason).encode());
      ws.close((short) code, shortened(reason));
    }
  }

  private static String shortened(String reason) {
    String text = reason;
    while (text.getBytes(StandardCharsets.UTF_8).length > 120) {
      text = text.substring(0, text.length() - 2) + "…";
    }
    return text;
  }
}
