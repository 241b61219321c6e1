package dev.slipway.web;

import dev.slipway.domain.JobState;
import dev.slipway.bus.Bus;
import dev.slipway.domain.LogLine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * One client following one job over server-sent events. It subscribes to the live lines first, then reads the stored
 * log page by page after the client's last line, then drains what arrived live meanwhile: line numbers drop the
 * overlap, so the client sees every line once, in order, also across reconnects.
 */
final class JobEventStream {
  private static final int PAGE = 1000;
  private static final long DRAIN_LIMIT_MS = 30_000;

  private final Vertx vertx;
  private final RoutingContext ctx;
  private final String jobId;
  private final SseFormat format;
  private final long heartbeatMs;
  private final DeliveryOptions asUser;
  private final List<LogLine> pending = new ArrayList<>();
  private MessageConsumer<JsonObject> lines;
  private MessageConsumer<JsonObject> states;
  private HttpServerResponse response;
  private long lastSent;
  private boolean live;
  /** A log page is being read: lines published meanwhile may be missing from it, so they wait in pending. */
  private boolean paging;
  private boolean closed;
  private long heartbeat = -1;
  private long drainTimer = -1;

  JobEventStream(Vertx vertx, RoutingContext ctx, String jobId, long after, SseFormat format, long heartbeatMs,
                 String user) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.jobId = jobId;
    this.lastSent = after;
    this.format = format;
    this.heartbeatMs = heartbeatMs;
    this.asUser = new DeliveryOptions().addHeader(Bus.USER_HEADER, user);
  }

  void start() {
    ctx.response().closeHandler(v -> close());
    lines = vertx.eventBus().consumer(Bus.jobLines(jobId), m -> m.body().getJsonArray("lines")
        .forEach(line -> onLine(LogLine.fromJson((JsonObject) line))));
    states = vertx.eventBus().consumer(Bus.jobState(jobId), m -> onState(m.body()));
    Future.all(lines.completion(), states.completion())
        .compose(v -> page())
        .onFailure(this::fail);
  }

  private Future<Void> page() {
    if (closed) {
      return Future.succeededFuture();
    }
    // Every line published so far is stored, so this page or a later one has it: no live copy is kept for it.
    pending.clear();
    paging = true;
    JsonObject query = new JsonObject().put("id", jobId).put("after", lastSent).put("limit", PAGE);
    return vertx.eventBus().<JsonObject>request(Bus.LOG, query, asUser).compose(reply -> {
      paging = false;
      JsonObject body = reply.body();
      open(body.getJsonObject("job"));
      if (closed) {
        return Future.succeededFuture();
      }
      JsonArray page = body.getJsonArray("lines");
      page.forEach(line -> send(LogLine.fromJson((JsonObject) line)));
      // Pages are bounded by lines and by characters: more are stored while the last sent is before the job's count.
      if (!page.isEmpty() && lastSent < body.getJsonObject("job").getLong("lines", 0L)) {
        return whenDrained().compose(v -> page());
      }
      goLive();
      return Future.succeededFuture();
    });
  }

  private void open(JsonObject job) {
    if (response != null || closed) {
      return;
    }
    response = ctx.response();
    heartbeat = Sse.open(vertx, response, heartbeatMs);
    writeState(job);
  }

  /** Waits for a slow reader, but not for ever: it can reconnect and resume where it stopped. */
  private Future<Void> whenDrained() {
    if (closed || !response.writeQueueFull()) {
      return Future.succeededFuture();
    }
    return Future.future(p -> {
      drainTimer = vertx.setTimer(DRAIN_LIMIT_MS, t -> {
        response.reset();
        close();
        p.tryComplete();
      });
      response.drainHandler(v -> {
        vertx.cancelTimer(drainTimer);
        p.tryComplete();
      });
    });
  }

  private void goLive() {
    live = true;
    pending.forEach(this::send);
    pending.clear();
    // Live states may have come in before or after the last page: ask once more, every later change is published.
    vertx.eventBus().<JsonObject>request(Bus.GET, new JsonObject().put("id", jobId), asUser)
        .onSuccess(reply -> onState(reply.body()))
        .onFailure(this::fail);
  }

  private void onLine(LogLine line) {
    if (closed) {
      return;
    }
    if (!live) {
      if (paging) {
        pending.add(line);
      }
      return;
    }
    send(line);
    if (response.writeQueueFull()) {
      // Too slow a reader: it reconnects with Last-Event-ID and loses nothing.
      response.reset();
      close();
    }
  }

  private void onState(JsonObject job) {
    if (closed) {
      return;
    }
    if (!live) {
      return;
    }
    writeState(job);
    if (JobState.parse(job.getString("state")).isFinal() && lastSent >= job.getLong("lines", 0L)) {
      writeEvent(null, "end", job.getString("state"));
      response.end();
      close();
    }
  }

  private void send(LogLine line) {
    if (line.n() <= lastSent || closed) {
      return;
    }
    lastSent = line.n();
    writeEvent(line.n(), "log", format.log(line));
  }

  private void writeState(JsonObject job) {
    writeEvent(null, "state", format.state(job));
  }

  private void writeEvent(Long id, String event, String data) {
    response.write(Sse.event(id, event, data));
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
    pending.clear();
    vertx.cancelTimer(heartbeat);
    vertx.cancelTimer(drainTimer);
    lines.unregister();
    states.unregister();
  }
}
