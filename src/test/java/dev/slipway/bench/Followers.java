package dev.slipway.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Many clients following one job's event stream, each as a browser's EventSource does: when the server hangs up
 * before the {@code end} event (a slow reader is cut off), it waits the stream's {@code retry:} time and reconnects
 * with {@code Last-Event-ID}. They connect a few hundred at a time (as browsers arrive, not as a SYN flood that only
 * tests the accept backlog), and each counts as connected once its first {@code state} event has come: from then on
 * the server sends it lines live.
 */
final class Followers {
  private static final int CONNECTING_AT_ONCE = 200;

  /** One client; scenarios say what to do with each line in {@link #line}. */
  abstract static class Follower implements SseStream.Listener {
    final Promise<Void> opened = Promise.promise();
    final Promise<Void> ended = Promise.promise();
    private Api api;
    private String path;
    private volatile SseStream stream;
    private volatile boolean stopping;
    private long retryMs = 2000;
    long lastId;
    int reconnects;
    volatile long lastLineNanos;
    volatile boolean gotEnd;

    abstract void line(long id, byte[] data, int length, long arrivalNanos);

    @Override
    public final void log(long id, byte[] data, int length, long arrivalNanos) {
      lastId = id;
      lastLineNanos = arrivalNanos;
      line(id, data, length, arrivalNanos);
    }

    @Override
    public void retry(long ms) {
      retryMs = ms;
    }

    @Override
    public void event(String name, String data) {
      if ("state".equals(name)) {
        opened.tryComplete();
      } else if ("end".equals(name)) {
        gotEnd = true;
      }
    }

    Future<Void> connect(Api api, String path) {
      this.api = api;
      this.path = path;
      return api.stream(path, this, lastId).compose(s -> {
        stream = s;
        return opened.future();
      });
    }

    @Override
    public void closed(Throwable failure) {
      if (gotEnd || stopping) {
        ended.tryComplete();
      } else if (!opened.future().isComplete()) {
        opened.tryFail(failure == null ? new IllegalStateException("closed before its first event") : failure);
        ended.tryFail(opened.future().cause());
      } else {
        reconnects++;
        api.vertx.setTimer(Math.max(1, retryMs), t -> api.stream(path, this, lastId)
            .onSuccess(s -> stream = s).onFailure(ended::tryFail));
      }
    }

    void stop() {
      stopping = true;
      SseStream current = stream;
      if (current != null) {
        current.close();
      }
      ended.tryComplete();
    }
  }

  final AtomicInteger failed = new AtomicInteger();
  double connectSeconds;
  private final List<? extends Follower> all;

  private Followers(List<? extends Follower> all) {
    this.all = all;
  }

  /** Opens {@code count} streams on {@code path}, each with {@code make.apply(i)}; returns once all are open. */
  static <F extends Follower> Followers open(Api api, String path, int count, IntFunction<F> make, List<F> into)
      throws InterruptedException {
    return open(i -> api, path, count, make, into);
  }

  /** As above, follower {@code i} on the server {@code apis.apply(i)} (the web nodes of a cluster). */
  static <F extends Follower> Followers open(IntFunction<Api> apis, String path, int count, IntFunction<F> make,
                                             List<F> into) throws InterruptedException {
    Followers followers = new Followers(into);
    Semaphore slots = new Semaphore(CONNECTING_AT_ONCE);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      F follower = make.apply(i);
      into.add(follower);
      slots.acquire();
      follower.connect(apis.apply(i), path).onComplete(r -> slots.release()).onFailure(e -> {
        if (followers.failed.incrementAndGet() <= 3) {
          Progress.say("a follower could not connect: %s", e);
        }
      });
    }
    slots.acquire(CONNECTING_AT_ONCE);
    followers.connectSeconds = (System.nanoTime() - start) / 1e9;
    Progress.say("%d of %d followers connected in %.1f s", count - followers.failed.get(), count,
        followers.connectSeconds);
    return followers;
  }

  /**
   * Waits until every follower has ended, or {@code seconds} pass, or no follower has had a line for
   * {@code stalledSeconds} (a server that stopped sending); returns how many have ended.
   */
  int awaitEnds(int seconds, int stalledSeconds) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    long stalled = TimeUnit.SECONDS.toNanos(stalledSeconds);
    while (System.nanoTime() < deadline && !all.stream().allMatch(f -> f.ended.future().isComplete())) {
      long last = all.stream().mapToLong(f -> f.lastLineNanos).max().orElse(0);
      if (System.nanoTime() - Math.max(start, last) > stalled) {
        Progress.say("no follower has had a line for %d s: giving up on the rest", stalledSeconds);
        break;
      }
      Thread.sleep(50);
    }
    return (int) all.stream().filter(f -> f.ended.future().isComplete()).count();
  }

  int reconnects() {
    return all.stream().mapToInt(f -> f.reconnects).sum();
  }

  void closeAll() {
    all.forEach(Follower::stop);
  }
}
