package dev.slipway.docker;

import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.slipway.logs.LineAssembler;
import dev.slipway.store.BuildHistory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One image build. Success and the image id come from the daemon's structured items ({@code aux.ID},
 * {@code errorDetail}); the text is only shown, never parsed for the outcome. Its steps are read from the daemon's
 * items too ({@link BuildFacts}), and the image is labelled with its reproducibility record ({@link BuildContext}).
 */
final class BuildJob implements ActiveJob {
  private static final Logger LOG = LoggerFactory.getLogger(BuildJob.class);

  private final Vertx vertx;
  private final DockerClients docker;
  private final BuildHistory history;
  private final JobReporter reporter;
  private final JsonObject request;
  private final Runnable onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Callback callback;
  private volatile boolean cancelRequested;
  private volatile String timeoutReason;
  private volatile boolean detached;
  private volatile InputStream upload;
  private volatile BuildContext context;
  private volatile BuildFacts facts;

  BuildJob(Vertx vertx, DockerClients docker, BuildHistory history, JobReporter reporter, JsonObject request,
           Runnable onEnd) {
    this.vertx = vertx;
    this.docker = docker;
    this.history = history;
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
      BuildImageCmd cmd = command();
      if (ended.get()) {
        cleanUp(); // cancelled or timed out while the context was read: its end has been reported
        return;
      }
      cmd.exec(callback);
    } catch (RuntimeException | IOException e) {
      end(() -> reporter.failed("the build could not start: " + DockerErrors.describe(e), new JsonObject()));
    }
  }

  /**
   * Blocking: reads the whole context for its digests, asks the engine for the base image and the database for the
   * previous build, all before the engine hears of the build (its labels must be known by then).
   */
  private BuildImageCmd command() throws IOException {
    context = BuildContext.prepare(docker, request);
    Map<String, String> labels = new LinkedHashMap<>(SlipwayLabels.forImage(reporter.jobId(), request.getString("user"),
        request.getString(SlipwayLabels.INSTANCE_KEY), request.getString(SlipwayLabels.NODE_KEY)));
    labels.putAll(context.labels());
    facts = new BuildFacts(vertx, reporter, labels.size(), context.record(),
        BuildFacts.previousBuild(history, request, reporter.jobId()));
    facts.changed();
    upload = context.open();
    BuildImageCmd cmd = docker.streams().buildImageCmd(upload);
    cmd.withTags(Set.of(request.getString("tag")))
        .withNoCache(request.getBoolean("noCache", false))
        .withRemove(true)
        .withForcerm(true)
        .withPull(false)
        .withLabels(labels);
    JsonObject args = request.getJsonObject("buildArgs", new JsonObject());
    args.forEach(arg -> cmd.withBuildArg(arg.getKey(), String.valueOf(arg.getValue())));
    return cmd;
  }

  @Override
  public void cancel() {
    cancelRequested = true;
    closeStream();
    end(() -> reporter.cancelled(facts(false)));
  }

  @Override
  public void timeOut(String why) {
    timeoutReason = why;
    closeStream();
    end(() -> {
      reporter.line("stderr", why);
      reporter.failed(why, facts(true));
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

  /** The build's facts for its end: the step under way ends now ({@code failed}: with the build). */
  private JsonObject facts(boolean failed) {
    BuildFacts built = facts;
    if (built == null) {
      return new JsonObject();
    }
    built.end(failed);
    return built.json();
  }

  private void end(Runnable report) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    report.run();
    cleanUp();
    onEnd.run();
  }

  /** Closes the context (an app's packed archive is deleted) and deletes an uploaded archive. */
  private void cleanUp() {
    String contextFile = request.getString("contextFile");
    try {
      if (upload != null) {
        upload.close();
      }
      if (context != null) {
        context.close();
      }
      if (contextFile != null) {
        Files.deleteIfExists(Path.of(contextFile));
      }
    } catch (IOException e) {
      LOG.warn("could not delete the build context of job {}: {}", reporter.jobId(), e.toString());
    }
  }

  private final class Callback extends StoppableCallback<BuildResponseItem> {
    private final LineAssembler out = reporter.lines("stdout");
    private String imageId;
    private String error;

    @Override
    public void onNext(BuildResponseItem item) {
      BuildFacts steps = facts;
      if (item.getStream() != null) {
        steps.item(item.getStream());
        out.feed(item.getStream());
      } else if (item.getStatus() != null && item.getProgressDetail() == null) {
        out.feed(item.getStatus() + "\n");
      }
      if (item.isErrorIndicated()) {
        String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
            ? item.getErrorDetail().getMessage() : item.getError();
        String step = steps.currentStep();
        error = step == null ? message : step + ": " + message;
        steps.end(true);
      }
      String id = auxImageId(item);
      if (id != null) {
        imageId = id;
        steps.end(false);
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
        end(() -> reporter.failed(DockerErrors.describe(t), facts(true)));
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
        reporter.failed(error, facts(true));
      } else if (imageId != null) {
        reporter.succeeded(facts(false).put("imageId", imageId).put("tag", request.getString("tag")));
      } else {
        reporter.failed("the engine ended the build without an image id", facts(true));
      }
    }
  }
}
