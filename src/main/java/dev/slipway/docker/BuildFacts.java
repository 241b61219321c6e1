package dev.slipway.docker;

import dev.slipway.builds.BuildSteps;
import dev.slipway.builds.StepComparison;
import dev.slipway.store.BuildHistory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a build's job shows of it besides its log: the steps read from the daemon's items ({@link BuildSteps}), their
 * comparison with the previous successful build of the same app or tag, and the reproducibility record. Reported to
 * the jobs owner with the job's state when something changed, at most every {@value #EVERY_MS} ms (a hundred cached
 * steps make a few reports, not a hundred), and whole with the build's end. Thread-safe.
 */
final class BuildFacts {
  private static final Logger LOG = LoggerFactory.getLogger(BuildFacts.class);
  static final long EVERY_MS = 250;
  private static final long HISTORY_TIMEOUT_S = 5;

  private final Vertx vertx;
  private final JobReporter reporter;
  private final BuildSteps steps;
  private final JsonObject record;
  private final JsonObject previous;
  private long lastSent;
  private boolean timerSet;
  private boolean stopped;

  /** {@code previous}: {@code {"id", "facts"}} of the build to compare with, or null. */
  BuildFacts(Vertx vertx, JobReporter reporter, int slipwayLabels, JsonObject record, JsonObject previous) {
    this.vertx = vertx;
    this.reporter = reporter;
    this.steps = new BuildSteps(slipwayLabels, System::currentTimeMillis);
    this.record = record;
    this.previous = previous;
  }

  /**
   * Blocking (on the worker's own threads): the previous successful build of what {@code request} builds, or null when
   * there is none or the database does not say in time (the build goes on without a comparison).
   */
  static JsonObject previousBuild(BuildHistory history, JsonObject request, String jobId) {
    try {
      return history.previous(BuildHistory.key(request.getJsonObject("shown")), jobId)
          .toCompletionStage().toCompletableFuture().get(HISTORY_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("job {}: could not find the previous build to compare with: {}", jobId, e.toString());
      return null;
    }
  }

  /** One {@code stream} item of the daemon. */
  void item(String text) {
    if (steps.item(text)) {
      changed();
    }
  }

  /** {@code Step N/M : INSTRUCTION} of the step under way (or the last one), or null before the first. */
  String currentStep() {
    return steps.current();
  }

  /** The build ended: its last step ends now. Its facts then go with the job's end ({@link #json}), not before. */
  void end(boolean failed) {
    synchronized (this) {
      stopped = true;
    }
    steps.end(failed);
  }

  /** {@code {"steps", "reproducibility", "comparison"?}}. */
  JsonObject json() {
    JsonObject json = new JsonObject().put("steps", steps.toJson()).put("reproducibility", record.copy());
    if (previous != null) {
      json.put("comparison", StepComparison.compare(previous.getString("id"),
          previous.getJsonObject("facts").getJsonArray("steps", new io.vertx.core.json.JsonArray()),
          json.getJsonArray("steps")));
    }
    return json;
  }

  /** Reports now, or once {@value #EVERY_MS} ms have passed since the last report (with the facts of then). */
  synchronized void changed() {
    if (stopped || timerSet) {
      return;
    }
    long wait = lastSent + EVERY_MS - System.currentTimeMillis();
    if (wait <= 0) {
      send();
    } else {
      timerSet = true;
      vertx.setTimer(wait, t -> {
        synchronized (this) {
          timerSet = false;
          if (!stopped) {
            send();
          }
        }
      });
    }
  }

  /** Under the lock. */
  private void send() {
    lastSent = System.currentTimeMillis();
    reporter.facts(json());
  }
}
