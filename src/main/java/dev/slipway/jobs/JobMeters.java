package dev.slipway.jobs;

import dev.slipway.domain.JobState;
import dev.slipway.metrics.SlipwayMeters;
import dev.slipway.store.JobStore;
import io.vertx.core.Vertx;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's job gauges current: queued and running jobs and the build queue from the live jobs, every second;
 * finished jobs from the database, every {@value #STORED_EVERY_MS} ms. Both run on the jobs owner's event loop (the
 * live jobs are confined to it), and a scrape reads the last numbers: however often Prometheus asks, the jobs and the
 * database are read no more often than this.
 */
final class JobMeters {
  private static final Logger LOG = LoggerFactory.getLogger(JobMeters.class);
  static final long LIVE_EVERY_MS = 1_000;
  static final long STORED_EVERY_MS = 10_000;
  private final Vertx vertx;
  private final LiveJobs live;
  private final BuildQueue queue;
  private final JobStore store;
  private final String node;
  private final SlipwayMeters meters;
  private long liveTimer = -1;
  private long storedTimer = -1;

  JobMeters(Vertx vertx, LiveJobs live, BuildQueue queue, JobStore store, String node) {
    this.vertx = vertx;
    this.live = live;
    this.queue = queue;
    this.store = store;
    this.node = node;
    this.meters = SlipwayMeters.of(vertx);
  }

  void start() {
    countLive();
    countStored();
    liveTimer = vertx.setPeriodic(LIVE_EVERY_MS, t -> countLive());
    storedTimer = vertx.setPeriodic(STORED_EVERY_MS, t -> countStored());
  }

  void stop() {
    vertx.cancelTimer(liveTimer);
    vertx.cancelTimer(storedTimer);
  }

  private void countLive() {
    long queued = 0;
    long running = 0;
    for (Job job : live.all()) {
      if (job.state() == JobState.QUEUED) {
        queued++;
      } else if (job.state() == JobState.RUNNING) {
        running++;
      }
    }
    meters.jobs(JobState.QUEUED, queued);
    meters.jobs(JobState.RUNNING, running);
    meters.buildQueue(queue.waiting().size());
  }

  /** Finished jobs only: a live job's state is newer in memory than in its row. */
  private void countStored() {
    store.countByState(node).onSuccess(this::setFinished)
        .onFailure(e -> LOG.debug("could not count the stored jobs for the metrics: {}", e.getMessage()));
  }

  private void setFinished(Map<JobState, Long> counts) {
    for (JobState state : JobState.values()) {
      if (state.isFinal()) {
        meters.jobs(state, counts.getOrDefault(state, 0L));
      }
    }
  }
}
