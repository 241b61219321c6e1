package dev.slipway.docker;

import dev.slipway.audit.AuditLog;
import dev.slipway.bus.Bus;
import dev.slipway.domain.Caller;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the worker carries out a request: on its own pool of threads (Docker's calls block, each bounded by the
 * control client's timeout), side by side so one slow call holds up no other; failures become reply codes; changes
 * to the engine go to the audit log.
 */
final class EngineCalls {
  private static final Logger LOG = LoggerFactory.getLogger(EngineCalls.class);
  private final WorkerExecutor threads;
  private final EngineProbe probe;
  private final AuditLog audit;
  private final String host;

  EngineCalls(WorkerExecutor threads, EngineProbe probe, AuditLog audit, String host) {
    this.threads = threads;
    this.probe = probe;
    this.audit = audit;
    this.host = host;
  }

  void blocking(Runnable work) {
    threads.executeBlocking(() -> {
      work.run();
      return null;
    }, false).onFailure(e -> LOG.error("Docker work failed", e));
  }

  /** Replies with the work's result, or fails with the code and sentence of what went wrong. */
  void call(Message<JsonObject> msg, Supplier<JsonObject> work) {
    blocking(() -> {
      try {
        msg.reply(work.get());
      } catch (RuntimeException e) {
        msg.fail(DockerErrors.code(e), DockerErrors.describe(e));
      }
    });
  }

  /** False, with a 503 sent, while the probe says the engine is away: no wait for a timeout. */
  boolean engineAnswers(Message<JsonObject> msg) {
    if (probe.reachable()) {
      return true;
    }
    refuseUnreachable(msg);
    return false;
  }

  /** The 503 for a request the engine cannot take now, with the probe's last word on why. */
  void refuseUnreachable(Message<JsonObject> msg) {
    msg.fail(Bus.ENGINE_UNREACHABLE, "the Docker engine is not reachable at " + host + ": "
        + probe.status().getString("error"));
  }

  /** A list from the engine, or a 503 at once while it is away. */
  void listing(Message<JsonObject> msg, Supplier<JsonObject> work) {
    if (engineAnswers(msg)) {
      call(msg, work);
    }
  }

  /** Carries out a change to the engine and records who asked and how it went in the audit log. */
  void audited(Message<JsonObject> msg, Caller caller, String action, String target, Supplier<JsonObject> work) {
    String address = msg.headers().get(Bus.ADDRESS_HEADER);
    blocking(() -> {
      try {
        JsonObject result = work.get();
        audit.record(caller.user(), address, action, target, AuditLog.OK, null);
        msg.reply(result);
      } catch (RuntimeException e) {
        int code = DockerErrors.code(e);
        String why = DockerErrors.describe(e);
        audit.record(caller.user(), address, action, target, code == Bus.FORBIDDEN ? AuditLog.DENIED : AuditLog.FAILED,
            why);
        msg.fail(code, why);
      }
    });
  }
}
