package dev.slipway.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container run: create, start, follow its output until it exits and the output is drained. A container that
 * was created but could not start is removed again, so a failed run leaves nothing behind. A run can also be
 * reattached to a container started before (after a restart of Slipway or of the engine), and detached from it
 * without ending the job (when Slipway stops, or the engine stops answering): the container runs on.
 */
final class RunJob implements ActiveJob {
  static final String JOB_LABEL = "dev.slipway.job";
  private static final Logger LOG = LoggerFactory.getLogger(RunJob.class);

  private final DockerClients docker;
  private final JobReporter reporter;
  private final JsonObject request;
  private final Runnable onEnd;
  private final BooleanSupplier engineAnswers;
  private final int maxLineChars;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean cancelRequested;
  private volatile boolean detached;
  private volatile String containerId;
  private volatile ContainerFollower follower;
  private final ContainerSetup setup;
  /** The container's output as reported so far, kept across re-follows of a broken stream. */
  private volatile TimestampedFrames frames;
  private static final int QUICK_REFOLLOWS = 5;
  private long lastRefollow;
  private int quickRefollows;
  private JsonObject details = new JsonObject();

  RunJob(DockerClients docker, JobReporter reporter, JsonObject request, int maxLineChars,
         BooleanSupplier engineAnswers, Runnable onEnd) {
    this.docker = docker;
    this.reporter = reporter;
    this.request = request;
    this.maxLineChars = maxLineChars;
    this.engineAnswers = engineAnswers;
    this.onEnd = onEnd;
    this.setup = new ContainerSetup(docker, reporter, request);
  }

  String containerId() {
    return containerId;
  }

  @Override
  public void start() {
    if (cancelRequested) {
      end(() -> reporter.cancelled(new JsonObject()));
      return;
    }
    try {
      containerId = setup.create().exec().getId();
    } catch (RuntimeException e) {
      setup.removeOrphans();
      end(() -> reporter.failed("could not create the container: " + DockerErrors.describe(e), new JsonObject()));
      return;
    }
    if (cancelRequested) {
      setup.removeHalfMadeContainer(containerId);
      end(() -> reporter.cancelled(new JsonObject()));
      return;
    }
    try {
      docker.control().startContainerCmd(containerId).exec();
    } catch (RuntimeException e) {
      setup.removeHalfMadeContainer(containerId);
      end(() -> reporter.failed("could not start the container: " + DockerErrors.describe(e), new JsonObject()));
      return;
    }
    // Without a port asked for, the engine publishes none: no inspect to wait for before the job says running.
    JsonArray ports = PortBindings.specs(request).isEmpty() ? new JsonArray() : setup.publishedPorts(containerId);
    details = new JsonObject().put("containerId", containerId).put("ports", ports);
    reporter.running(details);
    if (cancelRequested) {
      stopQuietly();
    }
    follow(null);
  }

  /**
   * Blocking. Takes up a container this job started before, its log after the last stored line of each stream
   * ({@code resume}: {@code {"stdout": {"ts", "count"}, "stderr": …}}). A container that is gone ends the job failed.
   */
  void reattach(JsonObject resume, String lostWhy) {
    String wanted = request.getString("containerId");
    InspectContainerResponse inspected;
    try {
      inspected = docker.control().inspectContainerCmd(wanted).exec();
    } catch (NotFoundException gone) {
      end(() -> reporter.failed(lostWhy + ": its container " + shortId(wanted) + " is gone", new JsonObject()));
      return;
    }
    containerId = inspected.getId();
    details = new JsonObject().put("containerId", containerId).put("ports", setup.publishedPorts(containerId));
    follow(resume);
  }

  private void follow(JsonObject resume) {
    frames = new TimestampedFrames(reporter, maxLineChars, resume);
    followFrames();
  }

  /** Follows (again) with the same frames: after a rewind, what they reported is skipped. */
  private void followFrames() {
    follower = new ContainerFollower(docker, containerId, frames);
    try {
      follower.follow().whenComplete((code, error) -> {
        if (detached) {
          return;
        }
        if (error == null) {
          end(() -> reportExit(code));
        } else if (!engineAnswers.getAsBoolean()) {
          detach("lost contact with the Docker engine; the job goes on when it answers again");
        } else if (mayFollowAgain()) {
          // The engine answers and the container is there: only the connection broke. Its output goes on where
          // it stopped, nothing twice.
          LOG.info("job {}: the stream of container {} broke ({}); following it again", reporter.jobId(),
              shortId(containerId), DockerErrors.cause(error));
          follower.close();
          synchronized (frames) {
            frames.rewind();
          }
          followFrames();
        } else {
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          end(() -> reporter.failed("lost the container: " + DockerErrors.describe(cause), details));
        }
      });
    } catch (RuntimeException e) {
      end(() -> reporter.failed("could not follow the container's output (it is still running): "
          + DockerErrors.describe(e), details));
    }
  }

  /** Whether the container is still there, and the stream has not broken {@value #QUICK_REFOLLOWS} times in a row. */
  private boolean mayFollowAgain() {
    long now = System.nanoTime();
    if (now - lastRefollow > TimeUnit.SECONDS.toNanos(10)) {
      quickRefollows = 0;
    }
    lastRefollow = now;
    if (++quickRefollows > QUICK_REFOLLOWS) {
      return false;
    }
    try {
      docker.control().inspectContainerCmd(containerId).exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void reportExit(int code) {
    JsonObject result = details.copy().put("exitCode", code);
    if (cancelRequested) {
      reporter.cancelled(result);
    } else if (code == 0) {
      reporter.succeeded(result);
    } else {
      reporter.failed("the container exited with code " + code, result);
    }
  }

  /** Lets go of the container without ending the job: it runs on, and a later reattach takes it up again. */
  @Override
  public void detach(String why) {
    if (ended.compareAndSet(false, true)) {
      detached = true;
      ContainerFollower following = follower;
      if (following != null) {
        following.close();
      }
      if (why != null) {
        reporter.line("system", "── " + why + " ──");
        reporter.drain();
      }
      onEnd.run();
    }
  }

  private static String shortId(String id) {
    return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
  }

  @Override
  public void cancel() {
    cancelRequested = true;
    if (containerId == null) {
      return;
    }
    try {
      docker.control().stopContainerCmd(containerId).withTimeout(10).exec();
    } catch (NotModifiedException alreadyStopped) {
      LOG.debug("container {} was already stopped", containerId);
    }
  }

  private void stopQuietly() {
    try {
      cancel();
    } catch (RuntimeException e) {
      LOG.warn("could not stop container {} of a cancelled job: {}", containerId, DockerErrors.describe(e));
    }
  }

  private void end(Runnable report) {
    if (ended.compareAndSet(false, true)) {
      report.run();
      onEnd.run();
    }
  }
}
