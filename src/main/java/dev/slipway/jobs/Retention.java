package dev.slipway.jobs;

import dev.slipway.store.JobStore;
import dev.slipway.store.LogStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps finished jobs for N days and at most M of them; a job's log goes with its row. */
final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  static final long EVERY_MS = 3_600_000;

  private final JobStore store;
  private final LogStore logs;
  private final int days;
  private final int keep;

  Retention(JobStore store, LogStore logs, int days, int keep) {
    this.store = store;
    this.logs = logs;
    this.days = days;
    this.keep = keep;
  }

  /** Deletes what is past retention; returns how many jobs went. */
  Future<Integer> sweep() {
    return store.expired(Instant.now().minus(Duration.ofDays(days)), keep).compose(this::delete);
  }

  private Future<Integer> delete(List<String> ids) {
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain = chain.compose(v -> store.delete(id)).compose(v -> logs.delete(id));
    }
    return chain.map(v -> {
      if (!ids.isEmpty()) {
        LOG.info("retention: removed {} finished jobs and their logs", ids.size());
      }
      return ids.size();
    });
  }
}
