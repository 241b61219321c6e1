package dev.slipway.docker;

import com.github.dockerjava.api.model.Frame;
import dev.slipway.bus.Bus;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One console: a shell that docker exec runs in a container with a terminal, its output sent to the web side's
 * address for the browser, a few chunks unanswered at most (the web side answers once the browser's socket took
 * them, so a slow browser slows the shell, never fills memory).
 *
 * <p>Every process of the session carries {@link #MARKER} in its environment, so that its end can end them too
 * ({@link ConsoleLeftovers}: the engine would let them run on).
 */
final class ConsoleSession {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleSession.class);
  static final String MARKER = "SLIPWAY_CONSOLE";
  /** Output messages on their way to the browser, unanswered, at most. */
  private static final int OUTPUT_WINDOW = 8;
  private static final long BROWSER_WAIT_MS = 60_000;
  private static final String SHELL = "if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi";

  private final String id = UUID.randomUUID().toString();
  private final Vertx vertx;
  private final Context context;
  private final DockerClients docker;
  private final Executor blocking;
  private final String to;
  private final String user;
  private final String container;
  private final String name;
  private final BiConsumer<ConsoleSession, String> onEnd;
  private final ConsoleInput input = new ConsoleInput();
  private final Semaphore window = new Semaphore(OUTPUT_WINDOW);
  private final AtomicBoolean ending = new AtomicBoolean();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final long startedAt = System.currentTimeMillis();
  private volatile long lastActive = startedAt;
  private volatile String execId;
  private volatile StoppableCallback<Frame> output;

  /** {@code context} sends the output, in order; {@code ended} hears the end once, with its reason. */
  ConsoleSession(Vertx vertx, Context context, DockerClients docker, Executor blocking, String to, String user,
                 String container, String name, BiConsumer<ConsoleSession, String> ended) {
    this.vertx = vertx;
    this.context = context;
    this.docker = docker;
    this.blocking = blocking;
    this.to = to;
    this.user = user;
    this.container = container;
    this.name = name;
    this.onEnd = ended;
  }

  String id() {
    return id;
  }

  String user() {
    return user;
  }

  String name() {
    return name;
  }

  long startedAt() {
    return startedAt;
  }

  long lastActive() {
    return lastActive;
  }

  ConsoleInput input() {
    lastActive = System.currentTimeMillis();
    return input;
  }

  /** Blocking: creates the shell (bash when the container has it, else sh) and starts it with a terminal. */
  void start(int cols, int rows) throws InterruptedException {
    execId = docker.control().execCreateCmd(container).withCmd("/bin/sh", "-c", SHELL).withTty(true)
        .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true)
        .withEnv(List.of("TERM=xterm-256color", MARKER + "=" + id)).exec().getId();
    output = new StoppableCallback<>() {
      @Override
      public void onNext(Frame frame) {
        forward(frame.getPayload());
      }

      @Override
      public void onError(Throwable e) {
        end("the connection to the Docker engine broke: " + DockerErrors.describe(e), true);
      }

      @Override
      public void onComplete() {
        end(null, false);
      }
    };
    docker.streams().execStartCmd(execId).withTty(true).withStdIn(input).exec(output);
    if (!output.awaitStarted(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the Docker engine did not start the shell within 10 s");
    }
    resize(cols, rows);
  }

  /** Blocking. The engine refuses a resize until the process runs: a few tries. */
  void resize(int cols, int rows) {
    lastActive = System.currentTimeMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        docker.control().resizeExecCmd(execId).withSize(rows, cols).exec();
        return;
      } catch (RuntimeException e) {
        if (attempt == 5 || ending.get()) {
          LOG.debug("console {}: resize to {}x{} failed: {}", id, cols, rows, e.toString());
          return;
        }
        sleep(50L * attempt);
      }
    }
  }

  /** On docker-java's thread: waits (blocking that thread, so the shell waits too) while the browser is behind. */
  private void forward(byte[] bytes) {
    if (ending.get()) {
      return;
    }
    try {
      if (!window.tryAcquire(BROWSER_WAIT_MS, TimeUnit.MILLISECONDS)) {
        end("the browser did not read the output for " + BROWSER_WAIT_MS / 1000 + " s", true);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    lastActive = System.currentTimeMillis();
    DeliveryOptions options = new DeliveryOptions().addHeader(Bus.CONSOLE_KIND, "output")
        .setSendTimeout(BROWSER_WAIT_MS);
    context.runOnContext(v -> vertx.eventBus().request(to, Buffer.buffer(bytes), options).onComplete(reply -> {
      window.release();
      if (reply.failed()) {
        boolean gone = reply.cause() instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
        end(gone ? "the browser's page is gone" : "the browser did not read the output in time", true);
      }
    }));
  }

  /**
   * Ends the session once, off the caller's thread: {@code why} null means the shell exited by itself; {@code kill}
   * ends what the session left running in the container.
   */
  void end(String why, boolean kill) {
    if (ending.compareAndSet(false, true)) {
      blocking.execute(() -> finish(why, kill));
    }
  }

  /**
   * As {@link #end}, on this thread (Slipway is stopping); completes once the session has ended, also when its end had
   * begun elsewhere (its page closed a moment before), so the engine's clients stay open until then.
   */
  CompletableFuture<Void> endNow(String why) {
    if (ending.compareAndSet(false, true)) {
      finish(why, true);
    }
    return ended;
  }

  private void finish(String why, boolean kill) {
    try {
      cleanUp(why, kill);
    } finally {
      ended.complete(null);
    }
  }

  private void cleanUp(String why, boolean kill) {
    input.close();
    String reason = why != null ? why : exitReason();
    if (kill && execId != null) {
      ConsoleLeftovers.end(docker, container, name, execId, MARKER + "=" + id);
    }
    if (output != null) {
      output.close();
    }
    DeliveryOptions options = new DeliveryOptions().addHeader(Bus.CONSOLE_KIND, "end");
    context.runOnContext(v -> vertx.eventBus().send(to, Buffer.buffer(reason), options));
    onEnd.accept(this, reason);
  }

  /** The engine may record the exit code a moment after the stream ended: asked a few times. */
  private String exitReason() {
    for (int attempt = 1; attempt <= 10; attempt++) {
      try {
        Long code = docker.control().inspectExecCmd(execId).exec().getExitCodeLong();
        if (code != null) {
          return "the shell exited (exit code " + code + ")";
        }
      } catch (RuntimeException e) {
        LOG.debug("console {}: no exit code: {}", id, e.toString());
        break;
      }
      sleep(100);
    }
    return "the shell exited";
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
