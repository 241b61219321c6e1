package dev.slipway.web;

import dev.slipway.domain.JobPhase;
import dev.slipway.domain.JobState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * The live stats of a job's container for one follower of the job's event stream ({@code ?stats=true}): asked of the
 * job's node once the job says its container runs, given up when the follower leaves or the job ends. The worker
 * keeps one engine stream per container, however many followers ask.
 */
final class JobStatsTap implements ContainerTap.Listener {
  private final Vertx vertx;
  private final String user;
  /** A sample, or null once the container stopped. */
  private final Consumer<JsonObject> onSample;
  private ContainerTap tap;
  private boolean asked;
  private boolean closed;

  JobStatsTap(Vertx vertx, String user, Consumer<JsonObject> onSample) {
    this.vertx = vertx;
    this.user = user;
    this.onSample = onSample;
  }

  /** Each state of the job the follower sees: the first that has a running container starts the stats. */
  void seen(JsonObject job) {
    String state = job.getString("state");
    if (closed || asked) {
      return;
    }
    String container = job.getString("containerId");
    String node = job.getString("node");
    if (!JobState.RUNNING.wire().equals(state) || !JobPhase.RUN.wire().equals(job.getString("phase"))
        || container == null || node == null) {
      return;
    }
    asked = true;
    ContainerTap.open(vertx, node, user, this).onSuccess(opened -> {
      tap = opened;
      if (closed) {
        tap.close();
        return;
      }
      // Not running (any more), or gone: the chart says the container has stopped.
      tap.stats(container).onFailure(e -> ended("stats", e.getMessage()));
    });
  }

  void close() {
    closed = true;
    if (tap != null) {
      tap.close();
    }
  }

  @Override
  public void lines(JsonArray lines, Runnable done) {
    done.run();
  }

  @Override
  public void stats(JsonObject sample) {
    if (!closed) {
      onSample.accept(sample);
    }
  }

  @Override
  public void ended(String what, String error) {
    if (!closed) {
      onSample.accept(null);
      close();
    }
  }
}
