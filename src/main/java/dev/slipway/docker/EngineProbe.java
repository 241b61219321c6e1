package dev.slipway.docker;

import com.github.dockerjava.api.model.Version;
import dev.slipway.bus.Bus;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the engine for its version in the background, every {@value #UP_MS} ms while it answers and with a growing
 * pause (up to {@value #MAX_DOWN_MS} ms) while it does not. Health checks and submissions read the last answer
 * instead of waiting for the engine, so a hung engine costs them nothing. When the engine answers again after it
 * did not, {@link Bus#ENGINE_BACK} is published: the jobs owner then takes up the runs it lost contact with.
 */
final class EngineProbe {
  private static final Logger LOG = LoggerFactory.getLogger(EngineProbe.class);
  private static final long UP_MS = 2_000;
  private static final long MAX_DOWN_MS = 10_000;
  /** How long a probe waits for the engine's answer before it says the engine does not answer. */
  private static final long ANSWER_MS = 1_500;

  private final Vertx vertx;
  private final String node;
  private final DockerClients docker;
  private final WorkerExecutor threads;
  private volatile JsonObject status;
  private volatile boolean stopped;
  private boolean asked;
  private long downPause = 500;
  private long timer = -1;

  EngineProbe(Vertx vertx, DockerClients docker, WorkerExecutor threads, String node) {
    this.vertx = vertx;
    this.node = node;
    this.docker = docker;
    this.threads = threads;
    this.status = new JsonObject().put("host", docker.host()).put("reachable", false).put("error", "not asked yet");
  }

  /**
   * Asks once (blocking), then goes on in the background. The first answer counts as the engine coming back (it was
   * "not asked yet"): the jobs owner holds its build queue still until it hears so.
   */
  void start() {
    update(ask());
    schedule();
  }

  JsonObject status() {
    return status.copy();
  }

  boolean reachable() {
    return status.getBoolean("reachable", false);
  }

  /** Blocking: asks the engine now, for a caller that must know (a build about to start, a reattach, a lost stream). */
  boolean askNow() {
    // While the engine answered last time a ping says enough: /version, on the way of every build's start, costs the
    // engine two process runs (runc and docker-init say their versions), 5-10 ms against 0.2 ms for /_ping.
    if (reachable()) {
      try {
        docker.control().pingCmd().exec();
        return true;
      } catch (RuntimeException e) {
        LOG.debug("the engine's ping failed ({}); asking for its version", DockerErrors.cause(e));
      }
    }
    JsonObject now = ask();
    update(now);
    return now.getBoolean("reachable");
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  private void schedule() {
    if (stopped) {
      return;
    }
    long pause = reachable() ? UP_MS : downPause;
    downPause = reachable() ? 500 : Math.min(MAX_DOWN_MS, downPause * 2);
    timer = vertx.setTimer(pause, t -> {
      // A hung engine accepts the call and answers nothing until the call's own timeout (30 s): past ANSWER_MS it
      // counts as unreachable now. The next probe still waits for this one, so at most one call hangs.
      long watchdog = vertx.setTimer(ANSWER_MS, w -> update(new JsonObject().put("host", docker.host())
          .put("reachable", false).put("error", "no answer within " + ANSWER_MS + " ms")));
      threads.executeBlocking(this::ask, false).onComplete(answer -> {
        vertx.cancelTimer(watchdog);
        if (answer.succeeded()) {
          update(answer.result());
        }
        schedule();
      });
    });
  }

  private synchronized void update(JsonObject now) {
    boolean was = reachable();
    boolean first = !asked;
    asked = true;
    status = now;
    if (now.getBoolean("reachable") && !was) {
      if (!first) {
        docker.reconnect();
      }
      LOG.info("the Docker engine at {} answers{} (version {})", docker.host(), first ? "" : " again",
          now.getString("version"));
      vertx.eventBus().publish(Bus.onNode(node, Bus.ENGINE_BACK), new JsonObject());
    } else if (!now.getBoolean("reachable") && was) {
      LOG.warn("the Docker engine at {} does not answer: {}", docker.host(), now.getString("error"));
    }
  }

  private JsonObject ask() {
    JsonObject answer = new JsonObject().put("host", docker.host());
    try {
      Version version = docker.control().versionCmd().exec();
      return answer.put("reachable", true).put("version", version.getVersion())
          .put("apiVersion", version.getApiVersion());
    } catch (RuntimeException e) {
      return answer.put("reachable", false).put("error", DockerErrors.cause(e));
    }
  }
}
