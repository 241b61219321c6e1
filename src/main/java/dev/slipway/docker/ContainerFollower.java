package dev.slipway.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.WaitResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one container's output and waits for its exit, from the start of its log or after the last stored line.
 * Its result comes only once the output is drained: after the exit, the log is read once more from the last line
 * seen, since the engine's follow stream may end before a last line written just before the exit. Both stream
 * callbacks are kept and closed by {@link #close()}.
 */
final class ContainerFollower {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerFollower.class);
  private final DockerClients docker;
  private final String containerId;
  private final TimestampedFrames frames;
  private final List<StoppableCallback<?>> callbacks = new CopyOnWriteArrayList<>();

  ContainerFollower(DockerClients docker, String containerId, TimestampedFrames frames) {
    this.docker = docker;
    this.containerId = containerId;
    this.frames = frames;
  }

  /** Completes with the exit code once the output is drained, or fails with the engine's error. */
  CompletableFuture<Integer> follow() {
    CompletableFuture<Void> output = new CompletableFuture<>();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    FrameCallback logs = new FrameCallback(output);
    callbacks.add(logs);
    var cmd = docker.streams().logContainerCmd(containerId).withFollowStream(true).withStdOut(true).withStdErr(true)
        .withTimestamps(true);
    Integer since = frames.sinceSeconds();
    (since == null ? cmd.withTailAll() : cmd.withSince(since)).exec(logs);
    ExitCallback waiter = new ExitCallback(exit);
    callbacks.add(waiter);
    docker.streams().waitContainerCmd(containerId).exec(waiter);
    return output.thenCombine(exit, (none, code) -> code).thenApply(code -> {
      readRest();
      return code;
    });
  }

  /** Blocking: the lines the follow stream may have missed at the exit, then the unfinished last line. */
  private void readRest() {
    synchronized (frames) {
      frames.rewind();
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    FrameCallback rest = new FrameCallback(done);
    callbacks.add(rest);
    try {
      // The streaming client: the control client's response timeout splits this stream's frames wrongly.
      var cmd = docker.streams().logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTimestamps(true);
      Integer since = frames.sinceSeconds();
      (since == null ? cmd.withTailAll() : cmd.withSince(since)).exec(rest);
      done.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable why = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      int code = DockerErrors.code(why);
      if (code == dev.slipway.bus.Bus.NOT_FOUND || code == dev.slipway.bus.Bus.CONFLICT) {
        // Removed (or being removed: 409) right after its exit, by docker rm -f from elsewhere: the job keeps what the
        // follow stream had.
        LOG.info("{} was removed before its log could be read once more after the exit", containerId);
      } else {
        LOG.warn("could not read the end of {}'s log again: {}", containerId, DockerErrors.describe(why));
      }
    }
    synchronized (frames) {
      frames.finish();
    }
  }

  /** Stops following: closes every stream; the result then fails or never comes, and the caller decides what that means. */
  void close() {
    callbacks.forEach(StoppableCallback::close);
  }

  private final class FrameCallback extends StoppableCallback<Frame> {
    private final CompletableFuture<Void> done;

    FrameCallback(CompletableFuture<Void> done) {
      this.done = done;
    }

    @Override
    public void onNext(Frame frame) {
      synchronized (frames) {
        frames.feed(frame);
      }
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      done.complete(null);
    }
  }

  private static final class ExitCallback extends StoppableCallback<WaitResponse> {
    private final CompletableFuture<Integer> exit;

    ExitCallback(CompletableFuture<Integer> exit) {
      this.exit = exit;
    }

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
  }
}
