package dev.slipway.web;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * The feeds of the jobs followed through this HTTP verticle, one per job. A feed outlives its last follower by a
 * few seconds: a reader cut off for reading too slowly, or a tab that reloads, comes back to a warm feed, and the
 * batches still in flight to it are not each reported as undeliverable.
 *
 * <p>Runs on the HTTP verticle's event loop only.
 */
final class JobFeeds {
  static final long LINGER_MS = 5_000;
  /** More followers than this catching up at once are a crowd: small pages, none read ahead. */
  static final int CROWD = 8;
  static final int CROWD_PAGE = 200;
  private final Vertx vertx;
  private final long lingerMs;
  private final Map<String, JobFeed> feeds = new HashMap<>();
  /**
   * Followers reading the stored log at this moment. Each holds a page while it does; when many catch up at once (a
   * crowd cut off together reconnects together) they read small pages and none ahead, so together they hold little.
   */
  private int catchingUp;

  JobFeeds(Vertx vertx, long lingerMs) {
    this.vertx = vertx;
    this.lingerMs = lingerMs;
  }

  /** Joins the job's feed (made on first use); its {@link JobFeed#ready()} says when it receives lines. */
  JobFeed join(String jobId, JobFeed.Follower follower) {
    JobFeed feed = feeds.computeIfAbsent(jobId, id -> new JobFeed(vertx, id));
    if (feed.lingerTimer >= 0) {
      vertx.cancelTimer(feed.lingerTimer);
      feed.lingerTimer = -1;
    }
    feed.add(follower);
    return feed;
  }

  void leave(JobFeed feed, JobFeed.Follower follower) {
    if (!feed.remove(follower) || feed.lingerTimer >= 0) {
      return;
    }
    feed.lingerTimer = vertx.setTimer(lingerMs, t -> {
      feed.lingerTimer = -1;
      if (feeds.get(feed.jobId) == feed && feed.isEmpty()) {
        feeds.remove(feed.jobId);
        feed.close();
      }
    });
  }

  void catchUpStarted() {
    catchingUp++;
  }

  void catchUpEnded() {
    catchingUp--;
  }

  /** Lines per page for a follower catching up now: {@code wanted} while few do, a small page while many do. */
  int pageLines(int wanted) {
    return catchingUp <= CROWD ? wanted : Math.min(wanted, CROWD_PAGE);
  }

  boolean readAhead() {
    return catchingUp <= CROWD;
  }

  /** How many jobs have a feed here (for tests and metrics). */
  int size() {
    return feeds.size();
  }
}
