package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One feed per followed job, shared by its followers, bounded, and gone (with its subscriptions) when they are. */
class JobFeedsTest {
  private static final String JOB = "00000000-0000-0000-0000-000000000001";
  private final Vertx vertx = Vertx.vertx();
  private final Context loop = vertx.getOrCreateContext();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void followersOfOneJobShareOneFeedAndGetEachBatchOnce() throws Exception {
    JobFeeds feeds = new JobFeeds(vertx, 100);
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    JobFeed feed = onLoop(() -> {
      JobFeed first = feeds.join(JOB, a);
      assertThat(feeds.join(JOB, b)).isSameAs(first);
      return first;
    });
    feed.ready().await(10, TimeUnit.SECONDS);
    vertx.eventBus().publish(Bus.jobLines(JOB), batch(1, 3));
    vertx.eventBus().publish(Bus.jobLines(JOB), batch(4, 5));
    awaitUntil(() -> b.lines.size() == 5);
    assertThat(a.lines).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(onLoop(() -> feeds.size())).isEqualTo(1);
  }

  @Test
  void aCrowdGetsTheBatchesOfAFewMillisecondsInOneDeliveryWithNothingLostOrReordered() throws Exception {
    JobFeeds feeds = new JobFeeds(vertx, 100);
    List<Recorder> crowd = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      crowd.add(new Recorder());
    }
    JobFeed feed = onLoop(() -> {
      crowd.forEach(follower -> feeds.join(JOB, follower));
      return feeds.join(JOB, crowd.get(0));
    });
    feed.ready().await(10, TimeUnit.SECONDS);
    for (int i = 0; i < 20; i++) {
      vertx.eventBus().publish(Bus.jobLines(JOB), batch(i * 10L + 1, i * 10L + 10));
    }
    awaitUntil(() -> crowd.stream().allMatch(r -> r.lines.size() == 200));
    for (Recorder follower : crowd) {
      assertThat(follower.lines).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
    }
    assertThat(crowd.get(1).deliveries.get()).as("deliveries of 20 batches published at once").isLessThan(20);
  }

  @Test
  void theLastFollowerLeavingReleasesTheSubscriptionsAfterTheLinger() throws Exception {
    JobFeeds feeds = new JobFeeds(vertx, 100);
    Recorder a = new Recorder();
    JobFeed feed = onLoop(() -> feeds.join(JOB, a));
    feed.ready().await(10, TimeUnit.SECONDS);
    onLoop(() -> {
      feeds.leave(feed, a);
      return null;
    });
    awaitUntil(() -> onLoop(feeds::size) == 0);
    Throwable noHandler = vertx.eventBus().request(Bus.jobLines(JOB), batch(1, 1))
        .map(m -> (Throwable) null).otherwise(e -> e).await(10, TimeUnit.SECONDS);
    assertThat(noHandler).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) noHandler).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
  }

  @Test
  void aFollowerBehindWhatTheFeedDroppedIsSentToTheStore() throws Exception {
    JobFeeds feeds = new JobFeeds(vertx, 100);
    JobFeed feed = onLoop(() -> feeds.join(JOB, new Recorder()));
    feed.ready().await(10, TimeUnit.SECONDS);
    String text = "x".repeat(1000);
    int perBatch = 100;
    int batches = (int) (2 * JobFeed.RING_WEIGHT / (3L * text.length() * perBatch)) + 2;
    for (int i = 0; i < batches; i++) {
      vertx.eventBus().publish(Bus.jobLines(JOB), batch(i * perBatch + 1, (i + 1) * perBatch, text));
    }
    long last = (long) batches * perBatch;
    awaitUntil(() -> onLoop(() -> feed.since(last - 1)) != null && !onLoop(() -> feed.since(last - 1)).isEmpty());
    assertThat(onLoop(() -> feed.since(0))).as("line 1 was dropped: read the store").isNull();
    List<LogBatch> tail = onLoop(() -> feed.since(last - perBatch));
    assertThat(tail).hasSize(1);
    assertThat(tail.get(0).first).isEqualTo(last - perBatch + 1);
  }

  private static JsonObject batch(long first, long last) {
    return batch(first, last, "line");
  }

  private static JsonObject batch(long first, long last, String text) {
    JsonArray lines = new JsonArray();
    for (long n = first; n <= last; n++) {
      lines.add(new JsonObject().put("n", n).put("stream", "stdout").put("text", text + n));
    }
    return new JsonObject().put("lines", lines);
  }

  /** Feeds live on one event loop: the test touches them there too. */
  private <T> T onLoop(Callable<T> action) throws Exception {
    Promise<T> result = Promise.promise();
    loop.runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Exception | AssertionError e) {
        result.fail(e);
      }
    });
    return result.future().await(10, TimeUnit.SECONDS);
  }

  private static void awaitUntil(Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s");
      }
      Thread.sleep(20);
    }
  }

  private static final class Recorder implements JobFeed.Follower {
    final List<Long> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger deliveries = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void onBatch(LogBatch batch) {
      deliveries.incrementAndGet();
      batch.lines.forEach(line -> lines.add(line.n()));
    }

    @Override
    public void onState(JsonObject job) {
    }
  }
}
