package dev.slipway.docker;

import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.slipway.logs.LineAssembler;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One image build. Success and the image id come from the daemon's structured items ({@code aux.ID},
 * {@code errorDetail}); the text is only shown, never parsed for the outcome.
 */
final class BuildJob implements ActiveJob {
  private static final Logger LOG = LoggerFactory.getLogger(BuildJob.class);

  private final DockerClients docker;
  private final JobReporter reporter;
  private final JsonObject request;
  private final Runnable onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Callback callback;
  private volatile boolean cancelRequested;
  private volatile String timeoutReason;
  private volatile boolean detached;
  private volatile InputStream upload;

  BuildJob(DockerClients docker, JobReporter reporter, JsonObject request, Runnable onEnd) {
    this.docker = docker;
    this.reporter = reporter;
    this.request = request;
    this.onEnd = onEnd;
    this.callback = new Callback();
  }

  @Override
  public void start() {
    if (cancelRequested) {
      end(() -> reporter.cancelled(new JsonObject()));
      return;
    }
    reporter.running(new JsonObject());
    try {
      command().exec(callback);
    } catch (RuntimeException | IOException e) {
      end(() -> reporter.failed("the build could not start: " + DockerErrors.describe(e), new JsonObject()));
    }
  }

  private BuildImageCmd command() throws IOException {
    BuildImageCmd cmd;
    String contextFile = request.getString("contextFile");
    if (contextFile != null) {
      upload = Files.newInputStream(Path.of(contextFile));
      cmd = docker.streams().buildImageCmd(upload);
    } else {
      cmd = docker.streams().buildImageCmd(Path.of(request.getString("contextDir")).toFile());
    }
    cmd.withTags(Set.of(request.getString("tag")))
        .withNoCache(request.getBoolean("noCache", false))
        .withRemove(true)
        .withForcerm(true)
        .withPull(false)
        .withLabels(SlipwayLabels.forImage(reporter.jobId(), request.getString("user"),
            request.getString(SlipwayLabels.INSTANCE_KEY), request.getString(SlipwayLabels.NODE_KEY)));
    JsonObject args = request.getJsonObject("buildArgs", new JsonObject());
    args.forEach(arg -> cmd.withBuildArg(arg.getKey(), String.valueOf(arg.getValue())));
    return cmd;
  }

  @Override
  public void cancel() {
    cancelRequested = true;
    closeStream();
    end(() -> reporter.cancelled(new JsonObject()));
  }

  @Override
  public void timeOut(String why) {
    timeoutReason = why;
    closeStream();
    end(() -> {
      reporter.line("stderr", why);
      reporter.failed(why, new JsonObject());
    });
  }

  /** A build cannot be taken up again: its stream is closed, and the next start of Slipway ends the job. */
  @Override
  public void detach(String why) {
    detached = true;
    closeStream();
    if (ended.compareAndSet(false, true)) {
      cleanUp();
      onEnd.run();
    }
  }

  private void closeStream() {
    callback.stop();
  }

  private void end(Runnable report) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    report.run();
    cleanUp();
    onEnd.run();
  }

  private void cleanUp() {
    String contextFile = request.getString("contextFile");
    if (contextFile == null) {
      return;
    }
    try {
      if (upload != null) {
        upload.close();
      }
      Files.deleteIfExists(Path.of(contextFile));
    } catch (IOException e) {
      LOG.warn("could not delete build context {}: {}", contextFile, e.toString());
    }
  }

  private final class Callback extends StoppableCallback<BuildResponseItem> {
    private final LineAssembler out = reporter.lines("stdout", this::noteStep);
    private String step;
    private String imageId;
    private String error;

    @Override
    public void onNext(BuildResponseItem item) {
      if (item.getStream() != null) {
        out.feed(item.getStream());
      } else if (item.getStatus() != null && item.getProgressDetail() == null) {
        out.feed(item.getStatus() + "\n");
      }
      if (item.isErrorIndicated()) {
        String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
            ? item.getErrorDetail().getMessage() : item.getError();
        error = step == null ? message : step + ": " + message;
      }
      String id = auxImageId(item);
      if (id != null) {
        imageId = id;
      }
    }

    private void noteStep(String line) {
      if (line.startsWith("Step ")) {
        step = line;
      }
    }

    /** The daemon's {@code {"aux": {"ID": "sha256:…"}}} item; docker-java keeps it among the raw values. */
    private static String auxImageId(BuildResponseItem item) {
      Object aux = item.getRawValues().get("aux");
      if (aux instanceof java.util.Map<?, ?> map && map.get("ID") instanceof String id) {
        return id;
      }
      return item.getAux() != null && item.getAux().getRawValues().get("ID") instanceof String id ? id : null;
    }

    @Override
    public void onError(Throwable t) {
      out.finish();
      if (!stoppedByUs()) {
        end(() -> reporter.failed(DockerErrors.describe(t), new JsonObject()));
      }
    }

    @Override
    public void onComplete() {
      out.finish();
      if (!stoppedByUs()) {
        end(this::reportOutcome);
      }
    }

    /** Closing the stream to cancel or time out also completes it: that end is reported by whoever closed it. */
    private boolean stoppedByUs() {
      return cancelRequested || timeoutReason != null || detached;
    }

    private void reportOutcome() {
      if (error != null) {
        reporter.line("stderr", error);
        reporter.failed(error, new JsonObject());
      } else if (imageId != null) {
        reporter.succeeded(new JsonObject().put("imageId", imageId).put("tag", request.getString("tag")));
      } else {
        reporter.failed("the engine ended the build without an image id", new JsonObject());
      }
    }
  }
}
