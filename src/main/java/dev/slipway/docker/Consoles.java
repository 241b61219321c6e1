package dev.slipway.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.slipway.audit.AuditLog;
import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.Role;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consoles of this node's engine ({@link Bus#DOCKER_EXEC}, {@link Bus#DOCKER_EXEC_INPUT}): who may open one (as
 * {@link ContainerGuard} says for stop, and the container must run), the audit of each session's start and end (never
 * what is typed), and the idle limit.
 */
final class Consoles {
  private static final Logger LOG = LoggerFactory.getLogger(Consoles.class);
  private static final String WEB_ADDRESS_PREFIX = "slipway.console.";

  private final Vertx vertx;
  private final DockerClients docker;
  private final ContainerGuard guard;
  private final EngineCalls calls;
  private final AuditLog audit;
  private final String node;
  /** A console with neither input nor output for this long is ended ({@code Config.CONSOLE_IDLE}). */
  private final Duration idleLimit;
  private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> clientAddresses = new ConcurrentHashMap<>();
  private long idleTimer = -1;

  Consoles(Vertx vertx, DockerClients docker, ContainerGuard guard, EngineCalls calls, AuditLog audit, String node,
           Duration idleLimit) {
    this.vertx = vertx;
    this.docker = docker;
    this.guard = guard;
    this.calls = calls;
    this.audit = audit;
    this.node = node;
    this.idleLimit = idleLimit;
  }

  void startIdleCheck() {
    String idle = idleLimit.toSecondsPart() == 0 ? idleLimit.toMinutes() + " minutes" : idleLimit.toSeconds() + " s";
    idleTimer = vertx.setPeriodic(Math.max(500, Math.min(30_000, idleLimit.toMillis() / 4)), t -> {
      long before = System.currentTimeMillis() - idleLimit.toMillis();
      sessions.values().stream().filter(s -> s.lastActive() < before)
          .forEach(s -> s.end("no input or output for " + idle, true));
    });
  }

  /**
   * Blocking: ends every console (Slipway is stopping), their shells too, side by side (each takes a second or so),
   * for at most 8 s of the 10 s a stop has.
   */
  void endAll() {
    vertx.cancelTimer(idleTimer);
    CompletableFuture<?>[] ending = sessions.values().stream()
        .map(s -> CompletableFuture.runAsync(() -> s.endNow("Slipway is stopping").join()))
        .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(ending).get(8, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("ending the open consoles: {}", e.toString());
    }
  }

  void open(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String id = body.getValue("id") instanceof String s ? s : "";
    String to = body.getValue("to") instanceof String s ? s : "";
    if (!ContainerActions.CONTAINER_REF.matcher(id).matches()) {
      msg.fail(Bus.BAD_REQUEST, "invalid container id or name '" + id + "'");
      return;
    }
    if (!to.startsWith(WEB_ADDRESS_PREFIX)) {
      msg.fail(Bus.BAD_REQUEST, "to must be an address " + WEB_ADDRESS_PREFIX + "…");
      return;
    }
    int cols = size(body, "cols", 80, 500);
    int rows = size(body, "rows", 24, 300);
    if (!calls.engineAnswers(msg)) {
      return;
    }
    Context context = vertx.getOrCreateContext();
    String address = msg.headers().get(Bus.ADDRESS_HEADER);
    guard.callerOf(msg).onSuccess(caller -> calls.blocking(() -> {
      try {
        ConsoleSession session = session(caller, id, to, context);
        sessions.put(session.id(), session);
        if (address != null) {
          clientAddresses.put(session.id(), address);
        }
        try {
          session.start(cols, rows);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while starting the shell", e);
        } catch (RuntimeException e) {
          session.end(DockerErrors.describe(e), true);
          throw e;
        }
        audit.record(caller.user(), address, "container.console", session.name(), AuditLog.OK,
            "session " + session.id() + " started on node " + node);
        msg.reply(new JsonObject().put("session", session.id()).put("container", session.name()).put("node", node));
      } catch (RuntimeException e) {
        int code = DockerErrors.code(e);
        String why = DockerErrors.describe(e);
        audit.record(caller.user(), address, "container.console", id,
            code == Bus.FORBIDDEN ? AuditLog.DENIED : AuditLog.FAILED, why);
        msg.fail(code, why);
      }
    }));
  }

  /** Blocking: a session for a running container the caller may open a console in. */
  private ConsoleSession session(Caller caller, String id, String to, Context context) {
    caller.require(Role.OPERATOR, "a console");
    String full = guard.check(caller, id, "open a console in");
    InspectContainerResponse inspected = docker.control().inspectContainerCmd(full).exec();
    String name = inspected.getName() == null ? id : inspected.getName().replaceFirst("^/", "");
    if (inspected.getState() == null || !Boolean.TRUE.equals(inspected.getState().getRunning())) {
      throw new BadRequest(Bus.CONFLICT, "container " + name + " is not running: start it first");
    }
    return new ConsoleSession(vertx, context, docker, calls::blocking, to, caller.user(), full, name,
        this::ended);
  }

  private void ended(ConsoleSession session, String reason) {
    sessions.remove(session.id());
    long seconds = (System.currentTimeMillis() - session.startedAt()) / 1000;
    audit.record(session.user(), clientAddresses.remove(session.id()), "container.console.end", session.name(),
        AuditLog.OK, "session " + session.id() + " on node " + node + " ended after " + seconds + " s: " + reason);
    LOG.info("console {} of {} in {} ended: {}", session.id(), session.user(), session.name(), reason);
  }

  /** Input, resize or close of a session, from the user who opened it. */
  void input(Message<Object> msg) {
    ConsoleSession session = sessions.get(String.valueOf(msg.headers().get(Bus.CONSOLE_SESSION)));
    if (session == null) {
      msg.fail(Bus.NOT_FOUND, "this console has ended");
      return;
    }
    if (!session.user().equals(msg.headers().get(Bus.USER_HEADER))) {
      msg.fail(Bus.FORBIDDEN, "this console is another user's");
      return;
    }
    String kind = String.valueOf(msg.headers().get(Bus.CONSOLE_KIND));
    switch (kind) {
      case "input" -> {
        byte[] bytes = msg.body() instanceof Buffer b ? b.getBytes() : new byte[0];
        ConsoleInput input = session.input();
        if (!input.offer(bytes, () -> msg.reply(null))) {
          msg.fail(input.closed() ? Bus.NOT_FOUND : Bus.TOO_MANY, input.closed() ? "this console has ended"
              : "the shell is not reading its input: wait for it");
        }
      }
      case "resize" -> {
        JsonObject size = msg.body() instanceof JsonObject o ? o : new JsonObject();
        calls.blocking(() -> session.resize(size(size, "cols", 80, 500), size(size, "rows", 24, 300)));
        msg.reply(null);
      }
      case "ping" -> msg.reply(null);
      case "close" -> {
        session.end("the page was closed", true);
        msg.reply(null);
      }
      default -> msg.fail(Bus.BAD_REQUEST, "unknown console message '" + kind + "'");
    }
  }

  private static int size(JsonObject body, String field, int fallback, int max) {
    return body.getValue(field) instanceof Number n ? Math.max(1, Math.min(max, n.intValue())) : fallback;
  }
}
