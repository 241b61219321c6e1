package dev.slipway.web;

import dev.slipway.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One job's live output on this node, shared by every local follower: one subscription to the job's lines and one
 * to its state, however many browsers watch. It keeps the last few batches (bounded by {@link #RING_WEIGHT}) so that
 * a follower who has read the stored log up to line N can go live without a gap: it takes the batches after N from
 * here. When batches it would have needed were already dropped, it reads the store once more.
 *
 * <p>Runs on the HTTP verticle's event loop only.
 */
final class JobFeed {
  /** About 1 MB of heap per followed job; a batch is at most 256 K characters, so a few always fit. */
  static final long RING_WEIGHT = 1L << 20;

  /**
   * Deliveries to followers are spaced by one millisecond per {@value #FOLLOWERS_PER_MS} followers (at most
   * {@value #MAX_SPACING_MS} ms): one follower gets each batch at once, a thousand get what came in the last 50 ms in
   * one write. Writes per second stay bounded (about 20,000 per job) however many watch, and latency grows only with
   * the crowd.
   */
  static final int FOLLOWERS_PER_MS = 20;
  static final long MAX_SPACING_MS = 50;

  /** A follower of the feed; called on the feed's event loop. */
  interface Follower {
    void onBatch(LogBatch batch);

    void onState(JsonObject job);
  }

  final String jobId;
  private final MessageConsumer<JsonObject> lines;
  private final MessageConsumer<JsonObject> states;
  private final Set<Follower> followers = new LinkedHashSet<>();
  private final ArrayDeque<LogBatch> ring = new ArrayDeque<>();
  private long ringWeight;
  /** The last line number of any batch dropped from the ring: a follower behind it must read the store. */
  private long droppedThrough;
  private long lastSeen;
  private final List<LogBatch> undelivered = new ArrayList<>();
  private long deliveryTimer = -1;
  private long lastDelivery;
  private final Vertx vertx;
  long lingerTimer = -1;

  JobFeed(Vertx vertx, String jobId) {
    this.vertx = vertx;
    this.jobId = jobId;
    // Not local consumers: in a cluster, lines of a job run elsewhere cross to this node once, for all its followers.
    this.lines = vertx.eventBus().consumer(Bus.jobLines(jobId), m -> onBatch(LogBatch.fromBus(m.body())));
    this.states = vertx.eventBus().consumer(Bus.jobState(jobId), m -> onState(m.body()));
  }

  /** Completes once both subscriptions are in place: lines stored after that are published to this feed. */
  Future<Void> ready() {
    return Future.all(lines.completion(), states.completion()).mapEmpty();
  }

  void add(Follower follower) {
    followers.add(follower);
  }

  /** True when the feed has no follower left. */
  boolean remove(Follower follower) {
    followers.remove(follower);
    return isEmpty();
  }

  boolean isEmpty() {
    return followers.isEmpty();
  }

  /**
   * The kept batches with lines after {@code after}, in order, or null when some line after {@code after} has been
   * published but is no longer kept (the follower reads the store again).
   */
  List<LogBatch> since(long after) {
    if (droppedThrough > after) {
      return null;
    }
    List<LogBatch> out = new ArrayList<>();
    for (LogBatch batch : ring) {
      if (batch.last > after) {
        out.add(batch);
      }
    }
    return out;
  }

  private void onBatch(LogBatch batch) {
    if (batch == null || batch.last <= lastSeen) {
      return;
    }
    lastSeen = batch.last;
    ring.addLast(batch);
    ringWeight += batch.weight();
    while (ring.size() > 1 && ringWeight > RING_WEIGHT) {
      LogBatch dropped = ring.removeFirst();
      ringWeight -= dropped.weight();
      droppedThrough = dropped.last;
    }
    undelivered.add(batch);
    if (deliveryTimer >= 0) {
      return;
    }
    long spacing = Math.min(MAX_SPACING_MS, followers.size() / FOLLOWERS_PER_MS);
    long wait = lastDelivery + spacing - System.currentTimeMillis();
    if (wait <= 0) {
      deliver();
    } else {
      deliveryTimer = vertx.setTimer(wait, t -> {
        deliveryTimer = -1;
        deliver();
      });
    }
  }

  private void deliver() {
    if (undelivered.isEmpty()) {
      return;
    }
    lastDelivery = System.currentTimeMillis();
    // Runs of consecutive batches become one; a gap (never expected) keeps batches apart, followers then read it.
    int start = 0;
    for (int i = 1; i <= undelivered.size(); i++) {
      if (i == undelivered.size() || undelivered.get(i).first != undelivered.get(i - 1).last + 1) {
        LogBatch merged = LogBatch.merge(undelivered.subList(start, i));
        // A copy: a follower cut off here leaves the set while it is walked.
        for (Follower follower : List.copyOf(followers)) {
          follower.onBatch(merged);
        }
        start = i;
      }
    }
    undelivered.clear();
  }

  private void onState(JsonObject job) {
    // A state comes after the lines published before it.
    vertx.cancelTimer(deliveryTimer);
    deliveryTimer = -1;
    deliver();
    for (Follower follower : List.copyOf(followers)) {
      follower.onState(job);
    }
  }

  void close() {
    vertx.cancelTimer(deliveryTimer);
    undelivered.clear();
    lines.unregister();
    states.unregister();
    ring.clear();
    ringWeight = 0;
  }
}
