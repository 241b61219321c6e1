package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
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
  /** How often a console asks whether its worker node still holds the session (a node can die silently). */
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
  private ConsoleLink link;
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
  void start(Future<String> target) {
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
    target.compose(node -> {
      link = new ConsoleLink(vertx, caller, clientAddress, node);
      return output.completion();
    })
        .compose(v -> link.start(open))
        .onSuccess(reply -> {
          if (ws.isClosed()) {
            link.close();
            return;
          }
          ws.writeTextMessage(new JsonObject().put("state", "connected").put("container",
              reply.getString("container")).put("node", link.node()).encode());
          resume();
          pinger = vertx.setPeriodic(PING_MS, t -> ping());
        })
        .onFailure(e -> end(link == null ? HttpError.of(e) : link.failure(e)));
  }

  /** Slipway is stopping: the page hears why; the worker ends the shell. */
  void shutdown() {
    end(new HttpError(503, "Slipway is stopping"));
  }

  private void fromWorker(Message<Buffer> msg) {
    if ("end".equals(msg.headers().get(Bus.CONSOLE_KIND))) {
      if (link != null) {
        link.ended();
      }
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
    if (link == null || !link.open() || ended) {
      return;
    }
    inputsUnanswered++;
    inputBytesUnanswered += bytes.length();
    if (inputsUnanswered >= INPUT_WINDOW || inputBytesUnanswered >= INPUT_BYTES_WINDOW) {
      ws.pause();
      paused = true;
    }
    link.tell("input", bytes).onComplete(r -> {
      inputsUnanswered--;
      inputBytesUnanswered -= bytes.length();
      if (r.failed()) {
        end(link.failure(r.cause()));
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
    if (resize != null && link != null && link.open()) {
      link.tell("resize", resize);
    }
  }

  private void ping() {
    if (link.open()) {
      link.tell("ping", null).onFailure(e -> end(link.failure(e)));
    }
  }

  private void closed() {
    vertx.cancelTimer(pinger);
    if (link != null) {
      link.close();
    }
    ended = true;
    output.unregister();
    waitingForDrain.forEach(m -> m.fail(Bus.NOT_FOUND, "the browser has gone"));
    waitingForDrain.clear();
    onEnd.run();
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
