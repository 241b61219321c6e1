package dev.slipway.docker;

import com.github.dockerjava.api.model.Frame;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One follower of one container's log (any container on the engine): the engine's frames are rebuilt into lines per
 * stream with their times ({@link TimestampedFrames}, bounded by {@code LineAssembler}) and sent to the follower's own
 * address in batches, as requests. At most {@value #WINDOW} batches are unanswered: past that the docker-java thread
 * that reads the stream waits, so a follower that reads slowly slows the engine's stream down instead of filling the
 * heap, and one that does not answer within {@value #ACK_TIMEOUT_MS} ms (a browser gone with its web node) ends the
 * follow. The callback is kept and closed by {@link #stop()}, so nothing follows the engine for a follower that left.
 */
final class ContainerLogFollow {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerLogFollow.class);
  private static final int BATCH_LINES = 500;
  private static final int BATCH_CHARS = 256 * 1024;
  private static final int WINDOW = 4;
  private static final long FLUSH_MS = 20;
  /** An idle follow asks its follower this often whether it is still there (an empty batch). */
  static final long IDLE_MS = 15_000;
  private static final long ACK_TIMEOUT_MS = 60_000;
  private static final DeliveryOptions ACKED = new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS);

  private final Vertx vertx;
  private final String to;
  private final Runnable onEnd;
  private final Semaphore window = new Semaphore(WINDOW);
  private final TimestampedFrames frames;
  private final Callback callback = new Callback();
  private JsonArray batch = new JsonArray();
  private int batchChars;
  private boolean flushScheduled;
  private volatile boolean stopped;
  private volatile long lastSent = System.currentTimeMillis();
  private long idleTimer = -1;

  /** {@code since}: the engine time of the last line the follower has (null: start with the tail). */
  ContainerLogFollow(Vertx vertx, String to, int maxLineChars, String since, Runnable onEnd) {
    this.vertx = vertx;
    this.to = to;
    this.onEnd = onEnd;
    // Both streams resume after the time of the last line shown; the engine's times have nanoseconds.
    JsonObject mark = since == null ? null : new JsonObject().put("ts", since).put("count", Integer.MAX_VALUE);
    this.frames = new TimestampedFrames(this::line, maxLineChars,
        mark == null ? null : new JsonObject().put("stdout", mark).put("stderr", mark.copy()));
  }

  String to() {
    return to;
  }

  /** Starts reading the engine's log (blocking only until the call is made); {@code tail} null for the whole log. */
  void start(DockerClients docker, String containerId, Integer tail, boolean follow) {
    var cmd = docker.streams().logContainerCmd(containerId).withFollowStream(follow).withStdOut(true)
        .withStdErr(true).withTimestamps(true);
    Integer since = frames.sinceSeconds();
    if (since != null) {
      cmd.withSince(since);
    } else if (tail != null) {
      cmd.withTail(tail);
    } else {
      cmd.withTailAll();
    }
    idleTimer = vertx.setPeriodic(IDLE_MS, t -> keepAlive());
    cmd.exec(callback);
  }

  /** The follower left (or cannot be reached): the engine's stream is closed; nothing more is sent. */
  void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    vertx.cancelTimer(idleTimer);
    // A reading thread waiting for room goes on, finds the follow stopped and sends nothing more.
    window.release(WINDOW);
    callback.close();
    onEnd.run();
  }

  private void line(String stream, String text, String ts) {
    boolean full;
    synchronized (this) {
      batch.add(new JsonObject().put("stream", stream).put("text", text).put("ts", ts));
      batchChars += text.length();
      full = batch.size() >= BATCH_LINES || batchChars >= BATCH_CHARS;
      if (!full && !flushScheduled) {
        flushScheduled = true;
        vertx.setTimer(FLUSH_MS, t -> timedFlush());
      }
    }
    if (full) {
      sendWhenThereIsRoom();
    }
  }

  /** On a Vert.x thread: never waits; with a full window the answer to a batch sends the rest. */
  private void timedFlush() {
    synchronized (this) {
      flushScheduled = false;
      if (!stopped && !batch.isEmpty() && window.tryAcquire()) {
        send();
      }
    }
  }

  /** Blocking (a docker-java thread): waits for room in the window, then sends what is batched by then. */
  private boolean sendWhenThereIsRoom() {
    try {
      if (!window.tryAcquire(ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        LOG.info("the follower at {} took no log batch for {} ms: the follow stops", to, ACK_TIMEOUT_MS);
        stop();
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      return false;
    }
    synchronized (this) {
      if (stopped) {
        return false;
      }
      if (batch.isEmpty()) {
        window.release();
      } else {
        send();
      }
    }
    return true;
  }

  /** Under the lock, with a place in the window: batches leave in the order of their lines. */
  private void send() {
    JsonObject body = new JsonObject().put("lines", batch);
    batch = new JsonArray();
    batchChars = 0;
    lastSent = System.currentTimeMillis();
    vertx.eventBus().request(to, body, ACKED).onComplete(answer -> {
      window.release();
      if (answer.failed()) {
        LOG.debug("the follower at {} is gone ({}): the follow stops", to, answer.cause().getMessage());
        stop();
        return;
      }
      synchronized (this) {
        if (!batch.isEmpty() && !flushScheduled) {
          flushScheduled = true;
          vertx.setTimer(1, t -> timedFlush());
        }
      }
    });
  }

  /** An idle follow asks (an empty batch) whether its follower is still there: a silent container holds no stream for nobody. */
  private void keepAlive() {
    synchronized (this) {
      if (!stopped && System.currentTimeMillis() - lastSent >= IDLE_MS && window.tryAcquire()) {
        send();
      }
    }
  }

  /** Blocking: the log ended (the container stopped, or it was read to its end): the rest, then the end. */
  private void ended(Throwable error) {
    if (stopped) {
      return;
    }
    synchronized (frames) {
      frames.finish();
    }
    boolean flushed = sendWhenThereIsRoom();
    try {
      if (flushed && window.tryAcquire(WINDOW, ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        window.release(WINDOW);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopped) {
      return;
    }
    JsonObject end = new JsonObject().put("end", "logs");
    if (error != null) {
      end.put("error", DockerErrors.describe(error));
    }
    vertx.eventBus().send(to, end);
    stop();
  }

  private final class Callback extends StoppableCallback<Frame> {
    @Override
    public void onNext(Frame frame) {
      synchronized (frames) {
        frames.feed(frame);
      }
    }

    @Override
    public void onError(Throwable t) {
      ended(t);
    }

    @Override
    public void onComplete() {
      ended(null);
    }
  }
}
