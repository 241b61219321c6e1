package dev.slipway.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.WaitResponse;
import dev.slipway.domain.PortSpec;
import dev.slipway.logs.LineAssembler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container run: create, start, follow its output until it exits. A container that was created but could not
 * start is removed again, so a failed run leaves nothing behind.
 */
final class RunJob implements ActiveJob {
  static final String JOB_LABEL = "dev.slipway.job";
  private static final Logger LOG = LoggerFactory.getLogger(RunJob.class);

  private final DockerClients docker;
  private final JobReporter reporter;
  private final JsonObject request;
  private final Runnable onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final CompletableFuture<Void> outputDone = new CompletableFuture<>();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private volatile boolean cancelRequested;
  private volatile String containerId;
  private JsonObject details = new JsonObject();

  RunJob(DockerClients docker, JobReporter reporter, JsonObject request, Runnable onEnd) {
    this.docker = docker;
    this.reporter = reporter;
    this.request = request;
    this.onEnd = onEnd;
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
      containerId = create().exec().getId();
    } catch (RuntimeException e) {
      removeOrphans();
      end(() -> reporter.failed("could not create the container: " + DockerErrors.describe(e), new JsonObject()));
      return;
    }
    if (cancelRequested) {
      removeHalfMadeContainer();
      end(() -> reporter.cancelled(new JsonObject()));
      return;
    }
    try {
      docker.control().startContainerCmd(containerId).exec();
    } catch (RuntimeException e) {
      removeHalfMadeContainer();
      end(() -> reporter.failed("could not start the container: " + DockerErrors.describe(e), new JsonObject()));
      return;
    }
    details = new JsonObject().put("containerId", containerId).put("ports", publishedPorts());
    reporter.running(details);
    if (cancelRequested) {
      stopQuietly();
    }
    try {
      follow();
    } catch (RuntimeException e) {
      end(() -> reporter.failed("could not follow the container's output (it is still running): "
          + DockerErrors.describe(e), details));
    }
  }

  private CreateContainerCmd create() {
    List<PortSpec> specs = PortBindings.specs(request);
    List<String> env = new ArrayList<>();
    request.getJsonObject("env", new JsonObject()).forEach(e -> env.add(e.getKey() + "=" + e.getValue()));
    request.getJsonObject("secretEnv", new JsonObject()).forEach(e -> env.add(e.getKey() + "=" + e.getValue()));
    CreateContainerCmd cmd = docker.control().createContainerCmd(request.getString("image"))
        .withEnv(env)
        .withLabels(SlipwayLabels.of(reporter.jobId(), request.getString("user"),
            request.getString(SlipwayLabels.INSTANCE_KEY)))
        .withExposedPorts(PortBindings.exposed(specs))
        .withHostConfig(ContainerSettings.hostConfig(request, specs));
    List<String> command = ContainerSettings.command(request);
    if (command != null) {
      cmd.withCmd(command);
    }
    String name = request.getString("name");
    return name == null ? cmd : cmd.withName(name);
  }

  private JsonArray publishedPorts() {
    try {
      return PortBindings.published(docker.control().inspectContainerCmd(containerId).exec()
          .getNetworkSettings().getPorts().getBindings());
    } catch (RuntimeException e) {
      LOG.warn("could not read the published ports of {}: {}", containerId, DockerErrors.describe(e));
      return new JsonArray();
    }
  }

  private void follow() {
    LineAssembler out = reporter.lines("stdout");
    LineAssembler err = reporter.lines("stderr");
    docker.streams().logContainerCmd(containerId).withFollowStream(true).withStdOut(true).withStdErr(true)
        .withTailAll().exec(new ResultCallback.Adapter<Frame>() {
          @Override
          public void onNext(Frame frame) {
            (frame.getStreamType() == StreamType.STDERR ? err : out).feed(frame.getPayload());
          }

          @Override
          public void onError(Throwable t) {
            onComplete();
          }

          @Override
          public void onComplete() {
            out.finish();
            err.finish();
            outputDone.complete(null);
          }
        });
    docker.streams().waitContainerCmd(containerId).exec(new ResultCallback.Adapter<WaitResponse>() {
      @Override
      public void onNext(WaitResponse response) {
        exit.complete(response.getStatusCode());
      }

      @Override
      public void onError(Throwable t) {
        exit.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        exit.completeExceptionally(new IOException("the engine stopped waiting without an exit code"));
      }
    });
    outputDone.thenCombine(exit.handle((code, error) -> code == null ? error : code), (none, outcome) -> outcome)
        .thenAccept(outcome -> end(() -> reportExit(outcome)));
  }

  private void reportExit(Object outcome) {
    if (outcome instanceof Integer code) {
      JsonObject result = details.copy().put("exitCode", code);
      if (cancelRequested) {
        reporter.cancelled(result);
      } else if (code == 0) {
        reporter.succeeded(result);
      } else {
        reporter.failed("the container exited with code " + code, result);
      }
    } else {
      reporter.failed("lost the container: " + DockerErrors.describe((Throwable) outcome), details);
    }
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

  /** A create that timed out on our side may still have been carried out by the engine: find it by its label. */
  private void removeOrphans() {
    try {
      docker.control().listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of(JOB_LABEL, reporter.jobId())).exec()
          .forEach(c -> docker.control().removeContainerCmd(c.getId()).withForce(true).exec());
    } catch (RuntimeException e) {
      LOG.warn("could not look for containers left by job {}: {}", reporter.jobId(), DockerErrors.describe(e));
    }
  }

  private void removeHalfMadeContainer() {
    try {
      docker.control().removeContainerCmd(containerId).withForce(true).exec();
    } catch (RuntimeException e) {
      LOG.warn("could not remove the container {} that failed to start: {}", containerId, DockerErrors.describe(e));
    }
  }

  private void end(Runnable report) {
    if (ended.compareAndSet(false, true)) {
      report.run();
      onEnd.run();
    }
  }
}
