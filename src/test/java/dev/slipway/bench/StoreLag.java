package dev.slipway.bench;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * How far the job's stored log trails the engine, polled from outside: every {@value #EVERY_MS} ms the job's
 * {@code lines} (what its owner has stored and published) is read, and set against the engine's timestamp of that
 * line. It splits a fan-out's latency in two: what happened before the lines were published (the worker reading the
 * engine, the owner storing them), and what happened after (the way to the clients). An upper bound: the answer's
 * arrival is taken as the time of the count.
 */
final class StoreLag {
  static final long EVERY_MS = 100;
  private final Api api;
  private final String jobId;
  private final List<long[]> samples = new ArrayList<>();
  private long timer = -1;

  StoreLag(Api api, String jobId) {
    this.api = api;
    this.jobId = jobId;
  }

  void start() {
    timer = api.vertx.setPeriodic(EVERY_MS, t -> api.poll(api.options(HttpMethod.GET, "/api/jobs/" + jobId)
        .setIdleTimeout(10_000), null).onSuccess(response -> {
          if (response.status() == 200) {
            long lines = response.json().getLong("lines", 0L);
            synchronized (samples) {
              samples.add(new long[] {Bench.epochNanos(System.nanoTime()), lines});
            }
          }
        }));
  }

  void stop() {
    api.vertx.cancelTimer(timer);
  }

  /** The lags in ms of the samples whose last stored line the engine logged at {@code loggedAt[n]}. */
  Latencies lags(long[] loggedAt) {
    Latencies lags = new Latencies();
    synchronized (samples) {
      for (long[] sample : samples) {
        int n = (int) sample[1];
        if (n > 0 && n < loggedAt.length && loggedAt[n] != 0) {
          lags.add((sample[0] - loggedAt[n]) / 1e6);
        }
      }
    }
    return lags;
  }
}
