package dev.slipway.docker;

import dev.slipway.domain.JobState;
import dev.slipway.domain.JobPhase;
import dev.slipway.bus.Bus;
import dev.slipway.bus.OutputBatch;
import dev.slipway.logs.LineAssembler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one job's lines and state changes to the jobs owner, in order. Lines go in batches (by count, size, or
 * after {@value #FLUSH_MS} ms), each a request that the owner answers once the batch is stored. At most
 * {@value #WINDOW} batches are unanswered at once: past that, the thread that reads the engine's stream waits, so
 * a container that prints faster than Slipway can store is slowed down instead of filling the heap. All the jobs of a
 * worker share a budget of unanswered batches too ({@link #BUDGET}), so the heap they take is bounded whatever the
 * number of jobs printing at once.
 */
final class JobReporter {
  private static final Logger LOG = LoggerFactory.getLogger(JobReporter.class);
  private static final int BATCH_LINES = 500;
  private static final int BATCH_CHARS = 256 * 1024;
  private static final int WINDOW = 4;
  /** Batches unanswered at once across all jobs of a worker: at most 32 × 256 K characters in flight. */
  static final int BUDGET = 32;
  private static final long FLUSH_MS = 5;
  private static final long DRAIN_TIMEOUT_S = 120;
  private static final DeliveryOptions STORE = new DeliveryOptions().setSendTimeout(DRAIN_TIMEOUT_S * 1000);

  private final Vertx vertx;
  private final String jobId;
  /** The jobs owner of this node: the worker only ever reports to its own node. */
  private final String outputAddress;
  private final String updateAddress;
  private final JobPhase phase;
  private final int maxLineChars;
  private final Semaphore window = new Semaphore(WINDOW);
  /** Shared by every job of this worker: the batches unanswered at once, whatever the number of jobs. */
  private final Semaphore budget;
  private List<OutputBatch.Line> batch = new ArrayList<>();
  private int batchChars;
  private boolean flushScheduled;

  JobReporter(Vertx vertx, String node, String jobId, JobPhase phase, int maxLineChars, Semaphore budget) {
    this.outputAddress = Bus.onNode(node, Bus.JOB_OUTPUT);
    this.updateAddress = Bus.onNode(node, Bus.JOB_UPDATE);
    this.vertx = vertx;
    this.budget = budget;
    this.jobId = jobId;
    this.phase = phase;
    this.maxLineChars = maxLineChars;
  }

  String jobId() {
    return jobId;
  }

  /** A line assembler whose lines go to this job, tagged with {@code stream}. */
  LineAssembler lines(String stream) {
    return lines(stream, text -> { });
  }

  /** As {@link #lines(String)}, showing each line to {@code tap} first. */
  LineAssembler lines(String stream, LineAssembler.LineSink tap) {
    return new LineAssembler(maxLineChars, text -> {
      tap.line(text);
      line(stream, text, null);
    });
  }

  void line(String stream, String text) {
    line(stream, text, null);
  }

  /**
   * May block (backpressure) when the batch is full and {@value #WINDOW} batches wait to be stored. The lock is
   * never held while waiting: the timer's flush runs on an event loop and must not wait for it.
   */
  void line(String stream, String text, String ts) {
    OutputBatch.Line line = new OutputBatch.Line(stream, text, ts);
    boolean full;
    synchronized (this) {
      batch.add(line);
      batchChars += text.length();
      full = batch.size() >= BATCH_LINES || batchChars >= BATCH_CHARS;
      // Nothing on its way to the store: a trickle goes out at once. Otherwise lines gather until a batch is answered
      // or the timer fires, so a burst travels in few, large batches.
      if (!full && window.availablePermits() == WINDOW && trySend()) {
        return;
      }
      if (!full && !flushScheduled) {
        flushScheduled = true;
        vertx.setTimer(FLUSH_MS, t -> timedFlush());
      }
    }
    if (full) {
      sendWhenThereIsRoom();
    }
  }

  /** From a timer, on an event loop: never waits; with a full window the next line or timer sends the batch. */
  private void timedFlush() {
    synchronized (this) {
      flushScheduled = false;
      if (batch.isEmpty()) {
        return;
      }
      if (trySend()) {
        return;
      }
      flushScheduled = true;
    }
    vertx.setTimer(FLUSH_MS, t -> timedFlush());
  }

  /** Under the lock: sends the batch if the window and the budget have room now, never waiting. */
  private boolean trySend() {
    if (window.tryAcquire()) {
      if (budget.tryAcquire()) {
        send();
        return true;
      }
      window.release();
    }
    return false;
  }

  /**
   * Blocking: waits for a free place in the job's window and in the worker's budget, then sends whatever is batched
   * by then (in order).
   */
  private void sendWhenThereIsRoom() {
    if (!acquire(window, "the jobs owner stored no log batch of this job")) {
      return;
    }
    if (!acquire(budget, "the jobs owner stored no log batch of any job")) {
      window.release();
      return;
    }
    synchronized (this) {
      if (batch.isEmpty()) {
        budget.release();
        window.release();
      } else {
        send();
      }
    }
  }

  /** Blocking: false when interrupted (the worker stops). */
  private boolean acquire(Semaphore permits, String waitingFor) {
    try {
      while (!permits.tryAcquire(DRAIN_TIMEOUT_S, TimeUnit.SECONDS)) {
        LOG.warn("job {}: {} for {} s; still waiting", jobId, waitingFor, DRAIN_TIMEOUT_S);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Under the lock, with a place in the window and the budget taken: batches leave in the order their lines came. */
  private void send() {
    OutputBatch body = new OutputBatch(jobId, phase.wire(), batch);
    batch = new ArrayList<>();
    batchChars = 0;
    vertx.eventBus().request(outputAddress, body, STORE).onComplete(stored -> {
      budget.release();
      window.release();
      if (stored.failed()) {
        LOG.warn("job {}: a log batch was not stored: {}", jobId, stored.cause().getMessage());
      }
    });
  }

  /** Blocking: sends what is batched and waits until every batch is stored, so a state change comes after them. */
  void drain() {
    boolean pending;
    synchronized (this) {
      pending = !batch.isEmpty();
    }
    if (pending) {
      sendWhenThereIsRoom();
    }
    try {
      if (window.tryAcquire(WINDOW, DRAIN_TIMEOUT_S, TimeUnit.SECONDS)) {
        window.release(WINDOW);
      } else {
        LOG.warn("job {}: log batches still unstored after {} s", jobId, DRAIN_TIMEOUT_S);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A running build's steps and record ({@link BuildFacts}), sent at once: they say where the build is, so they need
   * not wait for its lines to be stored, and the owner ignores any that arrive after the build's end.
   */
  void facts(JsonObject facts) {
    vertx.eventBus().send(updateAddress, facts.copy().put("jobId", jobId).put("phase", phase.wire())
        .put("state", JobState.RUNNING.wire()));
  }

  void running(JsonObject details) {
    update(JobState.RUNNING, details);
  }

  void succeeded(JsonObject details) {
    update(JobState.SUCCEEDED, details);
  }

  void failed(String error, JsonObject details) {
    update(JobState.FAILED, details.copy().put("error", error));
  }

  void cancelled(JsonObject details) {
    update(JobState.CANCELLED, details);
  }

  /** Blocking: every line reported before a state change is stored before it. */
  private void update(JobState state, JsonObject details) {
    drain();
    vertx.eventBus().send(updateAddress, details.copy().put("jobId", jobId).put("phase", phase.wire())
        .put("state", state.wire()));
  }
}
