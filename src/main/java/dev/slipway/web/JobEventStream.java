package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.JobState;
import dev.slipway.domain.LogLine;
import dev.slipway.metrics.SlipwayMeters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * One client following one job over server-sent events. It joins the job's {@link JobFeed} first, then reads the
 * stored log page by page after the client's last line, then takes what the feed kept since and goes live: line
 * numbers drop the overlap, so the client sees every line once, in order, also across reconnects.
 *
 * <p>Memory per client is bounded: while catching up it holds one page; live, it holds nothing of its own (batches
 * are shared) and a reader whose write queue is full is cut off at once. Reconnecting with {@code Last-Event-ID} it
 * catches up from the store. Runs on the HTTP verticle's event loop.
 */
final class JobEventStream implements JobFeed.Follower {
  private static final long DRAIN_LIMIT_MS = 30_000;

  private final Vertx vertx;
  private final JobFeeds feeds;
  private final RoutingContext ctx;
  private final String jobId;
  private final SseFormat format;
  private final long heartbeatMs;
  private final DeliveryOptions asUser;
  private JobFeed feed;
  private HttpServerResponse response;
  private long lastSent;
  /** Lines are written as the feed publishes them; otherwise the stored log is being read. */
  private boolean live;
  private boolean counted;
  private boolean closed;
  private long heartbeat = -1;
  /** The newest the follower knows of its job: the last page's, or a state published while it caught up. */
  private JsonObject knownJob;
  /** The job's container's stats on the same stream ({@code ?stats=true}), or null. */
  private JobStatsTap stats;

  JobEventStream(Vertx vertx, JobFeeds feeds, RoutingContext ctx, String jobId, long after, SseFormat format,
                 long heartbeatMs, String user) {
    this.vertx = vertx;
    this.feeds = feeds;
    this.ctx = ctx;
    this.jobId = jobId;
    this.lastSent = after;
    this.format = format;
    this.heartbeatMs = heartbeatMs;
    this.asUser = new DeliveryOptions().addHeader(Bus.USER_HEADER, user);
  }

  /** Adds {@code stats} events while the job's container runs (see {@link JobStatsTap}). */
  JobEventStream withStats(String user) {
    stats = new JobStatsTap(vertx, user, sample -> {
      if (response != null && !closed) {
        response.write(Sse.event(null, "stats", format.stats(sample)));
      }
    });
    return this;
  }

  void start() {
    SlipwayMeters.of(vertx).streamOpened(SlipwayMeters.JOB_STREAM);
    ctx.response().closeHandler(v -> close());
    feed = feeds.join(jobId, this);
    feed.ready().compose(v -> catchUp()).onFailure(this::fail);
  }

  /** Reads the stored log after the last line sent, page by page, then goes live. */
  private Future<Void> catchUp() {
    return closed ? Future.succeededFuture() : catchUp(readPage());
  }

  private Future<LogPages.Page> readPage() {
    return LogPages.read(vertx, jobId, lastSent, feeds.pageLines(format.pageLines()), asUser);
  }

  private Future<Void> catchUp(Future<LogPages.Page> reading) {
    live = false;
    counted(true);
    return reading.compose(page -> {
      knownJob = page.job();
      open(page.job());
      if (closed) {
        return Future.succeededFuture();
      }
      sendLines(page.lines());
      if (page.lines().isEmpty() && page.jobEnded()) {
        // Ended, and the store holds nothing more (a log cut short, or removed by retention while being read).
        end(page.job());
        return Future.succeededFuture();
      }
      if (!page.lines().isEmpty() && lastSent < page.jobLines()) {
        // The next page is read while the client takes this one (one page ahead at most), unless many catch up.
        if (feeds.readAhead()) {
          Future<LogPages.Page> next = readPage();
          return whenDrained().compose(v -> closed ? Future.succeededFuture() : catchUp(next));
        }
        return whenDrained().compose(v -> catchUp());
      }
      return goLive();
    });
  }

  private void open(JsonObject job) {
    if (response != null || closed) {
      return;
    }
    response = ctx.response();
    // Live, a full queue at a heartbeat cuts the reader off; catching up, the drain's own time limit applies.
    heartbeat = Sse.open(vertx, response, heartbeatMs, () -> {
      if (live) {
        cutOff();
      }
    });
    writeState(job);
  }

  /** Waits for a slow reader, but not for ever: it can reconnect and resume where it stopped. */
  private Future<Void> whenDrained() {
    if (closed) {
      return Future.succeededFuture();
    }
    return Drain.within(vertx, response, DRAIN_LIMIT_MS).recover(e -> {
      cutOff();
      return Future.succeededFuture();
    });
  }

  /**
   * Every line stored before the page was read is sent; every line published since is in the feed, unless the feed
   * dropped it already (a flood): then the store is read again.
   */
  private Future<Void> goLive() {
    List<LogBatch> kept = feed.since(lastSent);
    if (kept == null) {
      return whenDrained().compose(v -> catchUp());
    }
    live = true;
    counted(false);
    kept.forEach(this::onBatch);
    // Every state change since the feed subscribed reached this follower (kept while it caught up), and the last
    // page showed the job as it was after that: no need to ask again (10,000 followers would ask 10,000 times).
    onState(knownJob);
    return Future.succeededFuture();
  }

  @Override
  public void onBatch(LogBatch batch) {
    if (closed || !live || batch.last <= lastSent) {
      return;
    }
    if (batch.first > lastSent + 1) {
      // Lines missing in between (never expected on one bus): the store has them.
      catchUp().onFailure(this::fail);
      return;
    }
    write(batch.eventsAfter(lastSent, format));
    lastSent = batch.last;
  }

  @Override
  public void onState(JsonObject job) {
    if (closed) {
      return;
    }
    if (!live) {
      knownJob = job;
      return;
    }
    writeState(job);
    if (closed || !JobState.parse(job.getString("state")).isFinal()) {
      return;
    }
    if (lastSent >= job.getLong("lines", 0L)) {
      end(job);
    } else {
      // Ended with lines this follower has not had yet: they are stored, read them (the page loop ends the stream).
      catchUp().onFailure(this::fail);
    }
  }

  private void end(JsonObject job) {
    if (stats != null) {
      // The job ended, its container with it: the chart says so rather than keep the last sample.
      response.write(Sse.event(null, "stats", format.stats(null)));
    }
    response.write(Sse.event(null, "end", job.getString("state")));
    response.end();
    close();
  }

  private void sendLines(List<LogLine> lines) {
    List<LogLine> fresh = lines.stream().filter(line -> line.n() > lastSent).toList();
    if (fresh.isEmpty()) {
      return;
    }
    StringBuilder out = new StringBuilder(fresh.size() * 48);
    format.appendLogEvents(fresh, out);
    lastSent = fresh.get(fresh.size() - 1).n();
    response.write(Buffer.buffer(out.toString()));
  }

  private void writeState(JsonObject job) {
    if (stats != null) {
      stats.seen(job);
    }
    write(Buffer.buffer(Sse.event(null, "state", format.state(job))));
  }

  /** Live writes: a reader that cannot take them is cut off; it reconnects with Last-Event-ID and loses nothing. */
  private void write(Buffer events) {
    response.write(events);
    if (live && response.writeQueueFull()) {
      cutOff();
    }
  }

  /** Whether this follower counts among those reading the store (see {@link JobFeeds#pageLines}). */
  private void counted(boolean reading) {
    if (reading && !counted && !closed) {
      counted = true;
      feeds.catchUpStarted();
    } else if (!reading && counted) {
      counted = false;
      feeds.catchUpEnded();
    }
  }

  private void cutOff() {
    if (!closed) {
      response.reset();
      close();
    }
  }

  private void fail(Throwable e) {
    close();
    if (response == null && !ctx.response().ended()) {
      ctx.fail(e);
    } else if (response != null && !response.ended()) {
      response.end();
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    SlipwayMeters.of(vertx).streamClosed(SlipwayMeters.JOB_STREAM);
    counted(false);
    vertx.cancelTimer(heartbeat);
    if (stats != null) {
      stats.close();
    }
    feeds.leave(feed, this);
  }
}
